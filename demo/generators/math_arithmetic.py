"""Question templates for the first five Mathematics skills: whole numbers, fractions, decimals.

Each template takes (rng, band), band 0..2 for beginner..advanced, and returns one question
whose numbers come from rng, so the same seed always yields the same exercise sheets.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP
from fractions import Fraction
from math import gcd
from random import Random

from .formulas import frac, par
from .spec import D, Fixed, QuestionSpec, T, choice, fmt, num_choices, numeric, same, tr

GIRLS = (("Salma", "سلمى"), ("Hiba", "هبة"), ("Aya", "آية"), ("Meryem", "مريم"))


def _digits(rng: Random, band: int) -> int:
    size = 2 + band
    return rng.randint(10 ** (size - 1), 10**size - 1)


# --- Addition and subtraction ---------------------------------------------------------------


def add_whole(rng: Random, band: int) -> QuestionSpec:
    a, b = _digits(rng, band), _digits(rng, band)
    s = a + b
    return numeric(
        tr("Calculate {a} + {b}.", "Calcule {a} + {b}.", "احسب: {a} + {b}", a=a, b=b),
        T(
            "Add the units first, then the tens, and so on; carry 1 whenever a column goes past 9.",
            "Additionne d'abord les unités, puis les dizaines, etc. ; pose une retenue dès "
            "qu'une colonne dépasse 9.",
            "اجمع الوحدات أولا ثم العشرات وهكذا، مع الاحتفاظ بـ 1 كلما تجاوز مجموع عمود 9.",
        ),
        tr(
            "Column by column, with the carries: {a} + {b} = {s}.",
            "Colonne par colonne, avec les retenues : {a} + {b} = {s}.",
            "عمودا بعمود مع الاحتفاظ: {a} + {b} = {s}",
            a=a,
            b=b,
            s=s,
        ),
        s,
        mistakes=(s - 10, s + 10, s - 100),
    )


def subtract(rng: Random, band: int) -> QuestionSpec:
    a, b = sorted((_digits(rng, band), _digits(rng, band)), reverse=True)
    if a == b:
        a += 7
    if band == 2:
        # Tronc Commun works in Z: the larger number comes second and the result is negative.
        r = b - a
        return numeric(
            tr("Calculate {b} − {a}.", "Calcule {b} − {a}.", "احسب: {b} − {a}", a=a, b=b),
            T(
                "The number you subtract is the larger one, so the result is negative: find "
                "the gap between the two numbers, then decide on the sign.",
                "Tu retranches le plus grand nombre, donc le résultat est négatif : calcule "
                "l'écart entre les deux nombres, puis choisis le signe.",
                "العدد المطروح هو الأكبر، إذن النتيجة سالبة: احسب الفرق بين العددين ثم حدد "
                "الإشارة.",
            ),
            tr(
                "{b} − {a} = −({a} − {b}) = {r}.",
                "{b} − {a} = −({a} − {b}) = {r}.",
                "{b} − {a} = −({a} − {b}) = {r}",
                a=a,
                b=b,
                r=r,
            ),
            r,
            mistakes=(-r, r - 10, r + 10),
        )
    r = a - b
    return numeric(
        tr("Calculate {a} − {b}.", "Calcule {a} − {b}.", "احسب: {a} − {b}", a=a, b=b),
        T(
            "Subtract column by column from the units; when the top digit is smaller, "
            "exchange 1 ten from the next column.",
            "Soustrais colonne par colonne en commençant par les unités ; si le chiffre du "
            "haut est plus petit, emprunte une dizaine à la colonne suivante.",
            "اطرح عمودا بعمود بدءا من الوحدات؛ إذا كان الرقم في الأعلى أصغر، استلف 1 من "
            "العمود الموالي.",
        ),
        tr("{a} − {b} = {r}.", "{a} − {b} = {r}.", "{a} − {b} = {r}", a=a, b=b, r=r),
        r,
        mistakes=(r + 10, r - 10, a + b),
    )


def money_story(rng: Random, band: int) -> QuestionSpec:
    scale = (1, 5, 10)[band]
    y, z = rng.randint(8, 40) * scale, rng.randint(5, 30) * scale
    x = y + z + rng.randint(10, 60) * scale
    name_en, name_ar = rng.choice(GIRLS)
    r = x - y + z

    def dh(value) -> T:
        return tr("{v} DH", "{v} DH", "{v} درهم", v=value)

    return choice(
        tr(
            "{n} has {x} DH. She spends {y} DH on a book, then her grandmother gives her "
            "{z} DH. How much money does she have now?",
            "{n} a {x} DH. Elle dépense {y} DH pour un livre, puis sa grand-mère lui donne "
            "{z} DH. Combien a-t-elle maintenant ?",
            "لدى {na} {x} درهم. اشترت كتابا بـ {y} درهم، ثم أعطتها جدتها {z} درهم. كم أصبح "
            "لديها الآن؟",
            n=name_en,
            na=name_ar,
            x=x,
            y=y,
            z=z,
        ),
        T(
            "Follow the story step by step: does each event add money or take it away?",
            "Suis l'histoire étape par étape : chaque événement ajoute-t-il ou retire-t-il "
            "de l'argent ?",
            "تتبع القصة خطوة بخطوة: هل كل حدث يضيف مالا أم ينقصه؟",
        ),
        tr(
            "After the book: {x} − {y} = {m} DH. After the gift: {m} + {z} = {r} DH.",
            "Après le livre : {x} − {y} = {m} DH. Après le cadeau : {m} + {z} = {r} DH.",
            "بعد شراء الكتاب: {x} − {y} = {m} درهم. بعد الهدية: {m} + {z} = {r} درهم.",
            x=x,
            y=y,
            z=z,
            m=x - y,
            r=r,
        ),
        dh(r),
        [dh(x - y - z), dh(x + y + z), dh(x + y - z)],
    )


def missing_term(rng: Random, band: int) -> QuestionSpec:
    a, total = _digits(rng, band), _digits(rng, band)
    if band == 0:
        a, total = min(a, total), max(a, total) + 5
        r = total - a
        equation = f"☐ + {a} = {total}"
        steps = f"☐ = {total} − {a} = {r}"
    else:
        r = total + a
        equation = f"☐ − {a} = {total}"
        steps = f"☐ = {total} + {a} = {r}"
    correct, wrong = num_choices(
        [total + a if band == 0 else total - a, abs(a - total) + 10, r + 10, r - 1], r
    )
    return choice(
        tr(
            "Which number goes in the box? {e}",
            "Quel nombre faut-il mettre dans la case ? {e}",
            "ما العدد الذي يجب وضعه في الخانة؟ {e}",
            e=equation,
        ),
        T(
            "Undo the operation: which operation takes you back from the result to the "
            "missing number?",
            "Défais l'opération : quelle opération permet de revenir du résultat au nombre "
            "manquant ?",
            "اعكس العملية: ما العملية التي تعيدك من النتيجة إلى العدد الناقص؟",
        ),
        tr(
            "{s}. Check it by putting {r} back in the box.",
            "{s}. Vérifie en remettant {r} dans la case.",
            "{s}. تحقق من ذلك بوضع {r} في الخانة.",
            s=steps,
            r=r,
        ),
        correct,
        wrong,
    )


def signed_sum(rng: Random, band: int) -> QuestionSpec:
    a, b = rng.randint(3, 9 + 40 * band), rng.randint(3, 9 + 40 * band)
    if a == b:
        b += 2
    form = rng.randrange(3)
    if form == 0:
        expression, r, steps, mistakes = f"(−{a}) + {b}", b - a, f"{b} − {a}", (a - b, a + b)
    elif form == 1:
        expression, r, steps, mistakes = f"{a} − (−{b})", a + b, f"{a} + {b}", (a - b, b - a)
    else:
        expression, r, steps, mistakes = f"(−{a}) − {b}", -(a + b), f"−({a} + {b})", (b - a, a + b)
    return numeric(
        tr("Calculate {e}.", "Calcule {e}.", "احسب: {e}", e=expression),
        T(
            "Subtracting a negative number is the same as adding its opposite; on a number "
            "line, adding a negative number moves you to the left.",
            "Soustraire un nombre négatif revient à ajouter son opposé ; sur une droite "
            "graduée, ajouter un nombre négatif fait reculer vers la gauche.",
            "طرح عدد سالب يعني إضافة مقابله؛ وعلى مستقيم مدرج، إضافة عدد سالب تعني التحرك نحو "
            "اليسار.",
        ),
        tr("{e} = {s} = {r}.", "{e} = {s} = {r}.", "{e} = {s} = {r}", e=expression, s=steps, r=r),
        r,
        mistakes=mistakes,
    )


# --- Multiplication -------------------------------------------------------------------------


def _factors(rng: Random, band: int) -> tuple[int, int]:
    a = (rng.randint(3, 9), rng.randint(12, 49), rng.randint(101, 499))[band]
    b = rng.randint(12, 49)
    if b % 10 == 0:
        b += 3
    return a, b


def product(rng: Random, band: int) -> QuestionSpec:
    a, b = _factors(rng, band)
    tens, units = b - b % 10, b % 10
    p = a * b
    return numeric(
        tr("Calculate {a} × {b}.", "Calcule {a} × {b}.", "احسب: {a} × {b}", a=a, b=b),
        tr(
            "Split {b} into tens and units: {a} × {b} = {a} × {t} + {a} × {u}.",
            "Décompose {b} en dizaines et unités : {a} × {b} = {a} × {t} + {a} × {u}.",
            "فكك {b} إلى عشرات ووحدات: {a} × {b} = {a} × {t} + {a} × {u}",
            a=a,
            b=b,
            t=tens,
            u=units,
        ),
        tr(
            "{a} × {t} = {p1} and {a} × {u} = {p2}, so {a} × {b} = {p1} + {p2} = {p}.",
            "{a} × {t} = {p1} et {a} × {u} = {p2}, donc {a} × {b} = {p1} + {p2} = {p}.",
            "{a} × {t} = {p1} و {a} × {u} = {p2}، إذن {a} × {b} = {p1} + {p2} = {p}",
            a=a,
            b=b,
            t=tens,
            u=units,
            p1=a * tens,
            p2=a * units,
            p=p,
        ),
        p,
        mistakes=(a * tens + units, p + a, p - a),
    )


def product_choice(rng: Random, band: int) -> QuestionSpec:
    a, b = _factors(rng, band)
    p = a * b
    correct, wrong = num_choices([p + 10, p + a, p - b, p + 2 * b], p)
    return choice(
        tr(
            "Which is the value of {a} × {b}?",
            "Quelle est la valeur de {a} × {b} ?",
            "ما قيمة الجداء {a} × {b}؟",
            a=a,
            b=b,
        ),
        tr(
            "Check the last digit first (it is the last digit of {ua} × {ub}), then estimate "
            "the size of the product.",
            "Regarde d'abord le dernier chiffre (c'est celui de {ua} × {ub}), puis estime "
            "l'ordre de grandeur du produit.",
            "تحقق أولا من رقم الوحدات (هو رقم وحدات {ua} × {ub})، ثم قدّر رتبة قدر الجداء.",
            ua=a % 10,
            ub=b % 10,
        ),
        tr(
            "{a} × {b} = {a} × {t} + {a} × {u} = {p1} + {p2} = {p}.",
            "{a} × {b} = {a} × {t} + {a} × {u} = {p1} + {p2} = {p}.",
            "{a} × {b} = {a} × {t} + {a} × {u} = {p1} + {p2} = {p}",
            a=a,
            b=b,
            t=b - b % 10,
            u=b % 10,
            p1=a * (b - b % 10),
            p2=a * (b % 10),
            p=p,
        ),
        correct,
        wrong,
    )


def pens_in_boxes(rng: Random, band: int) -> QuestionSpec:
    c = (rng.randint(3, 6), rng.randint(6, 15), rng.randint(12, 40))[band]
    a = (rng.randint(4, 9), rng.randint(8, 20), rng.randint(12, 30))[band]
    b = (rng.randint(5, 12), rng.randint(10, 24), rng.randint(12, 50))[band]
    total = a * b * c
    return numeric(
        tr(
            "A stationery shop receives {c} boxes. Each box holds {a} packs of {b} pens. "
            "How many pens does the shop receive?",
            "Une papeterie reçoit {c} cartons. Chaque carton contient {a} paquets de {b} "
            "stylos. Combien de stylos la papeterie reçoit-elle ?",
            "تتوصل مكتبة بصناديق عددها {c}، في كل صندوق علب عددها {a}، وفي كل علبة أقلام "
            "عددها {b}. ما العدد الإجمالي للأقلام؟",
            a=a,
            b=b,
            c=c,
        ),
        T(
            "First work out how many pens one box holds.",
            "Calcule d'abord le nombre de stylos dans un seul carton.",
            "احسب أولا عدد الأقلام في صندوق واحد.",
        ),
        tr(
            "One box: {a} × {b} = {ab} pens. {c} boxes: {c} × {ab} = {t} pens.",
            "Un carton : {a} × {b} = {ab} stylos. {c} cartons : {c} × {ab} = {t} stylos.",
            "صندوق واحد: {a} × {b} = {ab} قلما. الصناديق كلها: {c} × {ab} = {t} قلما.",
            a=a,
            b=b,
            c=c,
            ab=a * b,
            t=total,
        ),
        total,
        mistakes=(a * b + c, a * b, a + b + c),
    )


def sign_rule(rng: Random, band: int) -> QuestionSpec:
    values = [rng.randint(2, 9 + 6 * band) for _ in range(2 + (band == 2))]
    negatives = rng.sample(range(len(values)), rng.randint(1, len(values)))
    factors = [-v if i in negatives else v for i, v in enumerate(values)]
    magnitude = 1
    for v in values:
        magnitude *= v
    r = magnitude if len(negatives) % 2 == 0 else -magnitude
    expression = " × ".join(par(f) for f in factors)
    correct, wrong = num_choices([-r, sum(factors), -sum(values), r + 1], r)
    positive, count = r > 0, len(negatives)
    return choice(
        tr("Calculate {e}.", "Calcule {e}.", "احسب: {e}", e=expression),
        T(
            "Count the negative factors: an even number of them gives a positive product, "
            "an odd number a negative one.",
            "Compte les facteurs négatifs : un nombre pair donne un produit positif, un "
            "nombre impair un produit négatif.",
            "عدّ العوامل السالبة: عدد زوجي منها يعطي جداء موجبا، وعدد فردي يعطي جداء سالبا.",
        ),
        tr(
            "{ke}, so the product is {s}; the sizes multiply to {m}, so {e} = {r}.",
            "{kf}, donc le produit est {sf} ; les valeurs absolues donnent {m}, donc {e} = {r}.",
            "عدد العوامل السالبة هو {k}، إذن الجداء {sa}؛ وجداء القيم المطلقة هو {m}، إذن "
            "{e} = {r}",
            k=len(negatives),
            m=magnitude,
            e=expression,
            r=r,
            ke=f"There is {count} negative factor"
            if count == 1
            else f"There are {count} negative factors",
            kf=f"Il y a {count} facteur négatif"
            if count == 1
            else f"Il y a {count} facteurs négatifs",
            s="positive" if positive else "negative",
            sf="positif" if positive else "négatif",
            sa="موجب" if positive else "سالب",
        ),
        correct,
        wrong,
    )


def factor_out(rng: Random, band: int) -> QuestionSpec:
    a = rng.randint(12, 99) if band < 2 else rng.randint(101, 999)
    total = 10 if band == 0 else 100
    b = rng.randint(1, total - 1)
    c = total - b
    if band == 2:
        # The advanced version hides the round number behind a difference.
        c = rng.randint(2, 60)
        b = total + c
        expression, inner, r = f"{a} × {b} − {a} × {c}", f"{b} − {c}", a * 100
    else:
        expression, inner, r = f"{a} × {b} + {a} × {c}", f"{b} + {c}", a * total
    return numeric(
        tr(
            "Calculate {e} in the quickest way.",
            "Calcule astucieusement {e}.",
            "احسب بأسهل طريقة: {e}",
            e=expression,
        ),
        tr(
            "Both products share the factor {a}: factor it out.",
            "Les deux produits ont le facteur {a} en commun : factorise.",
            "للجداءين عامل مشترك هو {a}: قم بالتعميل.",
            a=a,
        ),
        tr(
            "{e} = {a} × ({i}) = {a} × {t} = {r}.",
            "{e} = {a} × ({i}) = {a} × {t} = {r}.",
            "{e} = {a} × ({i}) = {a} × {t} = {r}",
            e=expression,
            a=a,
            i=inner,
            t=total if band < 2 else 100,
            r=r,
        ),
        r,
        mistakes=(r + a, r - a, a * b),
    )


# --- Division -------------------------------------------------------------------------------


def exact_division(rng: Random, band: int) -> QuestionSpec:
    b = (rng.randint(2, 9), rng.randint(11, 25), rng.randint(12, 60))[band]
    q = (rng.randint(3, 12), rng.randint(12, 40), rng.randint(21, 150))[band]
    a = b * q
    return numeric(
        tr("Calculate {a} ÷ {b}.", "Calcule {a} ÷ {b}.", "احسب: {a} ÷ {b}", a=a, b=b),
        tr(
            "Think of a missing factor: {b} × ? = {a}.",
            "Pense à un facteur manquant : {b} × ? = {a}.",
            "فكر في عامل ناقص: {b} × ? = {a}",
            a=a,
            b=b,
        ),
        tr(
            "{b} × {q} = {a}, so {a} ÷ {b} = {q}.",
            "{b} × {q} = {a}, donc {a} ÷ {b} = {q}.",
            "{b} × {q} = {a}، إذن {a} ÷ {b} = {q}",
            a=a,
            b=b,
            q=q,
        ),
        q,
        mistakes=(q + 1, q - 1, q * 10),
    )


def euclidean_division(rng: Random, band: int) -> QuestionSpec:
    b = (rng.randint(3, 9), rng.randint(11, 30), rng.randint(25, 99))[band]
    q = (rng.randint(4, 15), rng.randint(10, 60), rng.randint(40, 300))[band]
    r = rng.randint(1, b - 1)
    a = b * q + r

    def pair(qq, rr) -> T:
        return tr("q = {q} ; r = {r}", "q = {q} ; r = {r}", "q = {q} ؛ r = {r}", q=qq, r=rr)

    wrong = [pair(q - 1, r + b), pair(q + 1, r), pair(q, b - r)]
    if r != q:
        wrong.insert(1, pair(r, q))
    return choice(
        tr(
            "In the Euclidean division of {a} by {b}, what are the quotient q and the remainder r?",
            "Dans la division euclidienne de {a} par {b}, quels sont le quotient q et le reste r ?",
            "في القسمة الإقليدية للعدد {a} على {b}، ما هما الخارج q والباقي r؟",
            a=a,
            b=b,
        ),
        tr(
            "Look for the largest multiple of {b} that does not exceed {a}; the remainder "
            "must be smaller than {b}.",
            "Cherche le plus grand multiple de {b} qui ne dépasse pas {a} ; le reste doit "
            "être plus petit que {b}.",
            "ابحث عن أكبر مضاعف للعدد {b} لا يتجاوز {a}؛ ويجب أن يكون الباقي أصغر من {b}.",
            a=a,
            b=b,
        ),
        tr(
            "{b} × {q} = {bq} ≤ {a} < {b} × {q1} = {n}, so {a} = {b} × {q} + {r} with "
            "0 ≤ {r} < {b}.",
            "{b} × {q} = {bq} ≤ {a} < {b} × {q1} = {n}, donc {a} = {b} × {q} + {r} avec "
            "0 ≤ {r} < {b}.",
            "{b} × {q} = {bq} ≤ {a} < {b} × {q1} = {n}، إذن {a} = {b} × {q} + {r} مع 0 ≤ {r} < {b}",
            a=a,
            b=b,
            q=q,
            q1=q + 1,
            bq=b * q,
            n=b * (q + 1),
            r=r,
        ),
        pair(q, r),
        wrong,
    )


def share_bill(rng: Random, band: int) -> QuestionSpec:
    k = rng.randint(3, 6 + 2 * band)
    each = D(rng.randint(15, 60 + 40 * band)) + (D("0.5") if band and rng.random() < 0.6 else 0)
    total = each * k
    return numeric(
        tr(
            "{k} friends share a restaurant bill of {t} DH equally. How much does each one "
            "pay, in DH?",
            "{k} amis partagent équitablement une addition de {t} DH. Combien chacun "
            "paie-t-il, en DH ?",
            "يتقاسم أصدقاء عددهم {k} فاتورة مطعم قيمتها {t} درهم بالتساوي. كم يدفع كل واحد "
            "منهم بالدرهم؟",
            k=k,
            t=total,
        ),
        T(
            "Everyone pays the same share of the total: which operation splits a total into "
            "equal parts?",
            "Chacun paie la même part du total : quelle opération partage un total en parts "
            "égales ?",
            "يدفع كل واحد الحصة نفسها من المبلغ الإجمالي: ما العملية التي تقسم مجموعا إلى "
            "أجزاء متساوية؟",
        ),
        tr(
            "{t} ÷ {k} = {e}, so each friend pays {e} DH.",
            "{t} ÷ {k} = {e}, donc chacun paie {e} DH.",
            "{t} ÷ {k} = {e}، إذن يدفع كل واحد {e} درهم.",
            t=total,
            k=k,
            e=each,
        ),
        each,
        mistakes=(total - k, each + 1, total * k),
    )


_DIVISIBILITY = {
    3: T(
        "A number is divisible by 3 when the sum of its digits is a multiple of 3.",
        "Un nombre est divisible par 3 quand la somme de ses chiffres est un multiple de 3.",
        "يقبل عدد القسمة على 3 إذا كان مجموع أرقامه مضاعفا للعدد 3.",
    ),
    9: T(
        "A number is divisible by 9 when the sum of its digits is a multiple of 9.",
        "Un nombre est divisible par 9 quand la somme de ses chiffres est un multiple de 9.",
        "يقبل عدد القسمة على 9 إذا كان مجموع أرقامه مضاعفا للعدد 9.",
    ),
    4: T(
        "A number is divisible by 4 when the number formed by its last two digits is.",
        "Un nombre est divisible par 4 quand le nombre formé par ses deux derniers chiffres l'est.",
        "يقبل عدد القسمة على 4 إذا كان العدد المكون من رقميه الأخيرين يقبل القسمة على 4.",
    ),
}


def divisibility(rng: Random, band: int) -> QuestionSpec:
    d = (3, 9, 4)[band]
    low, high = (100, 999) if band < 2 else (1000, 9999)
    n = rng.randint(low // d + 1, high // d) * d
    others: list[int] = []
    while len(others) < 3:
        m = rng.randint(low, high)
        # For 9, a multiple of 3 that is not a multiple of 9 is the tempting wrong answer.
        if m % d and m not in others and (d != 9 or others or m % 3 == 0):
            others.append(m)
    digit_sum = sum(map(int, str(n)))
    if d == 4:
        explanation = tr(
            "{n} ends in {l}, and {l} = 4 × {k}; none of the others ends in a multiple of 4.",
            "{n} se termine par {l}, et {l} = 4 × {k} ; aucun des autres ne se termine par "
            "un multiple de 4.",
            "العدد {n} ينتهي بـ {l}، و {l} = 4 × {k}؛ ولا ينتهي أي عدد آخر بمضاعف للعدد 4.",
            n=n,
            l=f"{n % 100:02d}",
            k=(n % 100) // 4,
        )
    else:
        explanation = tr(
            "The digits of {n} add up to {s} = {d} × {k}, a multiple of {d}; the digit sums of "
            "the other numbers are not.",
            "La somme des chiffres de {n} est {s} = {d} × {k}, un multiple de {d} ; ce n'est "
            "pas le cas des autres nombres.",
            "مجموع أرقام العدد {n} هو {s} = {d} × {k}، وهو مضاعف للعدد {d}؛ أما الأعداد "
            "الأخرى فليست كذلك.",
            n=n,
            s=digit_sum,
            d=d,
            k=digit_sum // d,
        )
    correct, wrong = num_choices(others, n)
    return choice(
        tr(
            "Which of these numbers is divisible by {d}?",
            "Lequel de ces nombres est divisible par {d} ?",
            "أي هذه الأعداد يقبل القسمة على {d}؟",
            d=d,
        ),
        _DIVISIBILITY[d],
        explanation,
        correct,
        wrong,
    )


def rounded_quotient(rng: Random, band: int) -> QuestionSpec:
    while True:
        b = rng.choice((3, 6, 7, 9, 11, 12, 13))
        a = rng.randint(10, 99) * (10**band) + rng.randint(1, 9)
        exact = D(a) / D(b)
        thousandths = exact.quantize(D("0.001"), ROUND_DOWN)
        if thousandths != exact and int(thousandths * 1000) % 10 not in (4, 5):
            break
    r = exact.quantize(D("0.01"), ROUND_HALF_UP)
    truncated = exact.quantize(D("0.01"), ROUND_DOWN)
    return numeric(
        tr(
            "Calculate {a} ÷ {b} and round the result to the nearest hundredth.",
            "Calcule {a} ÷ {b} et arrondis le résultat au centième.",
            "احسب {a} ÷ {b} ثم أعط قيمة مقربة للنتيجة إلى 0,01.",
            a=a,
            b=b,
        ),
        T(
            "Carry the division to three decimal places; the third decimal tells you how to round.",
            "Pousse la division jusqu'à trois décimales ; la troisième décimale indique "
            "comment arrondir.",
            "تابع القسمة إلى ثلاثة أرقام بعد الفاصلة؛ الرقم الثالث هو الذي يحدد كيفية التقريب.",
        ),
        tr(
            "{a} ÷ {b} = {t}…; the thousandths digit is {d}, so the result to the nearest "
            "hundredth is {r}.",
            "{a} ÷ {b} = {t}… ; le chiffre des millièmes est {d}, donc l'arrondi au "
            "centième est {r}.",
            "{a} ÷ {b} = {t}…؛ رقم أجزاء الألف هو {d}، إذن القيمة المقربة إلى 0,01 هي {r}.",
            a=a,
            b=b,
            t=thousandths,
            d=int(thousandths * 1000) % 10,
            r=r,
        ),
        r,
        mistakes=(truncated, exact.quantize(D("0.1"), ROUND_HALF_UP), r * 10),
        tolerance="0.005",
    )


# --- Fractions ------------------------------------------------------------------------------


def fraction_of(rng: Random, band: int) -> QuestionSpec:
    q = rng.choice((3, 4, 5, 6, 8) if band < 2 else (6, 7, 8, 12, 15))
    p = rng.randint(1, q - 1)
    while gcd(p, q) != 1:
        p = rng.randint(1, q - 1)
    n = q * rng.randint(3, 12 + 10 * band)
    r = n // q * p
    if band == 0:
        prompt = tr(
            "Calculate {p}/{q} of {n}.",
            "Calcule {les}{p}/{q} de {n}.",
            "احسب {p}/{q} من {n}.",
            p=p,
            q=q,
            n=n,
            les="les " if p > 1 else "",
        )
    else:
        prompt = tr(
            "{p}/{q} of the {n} pupils of a school eat at the canteen. How many pupils is that?",
            "Les {p}/{q} des {n} élèves d'un établissement mangent à la cantine. Combien "
            "d'élèves cela fait-il ?",
            "{p}/{q} من تلاميذ مؤسسة عددهم {n} يتناولون وجبة الغداء في المطعم المدرسي. كم "
            "عدد هؤلاء التلاميذ؟",
            p=p,
            q=q,
            n=n,
        )
    return numeric(
        prompt,
        tr(
            "Find 1/{q} of {n} first.",
            "Cherche d'abord 1/{q} de {n}.",
            "ابحث أولا عن 1/{q} من {n}.",
            q=q,
            n=n,
        ),
        tr(
            "{n} ÷ {q} = {u}, then {u} × {p} = {r}.",
            "{n} ÷ {q} = {u}, puis {u} × {p} = {r}.",
            "{n} ÷ {q} = {u}، ثم {u} × {p} = {r}",
            n=n,
            q=q,
            u=n // q,
            p=p,
            r=r,
        ),
        r,
        mistakes=(n - r, n * p, n // q),
    )


def simplify_fraction(rng: Random, band: int) -> QuestionSpec:
    q = rng.randint(3, 9 + 6 * band)
    p = rng.randint(1, q - 1)
    while gcd(p, q) != 1:
        p = rng.randint(1, q - 1)
    g = rng.choice(((2, 3, 5), (4, 6, 9, 10), (12, 14, 15, 18))[band])
    a, b = p * g, q * g
    divisor = next((d for d in range(2, g) if g % d == 0), None)
    wrong = [same(f"{q}/{p}"), same(f"{p + 1}/{q}"), same(f"{a // g * 2}/{b // g * 2}")]
    if divisor:
        # Stopping after one common factor is the usual slip.
        wrong.insert(0, same(f"{a // divisor}/{b // divisor}"))
    return choice(
        tr(
            "Write {a}/{b} as an irreducible fraction.",
            "Écris {a}/{b} sous forme de fraction irréductible.",
            "اكتب الكسر {a}/{b} على شكل كسر غير قابل للاختزال.",
            a=a,
            b=b,
        ),
        T(
            "Divide the numerator and the denominator by their greatest common divisor.",
            "Divise le numérateur et le dénominateur par leur plus grand diviseur commun.",
            "اقسم البسط والمقام على قاسمهما المشترك الأكبر.",
        ),
        tr(
            "gcd({a}, {b}) = {g}, so {a}/{b} = ({a} ÷ {g})/({b} ÷ {g}) = {p}/{q}.",
            "PGCD({a} ; {b}) = {g}, donc {a}/{b} = ({a} ÷ {g})/({b} ÷ {g}) = {p}/{q}.",
            "القاسم المشترك الأكبر للعددين {a} و {b} هو {g}، إذن {a}/{b} = {p}/{q}",
            a=a,
            b=b,
            g=g,
            p=p,
            q=q,
        ),
        same(f"{p}/{q}"),
        wrong,
    )


def equivalent_fraction(rng: Random, band: int) -> QuestionSpec:
    b = rng.randint(2, 9)
    a = rng.randint(1, b - 1) if band < 2 else rng.randint(b + 1, 3 * b)
    k = rng.randint(2, 4 + 4 * band)
    if band == 2:
        # Reducing instead of enlarging: the unknown sits over the smaller denominator.
        big_a, big_b = a * k, b * k
        prompt_eq, x = f"{big_a}/{big_b} = x/{b}", a
        steps = tr(
            "{bb} = {b} × {k}, so x = {aa} ÷ {k} = {x}.",
            "{bb} = {b} × {k}, donc x = {aa} ÷ {k} = {x}.",
            "{bb} = {b} × {k}، إذن x = {aa} ÷ {k} = {x}",
            bb=big_b,
            b=b,
            k=k,
            aa=big_a,
            x=x,
        )
        mistakes = (big_a - (big_b - b), big_a, a + k)
        first, second = big_b, b
    else:
        prompt_eq, x = f"{a}/{b} = x/{b * k}", a * k
        steps = tr(
            "{bb} = {b} × {k}, so x = {a} × {k} = {x}.",
            "{bb} = {b} × {k}, donc x = {a} × {k} = {x}.",
            "{bb} = {b} × {k}، إذن x = {a} × {k} = {x}",
            bb=b * k,
            b=b,
            k=k,
            a=a,
            x=x,
        )
        mistakes = (a + b * k - b, a * k + 1, b * k - a)
        first, second = b, b * k
    return numeric(
        tr("Find x: {e}", "Trouve x : {e}", "أوجد x: {e}", e=prompt_eq),
        tr(
            "Compare the denominators: what turns {f} into {s}? Do the same to the numerator.",
            "Compare les dénominateurs : quelle opération transforme {f} en {s} ? Fais la "
            "même au numérateur.",
            "قارن المقامين: ما العملية التي تحول {f} إلى {s}؟ طبق العملية نفسها على البسط.",
            f=first,
            s=second,
        ),
        steps,
        x,
        mistakes=mistakes,
    )


def add_fractions(rng: Random, band: int) -> QuestionSpec:
    if band == 0:
        b = d = rng.randint(5, 12)
        a, c = rng.randint(1, b // 2), rng.randint(1, b // 2)
    elif band == 1:
        b = rng.randint(2, 6)
        d = b * rng.randint(2, 3)
        a, c = rng.randint(1, b - 1), rng.randint(1, d - 1)
    else:
        b, d = rng.sample((2, 3, 5, 7), 2)
        a, c = rng.randint(1, b), rng.randint(1, d)
    total = Fraction(a, b) + Fraction(c, d)
    m = b * d // gcd(b, d)
    num = a * (m // b) + c * (m // d)
    steps = f"{a * (m // b)}/{m} + {c * (m // d)}/{m} = {num}/{m}"
    if Fraction(num, m).denominator != m:
        steps += f" = {frac(total)}"
    wrong = [same(f"{a + c}/{b + d}"), same(f"{a + c}/{b * d}"), same(f"{a * c}/{m}")]
    return choice(
        tr(
            "Calculate {a}/{b} + {c}/{d} and simplify the result.",
            "Calcule {a}/{b} + {c}/{d} et simplifie le résultat.",
            "احسب {a}/{b} + {c}/{d} ثم اختزل النتيجة.",
            a=a,
            b=b,
            c=c,
            d=d,
        ),
        T(
            "Write both fractions over the same denominator, then add the numerators only.",
            "Mets les deux fractions au même dénominateur, puis additionne seulement les "
            "numérateurs.",
            "وحّد مقامي الكسرين، ثم اجمع البسطين فقط.",
        ),
        tr(
            "{a}/{b} + {c}/{d} = {s}.",
            "{a}/{b} + {c}/{d} = {s}.",
            "{a}/{b} + {c}/{d} = {s}",
            a=a,
            b=b,
            c=c,
            d=d,
            s=steps,
        ),
        same(frac(total)),
        wrong,
    )


def pages_left(rng: Random, band: int) -> QuestionSpec:
    q = rng.choice((3, 4, 5) if band == 0 else (5, 6, 8, 12))
    p = rng.randint(1, q - 1)
    while gcd(p, q) != 1:
        p = rng.randint(1, q - 1)
    n = q * rng.randint(20, 40 + 20 * band)
    read = n // q * p
    left = n - read
    return numeric(
        tr(
            "Amine has read {p}/{q} of a {n}-page novel. How many pages does he still have "
            "to read?",
            "Amine a lu les {p}/{q} d'un roman de {n} pages. Combien de pages lui reste-t-il "
            "à lire ?",
            "قرأ أمين {p}/{q} من رواية عدد صفحاتها {n}. كم صفحة بقي عليه أن يقرأ؟",
            p=p,
            q=q,
            n=n,
        ),
        T(
            "Work out how many pages he has already read, or what fraction of the book is left.",
            "Calcule combien de pages il a déjà lues, ou quelle fraction du livre il reste.",
            "احسب عدد الصفحات التي قرأها، أو الكسر المتبقي من الرواية.",
        ),
        tr(
            "He has read {n} × {p}/{q} = {r} pages, so {n} − {r} = {l} pages are left.",
            "Il a lu {n} × {p}/{q} = {r} pages, il en reste donc {n} − {r} = {l}.",
            "قرأ {n} × {p}/{q} = {r} صفحة، إذن بقيت {n} − {r} = {l} صفحة.",
            n=n,
            p=p,
            q=q,
            r=read,
            l=left,
        ),
        left,
        mistakes=(read, n - p, n // q),
    )


# --- Decimals -------------------------------------------------------------------------------


_ALIGN_HINT = T(
    "Line up the decimal points, writing zeros where a number has fewer decimal places.",
    "Aligne les virgules, en ajoutant des zéros là où un nombre a moins de décimales.",
    "ضع الفواصل بعضها تحت بعض، وأضف أصفارا حيث يكون عدد الأرقام بعد الفاصلة أقل.",
)


def add_decimals(rng: Random, band: int) -> QuestionSpec:
    a = D(rng.randint(100, 999 * (1 + 9 * band))) / 100
    b = D(rng.randint(11, 99 * (1 + 9 * band))) / 10
    if b % 1 == 0:
        b += D("0.3")
    whole, tenths = b.to_integral_value(ROUND_DOWN), b % 1
    subtract = band == 2 and a > b
    r = a - b if subtract else a + b
    # Lining up the last digits instead of the decimal points is the classic slip.
    slip = a - whole - tenths / 10 if subtract else a + whole + tenths / 10
    op = "−" if subtract else "+"
    return numeric(
        tr("Calculate {a} {o} {b}.", "Calcule {a} {o} {b}.", "احسب: {a} {o} {b}", a=a, o=op, b=b),
        _ALIGN_HINT,
        tr(
            "With the decimal points lined up: {a} {o} {p} = {r}.",
            "En alignant les virgules : {a} {o} {p} = {r}.",
            "بمحاذاة الفواصل: {a} {o} {p} = {r}",
            a=Fixed(a, 2),
            o=op,
            p=Fixed(b, 2),
            r=r,
        ),
        r,
        mistakes=(slip, r + 1, r - D("0.1")),
    )


def multiply_decimals(rng: Random, band: int) -> QuestionSpec:
    places_b = 1 if band == 0 else 2
    a = D(rng.randint(11, 99 if band < 2 else 999)) / 10
    b = D(rng.randint(2, 9 if band == 0 else 99)) / 10**places_b
    if a % 1 == 0:
        a += D("0.1")
    whole_a, whole_b = int(a * 10), int(b * 10**places_b)
    places = 1 + places_b
    p = a * b
    return numeric(
        tr("Calculate {a} × {b}.", "Calcule {a} × {b}.", "احسب: {a} × {b}", a=a, b=b),
        T(
            "Multiply as if there were no decimal points, then count the decimal places of "
            "both factors to place the point in the result.",
            "Multiplie comme s'il n'y avait pas de virgules, puis compte les décimales des "
            "deux facteurs pour placer la virgule du résultat.",
            "اضرب كأنه لا توجد فواصل، ثم عدّ الأرقام بعد الفاصلة في العاملين لتضع الفاصلة "
            "في النتيجة.",
        ),
        tr(
            "{wa} × {wb} = {wp}; the factors have {k} decimal places in total, so {a} × {b} = {p}.",
            "{wa} × {wb} = {wp} ; les facteurs ont {k} décimales en tout, donc {a} × {b} = {p}.",
            "{wa} × {wb} = {wp}؛ مجموع الأرقام بعد الفاصلة في العاملين هو {k}، إذن {a} × {b} = {p}",
            wa=whole_a,
            wb=whole_b,
            wp=whole_a * whole_b,
            k=places,
            a=a,
            b=b,
            p=p,
        ),
        p,
        mistakes=(p * 10, p / 10, a * whole_b),
    )


def largest_decimal(rng: Random, band: int) -> QuestionSpec:
    whole = (0, rng.randint(1, 9), rng.randint(10, 99))[band]
    tenth = rng.randint(3, 8)
    short = D(whole) + D(tenth) / 10
    candidates = [
        short,
        short - D("0.1") + D(rng.randint(51, 99)) / 1000,
        D(whole) + D(tenth) / 100,
    ]
    # Half the time the longest-looking number is also the largest, so length is no clue.
    if rng.random() < 0.5:
        candidates.append(short + D(rng.randint(1, 9)) / 1000)
    else:
        candidates.append(short - D(rng.randint(1, 9)) / 100)
    largest = max(candidates)
    correct, wrong = num_choices([c for c in candidates if c != largest], largest)
    return choice(
        T("Which number is the largest?", "Quel est le plus grand nombre ?", "ما هو أكبر عدد؟"),
        T(
            "Compare the digits from left to right: units, then tenths, then hundredths. A "
            "longer number is not always larger.",
            "Compare les chiffres de gauche à droite : unités, puis dixièmes, puis "
            "centièmes. Un nombre plus long n'est pas toujours plus grand.",
            "قارن الأرقام من اليسار إلى اليمين: الوحدات ثم الأعشار ثم أجزاء المائة. العدد "
            "الأطول ليس دائما الأكبر.",
        ),
        _listed_explanation(candidates, largest),
        correct,
        wrong,
    )


def _listed_explanation(values, largest) -> T:
    texts = []
    for lang, template in (
        ("en", "With three decimals each: {l}. The largest is {m}."),
        ("fr", "Avec trois décimales chacun : {l}. Le plus grand est {m}."),
        ("ar", "بكتابة ثلاثة أرقام بعد الفاصلة: {l}. أكبرها هو {m}."),
    ):
        listed = " ; ".join(fmt(Fixed(v, 3), lang) for v in values)
        texts.append(template.format(l=listed, m=fmt(largest, lang)))
    return T(*texts)


def round_decimal(rng: Random, band: int) -> QuestionSpec:
    keep = 1 if band == 0 else 2
    digits = [rng.randint(0, 9) for _ in range(4)]
    digits[keep] = rng.randint(5, 9) if rng.random() < 0.7 else rng.randint(0, 4)
    digits[keep - 1] = rng.randint(0, 8)  # no carry across a 9, to keep the story simple
    x = D(rng.randint(1, 10 ** (band + 1))) + sum(
        D(d) / 10 ** (i + 1) for i, d in enumerate(digits)
    )
    step = D(1).scaleb(-keep)
    r = x.quantize(step, ROUND_HALF_UP)
    down = x.quantize(step, ROUND_DOWN)
    up = down + step
    other = x.quantize(D(1).scaleb(-(3 - keep)), ROUND_HALF_UP)
    correct, wrong = num_choices([up if r == down else down, other, r + 10 * step], r)
    place = [("tenth", "dixième", "0,1"), ("hundredth", "centième", "0,01")][keep - 1]
    rounds_up = r != down
    return choice(
        tr(
            "Round {x} to the nearest {pe}.",
            "Arrondis {x} au {pf}.",
            "أعط القيمة المقربة للعدد {x} إلى {pa}.",
            x=x,
            pe=place[0],
            pf=place[1],
            pa=place[2],
        ),
        T(
            "Look at the digit just after the one you keep: it decides whether you round "
            "up or down.",
            "Regarde le chiffre juste après celui que tu gardes : c'est lui qui décide si "
            "on arrondit au-dessus ou en dessous.",
            "انظر إلى الرقم الموالي مباشرة للرقم الذي تحتفظ به: هو الذي يحدد هل نقرب "
            "بالزيادة أم بالنقصان.",
        ),
        tr(
            "The next digit is {d} ({re}), so {x} ≈ {r}.",
            "Le chiffre suivant est {d} ({rf}), donc {x} ≈ {r}.",
            "الرقم الموالي هو {d} ({ra})، إذن {x} ≈ {r}",
            d=digits[keep],
            x=x,
            r=r,
            re="5 or more: round up" if rounds_up else "less than 5: round down",
            rf="5 ou plus : on arrondit au-dessus"
            if rounds_up
            else "moins de 5 : on arrondit en dessous",
            ra="أكبر من 5 أو يساويه: نقرب بالزيادة" if rounds_up else "أصغر من 5: نقرب بالنقصان",
        ),
        correct,
        wrong,
    )


_TERMINATING = ((2, 4, 5), (4, 5, 8, 20, 25), (8, 16, 40, 80, 125))


def fraction_to_decimal(rng: Random, band: int) -> QuestionSpec:
    q = rng.choice(_TERMINATING[band])
    p = rng.randint(1, q - 1) if band < 2 else rng.randint(q + 1, 3 * q)
    while gcd(p, q) != 1:
        p += 1
    power = next(n for n in range(1, 6) if 10**n % q == 0)
    k = 10**power // q
    r = D(p) / D(q)
    return numeric(
        tr(
            "Write {p}/{q} as a decimal number.",
            "Écris {p}/{q} sous forme décimale.",
            "اكتب الكسر {p}/{q} على شكل عدد عشري.",
            p=p,
            q=q,
        ),
        T(
            "Divide the numerator by the denominator, or find an equal fraction over 10, 100 "
            "or 1000.",
            "Divise le numérateur par le dénominateur, ou cherche une fraction égale sur 10, "
            "100 ou 1000.",
            "اقسم البسط على المقام، أو ابحث عن كسر مساو مقامه 10 أو 100 أو 1000.",
        ),
        tr(
            "{p}/{q} = ({p} × {k})/({q} × {k}) = {n}/{d} = {r}.",
            "{p}/{q} = ({p} × {k})/({q} × {k}) = {n}/{d} = {r}.",
            "{p}/{q} = ({p} × {k})/({q} × {k}) = {n}/{d} = {r}",
            p=p,
            q=q,
            k=k,
            n=p * k,
            d=10**power,
            r=r,
        ),
        r,
        mistakes=(D(f"{p}.{q}"), D(q) / D(p), r * 10),
    )
