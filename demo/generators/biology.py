"""SVT, Tronc Commun: ecology and plant reproduction, conceptual questions and numeric templates."""

from random import Random

from .spec import D, QuestionSpec, T, concept, numeric, tr

# --- Relations alimentaires dans l'écosystème -----------------------------------------------

FOOD_CONCEPTS = (
    concept(
        T(
            "In an ecosystem, the producers are…",
            "Dans un écosystème, les producteurs sont…",
            "في الحميلة البيئية، المنتجون هم…",
        ),
        T(
            "Which living things make their own organic matter, using light?",
            "Quels êtres vivants fabriquent leur propre matière organique grâce à la lumière ?",
            "ما الكائنات الحية التي تنتج مادتها العضوية بنفسها بفضل الضوء؟",
        ),
        T(
            "Chlorophyll plants and algae build organic matter from mineral matter by "
            "photosynthesis.",
            "Les végétaux chlorophylliens et les algues fabriquent de la matière organique à "
            "partir de matière minérale par photosynthèse.",
            "النباتات اليخضورية والطحالب تركب المادة العضوية انطلاقا من المادة المعدنية "
            "بواسطة التركيب الضوئي.",
        ),
        T(
            "chlorophyll plants and algae",
            "les végétaux chlorophylliens et les algues",
            "النباتات اليخضورية والطحالب",
        ),
        T("herbivores", "les herbivores", "الحيوانات العاشبة"),
        T("decomposers", "les décomposeurs", "المحللون"),
        T("carnivores", "les carnivores", "الحيوانات اللاحمة"),
    ),
    concept(
        T(
            "A herbivore such as a grasshopper is…",
            "Un herbivore comme le criquet est…",
            "حيوان عاشب مثل الجراد هو…",
        ),
        T(
            "Count the links from the plant it eats.",
            "Compte les maillons à partir de la plante qu'il mange.",
            "عدّ الحلقات انطلاقا من النبات الذي يتغذى عليه.",
        ),
        T(
            "It eats producers directly, so it is a first-order (primary) consumer.",
            "Il mange directement des producteurs : c'est un consommateur de premier ordre.",
            "يتغذى مباشرة على المنتجين، إذن هو مستهلك من الرتبة الأولى.",
        ),
        T("a primary consumer", "un consommateur primaire", "مستهلك من الرتبة الأولى"),
        T("a producer", "un producteur", "منتج"),
        T("a secondary consumer", "un consommateur secondaire", "مستهلك من الرتبة الثانية"),
        T("a decomposer", "un décomposeur", "محلل"),
    ),
    concept(
        T(
            "What is the role of decomposers (bacteria, fungi) in an ecosystem?",
            "Quel est le rôle des décomposeurs (bactéries, champignons) dans un écosystème ?",
            "ما دور المحللين (البكتيريا والفطريات) في الحميلة البيئية؟",
        ),
        T(
            "Think of what happens to dead leaves on the forest floor.",
            "Pense à ce que deviennent les feuilles mortes sur le sol d'une forêt.",
            "فكر في مصير الأوراق الميتة على أرضية الغابة.",
        ),
        T(
            "They break dead organic matter down into mineral matter that plants can reuse.",
            "Ils transforment la matière organique morte en matière minérale réutilisable par "
            "les plantes.",
            "يحولون المادة العضوية الميتة إلى مادة معدنية يمكن للنباتات استعمالها من جديد.",
        ),
        T(
            "they turn dead organic matter into mineral matter",
            "ils transforment la matière organique morte en matière minérale",
            "يحولون المادة العضوية الميتة إلى مادة معدنية",
        ),
        T(
            "they make organic matter by photosynthesis",
            "ils fabriquent de la matière organique par photosynthèse",
            "يركبون المادة العضوية بواسطة التركيب الضوئي",
        ),
        T("they hunt live animals", "ils chassent des animaux vivants", "يصطادون الحيوانات الحية"),
        T("they only store energy", "ils stockent seulement de l'énergie", "يخزنون الطاقة فقط"),
    ),
    concept(
        T(
            "In a food chain, the arrow between two organisms means…",
            "Dans une chaîne alimentaire, la flèche entre deux êtres vivants signifie…",
            "في سلسلة غذائية، يعني السهم بين كائنين حيين…",
        ),
        T(
            "The arrow follows the matter: where does the food go?",
            "La flèche suit la matière : où va la nourriture ?",
            "السهم يتبع المادة: إلى أين يذهب الغذاء؟",
        ),
        T(
            "The arrow points from the one eaten to the eater: 'is eaten by'.",
            "La flèche va du mangé vers le mangeur : « est mangé par ».",
            "يتجه السهم من الكائن المأكول نحو الكائن الآكل: «يؤكل من طرف».",
        ),
        T("'is eaten by'", "« est mangé par »", "«يؤكل من طرف»"),
        T("'eats'", "« mange »", "«يأكل»"),
        T("'lives next to'", "« vit à côté de »", "«يعيش بجانب»"),
        T("'is bigger than'", "« est plus grand que »", "«أكبر من»"),
    ),
    concept(
        T("A food web is…", "Un réseau trophique est…", "الشبكة الغذائية هي…"),
        T(
            "In nature, most animals eat more than one kind of food.",
            "Dans la nature, la plupart des animaux mangent plusieurs sortes d'aliments.",
            "في الطبيعة، تتغذى أغلب الحيوانات على أكثر من نوع واحد من الغذاء.",
        ),
        T(
            "Food chains share organisms, so they link up into a web.",
            "Les chaînes alimentaires ont des maillons communs et forment un réseau.",
            "تشترك السلاسل الغذائية في بعض الكائنات فتترابط مكونة شبكة.",
        ),
        T(
            "a set of interconnected food chains",
            "un ensemble de chaînes alimentaires reliées entre elles",
            "مجموعة من السلاسل الغذائية المترابطة فيما بينها",
        ),
        T(
            "a single, very long food chain",
            "une seule chaîne alimentaire très longue",
            "سلسلة غذائية واحدة طويلة جدا",
        ),
        T(
            "the list of producers of an ecosystem",
            "la liste des producteurs d'un écosystème",
            "لائحة المنتجين في حميلة بيئية",
        ),
        T("the layers of the soil", "les couches du sol", "طبقات التربة"),
    ),
    concept(
        T(
            "In a field, foxes eat rabbits. If the foxes disappear, the rabbit population will "
            "first…",
            "Dans un champ, les renards mangent les lapins. Si les renards disparaissent, la "
            "population de lapins va d'abord…",
            "في حقل، تتغذى الثعالب على الأرانب. إذا اختفت الثعالب، فإن عدد الأرانب سوف…",
        ),
        T(
            "What was limiting the number of rabbits?",
            "Qu'est-ce qui limitait le nombre de lapins ?",
            "ما الذي كان يحد من عدد الأرانب؟",
        ),
        T(
            "Without their predator, rabbits increase until food runs short.",
            "Sans leur prédateur, les lapins se multiplient jusqu'à manquer de nourriture.",
            "في غياب المفترس، تتكاثر الأرانب إلى أن ينقص الغذاء.",
        ),
        T("increase", "augmenter", "يتزايد في البداية"),
        T("decrease", "diminuer", "يتناقص في البداية"),
        T("stay exactly the same", "rester exactement la même", "يبقى ثابتا تماما"),
        T("disappear too", "disparaître aussi", "ينقرض هو أيضا"),
    ),
)

# Food chains in three languages, producer first.
_CHAINS = (
    (
        ("grass", "l'herbe", "العشب"),
        ("grasshopper", "le criquet", "الجراد"),
        ("frog", "la grenouille", "الضفدع"),
        ("snake", "le serpent", "الثعبان"),
        ("eagle", "l'aigle", "العقاب"),
    ),
    (
        ("phytoplankton", "le phytoplancton", "العوالق النباتية"),
        ("zooplankton", "le zooplancton", "العوالق الحيوانية"),
        ("sardine", "la sardine", "السردين"),
        ("tuna", "le thon", "التونة"),
    ),
    (
        ("oak leaves", "les feuilles de chêne", "أوراق البلوط"),
        ("caterpillar", "la chenille", "اليرقة"),
        ("blue tit", "la mésange", "القرقف"),
        ("sparrowhawk", "l'épervier", "الباشق"),
    ),
    (
        ("wheat", "le blé", "القمح"),
        ("field mouse", "le mulot", "فأر الحقل"),
        ("barn owl", "la chouette effraie", "البومة"),
    ),
)


def _chain_text(chain, lang_index: int) -> str:
    return " → ".join(link[lang_index] for link in chain)


def trophic_level(rng: Random, band: int) -> QuestionSpec:
    chain = rng.choice(_CHAINS if band else _CHAINS[:2])
    position = rng.randint(1, len(chain) - 1)
    name = chain[position]
    return numeric(
        T(
            f"In the food chain {_chain_text(chain, 0)}, at which trophic level is the {name[0]}?",
            f"Dans la chaîne alimentaire {_chain_text(chain, 1)}, à quel niveau trophique se "
            f"trouve {name[1]} ?",
            f"في السلسلة الغذائية {_chain_text(chain, 2)}، ما هو المستوى الغذائي للكائن "
            f"«{name[2]}»؟",
        ),
        T(
            "Trophic levels are counted from the producers, which form level 1.",
            "Les niveaux trophiques se comptent à partir des producteurs, qui forment le niveau 1.",
            "تُعد المستويات الغذائية انطلاقا من المنتجين الذين يشكلون المستوى 1.",
        ),
        tr(
            "Producer = level 1, then one level per link: the {e} is at level {n}.",
            "Producteur = niveau 1, puis un niveau par maillon : {f} est au niveau {n}.",
            "المنتج = المستوى 1، ثم مستوى لكل حلقة: {a} في المستوى {n}.",
            e=name[0],
            f=name[1],
            a=name[2],
            n=position + 1,
        ),
        position + 1,
        mistakes=(position, position + 2, len(chain)),
    )


def consumer_order(rng: Random, band: int) -> QuestionSpec:
    chain = rng.choice(_CHAINS[:1] + _CHAINS[2:] if band else _CHAINS[:1])
    position = rng.randint(1, len(chain) - 1)
    name = chain[position]
    return numeric(
        T(
            f"In the food chain {_chain_text(chain, 0)}, the {name[0]} is a consumer of which "
            f"order? (1 for primary, 2 for secondary…)",
            f"Dans la chaîne alimentaire {_chain_text(chain, 1)}, {name[1]} est un "
            f"consommateur de quel ordre ? (1 pour primaire, 2 pour secondaire…)",
            f"في السلسلة الغذائية {_chain_text(chain, 2)}، الكائن «{name[2]}» مستهلك من أي "
            f"رتبة؟ (1 للرتبة الأولى، 2 للرتبة الثانية…)",
        ),
        T(
            "Producers are not consumers: start counting with the animal that eats the plant.",
            "Les producteurs ne sont pas des consommateurs : commence à compter avec l'animal "
            "qui mange la plante.",
            "المنتجون ليسوا مستهلكين: ابدأ العد بالحيوان الذي يتغذى على النبات.",
        ),
        tr(
            "The {e} is {le} away from the producer: it is a consumer of order {n}.",
            "{f} est à {lf} du producteur : c'est un consommateur d'ordre {n}.",
            "عدد الحلقات بين المنتج والكائن «{a}» هو {n}: إنه مستهلك من الرتبة {n}.",
            e=name[0],
            f=name[1][0].upper() + name[1][1:],
            a=name[2],
            n=position,
            le="1 link" if position == 1 else f"{position} links",
            lf="1 maillon" if position == 1 else f"{position} maillons",
        ),
        position,
        mistakes=(position + 1, position - 1 if position > 1 else 0, len(chain)),
    )


def population_density(rng: Random, band: int) -> QuestionSpec:
    area = rng.choice((1, 2, 4, 5) if band == 0 else (4, 5, 8, 10, 25))
    count = area * rng.randint(3, 30) if band < 2 else rng.randint(20, 150)
    density = D(count) / area
    return numeric(
        tr(
            "During a field study, pupils count {c} snails in a quadrat of {a} m². What is the "
            "density of snails per m²?",
            "Lors d'une sortie écologique, les élèves comptent {c} escargots dans un quadrat de "
            "{a} m². Quelle est la densité d'escargots par m² ?",
            "خلال خرجة بيئية، أحصى التلاميذ {c} حلزونا في مربع مساحته {a} m². ما كثافة "
            "الحلزون في المتر المربع؟",
            c=count,
            a=area,
        ),
        T(
            "Density is a number of individuals per unit of area.",
            "La densité est un nombre d'individus par unité de surface.",
            "الكثافة هي عدد الأفراد في وحدة المساحة.",
        ),
        tr(
            "Density = {c} ÷ {a} = {d} snails per m².",
            "Densité = {c} ÷ {a} = {d} escargots par m².",
            "الكثافة = {c} ÷ {a} = {d} حلزونا في المتر المربع.",
            c=count,
            a=area,
            d=density,
        ),
        density,
        mistakes=(count * area, count, count + area),
    )


# --- Flux de la matière et de l'énergie dans l'écosystème -----------------------------------

FLOW_CONCEPTS = (
    concept(
        T(
            "Where does the energy of almost every ecosystem come from?",
            "D'où vient l'énergie de presque tous les écosystèmes ?",
            "من أين تأتي الطاقة في جل الحميلات البيئية؟",
        ),
        T(
            "Producers need something from outside the ecosystem to make organic matter.",
            "Les producteurs ont besoin de quelque chose venant de l'extérieur pour fabriquer "
            "la matière organique.",
            "يحتاج المنتجون إلى شيء يأتي من خارج الحميلة لتركيب المادة العضوية.",
        ),
        T(
            "Light energy from the Sun, captured by producers through photosynthesis.",
            "L'énergie lumineuse du Soleil, captée par les producteurs grâce à la photosynthèse.",
            "الطاقة الضوئية للشمس، التي يلتقطها المنتجون بواسطة التركيب الضوئي.",
        ),
        T("the Sun", "du Soleil", "من الشمس"),
        T("the soil", "du sol", "من التربة"),
        T("rainwater", "de l'eau de pluie", "من مياه الأمطار"),
        T("decomposers", "des décomposeurs", "من المحللين"),
    ),
    concept(
        T(
            "Unlike matter, energy in an ecosystem…",
            "Contrairement à la matière, l'énergie dans un écosystème…",
            "على عكس المادة، فإن الطاقة في الحميلة البيئية…",
        ),
        T(
            "Matter goes round thanks to decomposers; can heat be turned back into food?",
            "La matière est recyclée grâce aux décomposeurs ; la chaleur peut-elle redevenir "
            "de la nourriture ?",
            "تدور المادة بفضل المحللين؛ فهل يمكن للحرارة أن تتحول من جديد إلى غذاء؟",
        ),
        T(
            "Energy flows one way: part of it is lost as heat at every level and never returns.",
            "L'énergie circule dans un seul sens : une partie est perdue sous forme de "
            "chaleur à chaque niveau et ne revient jamais.",
            "تتدفق الطاقة في اتجاه واحد: يضيع جزء منها على شكل حرارة في كل مستوى ولا يعود أبدا.",
        ),
        T(
            "flows in one direction and is partly lost as heat at each level",
            "circule dans un seul sens et se perd en partie en chaleur à chaque niveau",
            "تتدفق في اتجاه واحد ويضيع جزء منها على شكل حرارة في كل مستوى",
        ),
        T("is recycled endlessly", "est recyclée indéfiniment", "يعاد تدويرها باستمرار"),
        T(
            "increases along the food chain",
            "augmente le long de la chaîne alimentaire",
            "تتزايد على طول السلسلة الغذائية",
        ),
        T("is created by consumers", "est créée par les consommateurs", "ينتجها المستهلكون"),
    ),
    concept(
        T(
            "What mainly causes the loss of energy between two trophic levels?",
            "Qu'est-ce qui cause principalement la perte d'énergie entre deux niveaux trophiques ?",
            "ما السبب الرئيسي لضياع الطاقة بين مستويين غذائيين؟",
        ),
        T(
            "Think of what an animal does with its food besides growing.",
            "Pense à ce qu'un animal fait de sa nourriture en dehors de grandir.",
            "فكر فيما يفعله الحيوان بغذائه إضافة إلى النمو.",
        ),
        T(
            "Most of the energy is used for respiration (released as heat) or lost in "
            "undigested waste.",
            "La plus grande partie de l'énergie sert à la respiration (libérée en chaleur) ou "
            "est perdue dans les déchets non digérés.",
            "يستعمل الجزء الأكبر من الطاقة في التنفس (يتحرر على شكل حرارة) أو يضيع في "
            "الفضلات غير المهضومة.",
        ),
        T(
            "respiration and undigested waste",
            "la respiration et les déchets non digérés",
            "التنفس والفضلات غير المهضومة",
        ),
        T("photosynthesis", "la photosynthèse", "التركيب الضوئي"),
        T("mineral salts in the soil", "les sels minéraux du sol", "الأملاح المعدنية للتربة"),
        T("rain", "la pluie", "الأمطار"),
    ),
    concept(
        T(
            "Why are food chains rarely longer than five links?",
            "Pourquoi les chaînes alimentaires dépassent-elles rarement cinq maillons ?",
            "لماذا نادرا ما تتجاوز السلاسل الغذائية خمس حلقات؟",
        ),
        T(
            "Roughly what share of the energy passes from one level to the next?",
            "Quelle part de l'énergie passe, en gros, d'un niveau au suivant ?",
            "ما هو تقريبا الجزء من الطاقة الذي ينتقل من مستوى إلى الموالي؟",
        ),
        T(
            "Only about 10% of the energy passes each link, so little is left for a sixth level.",
            "Environ 10 % seulement de l'énergie passe à chaque maillon : il en reste trop peu "
            "pour un sixième niveau.",
            "ينتقل حوالي 10 % فقط من الطاقة في كل حلقة، فلا يبقى ما يكفي لمستوى سادس.",
        ),
        T(
            "the energy available shrinks at each level",
            "l'énergie disponible diminue à chaque niveau",
            "الطاقة المتوفرة تتناقص في كل مستوى",
        ),
        T(
            "predators are rare by chance",
            "les prédateurs sont rares par hasard",
            "المفترسات نادرة بالصدفة",
        ),
        T(
            "matter increases at each level",
            "la matière augmente à chaque niveau",
            "المادة تتزايد في كل مستوى",
        ),
        T(
            "plants cannot feed more animals",
            "les plantes ne peuvent pas nourrir plus d'animaux",
            "النباتات لا تستطيع تغذية حيوانات أكثر",
        ),
    ),
    concept(
        T(
            "Mineral matter returns to the soil mainly thanks to…",
            "La matière minérale retourne au sol principalement grâce…",
            "تعود المادة المعدنية إلى التربة أساسا بفضل…",
        ),
        T(
            "Who feeds on dead bodies and droppings?",
            "Qui se nourrit des cadavres et des excréments ?",
            "من يتغذى على الجثث والفضلات؟",
        ),
        T(
            "Decomposers mineralise dead organic matter, closing the cycle of matter.",
            "Les décomposeurs minéralisent la matière organique morte et ferment le cycle de "
            "la matière.",
            "يحول المحللون المادة العضوية الميتة إلى مادة معدنية فتكتمل دورة المادة.",
        ),
        T("decomposers", "aux décomposeurs", "المحللين"),
        T("herbivores", "aux herbivores", "الحيوانات العاشبة"),
        T("producers", "aux producteurs", "المنتجين"),
        T("carnivores", "aux carnivores", "الحيوانات اللاحمة"),
    ),
    concept(
        T(
            "An ecological pyramid of energy…",
            "Une pyramide écologique des énergies…",
            "الهرم البيئي للطاقة…",
        ),
        T(
            "Can a level ever hold more energy than the level that feeds it?",
            "Un niveau peut-il contenir plus d'énergie que le niveau qui le nourrit ?",
            "هل يمكن لمستوى أن يحتوي على طاقة أكثر من المستوى الذي يغذيه؟",
        ),
        T(
            "Each level holds less energy than the one below, so the pyramid is always widest "
            "at the base.",
            "Chaque niveau contient moins d'énergie que celui d'en dessous : la pyramide est "
            "toujours plus large à la base.",
            "كل مستوى يحتوي على طاقة أقل من المستوى الذي تحته، لذلك يكون الهرم دائما أعرض "
            "عند القاعدة.",
        ),
        T(
            "is always widest at the base",
            "est toujours plus large à la base",
            "يكون دائما أعرض عند القاعدة",
        ),
        T("can be upside down", "peut être inversée", "يمكن أن يكون مقلوبا"),
        T("has levels of equal width", "a des niveaux de même largeur", "له مستويات متساوية العرض"),
        T("is widest at the top", "est plus large au sommet", "يكون أعرض عند القمة"),
    ),
)


def ten_percent_rule(rng: Random, band: int) -> QuestionSpec:
    energy = rng.randint(2, 90) * 1000
    steps = 1 if band == 0 else 2
    result = D(energy) / 10**steps
    level = (
        ("primary", "primaires", "الرتبة الأولى"),
        ("secondary", "secondaires", "الرتبة الثانية"),
    )[steps - 1]
    return numeric(
        tr(
            "Producers store {e} kJ. If about 10% of the energy passes from one level to the "
            "next, how much reaches the {le} consumers, in kJ?",
            "Les producteurs stockent {e} kJ. Si environ 10 % de l'énergie passe d'un niveau "
            "au suivant, combien en arrive aux consommateurs {lf}, en kJ ?",
            "يخزن المنتجون {e} kJ. إذا انتقل حوالي 10 % من الطاقة من مستوى إلى الموالي، فكم "
            "يصل منها إلى مستهلكي {la} بـ kJ؟",
            e=energy,
            le=level[0],
            lf=level[1],
            la=level[2],
        ),
        T(
            "Count how many transfers separate the producers from these consumers.",
            "Compte combien de transferts séparent les producteurs de ces consommateurs.",
            "احسب عدد الانتقالات التي تفصل المنتجين عن هؤلاء المستهلكين.",
        ),
        _ten_percent_explanation(energy, steps, result),
        result,
        mistakes=(
            D(energy) / 10,
            D(energy) * D("0.9"),
            D(energy) / 100 if steps == 1 else D(energy) / 1000,
        ),
    )


def _ten_percent_explanation(energy: int, steps: int, result) -> T:
    factors = {"en": " × 0.1" * steps, "fr": " × 0,1" * steps, "ar": " × 0,1" * steps}
    return tr(
        "Each transfer keeps 10%: {e}{fe} = {r} kJ.",
        "Chaque transfert garde 10 % : {e}{ff} = {r} kJ.",
        "كل انتقال يحتفظ بـ 10 %: {e}{fa} = {r} kJ",
        e=energy,
        fe=factors["en"],
        ff=factors["fr"],
        fa=factors["ar"],
        r=result,
    )


def ecological_efficiency(rng: Random, band: int) -> QuestionSpec:
    eaten = rng.randint(10, 90) * 100
    percent = D(rng.randint(5, 20)) if band < 2 else D(rng.randint(25, 180)) / 10
    produced = D(eaten) * percent / 100
    return numeric(
        tr(
            "Primary consumers produce {a} kJ of biomass; the secondary consumers that eat "
            "them produce {b} kJ. What is the ecological efficiency of this transfer, in %?",
            "Les consommateurs primaires produisent {a} kJ de biomasse ; les consommateurs "
            "secondaires qui les mangent produisent {b} kJ. Quel est le rendement écologique "
            "de ce transfert, en % ?",
            "ينتج مستهلكو الرتبة الأولى {a} kJ من الكتلة الحية، وينتج مستهلكو الرتبة الثانية "
            "الذين يتغذون عليهم {b} kJ. ما المردود البيئي لهذا الانتقال بـ %؟",
            a=eaten,
            b=produced,
        ),
        T(
            "The efficiency compares what the upper level produces with what the lower level "
            "produced.",
            "Le rendement compare ce que produit le niveau supérieur à ce qu'avait produit le "
            "niveau inférieur.",
            "يقارن المردود ما ينتجه المستوى الأعلى بما أنتجه المستوى الأدنى.",
        ),
        tr(
            "Efficiency = {b} ÷ {a} × 100 = {p} %.",
            "Rendement = {b} ÷ {a} × 100 = {p} %.",
            "المردود = {b} ÷ {a} × 100 = {p} %",
            a=eaten,
            b=produced,
            p=percent,
        ),
        percent,
        mistakes=(D(eaten) / produced * 100, produced / eaten, 100 - percent),
        tolerance="0.1",
    )


def biomass_gain(rng: Random, band: int) -> QuestionSpec:
    eaten = rng.randint(40, 120) * (1 if band < 2 else 10)
    feces = eaten * rng.randint(30, 45) // 100
    respiration = eaten * rng.randint(40, 55) // 100
    gain = eaten - feces - respiration
    return numeric(
        tr(
            "A sheep eats {x} kg of grass. {f} kg leave in its droppings and {r} kg are used "
            "up by respiration. How many kg become new sheep biomass?",
            "Un mouton mange {x} kg d'herbe. {f} kg repartent dans ses excréments et {r} kg "
            "sont utilisés par la respiration. Combien de kg deviennent de la nouvelle "
            "biomasse de mouton ?",
            "يأكل خروف {x} kg من العشب. يطرح منها {f} kg مع الفضلات ويستهلك {r} kg في "
            "التنفس. كم kg تتحول إلى كتلة حية جديدة للخروف؟",
            x=eaten,
            f=feces,
            r=respiration,
        ),
        T(
            "Start from what was eaten and remove every loss.",
            "Pars de ce qui a été mangé et retire chaque perte.",
            "انطلق مما تم أكله واطرح كل الضياعات.",
        ),
        tr(
            "Biomass = {x} − {f} − {r} = {g} kg.",
            "Biomasse = {x} − {f} − {r} = {g} kg.",
            "الكتلة الحية = {x} − {f} − {r} = {g} kg",
            x=eaten,
            f=feces,
            r=respiration,
            g=gain,
        ),
        gain,
        mistakes=(eaten - feces, eaten - respiration, eaten),
    )


# --- La reproduction sexuée chez les plantes à fleurs ---------------------------------------

FLOWER_CONCEPTS = (
    concept(
        T(
            "What are the male organs of a flower?",
            "Quels sont les organes mâles d'une fleur ?",
            "ما هي الأعضاء الذكرية للزهرة؟",
        ),
        T(
            "Look for the organs that make pollen.",
            "Cherche les organes qui fabriquent le pollen.",
            "ابحث عن الأعضاء التي تنتج حبوب اللقاح.",
        ),
        T(
            "The stamens: each one is a filament topped by an anther full of pollen grains.",
            "Les étamines : chacune est formée d'un filet surmonté d'une anthère pleine de "
            "grains de pollen.",
            "الأسدية: تتكون كل سداة من خيط يعلوه مئبر مملوء بحبوب اللقاح.",
        ),
        T("the stamens", "les étamines", "الأسدية"),
        T("the pistil", "le pistil", "المدقة"),
        T("the petals", "les pétales", "البتلات"),
        T("the sepals", "les sépales", "السبلات"),
    ),
    concept(
        T("Pollination is…", "La pollinisation est…", "التأبير هو…"),
        T(
            "It happens before fertilisation and moves something from one organ to another.",
            "Elle a lieu avant la fécondation et déplace quelque chose d'un organe à un autre.",
            "يحدث قبل الإخصاب وينقل شيئا من عضو إلى آخر.",
        ),
        T(
            "Pollination carries pollen from an anther to a stigma (by wind, insects…).",
            "La pollinisation transporte le pollen d'une anthère jusqu'à un stigmate (vent, "
            "insectes…).",
            "التأبير هو نقل حبوب اللقاح من المئبر إلى الميسم (بواسطة الرياح، الحشرات…).",
        ),
        T(
            "the transfer of pollen from an anther to a stigma",
            "le transport du pollen d'une anthère vers un stigmate",
            "نقل حبوب اللقاح من المئبر إلى الميسم",
        ),
        T(
            "the fusion of the male and female gametes",
            "la fusion des gamètes mâle et femelle",
            "اندماج المشيج الذكري والمشيج الأنثوي",
        ),
        T("the germination of a seed", "la germination d'une graine", "إنبات البذرة"),
        T("the growth of the fruit", "la croissance du fruit", "نمو الثمرة"),
    ),
    concept(
        T(
            "After fertilisation, what does the ovule become?",
            "Après la fécondation, que devient l'ovule ?",
            "بعد الإخصاب، إلى ماذا تتحول البويضة؟",
        ),
        T(
            "Think of what you sow to grow a new plant.",
            "Pense à ce qu'on sème pour obtenir une nouvelle plante.",
            "فكر فيما نزرعه للحصول على نبتة جديدة.",
        ),
        T(
            "The fertilised ovule becomes the seed, which contains the embryo.",
            "L'ovule fécondé devient la graine, qui contient l'embryon.",
            "تتحول البويضة المخصبة إلى بذرة تحتوي على الجنين.",
        ),
        T("the seed", "la graine", "البذرة"),
        T("the fruit", "le fruit", "الثمرة"),
        T("the pollen grain", "le grain de pollen", "حبة اللقاح"),
        T("the flower", "la fleur", "الزهرة"),
    ),
    concept(
        T(
            "After fertilisation, what does the ovary become?",
            "Après la fécondation, que devient l'ovaire ?",
            "بعد الإخصاب، إلى ماذا يتحول المبيض؟",
        ),
        T(
            "It is the part of the pistil that surrounds the ovules.",
            "C'est la partie du pistil qui entoure les ovules.",
            "هو جزء المدقة الذي يحيط بالبويضات.",
        ),
        T(
            "The ovary grows into the fruit, which protects the seeds.",
            "L'ovaire se transforme en fruit, qui protège les graines.",
            "يتحول المبيض إلى ثمرة تحمي البذور.",
        ),
        T("the fruit", "le fruit", "الثمرة"),
        T("the seed", "la graine", "البذرة"),
        T("a leaf", "une feuille", "ورقة"),
        T("the root", "la racine", "الجذر"),
    ),
    concept(
        T(
            "In flowering plants, double fertilisation produces…",
            "Chez les plantes à fleurs, la double fécondation donne…",
            "عند النباتات الزهرية، ينتج عن الإخصاب المزدوج…",
        ),
        T(
            "The pollen tube brings two male gametes into the ovule.",
            "Le tube pollinique apporte deux gamètes mâles dans l'ovule.",
            "تحمل الأنبوبة اللقاحية مشيجين ذكريين إلى داخل البويضة.",
        ),
        T(
            "One male gamete fuses with the oosphere (main egg → embryo), the other with the "
            "central cell (accessory egg → albumen).",
            "Un gamète mâle fusionne avec l'oosphère (œuf principal → embryon), l'autre avec "
            "la cellule centrale (œuf accessoire → albumen).",
            "يندمج مشيج ذكري مع الكرة البيضية (البيضة الرئيسية ← الجنين)، ويندمج الآخر مع "
            "الخلية المركزية (البيضة الإضافية ← السويداء).",
        ),
        T(
            "a main egg (embryo) and an accessory egg (albumen)",
            "un œuf principal (embryon) et un œuf accessoire (albumen)",
            "بيضة رئيسية (الجنين) وبيضة إضافية (السويداء)",
        ),
        T("two identical embryos", "deux embryons identiques", "جنينين متماثلين"),
        T("two pollen grains", "deux grains de pollen", "حبتي لقاح"),
        T("a fruit and a flower", "un fruit et une fleur", "ثمرة وزهرة"),
    ),
    concept(
        T(
            "Flowers pollinated by insects are usually…",
            "Les fleurs pollinisées par les insectes sont généralement…",
            "الأزهار التي تؤبرها الحشرات تكون عادة…",
        ),
        T(
            "What draws a bee to a flower?",
            "Qu'est-ce qui attire une abeille vers une fleur ?",
            "ما الذي يجذب النحلة نحو الزهرة؟",
        ),
        T(
            "Bright petals, scent and nectar attract insects, which carry sticky pollen.",
            "Des pétales colorés, un parfum et du nectar attirent les insectes, qui "
            "transportent un pollen collant.",
            "البتلات الملونة والرائحة والرحيق تجذب الحشرات التي تنقل حبوب لقاح لزجة.",
        ),
        T(
            "colourful and scented, with nectar",
            "colorées et parfumées, avec du nectar",
            "ملونة وذات رائحة وتحتوي على الرحيق",
        ),
        T(
            "small, green and without scent",
            "petites, vertes et sans parfum",
            "صغيرة وخضراء وبدون رائحة",
        ),
        T("without stamens", "dépourvues d'étamines", "بدون أسدية"),
        T("always underground", "toujours souterraines", "دائما تحت الأرض"),
    ),
)

# (English, French, Arabic, 2n)
_PLANTS = (
    ("pea", "le pois", "البازلاء", 14),
    ("maize", "le maïs", "الذرة", 20),
    ("tomato", "la tomate", "الطماطم", 24),
    ("barley", "l'orge", "الشعير", 14),
    ("bean", "le haricot", "الفاصوليا", 22),
    ("rice", "le riz", "الأرز", 24),
)


def gamete_chromosomes(rng: Random, band: int) -> QuestionSpec:
    en, fr, ar, diploid = rng.choice(_PLANTS)
    albumen = band == 2
    answer = diploid * 3 // 2 if albumen else diploid // 2
    if albumen:
        prompt = tr(
            "The cells of {en} have 2n = {d} chromosomes. How many chromosomes do the "
            "cells of its albumen have?",
            "Les cellules {fr} ont 2n = {d} chromosomes. Combien de chromosomes ont les "
            "cellules de son albumen ?",
            "تحتوي خلايا {ar} على 2n = {d} صبغيا. كم صبغيا تحتوي عليه خلايا السويداء؟",
            en=en,
            fr=_of_fr(fr),
            ar=ar,
            d=diploid,
        )
        hint = T(
            "The albumen comes from a male gamete (n) fused with the central cell (2n).",
            "L'albumen provient d'un gamète mâle (n) fusionné avec la cellule centrale (2n).",
            "تنتج السويداء عن اندماج مشيج ذكري (n) مع الخلية المركزية (2n).",
        )
        explanation = tr(
            "Albumen = n + 2n = 3n = 3 × {n} = {a} chromosomes.",
            "Albumen = n + 2n = 3n = 3 × {n} = {a} chromosomes.",
            "السويداء = n + 2n = 3n = 3 × {n} = {a} صبغيا.",
            n=diploid // 2,
            a=answer,
        )
    else:
        prompt = tr(
            "The cells of {en} have 2n = {d} chromosomes. How many chromosomes does a male "
            "gamete from its pollen have?",
            "Les cellules {fr} ont 2n = {d} chromosomes. Combien de chromosomes possède un "
            "gamète mâle de son pollen ?",
            "تحتوي خلايا {ar} على 2n = {d} صبغيا. كم صبغيا يحتوي عليه مشيج ذكري من حبة لقاحه؟",
            en=en,
            fr=_of_fr(fr),
            ar=ar,
            d=diploid,
        )
        hint = T(
            "Gametes are formed by meiosis, which halves the number of chromosomes.",
            "Les gamètes se forment par méiose, qui divise par deux le nombre de chromosomes.",
            "تتكون الأمشاج بواسطة الانقسام الاختزالي الذي يختزل عدد الصبغيات إلى النصف.",
        )
        explanation = tr(
            "A gamete is haploid: n = {d} ÷ 2 = {a} chromosomes.",
            "Un gamète est haploïde : n = {d} ÷ 2 = {a} chromosomes.",
            "المشيج أحادي الصيغة الصبغية: n = {d} ÷ 2 = {a} صبغيا.",
            d=diploid,
            a=answer,
        )
    return numeric(
        prompt,
        hint,
        explanation,
        answer,
        mistakes=(diploid, diploid * 2, diploid // 2 if albumen else diploid * 3 // 2),
    )


def _of_fr(name: str) -> str:
    """ "les cellules du pois", "de la tomate", "de l'orge"."""
    if name.startswith("le "):
        return "du " + name[3:]
    return "de " + name


def germination_rate(rng: Random, band: int) -> QuestionSpec:
    sown = rng.choice((20, 25, 50) if band == 0 else (40, 80, 120, 150, 200))
    rate = D(rng.randint(12, 19) * 5) if band < 2 else D(rng.randint(110, 195)) / 2
    germinated = sown * rate / 100
    while germinated != germinated.to_integral_value():
        rate += D("0.5")
        germinated = sown * rate / 100
    return numeric(
        tr(
            "Pupils sow {s} bean seeds; {g} of them germinate. What is the germination rate, in %?",
            "Des élèves sèment {s} graines de haricot ; {g} germent. Quel est le taux de "
            "germination, en % ?",
            "زرع تلاميذ {s} بذرة فاصوليا، فأنبتت منها {g}. ما نسبة الإنبات بـ %؟",
            s=sown,
            g=germinated,
        ),
        T(
            "A rate in % compares a part with the whole, scaled to 100.",
            "Un taux en % compare une partie au total, ramené à 100.",
            "النسبة المئوية تقارن جزءا بالمجموع بعد إرجاعه إلى 100.",
        ),
        tr(
            "Rate = {g} ÷ {s} × 100 = {r} %.",
            "Taux = {g} ÷ {s} × 100 = {r} %.",
            "النسبة = {g} ÷ {s} × 100 = {r} %",
            g=germinated,
            s=sown,
            r=rate,
        ),
        rate,
        mistakes=(100 - rate, germinated, sown - germinated),
        tolerance="0.1",
    )


def seeds_per_fruit(rng: Random, band: int) -> QuestionSpec:
    ovules = rng.randint(6, 12 + 8 * band)
    fertilised = ovules - rng.randint(0, 2 + band)
    fruits = rng.randint(3, 8 + 6 * band)
    total = fertilised * fruits
    return numeric(
        tr(
            "Each pea pod grows from an ovary holding {o} ovules, of which {f} are "
            "fertilised. How many peas (seeds) do {n} such pods contain?",
            "Chaque gousse de pois provient d'un ovaire de {o} ovules, dont {f} sont "
            "fécondés. Combien de petits pois (graines) contiennent {n} gousses "
            "semblables ?",
            "تنتج كل قرنة بازلاء عن مبيض يضم بويضات عددها {o}، أُخصب منها {f}. كم حبة "
            "بازلاء (بذرة) تحتوي عليها قرون مماثلة عددها {n}؟",
            o=ovules,
            f=fertilised,
            n=fruits,
        ),
        T(
            "Only fertilised ovules turn into seeds.",
            "Seuls les ovules fécondés deviennent des graines.",
            "البويضات المخصبة وحدها هي التي تتحول إلى بذور.",
        ),
        tr(
            "Seeds = {f} × {n} = {t}.",
            "Graines = {f} × {n} = {t}.",
            "عدد البذور = {f} × {n} = {t}",
            f=fertilised,
            n=fruits,
            t=total,
        ),
        total,
        mistakes=(ovules * fruits, fertilised + fruits, fertilised),
    )


# --- La reproduction chez les plantes sans fleurs -------------------------------------------

FLOWERLESS_CONCEPTS = (
    concept(
        T(
            "Ferns and mosses reproduce thanks to…",
            "Les fougères et les mousses se reproduisent grâce…",
            "تتوالد السرخسيات والحزازيات بفضل…",
        ),
        T(
            "They have neither flowers nor fruits: look under a fern leaf.",
            "Elles n'ont ni fleurs ni fruits : regarde sous une feuille de fougère.",
            "ليست لها أزهار ولا ثمار: انظر تحت ورقة السرخس.",
        ),
        T(
            "They disperse spores, which germinate on damp ground.",
            "Elles dispersent des spores, qui germent sur un sol humide.",
            "تنشر أبواغا تنبت فوق تربة رطبة.",
        ),
        T("spores", "aux spores", "الأبواغ"),
        T("seeds", "aux graines", "البذور"),
        T("fruits", "aux fruits", "الثمار"),
        T("flowers", "aux fleurs", "الأزهار"),
    ),
    concept(
        T(
            "Where are the spores of a fern produced?",
            "Où sont produites les spores d'une fougère ?",
            "أين تنتج أبواغ السرخس؟",
        ),
        T(
            "Look for small brown dots on the underside of the leaves.",
            "Cherche de petits points bruns sur la face inférieure des feuilles.",
            "ابحث عن نقط بنية صغيرة على الوجه السفلي للأوراق.",
        ),
        T(
            "In sporangia grouped into sori, on the underside of the leaves.",
            "Dans des sporanges regroupés en sores, sous les feuilles.",
            "داخل أكياس بوغية مجتمعة في بثرات، على الوجه السفلي للأوراق.",
        ),
        T(
            "in sporangia, grouped in sori under the leaves",
            "dans des sporanges regroupés en sores sous les feuilles",
            "داخل أكياس بوغية مجتمعة في بثرات تحت الأوراق",
        ),
        T("in flowers", "dans des fleurs", "داخل الأزهار"),
        T("in the roots", "dans les racines", "داخل الجذور"),
        T("in fruits", "dans des fruits", "داخل الثمار"),
    ),
    concept(
        T(
            "The prothallus of a fern is…",
            "Le prothalle d'une fougère est…",
            "المشيرة عند السرخس هي…",
        ),
        T(
            "It grows from a spore and is only a few millimetres wide.",
            "Il naît d'une spore et ne mesure que quelques millimètres.",
            "تنشأ من بوغ ولا يتجاوز عرضها بضعة مليمترات.",
        ),
        T(
            "A small heart-shaped plate that carries the sex organs (antheridia and archegonia).",
            "Une petite lame en forme de cœur qui porte les organes sexuels (anthéridies et "
            "archégones).",
            "صفيحة صغيرة على شكل قلب تحمل الأعضاء الجنسية (الأنتريدات والأركيكونات).",
        ),
        T(
            "a small heart-shaped plate carrying the sex organs",
            "une petite lame en forme de cœur portant les organes sexuels",
            "صفيحة صغيرة على شكل قلب تحمل الأعضاء الجنسية",
        ),
        T("the adult leaf of the fern", "la feuille adulte de la fougère", "الورقة البالغة للسرخس"),
        T("a spore", "une spore", "بوغ"),
        T("a seed", "une graine", "بذرة"),
    ),
    concept(
        T(
            "Why do ferns and mosses need water to reproduce sexually?",
            "Pourquoi les fougères et les mousses ont-elles besoin d'eau pour se reproduire "
            "sexuellement ?",
            "لماذا تحتاج السرخسيات والحزازيات إلى الماء للتوالد الجنسي؟",
        ),
        T(
            "Think of how the male gametes reach the female organ.",
            "Pense à la façon dont les gamètes mâles atteignent l'organe femelle.",
            "فكر في الطريقة التي تصل بها الأمشاج الذكرية إلى العضو الأنثوي.",
        ),
        T(
            "Their antherozoids swim through a film of water to reach the oosphere in the "
            "archegonium.",
            "Leurs anthérozoïdes nagent dans un film d'eau pour atteindre l'oosphère dans "
            "l'archégone.",
            "تسبح الأنتروزويدات في غشاء من الماء لتصل إلى الكرة البيضية داخل الأركيكونة.",
        ),
        T(
            "the male gametes swim to the archegonium",
            "les gamètes mâles nagent jusqu'à l'archégone",
            "الأمشاج الذكرية تسبح حتى تصل إلى الأركيكونة",
        ),
        T("the spores must dissolve", "les spores doivent se dissoudre", "يجب أن تذوب الأبواغ"),
        T("the leaves need to float", "les feuilles doivent flotter", "يجب أن تطفو الأوراق"),
        T("water replaces the pollen", "l'eau remplace le pollen", "الماء يعوض حبوب اللقاح"),
    ),
    concept(
        T(
            "What is the male sex organ of a fern prothallus called?",
            "Comment s'appelle l'organe sexuel mâle du prothalle de fougère ?",
            "ما اسم العضو الجنسي الذكري في مشيرة السرخس؟",
        ),
        T(
            "Its name sounds like the male organ of the flower that holds pollen.",
            "Son nom ressemble à celui de l'organe mâle de la fleur qui contient le pollen.",
            "اسمه يشبه اسم العضو الذكري للزهرة الذي يحتوي على حبوب اللقاح.",
        ),
        T(
            "The antheridium releases the antherozoids; the archegonium holds the oosphere.",
            "L'anthéridie libère les anthérozoïdes ; l'archégone contient l'oosphère.",
            "تحرر الأنتريدة الأنتروزويدات، أما الأركيكونة فتحتوي على الكرة البيضية.",
        ),
        T("the antheridium", "l'anthéridie", "الأنتريدة"),
        T("the archegonium", "l'archégone", "الأركيكونة"),
        T("the sporangium", "le sporange", "الكيس البوغي"),
        T("the stamen", "l'étamine", "السداة"),
    ),
    concept(
        T(
            "In a moss, the small green leafy plant we see is…",
            "Chez une mousse, la petite plante verte feuillée que l'on voit est…",
            "عند الحزاز، النبتة الخضراء الصغيرة ذات الأوراق التي نراها هي…",
        ),
        T(
            "It carries the sex organs; the capsule on a stalk grows on top of it later.",
            "Elle porte les organes sexuels ; la capsule sur son pédicelle pousse dessus plus "
            "tard.",
            "تحمل الأعضاء الجنسية؛ والعلبة المحمولة على عنيق تنمو فوقها لاحقا.",
        ),
        T(
            "The leafy moss is the haploid gametophyte; the capsule is the sporophyte.",
            "La mousse feuillée est le gamétophyte haploïde ; la capsule est le sporophyte.",
            "الحزاز المورق هو النبتة المشيجية الأحادية الصيغة الصبغية؛ أما العلبة فهي النبتة "
            "البوغية.",
        ),
        T(
            "the gametophyte (haploid)",
            "le gamétophyte (haploïde)",
            "النبتة المشيجية (أحادية الصيغة الصبغية)",
        ),
        T(
            "the sporophyte (diploid)",
            "le sporophyte (diploïde)",
            "النبتة البوغية (ثنائية الصيغة الصبغية)",
        ),
        T("a prothallus", "un prothalle", "مشيرة"),
        T("a spore", "une spore", "بوغ"),
    ),
)


def spores_from_mother_cells(rng: Random, band: int) -> QuestionSpec:
    cells = rng.randint(8, 16 + 40 * band)
    sporangia = 1 if band < 2 else rng.randint(2, 5)
    spores = cells * 4 * sporangia
    where = (
        tr("a sporangium", "un sporange", "كيس بوغي")
        if sporangia == 1
        else tr(
            "each of {k} sporangia",
            "chacun de {k} sporanges",
            "كل كيس من {k} أكياس بوغية",
            k=sporangia,
        )
    )
    return numeric(
        tr(
            "In {w} of a fern, there are {c} spore mother cells. Each one undergoes meiosis. "
            "How many spores are produced in total?",
            "Dans {wf} d'une fougère, il y a {c} cellules mères des spores. Chacune subit la "
            "méiose. Combien de spores sont produites au total ?",
            "يوجد في {wa} عند السرخس خلايا أم للأبواغ عددها {c}، تخضع كل منها للانقسام "
            "الاختزالي. كم بوغا ينتج في المجموع؟",
            w=where.en,
            wf=where.fr,
            wa=where.ar,
            c=cells,
        ),
        T(
            "How many cells does one meiosis produce?",
            "Combien de cellules une méiose produit-elle ?",
            "كم خلية ينتج انقسام اختزالي واحد؟",
        ),
        tr(
            "One meiosis gives 4 spores: {c} × 4{k} = {s} spores.",
            "Une méiose donne 4 spores : {c} × 4{k} = {s} spores.",
            "ينتج كل انقسام اختزالي 4 أبواغ: {c} × 4{k} = {s} بوغا.",
            c=cells,
            k="" if sporangia == 1 else f" × {sporangia}",
            s=spores,
        ),
        spores,
        mistakes=(cells * 2 * sporangia, cells * sporangia, cells * 4),
    )


def prothallus_chromosomes(rng: Random, band: int) -> QuestionSpec:
    diploid = rng.randrange(60, 121, 2)
    spore = band == 0
    answer = diploid // 2
    return numeric(
        tr(
            "The leaves of a fern species have 2n = {d} chromosomes. How many chromosomes "
            "does {e} have?",
            "Les feuilles d'une espèce de fougère ont 2n = {d} chromosomes. Combien de "
            "chromosomes possède {f} ?",
            "تحتوي خلايا أوراق نوع من السرخس على 2n = {d} صبغيا. كم صبغيا تحتوي عليه {a}؟",
            d=diploid,
            e="one of its spores" if spore else "a cell of its prothallus",
            f="une de ses spores" if spore else "une cellule de son prothalle",
            a="إحدى أبواغه" if spore else "خلية من مشيرته",
        ),
        T(
            "Spores come from meiosis, and the prothallus grows from a spore by mitosis.",
            "Les spores sont issues de la méiose, et le prothalle se développe à partir d'une "
            "spore par mitoses.",
            "تنتج الأبواغ عن الانقسام الاختزالي، وتنمو المشيرة انطلاقا من بوغ بانقسامات "
            "غير مباشرة.",
        ),
        tr(
            "Meiosis halves the number: n = {d} ÷ 2 = {a}, and mitosis keeps it.",
            "La méiose divise le nombre par deux : n = {d} ÷ 2 = {a}, et la mitose le conserve.",
            "الانقسام الاختزالي يختزل العدد إلى النصف: n = {d} ÷ 2 = {a}، والانقسام غير "
            "المباشر يحافظ عليه.",
            d=diploid,
            a=answer,
        ),
        answer,
        mistakes=(diploid, diploid * 2, answer // 2),
    )


def spore_success(rng: Random, band: int) -> QuestionSpec:
    sown = rng.choice((200, 400, 500) if band < 2 else (250, 800, 1200))
    percent = D(rng.randint(4, 19) * 5) / (1 if band < 2 else 2)
    grown = sown * percent / 100
    while grown != grown.to_integral_value():
        percent += D("0.5")
        grown = sown * percent / 100
    return numeric(
        tr(
            "Of {s} fern spores spread on damp soil, {g} grow into prothalli. What percentage "
            "of the spores developed?",
            "Sur {s} spores de fougère semées sur un sol humide, {g} donnent un prothalle. "
            "Quel pourcentage des spores s'est développé ?",
            "من بين {s} من أبواغ السرخس نُثرت فوق تربة رطبة، أعطى {g} منها مشيرة. ما النسبة "
            "المئوية للأبواغ التي نمت؟",
            s=sown,
            g=grown,
        ),
        T(
            "Compare the spores that grew with all the spores sown, out of 100.",
            "Compare les spores qui se sont développées à toutes les spores semées, sur 100.",
            "قارن عدد الأبواغ التي نمت بعدد جميع الأبواغ المنثورة، من أصل 100.",
        ),
        tr(
            "{g} ÷ {s} × 100 = {p} %.",
            "{g} ÷ {s} × 100 = {p} %.",
            "{g} ÷ {s} × 100 = {p} %",
            g=grown,
            s=sown,
            p=percent,
        ),
        percent,
        mistakes=(100 - percent, grown, percent * 10),
        tolerance="0.1",
    )
