"""Question templates for the upper Mathematics skills: algebra, geometry, trigonometry, calculus.

Same contract as math_arithmetic: (rng, band) -> QuestionSpec, band 0..2 for rising difficulty.
The Tronc Commun lessons show through: polynomials, vectors, trigonometric calculation,
numerical functions.
"""

import math
from decimal import ROUND_HALF_UP
from fractions import Fraction
from random import Random

from .formulas import frac, par, poly, shift, signed
from .spec import D, QuestionSpec, T, choice, num_choices, numeric, same, tr

# --- Algebra (Les polynômes) ----------------------------------------------------------------


def _nonzero(rng: Random, low: int, high: int) -> int:
    value = 0
    while value == 0:
        value = rng.randint(low, high)
    return value


def linear_equation(rng: Random, band: int) -> QuestionSpec:
    a = (rng.randint(2, 6), rng.randint(2, 9), _nonzero(rng, -9, 9))[band]
    if band == 2 and a == 1:
        a = -3
    x = (rng.randint(1, 9), rng.randint(-9, 12), rng.randint(-15, 15))[band]
    b = (rng.randint(1, 20), _nonzero(rng, -20, 20), _nonzero(rng, -30, 30))[band]
    c = a * x + b
    rest = c - b
    return numeric(
        tr(
            "Solve the equation {l} = {c}. x = ?",
            "Résous l'équation {l} = {c}. x = ?",
            "حل المعادلة {l} = {c}. x = ?",
            l=poly(a, b),
            c=signed(c),
        ),
        T(
            "Isolate x: move the constant term to the other side, then divide by the "
            "coefficient of x.",
            "Isole x : fais passer le terme constant de l'autre côté, puis divise par le "
            "coefficient de x.",
            "اعزل x: انقل الحد الثابت إلى الطرف الآخر، ثم اقسم على معامل x.",
        ),
        tr(
            "{a}x = {c} − {b} = {r}, so x = {r} ÷ {pa} = {x}.",
            "{a}x = {c} − {b} = {r}, donc x = {r} ÷ {pa} = {x}.",
            "{a}x = {c} − {b} = {r}، إذن x = {r} ÷ {pa} = {x}",
            a=signed(a),
            pa=par(a),
            c=signed(c),
            b=par(b),
            r=signed(rest),
            x=signed(x),
        ),
        x,
        mistakes=(Fraction(c + b, a) if (c + b) % a == 0 else rest - a, -x, rest),
    )


def bracket_equation(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(2, 5 + 2 * band)
    b = (rng.randint(1, 9), _nonzero(rng, -9, 9), _nonzero(rng, -15, 15))[band]
    q = (rng.randint(1, 9), _nonzero(rng, -9, 9), _nonzero(rng, -12, 12))[band]
    x = q + b
    c = a * q
    lhs = f"{a}({shift(b)})"
    return numeric(
        tr(
            "Solve the equation {l} = {c}. x = ?",
            "Résous l'équation {l} = {c}. x = ?",
            "حل المعادلة {l} = {c}. x = ?",
            l=lhs,
            c=signed(c),
        ),
        tr(
            "Divide both sides by {a} first, then isolate x.",
            "Divise d'abord les deux membres par {a}, puis isole x.",
            "اقسم أولا طرفي المعادلة على {a}، ثم اعزل x.",
            a=a,
        ),
        tr(
            "{s} = {c} ÷ {a} = {q}, so x = {q} + {b} = {x}.",
            "{s} = {c} ÷ {a} = {q}, donc x = {q} + {b} = {x}.",
            "{s} = {c} ÷ {a} = {q}، إذن x = {q} + {b} = {x}",
            s=shift(b),
            c=signed(c),
            a=a,
            q=signed(q),
            b=par(b),
            x=signed(x),
        ),
        x,
        mistakes=(q - b, c - b, c + b),
    )


def expand_product(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(1, 9) if band == 0 else _nonzero(rng, -9, 9)
    b = a
    while b == a:
        b = rng.randint(1, 9) if band == 0 else _nonzero(rng, -9, 9)
    p = rng.randint(2, 5) if band == 2 else 1
    first = f"{p if p > 1 else ''}x {'+' if a > 0 else '−'} {abs(a)}"
    second = f"x {'+' if b > 0 else '−'} {abs(b)}"
    correct = poly(p, p * b + a, a * b)
    wrong = [
        poly(p, a + b, a * b),
        poly(p, 0, a * b),
        poly(p, p * b + a, a + b),
        poly(p, a * b, p * b + a),
    ]
    return choice(
        tr(
            "Expand and simplify ({f})({s}).",
            "Développe et réduis ({f})({s}).",
            "انشر ثم بسّط: ({f})({s})",
            f=first,
            s=second,
        ),
        T(
            "Multiply each term of the first bracket by each term of the second, then "
            "collect the x terms.",
            "Multiplie chaque terme de la première parenthèse par chaque terme de la "
            "seconde, puis regroupe les termes en x.",
            "اضرب كل حد من القوس الأول في كل حد من القوس الثاني، ثم اجمع الحدود التي تحتوي على x.",
        ),
        tr(
            "({f})({s}) = {t1} {t2} {t3} {t4} = {r}.",
            "({f})({s}) = {t1} {t2} {t3} {t4} = {r}.",
            "({f})({s}) = {t1} {t2} {t3} {t4} = {r}",
            f=first,
            s=second,
            r=correct,
            t1=poly(p, 0, 0),
            t2=_term(p * b, "x"),
            t3=_term(a, "x"),
            t4=_term(a * b, ""),
        ),
        same(correct),
        [same(w) for w in wrong],
    )


def _term(coefficient: int, unknown: str) -> str:
    """A signed term inside a sum: `+ 3x`, `− x`, `− 12`."""
    sign = "−" if coefficient < 0 else "+"
    size = abs(coefficient)
    body = unknown if size == 1 and unknown else f"{size}{unknown}"
    return f"{sign} {body}"


def polynomial_root(rng: Random, band: int) -> QuestionSpec:
    r1 = (rng.randint(1, 6), _nonzero(rng, -6, 6), _nonzero(rng, -9, 9))[band]
    r2 = _nonzero(rng, -6, 8)
    while r2 == r1:
        r2 = _nonzero(rng, -6, 8)
    s, p = r1 + r2, r1 * r2
    roots = {r1, r2}
    pool = [v for v in (-r1, -r2, s, p, r1 + 1, r1 - 1, 2 * r1, r2 + 2) if v not in roots]
    correct, wrong = num_choices(pool, r1)
    expression = poly(1, -s, p)
    return choice(
        tr(
            "Which number is a root of P(x) = {e}?",
            "Quel nombre est une racine de P(x) = {e} ?",
            "أي عدد هو جذر للحدودية P(x) = {e}؟",
            e=expression,
        ),
        T(
            "A number α is a root of P when P(α) = 0: test the proposals one by one.",
            "Un nombre α est une racine de P lorsque P(α) = 0 : teste les propositions une "
            "par une.",
            "يكون العدد α جذرا للحدودية P إذا كان P(α) = 0: جرّب الاقتراحات واحدا تلو الآخر.",
        ),
        tr(
            "P({r}) = {r2sq} {t2} {t3} = 0, so {r} is a root (the other root is {o}).",
            "P({r}) = {r2sq} {t2} {t3} = 0, donc {r} est une racine (l'autre racine est {o}).",
            "P({r}) = {r2sq} {t2} {t3} = 0، إذن {r} جذر للحدودية P (والجذر الآخر هو {o}).",
            r=signed(r1),
            r2sq=r1 * r1,
            t2=_term(-s * r1, ""),
            t3=_term(p, ""),
            o=signed(r2),
        ),
        correct,
        wrong,
    )


def evaluate_polynomial(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(1, 5) if band < 2 else _nonzero(rng, -5, 5)
    b, c = _nonzero(rng, -9, 9), rng.randint(-9, 9)
    k = (rng.randint(1, 5), _nonzero(rng, -5, 5), rng.randint(-6, -2))[band]
    value = a * k * k + b * k + c
    # The sign slip: (−k)² read as −k².
    slip = -a * k * k + b * k + c
    return numeric(
        tr(
            "Let P(x) = {e}. Calculate P({k}).",
            "Soit P(x) = {e}. Calcule P({k}).",
            "لتكن P(x) = {e}. احسب P({k}).",
            e=poly(a, b, c),
            k=signed(k),
        ),
        tr(
            "Replace every x by {k} (in brackets) and work out the square before multiplying.",
            "Remplace chaque x par {k} (entre parenthèses) et calcule le carré avant de "
            "multiplier.",
            "عوّض كل x بالعدد {k} (بين قوسين) واحسب المربع قبل الضرب.",
            k=signed(k),
        ),
        tr(
            "P({k}) = {a} × {pk}² + {b} × {pk} + {c} = {t1} + {t2} + {c} = {v}.",
            "P({k}) = {a} × {pk}² + {b} × {pk} + {c} = {t1} + {t2} + {c} = {v}.",
            "P({k}) = {a} × {pk}² + {b} × {pk} + {c} = {t1} + {t2} + {c} = {v}",
            k=signed(k),
            pk=par(k),
            a=signed(a),
            b=par(b),
            c=par(c),
            t1=signed(a * k * k),
            t2=par(b * k),
            v=signed(value),
        ),
        value,
        mistakes=(slip, value - c, a * k * 2 + b * k + c),
    )


# --- Geometry (le calcul vectoriel dans le plan) --------------------------------------------


def rectangle(rng: Random, band: int) -> QuestionSpec:
    length = D(rng.randint(6, 25)) + (D("0.5") * rng.randint(0, 1) if band else 0)
    width = D(rng.randint(3, int(length) - 1)) + (D("0.5") if band == 2 else 0)
    area, perimeter = length * width, 2 * (length + width)
    if rng.random() < 0.5:
        return numeric(
            tr(
                "A rectangular garden is {l} m long and {w} m wide. What is its area in m²?",
                "Un jardin rectangulaire mesure {l} m de long et {w} m de large. Quelle est "
                "son aire en m² ?",
                "حديقة مستطيلة الشكل طولها {l} m وعرضها {w} m. ما مساحتها بـ m²؟",
                l=length,
                w=width,
            ),
            T(
                "The area of a rectangle is its length times its width.",
                "L'aire d'un rectangle est le produit de sa longueur par sa largeur.",
                "مساحة المستطيل هي جداء طوله في عرضه.",
            ),
            tr(
                "A = {l} × {w} = {a} m².",
                "A = {l} × {w} = {a} m².",
                "S = {l} × {w} = {a} m²",
                l=length,
                w=width,
                a=area,
            ),
            area,
            mistakes=(perimeter, length + width, 2 * area),
        )
    return numeric(
        tr(
            "A rectangular garden is {l} m long and {w} m wide. How many metres of fence "
            "go all the way round it?",
            "Un jardin rectangulaire mesure {l} m de long et {w} m de large. Combien de "
            "mètres de grillage faut-il pour en faire le tour ?",
            "حديقة مستطيلة الشكل طولها {l} m وعرضها {w} m. كم مترا من السياج يلزم لإحاطتها؟",
            l=length,
            w=width,
        ),
        T(
            "Going all the way round means two lengths and two widths.",
            "Faire le tour, c'est parcourir deux longueurs et deux largeurs.",
            "الدوران حول الحديقة يعني قطع طولين وعرضين.",
        ),
        tr(
            "P = 2 × ({l} + {w}) = 2 × {s} = {p} m.",
            "P = 2 × ({l} + {w}) = 2 × {s} = {p} m.",
            "P = 2 × ({l} + {w}) = 2 × {s} = {p} m",
            l=length,
            w=width,
            s=length + width,
            p=perimeter,
        ),
        perimeter,
        mistakes=(area, length + width, 2 * length + width),
    )


_TRIPLES = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29), (9, 12, 15))


def triangle_angle(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(25, 95)
    b = rng.randint(20, 150 - a)
    c = 180 - a - b
    wrong = [v for v in (360 - a - b, a + b, abs(90 - a), c + 10) if v != c]
    return choice(
        tr(
            "In triangle ABC, the angle at A measures {a}° and the angle at B measures {b}°. "
            "What does the angle at C measure?",
            "Dans le triangle ABC, l'angle en A mesure {a}° et l'angle en B mesure {b}°. "
            "Combien mesure l'angle en C ?",
            "في المثلث ABC، قياس الزاوية في الرأس A هو {a}° وقياس الزاوية في الرأس B هو "
            "{b}°. ما قياس الزاوية في الرأس C؟",
            a=a,
            b=b,
        ),
        T(
            "What do the three angles of any triangle add up to?",
            "Que vaut la somme des trois angles d'un triangle ?",
            "ما مجموع قياسات زوايا أي مثلث؟",
        ),
        tr(
            "C = 180° − {a}° − {b}° = {c}°.",
            "C = 180° − {a}° − {b}° = {c}°.",
            "C = 180° − {a}° − {b}° = {c}°",
            a=a,
            b=b,
            c=c,
        ),
        same(f"{c}°"),
        [same(f"{v}°") for v in wrong],
    )


def pythagoras(rng: Random, band: int) -> QuestionSpec:
    legs_a, legs_b, hyp = _TRIPLES[0] if band == 0 else rng.choice(_TRIPLES[1:])
    k = rng.randint(1, 3) if band < 2 else rng.randint(1, 2)
    a, b, c = legs_a * k, legs_b * k, hyp * k
    if band == 2:
        return numeric(
            tr(
                "ABC is right-angled at B, with AC = {c} cm and AB = {a} cm. Calculate BC in cm.",
                "ABC est rectangle en B, avec AC = {c} cm et AB = {a} cm. Calcule BC en cm.",
                "ABC مثلث قائم الزاوية في B حيث AC = {c} cm و AB = {a} cm. احسب BC بـ cm.",
                a=a,
                c=c,
            ),
            _PYTHAGORAS_HINT,
            tr(
                "BC² = AC² − AB² = {c2} − {a2} = {b2}, so BC = √{b2} = {b} cm.",
                "BC² = AC² − AB² = {c2} − {a2} = {b2}, donc BC = √{b2} = {b} cm.",
                "BC² = AC² − AB² = {c2} − {a2} = {b2}، إذن BC = √{b2} = {b} cm",
                a2=a * a,
                b2=b * b,
                c2=c * c,
                b=b,
            ),
            b,
            mistakes=(c - a, c + a, b * b),
        )
    return numeric(
        tr(
            "ABC is right-angled at B, with AB = {a} cm and BC = {b} cm. Calculate AC in cm.",
            "ABC est rectangle en B, avec AB = {a} cm et BC = {b} cm. Calcule AC en cm.",
            "ABC مثلث قائم الزاوية في B حيث AB = {a} cm و BC = {b} cm. احسب AC بـ cm.",
            a=a,
            b=b,
        ),
        _PYTHAGORAS_HINT,
        tr(
            "AC² = AB² + BC² = {a2} + {b2} = {c2}, so AC = √{c2} = {c} cm.",
            "AC² = AB² + BC² = {a2} + {b2} = {c2}, donc AC = √{c2} = {c} cm.",
            "AC² = AB² + BC² = {a2} + {b2} = {c2}، إذن AC = √{c2} = {c} cm",
            a2=a * a,
            b2=b * b,
            c2=c * c,
            c=c,
        ),
        c,
        mistakes=(a + b, c * c, c + 1),
    )


_PYTHAGORAS_HINT = T(
    "In a right triangle, the square of the hypotenuse equals the sum of the squares of the "
    "other two sides.",
    "Dans un triangle rectangle, le carré de l'hypoténuse est égal à la somme des carrés des "
    "deux autres côtés.",
    "في مثلث قائم الزاوية، مربع الوتر يساوي مجموع مربعي الضلعين الآخرين.",
)


def _point(x: int, y: int) -> str:
    return f"({signed(x)} ; {signed(y)})"


def vector_coordinates(rng: Random, band: int) -> QuestionSpec:
    span = 5 + 5 * band
    xa, ya, xb, yb = (rng.randint(-span, span) for _ in range(4))
    if (xa, ya) == (xb, yb):
        xb += 3
    dx, dy = xb - xa, yb - ya
    wrong = [_point(-dx, -dy), _point(xa + xb, ya + yb), _point(dx, -dy), _point(dy, dx)]
    return choice(
        tr(
            "In a frame of the plane, A{a} and B{b}. What are the coordinates of the vector AB?",
            "Dans un repère du plan, A{a} et B{b}. Quelles sont les coordonnées du vecteur AB ?",
            "في معلم للمستوى، نعتبر النقطتين A{a} و B{b}. ما هما إحداثيتا المتجهة AB؟",
            a=_point(xa, ya),
            b=_point(xb, yb),
        ),
        T(
            "The vector goes from A to B: take the coordinates of the end point minus those "
            "of the starting point.",
            "Le vecteur va de A vers B : prends les coordonnées du point d'arrivée moins "
            "celles du point de départ.",
            "المتجهة تنطلق من A نحو B: خذ إحداثيات نقطة الوصول ناقص إحداثيات نقطة الانطلاق.",
        ),
        tr(
            "AB(x_B − x_A ; y_B − y_A) = ({xb} − {xa} ; {yb} − {ya}) = {r}.",
            "AB(x_B − x_A ; y_B − y_A) = ({xb} − {xa} ; {yb} − {ya}) = {r}.",
            "AB(x_B − x_A ; y_B − y_A) = ({xb} − {xa} ; {yb} − {ya}) = {r}",
            xb=signed(xb),
            xa=par(xa),
            yb=signed(yb),
            ya=par(ya),
            r=_point(dx, dy),
        ),
        same(_point(dx, dy)),
        [same(w) for w in wrong],
    )


def circle(rng: Random, band: int) -> QuestionSpec:
    r = rng.randint(5, 20 + 30 * band)
    if rng.random() < 0.5:
        exact, approx = math.pi * r * r, D("3.14") * r * r
        answer = approx.quantize(D(1), ROUND_HALF_UP)
        # A pupil who uses the calculator's π lands slightly higher: both are accepted.
        tolerance = int(exact - float(approx)) + 1
        return numeric(
            tr(
                "A round table has a radius of {r} cm. Calculate its area in cm², rounded to "
                "the unit (take π ≈ 3.14).",
                "Une table ronde a un rayon de {r} cm. Calcule son aire en cm², arrondie à "
                "l'unité (prends π ≈ 3,14).",
                "طاولة دائرية شعاعها {r} cm. احسب مساحتها بـ cm² مقربة إلى الوحدة (نأخذ π ≈ 3,14).",
                r=r,
            ),
            T(
                "The area of a disc is π times the square of its radius.",
                "L'aire d'un disque est π multiplié par le carré de son rayon.",
                "مساحة القرص هي جداء π في مربع شعاعه.",
            ),
            tr(
                "A = π × {r}² ≈ 3.14 × {r2} ≈ {a} cm².",
                "A = π × {r}² ≈ 3,14 × {r2} ≈ {a} cm².",
                "S = π × {r}² ≈ 3,14 × {r2} ≈ {a} cm²",
                r=r,
                r2=r * r,
                a=answer,
            ),
            answer,
            mistakes=(D("3.14") * 2 * r, D("3.14") * r, D("3.14") * 4 * r * r),
            tolerance=tolerance,
        )
    answer = (D("6.28") * r).quantize(D(1), ROUND_HALF_UP)
    return numeric(
        tr(
            "A round table has a radius of {r} cm. Calculate the length of its edge in cm, "
            "rounded to the unit (take π ≈ 3.14).",
            "Une table ronde a un rayon de {r} cm. Calcule la longueur de son bord en cm, "
            "arrondie à l'unité (prends π ≈ 3,14).",
            "طاولة دائرية شعاعها {r} cm. احسب طول حافتها بـ cm مقربا إلى الوحدة (نأخذ π ≈ 3,14).",
            r=r,
        ),
        T(
            "The edge is the circumference of a circle: it depends on the radius, not on "
            "its square.",
            "Le bord est la circonférence d'un cercle : elle dépend du rayon, pas de son carré.",
            "الحافة هي محيط دائرة: وهو يتعلق بالشعاع وليس بمربعه.",
        ),
        tr(
            "C = 2 × π × {r} ≈ 6.28 × {r} ≈ {c} cm.",
            "C = 2 × π × {r} ≈ 6,28 × {r} ≈ {c} cm.",
            "P = 2 × π × {r} ≈ 6,28 × {r} ≈ {c} cm",
            r=r,
            c=answer,
        ),
        answer,
        mistakes=((D("3.14") * r * r).quantize(D(1)), (D("3.14") * r).quantize(D(1))),
        tolerance=1,
    )


def distance(rng: Random, band: int) -> QuestionSpec:
    legs_a, legs_b, hyp = rng.choice(_TRIPLES[:4] if band < 2 else _TRIPLES)
    if rng.random() < 0.5:
        legs_a, legs_b = legs_b, legs_a
    xa, ya = rng.randint(-6, 6), rng.randint(-6, 6)
    sx, sy = rng.choice((1, -1)), rng.choice((1, -1))
    xb, yb = xa + sx * legs_a, ya + sy * legs_b
    correct, wrong = num_choices([legs_a + legs_b, hyp * hyp, abs(legs_a - legs_b), hyp + 1], hyp)
    return choice(
        tr(
            "In an orthonormal frame, A{a} and B{b}. What is the distance AB?",
            "Dans un repère orthonormé, A{a} et B{b}. Quelle est la distance AB ?",
            "في معلم متعامد ممنظم، نعتبر النقطتين A{a} و B{b}. ما هي المسافة AB؟",
            a=_point(xa, ya),
            b=_point(xb, yb),
        ),
        T(
            "Picture A and B as two corners of a right triangle whose other sides are "
            "parallel to the axes.",
            "Imagine A et B comme deux sommets d'un triangle rectangle dont les autres côtés "
            "sont parallèles aux axes.",
            "تخيّل A و B رأسين لمثلث قائم الزاوية ضلعاه الآخران موازيان للمحورين.",
        ),
        tr(
            "AB = √(({xb} − {xa})² + ({yb} − {ya})²) = √({dx2} + {dy2}) = √{h2} = {h}.",
            "AB = √(({xb} − {xa})² + ({yb} − {ya})²) = √({dx2} + {dy2}) = √{h2} = {h}.",
            "AB = √(({xb} − {xa})² + ({yb} − {ya})²) = √({dx2} + {dy2}) = √{h2} = {h}",
            xb=signed(xb),
            xa=par(xa),
            yb=signed(yb),
            ya=par(ya),
            dx2=legs_a**2,
            dy2=legs_b**2,
            h2=hyp * hyp,
            h=hyp,
        ),
        correct,
        wrong,
    )


# --- Trigonometry (le calcul trigonométrique) -----------------------------------------------


def right_triangle_side(rng: Random, band: int) -> QuestionSpec:
    h = rng.randint(5, 12 + 8 * band)
    angle = rng.choice([a for a in range(15, 76) if a not in (30, 45, 60)])
    sine = rng.random() < 0.5
    ratio = math.sin(math.radians(angle)) if sine else math.cos(math.radians(angle))
    other = math.cos(math.radians(angle)) if sine else math.sin(math.radians(angle))
    value = D(h * ratio).quantize(D("0.01"), ROUND_HALF_UP)
    side = "BC" if sine else "AB"
    return numeric(
        tr(
            "Triangle ABC is right-angled at B, with AC = {h} cm and angle BAC = {t}°. "
            "Calculate {s}, rounded to 0.01 cm.",
            "Le triangle ABC est rectangle en B, avec AC = {h} cm et BAC = {t}°. Calcule "
            "{s}, arrondi à 0,01 cm près.",
            "ABC مثلث قائم الزاوية في B حيث AC = {h} cm وقياس الزاوية BAC هو {t}°. احسب "
            "{s} مقربا إلى 0,01 cm.",
            h=h,
            t=angle,
            s=side,
        ),
        tr(
            "AC is the hypotenuse and {s} is the side {pe} the angle at A: which "
            "trigonometric ratio links them?",
            "AC est l'hypoténuse et {s} est le côté {pf} l'angle en A : quel rapport "
            "trigonométrique les relie ?",
            "AC هو الوتر و {s} هو الضلع {pa} للزاوية في الرأس A: ما النسبة المثلثية التي "
            "تربط بينهما؟",
            s=side,
            pe="opposite" if sine else "adjacent to",
            pf="opposé à" if sine else "adjacent à",
            pa="المقابل" if sine else "المجاور",
        ),
        tr(
            "{f}(BAC) = {s}/AC, so {s} = {h} × {f} {t}° ≈ {v} cm.",
            "{f}(BAC) = {s}/AC, donc {s} = {h} × {f} {t}° ≈ {v} cm.",
            "{f}(BAC) = {s}/AC، إذن {s} = {h} × {f} {t}° ≈ {v} cm",
            f="sin" if sine else "cos",
            s=side,
            h=h,
            t=angle,
            v=value,
        ),
        value,
        mistakes=(
            D(h * other).quantize(D("0.01")),
            D(h * math.tan(math.radians(angle))).quantize(D("0.01")),
            D(h / ratio).quantize(D("0.01")),
        ),
        tolerance="0.01",
    )


# (function, angle as printed, exact value) for the first quadrant, then beyond it.
_EXACT = (
    (
        ("sin", "π/6", "1/2"),
        ("cos", "π/6", "√3/2"),
        ("sin", "π/4", "√2/2"),
        ("cos", "π/4", "√2/2"),
        ("sin", "π/3", "√3/2"),
        ("cos", "π/3", "1/2"),
        ("tan", "π/4", "1"),
        ("tan", "π/3", "√3"),
        ("tan", "π/6", "√3/3"),
    ),
    (
        ("cos", "2π/3", "−1/2"),
        ("sin", "5π/6", "1/2"),
        ("cos", "5π/6", "−√3/2"),
        ("sin", "3π/4", "√2/2"),
        ("cos", "3π/4", "−√2/2"),
        ("sin", "2π/3", "√3/2"),
    ),
)
_EXACT_VALUES = ("1/2", "√3/2", "√2/2", "1", "√3", "√3/3", "−1/2", "−√3/2", "−√2/2")


def exact_value(rng: Random, band: int) -> QuestionSpec:
    func, angle, value = rng.choice(_EXACT[band == 2])
    pool = [v for v in _EXACT_VALUES if v != value]
    if band < 2:
        pool = [v for v in pool if not v.startswith("−")]
    wrong = rng.sample(pool, 3)
    if band == 2:
        hint = T(
            "Use the symmetry about the vertical axis: cos(π − x) = −cos x and sin(π − x) = sin x.",
            "Utilise la symétrie par rapport à l'axe vertical : cos(π − x) = −cos x et "
            "sin(π − x) = sin x.",
            "استعمل التماثل بالنسبة للمحور العمودي: cos(π − x) = −cos x و sin(π − x) = sin x.",
        )
    elif angle == "π/4":
        hint = T(
            "Think of a square of side 1 and its diagonal, which measures √2.",
            "Pense à un carré de côté 1 et à sa diagonale, qui mesure √2.",
            "فكر في مربع طول ضلعه 1 وقطره الذي طوله √2.",
        )
    else:
        hint = T(
            "Cut an equilateral triangle of side 2 in half: its sides become 1, 2 and √3.",
            "Coupe un triangle équilatéral de côté 2 en deux : ses côtés deviennent 1, 2 et √3.",
            "اقسم مثلثا متساوي الأضلاع طول ضلعه 2 إلى نصفين: تصبح أضلاعه 1 و 2 و √3.",
        )
    return choice(
        tr(
            "What is the exact value of {f}({a})?",
            "Quelle est la valeur exacte de {f}({a}) ?",
            "ما القيمة المضبوطة لـ {f}({a})؟",
            f=func,
            a=angle,
        ),
        hint,
        tr("{f}({a}) = {v}.", "{f}({a}) = {v}.", "{f}({a}) = {v}", f=func, a=angle, v=value),
        same(value),
        [same(w) for w in wrong],
    )


_RADIANS = (
    ((1, 6), (1, 4), (1, 3), (1, 2), (2, 3)),
    ((3, 4), (5, 6), (5, 4), (7, 6), (3, 2)),
    ((5, 3), (7, 4), (11, 6), (5, 12), (7, 12)),
)


def radians_to_degrees(rng: Random, band: int) -> QuestionSpec:
    k, m = rng.choice(_RADIANS[band])
    degrees = 180 * k // m
    angle = f"{'' if k == 1 else k}π/{m}"
    return numeric(
        tr(
            "Convert {a} rad into degrees.",
            "Convertis {a} rad en degrés.",
            "حوّل {a} rad إلى الدرجات.",
            a=angle,
        ),
        T(
            "A half-turn measures π radians: how many degrees is that?",
            "Un demi-tour mesure π radians : combien de degrés cela fait-il ?",
            "نصف دورة قياسه π راديان: كم درجة يوافق ذلك؟",
        ),
        tr(
            "π rad = 180°, so {a} rad = {k} × 180° ÷ {m} = {d}°.",
            "π rad = 180°, donc {a} rad = {k} × 180° ÷ {m} = {d}°.",
            "π rad = 180°، إذن {a} rad = {k} × 180° ÷ {m} = {d}°",
            a=angle,
            k=k,
            m=m,
            d=degrees,
        ),
        degrees,
        mistakes=(
            degrees * 2,
            360 * k // m if degrees * 2 != 360 * k // m else degrees + 90,
            round(k / m * 3.14, 2),
        ),
    )


def pythagorean_identity(rng: Random, band: int) -> QuestionSpec:
    a, b, c = rng.choice(_TRIPLES[:4])
    if band == 2:
        return choice(
            tr(
                "x is an acute angle with sin x = {a}/{c} and cos x = {b}/{c}. What is tan x?",
                "x est un angle aigu avec sin x = {a}/{c} et cos x = {b}/{c}. Que vaut tan x ?",
                "x زاوية حادة بحيث sin x = {a}/{c} و cos x = {b}/{c}. ما قيمة tan x؟",
                a=a,
                b=b,
                c=c,
            ),
            T(
                "Write tan x as a quotient of the two other ratios.",
                "Écris tan x comme un quotient des deux autres rapports.",
                "اكتب tan x على شكل خارج النسبتين الأخريين.",
            ),
            tr(
                "tan x = sin x / cos x = ({a}/{c}) ÷ ({b}/{c}) = {a}/{b}.",
                "tan x = sin x / cos x = ({a}/{c}) ÷ ({b}/{c}) = {a}/{b}.",
                "tan x = sin x / cos x = ({a}/{c}) ÷ ({b}/{c}) = {a}/{b}",
                a=a,
                b=b,
                c=c,
            ),
            same(f"{a}/{b}"),
            [same(f"{b}/{a}"), same(f"{a}/{c}"), same(f"{c}/{a}")],
        )
    return choice(
        tr(
            "x is an acute angle with sin x = {a}/{c}. What is cos x?",
            "x est un angle aigu avec sin x = {a}/{c}. Que vaut cos x ?",
            "x زاوية حادة بحيث sin x = {a}/{c}. ما قيمة cos x؟",
            a=a,
            c=c,
        ),
        T(
            "Use cos²x + sin²x = 1, and remember that cos x > 0 when x is acute.",
            "Utilise cos²x + sin²x = 1, et rappelle-toi que cos x > 0 quand x est aigu.",
            "استعمل العلاقة cos²x + sin²x = 1، وتذكر أن cos x > 0 عندما تكون x حادة.",
        ),
        tr(
            "cos²x = 1 − ({a}/{c})² = {b2}/{c2}; x is acute, so cos x = {b}/{c}.",
            "cos²x = 1 − ({a}/{c})² = {b2}/{c2} ; x est aigu, donc cos x = {b}/{c}.",
            "cos²x = 1 − ({a}/{c})² = {b2}/{c2}؛ و x حادة، إذن cos x = {b}/{c}",
            a=a,
            b=b,
            c=c,
            b2=b * b,
            c2=c * c,
        ),
        same(f"{b}/{c}"),
        [same(f"{c - a}/{c}"), same(f"{a}/{b}"), same(f"−{b}/{c}")],
    )


def ramp_angle(rng: Random, band: int) -> QuestionSpec:
    while True:
        rise = D(rng.randint(2, 9 + 6 * band)) / (10 if band == 0 else 1)
        run = D(rng.randint(int(rise * 2) + 1, int(rise * 6) + 2))
        angle = math.degrees(math.atan(float(rise / run)))
        if abs(angle - round(angle)) < 0.4:
            break
    answer = round(angle)
    ratio = (rise / run).quantize(D("0.001"), ROUND_HALF_UP)
    return numeric(
        tr(
            "A ramp rises {h} m over a horizontal distance of {d} m. What angle does it make "
            "with the ground, to the nearest degree?",
            "Une rampe s'élève de {h} m sur une distance horizontale de {d} m. Quel angle "
            "fait-elle avec le sol, arrondi au degré ?",
            "يرتفع منحدر بـ {h} m على مسافة أفقية قدرها {d} m. ما قياس الزاوية التي يكونها "
            "مع سطح الأرض، مقربا إلى الدرجة؟",
            h=rise,
            d=run,
        ),
        T(
            "The rise is opposite the angle and the horizontal distance is adjacent to it.",
            "La hauteur est du côté opposé à l'angle et la distance horizontale du côté adjacent.",
            "الارتفاع هو الضلع المقابل للزاوية والمسافة الأفقية هي الضلع المجاور لها.",
        ),
        tr(
            "tan α = {h} / {d} ≈ {t}, so α ≈ {a}°.",
            "tan α = {h} / {d} ≈ {t}, donc α ≈ {a}°.",
            "tan α = {h} / {d} ≈ {t}، إذن α ≈ {a}°",
            h=rise,
            d=run,
            t=ratio,
            a=answer,
        ),
        answer,
        mistakes=(round(90 - angle), round(math.degrees(float(rise / run))), answer + 5),
        tolerance="0.5",
    )


# --- Calculus (les fonctions numériques) ----------------------------------------------------


def function_image(rng: Random, band: int) -> QuestionSpec:
    k = (rng.randint(-5, 9), _nonzero(rng, -6, 6), rng.randint(-5, 5))[band]
    if band == 0:
        a, b = _nonzero(rng, -6, 6), rng.randint(-9, 9)
        value, formula = a * k + b, poly(a, b)
        steps = (
            f"{signed(a)} × {par(k)} {_term(b, '')} = {signed(value)}"
            if b
            else (f"{signed(a)} × {par(k)} = {signed(value)}")
        )
        mistakes = (a + k + b, a * k - b, -value)
    elif band == 1:
        b = rng.randint(-9, 9)
        a = k * rng.randint(-4, 4) or k * 3
        value = a // k + b
        formula = f"{signed(a)}/x {_term(b, '')}" if b else f"{signed(a)}/x"
        tail = f" {_term(b, '')}" if b else ""
        steps = f"{signed(a)}/{par(k)}{tail} = {signed(value)}"
        mistakes = (a * k + b, value - 2 * b if b else value + 1, -value if value else 1)
    else:
        c = _nonzero(rng, -5, 5)
        while k + c == 0:
            c += 1
        a, value = rng.choice((-4, -3, -2, 2, 3, 4)), rng.randint(-6, 6)
        den = k + c
        b = den * value - a * k
        formula = f"({poly(a, b)})/({shift(-c)})"
        tail = f" {_term(b, '')}" if b else ""
        steps = (
            f"({signed(a)} × {par(k)}{tail})/({signed(k)} {_term(c, '')}) "
            f"= {signed(a * k + b)}/{par(den)} = {signed(value)}"
        )
        mistakes = (a * k + b, value + 1, -value if value else 1)
    return numeric(
        tr(
            "Let f(x) = {f}. Calculate f({k}).",
            "Soit f(x) = {f}. Calcule f({k}).",
            "لتكن f(x) = {f}. احسب f({k}).",
            f=formula,
            k=signed(k),
        ),
        tr(
            "Replace x by {k} everywhere in the formula, keeping the brackets if it is negative.",
            "Remplace x par {k} partout dans la formule, avec des parenthèses s'il est négatif.",
            "عوّض x بالعدد {k} في كل مكان من الصيغة، مع وضع قوسين إذا كان سالبا.",
            k=signed(k),
        ),
        tr("f({k}) = {s}.", "f({k}) = {s}.", "f({k}) = {s}", k=signed(k), s=steps),
        value,
        mistakes=mistakes,
    )


def derivative(rng: Random, band: int) -> QuestionSpec:
    a, b, c = _nonzero(rng, -6, 6), _nonzero(rng, -9, 9), _nonzero(rng, -9, 9)
    if band < 2:
        formula, correct = poly(a, b, c), poly(2 * a, b)
        wrong = [poly(a, b), poly(2 * a, b + c), poly(2 * a, 0), poly(2 * a, b, c)]
        steps = f"{signed(a)} × 2x {_term(b, '')} + 0 = {correct}"
    else:
        formula, correct = poly(a, b, c, 0), poly(3 * a, 2 * b, c)
        wrong = [poly(3 * a, 2 * b, 0), poly(3 * a, b, c), poly(3 * a, 0, 2 * b, c), poly(a, b, c)]
        steps = f"{signed(a)} × 3x² {_term(b, '')} × 2x {_term(c, '')} = {correct}"
    return choice(
        tr(
            "f(x) = {f}. What is f′(x)?",
            "f(x) = {f}. Que vaut f′(x) ?",
            "f(x) = {f}. ما هي f′(x)؟",
            f=formula,
        ),
        T(
            "Differentiate term by term: (xⁿ)′ = n·xⁿ⁻¹, and a constant has derivative 0.",
            "Dérive terme à terme : (xⁿ)′ = n·xⁿ⁻¹, et la dérivée d'une constante est 0.",
            "اشتق حدا حدا: (xⁿ)′ = n·xⁿ⁻¹، ومشتقة الثابتة منعدمة.",
        ),
        tr("f′(x) = {s}.", "f′(x) = {s}.", "f′(x) = {s}", s=steps),
        same(correct),
        [same(w) for w in wrong],
    )


def rate_of_change(rng: Random, band: int) -> QuestionSpec:
    a = 1 if band == 0 else _nonzero(rng, -3, 3)
    b = rng.randint(-6, 6)
    x1 = rng.randint(-3, 3)
    x2 = x1 + rng.randint(1, 2 + 2 * band)
    f1, f2 = a * x1 * x1 + b * x1, a * x2 * x2 + b * x2
    rate = Fraction(f2 - f1, x2 - x1)
    return numeric(
        tr(
            "Let f(x) = {f}. Calculate the rate of change of f between {x1} and {x2}.",
            "Soit f(x) = {f}. Calcule le taux de variation de f entre {x1} et {x2}.",
            "لتكن f(x) = {f}. احسب معدل تغير الدالة f بين {x1} و {x2}.",
            f=poly(a, b, 0),
            x1=signed(x1),
            x2=signed(x2),
        ),
        T(
            "The rate of change is (f(x₂) − f(x₁)) / (x₂ − x₁): compute the two images first.",
            "Le taux de variation est (f(x₂) − f(x₁)) / (x₂ − x₁) : calcule d'abord les deux "
            "images.",
            "معدل التغير هو (f(x₂) − f(x₁)) / (x₂ − x₁): احسب الصورتين أولا.",
        ),
        tr(
            "f({x2}) = {f2} and f({x1}) = {f1}, so the rate is ({f2} − {pf1}) / ({x2} − {px1}) "
            "= {d}/{dx} = {r}.",
            "f({x2}) = {f2} et f({x1}) = {f1}, donc le taux est ({f2} − {pf1}) / ({x2} − {px1}) "
            "= {d}/{dx} = {r}.",
            "f({x2}) = {f2} و f({x1}) = {f1}، إذن معدل التغير هو ({f2} − {pf1}) / ({x2} − "
            "{px1}) = {d}/{dx} = {r}",
            x1=signed(x1),
            x2=signed(x2),
            f1=signed(f1),
            f2=signed(f2),
            pf1=par(f1),
            px1=par(x1),
            d=signed(f2 - f1),
            dx=x2 - x1,
            r=frac(rate),
        ),
        D(rate.numerator) / D(rate.denominator),
        mistakes=(f2 - f1, -rate.numerator, f2 + f1),
    )


def extremum(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(1, 4) if band < 2 else -rng.randint(1, 4)
    h, k = _nonzero(rng, -6, 6), rng.randint(-9, 9)
    coefficient = {1: "", -1: "−"}.get(a, signed(a))
    formula = f"{coefficient}({shift(h)})² {_term(k, '')}" if k else f"{coefficient}({shift(h)})²"
    correct, wrong = num_choices([h, -h, k + a, -k, k - 1, a], k)
    if a > 0:
        prompt = tr(
            "Let f(x) = {f}. What is the minimum value of f on ℝ?",
            "Soit f(x) = {f}. Quelle est la valeur minimale de f sur ℝ ?",
            "لتكن f(x) = {f}. ما هي القيمة الدنيا للدالة f على ℝ؟",
            f=formula,
        )
        explanation = tr(
            "({s})² ≥ 0 and it equals 0 for x = {h}; so f(x) ≥ {k} and the minimum is "
            "f({h}) = {k}.",
            "({s})² ≥ 0 et vaut 0 pour x = {h} ; donc f(x) ≥ {k} et le minimum est f({h}) = {k}.",
            "({s})² ≥ 0 وينعدم من أجل x = {h}؛ إذن f(x) ≥ {k} والقيمة الدنيا هي f({h}) = {k}",
            s=shift(h),
            h=signed(h),
            k=signed(k),
        )
    else:
        prompt = tr(
            "Let f(x) = {f}. What is the maximum value of f on ℝ?",
            "Soit f(x) = {f}. Quelle est la valeur maximale de f sur ℝ ?",
            "لتكن f(x) = {f}. ما هي القيمة القصوى للدالة f على ℝ؟",
            f=formula,
        )
        explanation = tr(
            "{a}({s})² ≤ 0 and it equals 0 for x = {h}; so f(x) ≤ {k} and the maximum is "
            "f({h}) = {k}.",
            "{a}({s})² ≤ 0 et vaut 0 pour x = {h} ; donc f(x) ≤ {k} et le maximum est "
            "f({h}) = {k}.",
            "{a}({s})² ≤ 0 وينعدم من أجل x = {h}؛ إذن f(x) ≤ {k} والقيمة القصوى هي f({h}) = {k}",
            a=coefficient,
            s=shift(h),
            h=signed(h),
            k=signed(k),
        )
    return choice(
        prompt,
        T(
            "A square is never negative: for which x is the squared term as small as possible?",
            "Un carré n'est jamais négatif : pour quel x le terme au carré est-il le plus "
            "petit possible ?",
            "المربع لا يكون سالبا أبدا: من أجل أي قيمة لـ x يكون الحد المربع أصغر ما يمكن؟",
        ),
        explanation,
        correct,
        wrong,
    )


def tangent_slope(rng: Random, band: int) -> QuestionSpec:
    a, b, c = _nonzero(rng, -5, 5), rng.randint(-9, 9), rng.randint(-9, 9)
    k = (rng.randint(0, 4), _nonzero(rng, -4, 4), rng.randint(-6, 6))[band]
    slope = 2 * a * k + b
    return numeric(
        tr(
            "Let f(x) = {f}. What is the slope of the tangent to the curve of f at the point "
            "with abscissa {k}?",
            "Soit f(x) = {f}. Quel est le coefficient directeur de la tangente à la courbe "
            "de f au point d'abscisse {k} ?",
            "لتكن f(x) = {f}. ما هو المعامل الموجه للمماس لمنحنى الدالة f في النقطة ذات "
            "الأفصول {k}؟",
            f=poly(a, b, c),
            k=signed(k),
        ),
        tr(
            "The slope of the tangent at x = {k} is the derivative number f′({k}).",
            "Le coefficient directeur de la tangente en x = {k} est le nombre dérivé f′({k}).",
            "المعامل الموجه للمماس عند x = {k} هو العدد المشتق f′({k}).",
            k=signed(k),
        ),
        tr(
            "f′(x) = {d}, so f′({k}) = {a2} × {pk} {b} = {s}.",
            "f′(x) = {d}, donc f′({k}) = {a2} × {pk} {b} = {s}.",
            "f′(x) = {d}، إذن f′({k}) = {a2} × {pk} {b} = {s}",
            d=poly(2 * a, b),
            k=signed(k),
            a2=signed(2 * a),
            pk=par(k),
            b=_term(b, "") if b else "+ 0",
            s=signed(slope),
        ),
        slope,
        mistakes=(a * k * k + b * k + c, a * k + b, 2 * a * k),
    )
