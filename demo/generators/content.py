"""The demo curriculum: three Tronc Commun subjects, their skill trees and exercise sheets.

`curriculum()` turns the specs below into concrete exercise sheets. Every sheet comes from a
Random seeded with the skill's code, so the same code always yields the same questions.
"""

from dataclasses import dataclass
from random import Random

from . import biology as bio
from . import math_advanced as adv
from . import math_arithmetic as ari
from . import physics as phy
from .spec import QuestionSpec, SkillSpec, SubjectSpec, T

SEED = "madrasti-growth-demo-v1"

MATH = SubjectSpec(
    code="MATH101",
    name=T("Mathematics", "Mathématiques", "الرياضيات"),
    exercises_per_skill=8,
    skills=(
        SkillSpec(
            "addition-subtraction",
            T("Addition and subtraction", "Addition et soustraction", "الجمع والطرح"),
            T(
                "Adding and subtracting whole numbers and integers, mentally and in columns.",
                "Additionner et soustraire des entiers naturels et relatifs, de tête et en "
                "colonnes.",
                "جمع وطرح الأعداد الصحيحة الطبيعية والنسبية ذهنيا وعموديا.",
            ),
            tier=1,
            position=0,
            p_init=0.2,
            templates=(
                ari.add_whole,
                ari.money_story,
                ari.subtract,
                ari.missing_term,
                ari.signed_sum,
            ),
        ),
        SkillSpec(
            "multiplication",
            T("Multiplication", "Multiplication", "الضرب"),
            T(
                "Products of whole numbers and integers, the rule of signs and factoring out.",
                "Produits d'entiers, règle des signes et factorisation.",
                "جداء الأعداد الصحيحة، قاعدة الإشارات والتعميل.",
            ),
            tier=2,
            position=0,
            prerequisites=("addition-subtraction",),
            templates=(
                ari.product,
                ari.product_choice,
                ari.pens_in_boxes,
                ari.sign_rule,
                ari.factor_out,
            ),
        ),
        SkillSpec(
            "division",
            T("Division", "Division", "القسمة"),
            T(
                "Exact and Euclidean division, divisibility rules and rounded quotients.",
                "Division exacte et euclidienne, critères de divisibilité et quotients arrondis.",
                "القسمة المضبوطة والقسمة الإقليدية، قواعد قابلية القسمة والخوارج المقربة.",
            ),
            tier=3,
            position=0,
            prerequisites=("multiplication",),
            templates=(
                ari.exact_division,
                ari.euclidean_division,
                ari.share_bill,
                ari.divisibility,
                ari.rounded_quotient,
            ),
        ),
        SkillSpec(
            "geometry",
            T("Geometry", "Géométrie", "الهندسة"),
            T(
                "Areas and perimeters, Pythagoras, vectors and distances in the plane (le calcul "
                "vectoriel dans le plan).",
                "Aires et périmètres, Pythagore, vecteurs et distances dans le plan (le calcul "
                "vectoriel dans le plan).",
                "المساحات والمحيطات، مبرهنة فيثاغورس، المتجهات والمسافات في المستوى (الحساب "
                "المتجهي في المستوى).",
            ),
            tier=3,
            position=1,
            prerequisites=("multiplication",),
            templates=(
                adv.rectangle,
                adv.triangle_angle,
                adv.pythagoras,
                adv.vector_coordinates,
                adv.circle,
                adv.distance,
            ),
        ),
        SkillSpec(
            "fractions",
            T("Fractions", "Fractions", "الكسور"),
            T(
                "Simplifying and adding fractions, equal fractions and fractions of a quantity.",
                "Simplifier et additionner des fractions, fractions égales et fraction d'une "
                "quantité.",
                "اختزال الكسور وجمعها، الكسور المتساوية وحساب كسر من كمية.",
            ),
            tier=4,
            position=0,
            prerequisites=("division",),
            templates=(
                ari.fraction_of,
                ari.simplify_fraction,
                ari.equivalent_fraction,
                ari.add_fractions,
                ari.pages_left,
            ),
        ),
        SkillSpec(
            "decimals",
            T("Decimals", "Nombres décimaux", "الأعداد العشرية"),
            T(
                "Operations on decimal numbers, comparing, rounding and converting fractions.",
                "Opérations sur les décimaux, comparaison, arrondi et écriture décimale des "
                "fractions.",
                "العمليات على الأعداد العشرية، المقارنة، التقريب والكتابة العشرية للكسور.",
            ),
            tier=5,
            position=0,
            prerequisites=("fractions",),
            templates=(
                ari.add_decimals,
                ari.largest_decimal,
                ari.multiply_decimals,
                ari.round_decimal,
                ari.fraction_to_decimal,
            ),
        ),
        SkillSpec(
            "algebra",
            T("Algebra", "Algèbre", "الجبر"),
            T(
                "First-degree equations and polynomials (les polynômes): expanding, evaluating, "
                "finding roots.",
                "Équations du premier degré et polynômes : développer, évaluer, trouver des "
                "racines.",
                "معادلات من الدرجة الأولى والحدوديات: النشر، حساب القيم، إيجاد الجذور.",
            ),
            tier=5,
            position=1,
            prerequisites=("fractions",),
            p_init=0.1,
            templates=(
                adv.linear_equation,
                adv.expand_product,
                adv.bracket_equation,
                adv.polynomial_root,
                adv.evaluate_polynomial,
            ),
        ),
        SkillSpec(
            "trigonometry",
            T("Trigonometry", "Trigonométrie", "الحساب المثلثي"),
            T(
                "Le calcul trigonométrique: ratios in the right triangle, radians, exact values "
                "and identities.",
                "Le calcul trigonométrique : rapports dans le triangle rectangle, radians, "
                "valeurs exactes et identités.",
                "الحساب المثلثي: النسب المثلثية في المثلث القائم الزاوية، الراديان، القيم "
                "المضبوطة والعلاقات.",
            ),
            tier=6,
            position=1,
            prerequisites=("algebra", "geometry"),
            p_init=0.1,
            templates=(
                adv.right_triangle_side,
                adv.exact_value,
                adv.radians_to_degrees,
                adv.pythagorean_identity,
                adv.ramp_angle,
            ),
        ),
        SkillSpec(
            "calculus",
            T("Calculus", "Analyse", "التحليل"),
            T(
                "Les fonctions numériques: images, rates of change, derivatives and extrema.",
                "Les fonctions numériques : images, taux de variation, dérivées et extremums.",
                "الدوال العددية: الصور، معدل التغير، المشتقات والقيم القصوى.",
            ),
            tier=7,
            position=1,
            prerequisites=("algebra", "trigonometry"),
            p_init=0.1,
            templates=(
                adv.function_image,
                adv.derivative,
                adv.rate_of_change,
                adv.extremum,
                adv.tangent_slope,
            ),
        ),
    ),
)

PHYSICS = SubjectSpec(
    code="PHYS101",
    name=T("Physics and Chemistry", "Physique-Chimie", "الفيزياء والكيمياء"),
    skills=(
        SkillSpec(
            "gravitation",
            T("Universal gravitation", "Gravitation universelle", "التجاذب الكوني"),
            T(
                "Newton's law, weight and the intensity of gravity.",
                "Loi de Newton, poids et intensité de la pesanteur.",
                "قانون نيوتن، الوزن وشدة الثقالة.",
            ),
            tier=1,
            position=0,
            templates=(phy.weight, phy.distance_factor, phy.gravity_at_altitude),
            conceptual=phy.GRAVITATION_CONCEPTS,
        ),
        SkillSpec(
            "mole",
            T(
                "Amount of substance: the mole",
                "Quantité de matière, la mole",
                "كمية المادة، المول",
            ),
            T(
                "The mole, molar mass, molar volume and the Avogadro constant.",
                "La mole, masse molaire, volume molaire et constante d'Avogadro.",
                "المول، الكتلة المولية، الحجم المولي وثابتة أفوكادرو.",
            ),
            tier=1,
            position=1,
            templates=(
                phy.amount_from_mass,
                phy.molar_mass,
                phy.amount_from_gas_volume,
                phy.amount_from_count,
            ),
            conceptual=phy.MOLE_CONCEPTS,
        ),
        SkillSpec(
            "direct-current",
            T(
                "Direct electric current",
                "Le courant électrique continu",
                "التيار الكهربائي المستمر",
            ),
            T(
                "Direction and intensity of the current, charge and the law of nodes.",
                "Sens et intensité du courant, quantité d'électricité et loi des nœuds.",
                "منحى التيار وشدته، كمية الكهرباء وقانون العقد.",
            ),
            tier=1,
            position=2,
            templates=(phy.current_from_charge, phy.charge_from_current, phy.node_law),
            conceptual=phy.CURRENT_CONCEPTS,
        ),
        SkillSpec(
            "inertia",
            T("Principle of inertia", "Principe d'inertie", "مبدأ القصور"),
            T(
                "Motion, frames of reference and the principle of inertia.",
                "Mouvement, référentiels et principe d'inertie.",
                "الحركة، المرجع ومبدأ القصور.",
            ),
            tier=2,
            position=0,
            prerequisites=("gravitation",),
            templates=(phy.uniform_speed, phy.convert_speed, phy.chronophotography),
            conceptual=phy.INERTIA_CONCEPTS,
        ),
        SkillSpec(
            "archimedes",
            T("Archimedes' thrust", "Poussée d'Archimède", "دافعة أرخميدس"),
            T(
                "The upward push of fluids on immersed bodies, and floating.",
                "La poussée des fluides sur les corps immergés, et la flottaison.",
                "دفع الموائع للأجسام المغمورة فيها، والطفو.",
            ),
            tier=2,
            position=1,
            prerequisites=("gravitation",),
            templates=(phy.thrust, phy.apparent_weight, phy.immersed_volume),
            conceptual=phy.ARCHIMEDES_CONCEPTS,
        ),
    ),
)

SVT = SubjectSpec(
    code="BIOL101",
    name=T("Life and Earth Sciences", "Sciences de la Vie et de la Terre", "علوم الحياة والأرض"),
    skills=(
        SkillSpec(
            "food-relations",
            T(
                "Food relationships in the ecosystem",
                "Les relations alimentaires dans l'écosystème",
                "العلاقات الغذائية داخل الحميلة البيئية",
            ),
            T(
                "Producers, consumers and decomposers; food chains and food webs.",
                "Producteurs, consommateurs et décomposeurs ; chaînes et réseaux trophiques.",
                "المنتجون والمستهلكون والمحللون؛ السلاسل والشبكات الغذائية.",
            ),
            tier=1,
            position=0,
            templates=(bio.trophic_level, bio.consumer_order, bio.population_density),
            conceptual=bio.FOOD_CONCEPTS,
        ),
        SkillSpec(
            "flowering-plants",
            T(
                "Sexual reproduction in flowering plants",
                "La reproduction sexuée chez les plantes à fleurs",
                "التوالد الجنسي عند النباتات الزهرية",
            ),
            T(
                "Flower organs, pollination, double fertilisation, seeds and fruits.",
                "Organes floraux, pollinisation, double fécondation, graines et fruits.",
                "أعضاء الزهرة، التأبير، الإخصاب المزدوج، البذور والثمار.",
            ),
            tier=1,
            position=1,
            templates=(bio.gamete_chromosomes, bio.germination_rate, bio.seeds_per_fruit),
            conceptual=bio.FLOWER_CONCEPTS,
        ),
        SkillSpec(
            "matter-energy-flow",
            T(
                "Flow of matter and energy in the ecosystem",
                "Flux de la matière et de l'énergie dans l'écosystème",
                "تدفق المادة والطاقة داخل الحميلة البيئية",
            ),
            T(
                "Energy transfers between trophic levels, ecological efficiency and pyramids.",
                "Transferts d'énergie entre niveaux trophiques, rendement écologique et pyramides.",
                "انتقال الطاقة بين المستويات الغذائية، المردود البيئي والأهرام البيئية.",
            ),
            tier=2,
            position=0,
            prerequisites=("food-relations",),
            templates=(bio.ten_percent_rule, bio.ecological_efficiency, bio.biomass_gain),
            conceptual=bio.FLOW_CONCEPTS,
        ),
        SkillSpec(
            "flowerless-plants",
            T(
                "Reproduction in flowerless plants",
                "La reproduction chez les plantes sans fleurs",
                "التوالد عند النباتات اللازهرية",
            ),
            T(
                "Spores, the prothallus and the life cycle of ferns and mosses.",
                "Spores, prothalle et cycle de développement des fougères et des mousses.",
                "الأبواغ، المشيرة ودورة نمو السرخسيات والحزازيات.",
            ),
            tier=2,
            position=1,
            prerequisites=("flowering-plants",),
            templates=(bio.spores_from_mother_cells, bio.prothallus_chromosomes, bio.spore_success),
            conceptual=bio.FLOWERLESS_CONCEPTS,
        ),
    ),
)

SUBJECTS = (MATH, PHYSICS, SVT)

DIFFICULTIES = ("beginner", "intermediate", "advanced")
# Sheet names by difficulty band; a band uses as many as it has sheets.
_LABELS = (
    (
        T("Warm-up", "Échauffement", "تمارين تمهيدية"),
        T("First steps", "Premiers pas", "خطوات أولى"),
        T("The basics", "Les bases", "الأساسيات"),
    ),
    (
        T("Practice", "Entraînement", "تمارين تطبيقية"),
        T("Going further", "Pour aller plus loin", "للتعمق أكثر"),
        T("Mixed problems", "Problèmes variés", "مسائل متنوعة"),
    ),
    (T("Challenge", "Défi", "تحدٍّ"), T("Mastery check", "Bilan de maîtrise", "تقويم التمكن")),
)


@dataclass(frozen=True)
class ExerciseSheet:
    position: int
    difficulty: str
    title: T
    # Each question with its choices in display order as (text, is_correct).
    questions: tuple[tuple[QuestionSpec, tuple[tuple[T, bool], ...]], ...]


def _bands(count: int) -> list[int]:
    return [index * len(DIFFICULTIES) // count for index in range(count)]


def _fresh(template, rng: Random, band: int, seen: set[str]) -> QuestionSpec:
    """A generated question, redrawn a few times if the skill already has the same prompt."""
    question = template(rng, band)
    for _ in range(12):
        if question.prompt.en not in seen:
            break
        question = template(rng, band)
    seen.add(question.prompt.en)
    return question


def _shuffled(question: QuestionSpec, rng: Random) -> tuple[tuple[T, bool], ...]:
    options = [(text, index == 0) for index, text in enumerate(question.choices)]
    rng.shuffle(options)
    return tuple(options)


def exercise_sheets(subject: SubjectSpec, skill: SkillSpec) -> list[ExerciseSheet]:
    rng = Random(f"{SEED}:{subject.code}:{skill.code}")
    seen: set[str] = set()
    bands = _bands(subject.exercises_per_skill)
    concepts = list(skill.conceptual)
    template_turn = 0
    sheets = []
    for index, band in enumerate(bands):
        if concepts:
            # Science sheets: one or two hand-written questions, the rest generated numbers.
            slots: list = [concepts.pop(0) if concepts else None]
            if index == 0 and concepts:
                slots.append(concepts.pop(0))
            slots.insert(1, None)
            while len(slots) < 4:
                slots.append(None)
        else:
            slots = [skill.templates[(index + k) % len(skill.templates)] for k in range(4)]
        questions = []
        for slot in slots:
            if isinstance(slot, QuestionSpec):
                question = slot
            else:
                template = slot
                if template is None:
                    template = skill.templates[template_turn % len(skill.templates)]
                    template_turn += 1
                question = _fresh(template, rng, band, seen)
            questions.append((question, _shuffled(question, rng)))
        label = _LABELS[band][bands[:index].count(band) % len(_LABELS[band])]
        title = T(
            f"{skill.name.en}: {label.en}",
            f"{skill.name.fr} : {label.fr}",
            f"{skill.name.ar}: {label.ar}",
        )
        sheets.append(ExerciseSheet(index, DIFFICULTIES[band], title, tuple(questions)))
    return sheets


def curriculum() -> list[tuple[SubjectSpec, list[tuple[SkillSpec, list[ExerciseSheet]]]]]:
    return [
        (subject, [(skill, exercise_sheets(subject, skill)) for skill in subject.skills])
        for subject in SUBJECTS
    ]
