"""Physique-Chimie, Tronc Commun: conceptual questions and numeric templates per lesson."""

from decimal import ROUND_HALF_UP
from random import Random

from .spec import D, QuestionSpec, T, concept, numeric, tr

# --- Gravitation universelle ----------------------------------------------------------------

GRAVITATION_CONCEPTS = (
    concept(
        T(
            "The gravitational interaction between two bodies is…",
            "L'interaction gravitationnelle entre deux corps est…",
            "التأثير البيني التجاذبي بين جسمين هو تأثير…",
        ),
        T(
            "Think of why the Moon stays around the Earth instead of flying away.",
            "Pense à la raison pour laquelle la Lune reste autour de la Terre au lieu de "
            "s'éloigner.",
            "فكر في السبب الذي يجعل القمر يبقى حول الأرض بدل أن يبتعد عنها.",
        ),
        T(
            "Gravitation is always attractive: each body pulls the other towards itself.",
            "La gravitation est toujours attractive : chaque corps attire l'autre vers lui.",
            "التجاذب الكوني تأثير تجاذبي دائما: كل جسم يجذب الآخر نحوه.",
        ),
        T("always attractive", "toujours attractive", "تجاذبي دائما"),
        T("always repulsive", "toujours répulsive", "تنافري دائما"),
        T(
            "attractive or repulsive depending on the bodies",
            "attractive ou répulsive selon les corps",
            "تجاذبي أو تنافري حسب الجسمين",
        ),
        T("zero in a vacuum", "nulle dans le vide", "منعدم في الفراغ"),
    ),
    concept(
        T(
            "The gravitational force between two bodies A and B depends on…",
            "La force gravitationnelle entre deux corps A et B dépend…",
            "شدة قوة التجاذب الكوني بين جسمين A و B تتعلق بـ…",
        ),
        T(
            "Look at the letters in Newton's law of universal gravitation.",
            "Regarde les grandeurs qui apparaissent dans la loi de la gravitation universelle.",
            "انظر إلى المقادير التي تظهر في قانون التجاذب الكوني لنيوتن.",
        ),
        T(
            "F = G·mA·mB/d²: it depends on both masses and on the distance between the centres.",
            "F = G·mA·mB/d² : elle dépend des deux masses et de la distance entre les centres.",
            "F = G·mA·mB/d²: تتعلق بكتلتي الجسمين وبالمسافة بين مركزيهما.",
        ),
        T(
            "both masses and the distance between their centres",
            "des deux masses et de la distance entre leurs centres",
            "كتلتي الجسمين والمسافة بين مركزيهما",
        ),
        T(
            "only the mass of the heavier body",
            "seulement de la masse du corps le plus lourd",
            "كتلة الجسم الأثقل فقط",
        ),
        T(
            "only the distance between them",
            "seulement de la distance qui les sépare",
            "المسافة بينهما فقط",
        ),
        T("the volumes of the two bodies", "des volumes des deux corps", "حجمي الجسمين"),
    ),
    concept(
        T(
            "Which expression is Newton's law of universal gravitation?",
            "Quelle expression traduit la loi de la gravitation universelle ?",
            "ما هو التعبير الذي يمثل قانون التجاذب الكوني؟",
        ),
        T(
            "When the distance grows, the force weakens quickly, and it grows with each mass.",
            "Quand la distance augmente, la force diminue vite ; elle augmente avec chaque masse.",
            "عندما تزداد المسافة تتناقص القوة بسرعة، وتزداد القوة بازدياد كل كتلة.",
        ),
        T(
            "F = G·mA·mB/d², with G = 6.67 × 10⁻¹¹ SI.",
            "F = G·mA·mB/d², avec G = 6,67 × 10⁻¹¹ SI.",
            "F = G·mA·mB/d²، مع G = 6,67 × 10⁻¹¹ SI.",
        ),
        T("F = G·mA·mB/d²", "F = G·mA·mB/d²", "F = G·mA·mB/d²"),
        T("F = G·mA·mB/d", "F = G·mA·mB/d", "F = G·mA·mB/d"),
        T("F = G·(mA + mB)/d²", "F = G·(mA + mB)/d²", "F = G·(mA + mB)/d²"),
        T("F = G·d²/(mA·mB)", "F = G·d²/(mA·mB)", "F = G·d²/(mA·mB)"),
    ),
    concept(
        T(
            "What is the unit of the intensity of gravity g?",
            "Quelle est l'unité de l'intensité de la pesanteur g ?",
            "ما هي وحدة شدة الثقالة g؟",
        ),
        T(
            "Start from P = m × g and isolate g.",
            "Pars de P = m × g et isole g.",
            "انطلق من العلاقة P = m × g واستخرج g.",
        ),
        T(
            "g = P/m, a force divided by a mass: newtons per kilogram (N/kg).",
            "g = P/m, une force divisée par une masse : newtons par kilogramme (N/kg).",
            "g = P/m، أي قوة مقسومة على كتلة: نيوتن لكل كيلوغرام (N/kg).",
        ),
        T("N/kg", "N/kg", "N/kg"),
        T("kg/N", "kg/N", "kg/N"),
        T("N", "N", "N"),
        T("kg", "kg", "kg"),
    ),
    concept(
        T(
            "An astronaut goes from the Earth to the Moon. What happens to her mass?",
            "Une astronaute va de la Terre à la Lune. Que devient sa masse ?",
            "تنتقل رائدة فضاء من الأرض إلى القمر. ماذا يحدث لكتلتها؟",
        ),
        T(
            "Mass measures the amount of matter; weight is the pull of the planet.",
            "La masse mesure la quantité de matière ; le poids est l'attraction de l'astre.",
            "الكتلة تقيس كمية المادة، أما الوزن فهو جذب الكوكب للجسم.",
        ),
        T(
            "Her mass does not change; only her weight drops, because g is smaller on the Moon.",
            "Sa masse ne change pas ; seul son poids diminue, car g est plus faible sur la Lune.",
            "كتلتها لا تتغير؛ وزنها فقط هو الذي ينقص لأن g أصغر على سطح القمر.",
        ),
        T("It stays the same", "Elle reste la même", "تبقى ثابتة"),
        T(
            "It is about six times smaller",
            "Elle est environ six fois plus petite",
            "تصبح أصغر بحوالي ست مرات",
        ),
        T(
            "It is about six times larger",
            "Elle est environ six fois plus grande",
            "تصبح أكبر بحوالي ست مرات",
        ),
        T("It becomes zero", "Elle devient nulle", "تنعدم"),
    ),
    concept(
        T(
            "What are the direction and sense of an object's weight?",
            "Quelles sont la direction et le sens du poids d'un objet ?",
            "ما هو خط تأثير ومنحى وزن جسم؟",
        ),
        T(
            "Let go of a ball and watch where it goes.",
            "Lâche une balle et observe où elle va.",
            "اترك كرة تسقط ولاحظ في أي اتجاه تتحرك.",
        ),
        T(
            "Weight is vertical and points downwards, towards the centre of the Earth.",
            "Le poids est vertical et orienté vers le bas, vers le centre de la Terre.",
            "الوزن رأسي وموجه نحو الأسفل، نحو مركز الأرض.",
        ),
        T("vertical, downwards", "vertical, vers le bas", "رأسي، نحو الأسفل"),
        T("vertical, upwards", "vertical, vers le haut", "رأسي، نحو الأعلى"),
        T("horizontal", "horizontal", "أفقي"),
        T("the direction of motion", "celui du mouvement", "في اتجاه الحركة"),
    ),
)


def weight(rng: Random, band: int) -> QuestionSpec:
    g = D("9.8")
    if band == 0:
        m = D(rng.randint(2, 90))
        p = m * g
        return numeric(
            tr(
                "An object has a mass of {m} kg. Calculate its weight in N (g = 9.8 N/kg).",
                "Un objet a une masse de {m} kg. Calcule son poids en N (g = 9,8 N/kg).",
                "جسم كتلته {m} kg. احسب وزنه بالنيوتن (g = 9,8 N/kg).",
                m=m,
            ),
            _WEIGHT_HINT,
            tr(
                "P = m × g = {m} × 9.8 = {p} N.",
                "P = m × g = {m} × 9,8 = {p} N.",
                "P = m × g = {m} × 9,8 = {p} N",
                m=m,
                p=p,
            ),
            p,
            mistakes=(m, m * 10, (m / g).quantize(D("0.01"))),
            tolerance="0.01",
        )
    if band == 1:
        m = D(rng.randint(11, 400)) / 10
        p = m * g
        return numeric(
            tr(
                "A bag weighs {p} N on Earth. What is its mass in kg (g = 9.8 N/kg)?",
                "Un sac pèse {p} N sur Terre. Quelle est sa masse en kg (g = 9,8 N/kg) ?",
                "وزن حقيبة على سطح الأرض هو {p} N. ما كتلتها بـ kg؟ (g = 9,8 N/kg)",
                p=p,
            ),
            _WEIGHT_HINT,
            tr(
                "m = P / g = {p} / 9.8 = {m} kg.",
                "m = P / g = {p} / 9,8 = {m} kg.",
                "m = P / g = {p} / 9,8 = {m} kg",
                p=p,
                m=m,
            ),
            m,
            mistakes=(p * g, p, p / 10),
            tolerance="0.01",
        )
    m = D(rng.randint(20, 150))
    earth, moon = m * g, m * D("1.6")
    return numeric(
        tr(
            "An astronaut's equipment weighs {pe} N on Earth (g = 9.8 N/kg). What does it "
            "weigh on the Moon, in N (g = 1.6 N/kg)?",
            "L'équipement d'une astronaute pèse {pe} N sur Terre (g = 9,8 N/kg). Combien "
            "pèse-t-il sur la Lune, en N (g = 1,6 N/kg) ?",
            "وزن معدات رائدة فضاء على سطح الأرض هو {pe} N (g = 9,8 N/kg). ما وزنها على سطح "
            "القمر بالنيوتن؟ (g = 1,6 N/kg)",
            pe=earth,
        ),
        T(
            "The mass is the same on the Earth and on the Moon: find it first.",
            "La masse est la même sur la Terre et sur la Lune : calcule-la d'abord.",
            "الكتلة هي نفسها على الأرض وعلى القمر: احسبها أولا.",
        ),
        tr(
            "m = {pe} / 9.8 = {m} kg, so on the Moon P = {m} × 1.6 = {pm} N.",
            "m = {pe} / 9,8 = {m} kg, donc sur la Lune P = {m} × 1,6 = {pm} N.",
            "m = {pe} / 9,8 = {m} kg، إذن على سطح القمر P = {m} × 1,6 = {pm} N",
            pe=earth,
            m=m,
            pm=moon,
        ),
        moon,
        mistakes=(earth * D("1.6"), m, earth / 6),
        tolerance="0.01",
    )


_WEIGHT_HINT = T(
    "Weight and mass are linked by the intensity of gravity: P = m × g.",
    "Le poids et la masse sont liés par l'intensité de la pesanteur : P = m × g.",
    "يرتبط الوزن بالكتلة عن طريق شدة الثقالة: P = m × g.",
)


def distance_factor(rng: Random, band: int) -> QuestionSpec:
    k = rng.randint(2, 3 + band)
    if band == 2:
        prompt = tr(
            "Two bodies attract each other with a force F. The distance between their centres "
            "is divided by {k}. By how much is F multiplied?",
            "Deux corps s'attirent avec une force F. On divise par {k} la distance entre "
            "leurs centres. Par combien F est-elle multipliée ?",
            "يتجاذب جسمان بقوة شدتها F. نقسم المسافة بين مركزيهما على {k}. في كم تضرب F؟",
            k=k,
        )
    else:
        prompt = tr(
            "Two bodies attract each other with a force F. The distance between their centres "
            "is multiplied by {k}. By how much is F divided?",
            "Deux corps s'attirent avec une force F. On multiplie par {k} la distance entre "
            "leurs centres. Par combien F est-elle divisée ?",
            "يتجاذب جسمان بقوة شدتها F. نضرب المسافة بين مركزيهما في {k}. على كم تقسم F؟",
            k=k,
        )
    return numeric(
        prompt,
        T(
            "In F = G·mA·mB/d², the distance appears squared.",
            "Dans F = G·mA·mB/d², la distance apparaît au carré.",
            "في العلاقة F = G·mA·mB/d² تظهر المسافة مربعة.",
        ),
        tr(
            "F is proportional to 1/d², so the factor is {k}² = {k2}.",
            "F est proportionnelle à 1/d², donc le facteur est {k}² = {k2}.",
            "F تتناسب مع 1/d²، إذن المعامل هو {k}² = {k2}",
            k=k,
            k2=k * k,
        ),
        k * k,
        mistakes=(k, 2 * k, k * k * k),
    )


def gravity_at_altitude(rng: Random, band: int) -> QuestionSpec:
    n = (1, rng.randint(1, 2), rng.randint(2, 3))[band]
    factor = (n + 1) ** 2
    g = (D("9.8") / factor).quantize(D("0.01"), ROUND_HALF_UP)
    return numeric(
        tr(
            "At the Earth's surface g₀ = 9.8 N/kg. What is g at an altitude h = {h}, where R is "
            "the Earth's radius (in N/kg, to 0.01)?",
            "À la surface de la Terre g₀ = 9,8 N/kg. Que vaut g à une altitude h = {h}, où R "
            "est le rayon de la Terre (en N/kg, à 0,01 près) ?",
            "عند سطح الأرض g₀ = 9,8 N/kg. ما قيمة g على ارتفاع h = {h}، حيث R شعاع الأرض "
            "(بـ N/kg مقربة إلى 0,01)؟",
            h="R" if n == 1 else f"{n}R",
        ),
        T(
            "g = G·M/(R + h)²: measure the distance from the centre of the Earth, not from "
            "the ground.",
            "g = G·M/(R + h)² : la distance se mesure depuis le centre de la Terre, pas depuis "
            "le sol.",
            "g = G·M/(R + h)²: تقاس المسافة انطلاقا من مركز الأرض وليس من سطحها.",
        ),
        tr(
            "The distance to the centre is {d}R, so g = 9.8 / {d}² = 9.8 / {f} ≈ {g} N/kg.",
            "La distance au centre vaut {d}R, donc g = 9,8 / {d}² = 9,8 / {f} ≈ {g} N/kg.",
            "المسافة إلى المركز هي {d}R، إذن g = 9,8 / {d}² = 9,8 / {f} ≈ {g} N/kg",
            d=n + 1,
            f=factor,
            g=g,
        ),
        g,
        mistakes=(
            (D("9.8") / (n + 1)).quantize(D("0.01")),
            (D("9.8") / (n * n)).quantize(D("0.01")),
            D("9.8"),
        ),
        tolerance="0.01",
    )


# --- Principe d'inertie ---------------------------------------------------------------------

INERTIA_CONCEPTS = (
    concept(
        T(
            "According to the principle of inertia, if the forces acting on a body cancel out, "
            "its centre of inertia…",
            "D'après le principe d'inertie, si les forces qui s'exercent sur un corps se "
            "compensent, son centre d'inertie…",
            "حسب مبدأ القصور، إذا كانت القوى المطبقة على جسم تتوازن، فإن مركز قصوره…",
        ),
        T(
            "Forces that cancel out change nothing about the motion: what was moving keeps "
            "moving the same way.",
            "Des forces qui se compensent ne changent rien au mouvement : ce qui bougeait "
            "continue de la même façon.",
            "القوى المتوازنة لا تغير شيئا في الحركة: ما كان يتحرك يستمر بالطريقة نفسها.",
        ),
        T(
            "In a Galilean frame it is either at rest or in uniform rectilinear motion.",
            "Dans un référentiel galiléen, il est soit au repos, soit en mouvement rectiligne "
            "uniforme.",
            "في مرجع غاليلي، يكون إما في سكون وإما في حركة مستقيمية منتظمة.",
        ),
        T(
            "is at rest or in uniform rectilinear motion",
            "est au repos ou en mouvement rectiligne uniforme",
            "يكون ساكنا أو في حركة مستقيمية منتظمة",
        ),
        T("always stays at rest", "reste toujours au repos", "يبقى دائما ساكنا"),
        T("slows down until it stops", "ralentit jusqu'à s'arrêter", "يتباطأ إلى أن يتوقف"),
        T("speeds up steadily", "accélère régulièrement", "يتسارع بانتظام"),
    ),
    concept(
        T(
            "A puck moves on a horizontal air table with almost no friction. It is…",
            "Un mobile autoporteur se déplace sur une table horizontale presque sans "
            "frottement. Il est…",
            "يتحرك حامل ذاتي على منضدة أفقية تقريبا بدون احتكاك. هذا الحامل…",
        ),
        T(
            "List the forces on the puck: are there any, and do they cancel?",
            "Fais l'inventaire des forces sur le mobile : y en a-t-il, et se compensent-elles ?",
            "اجرد القوى المطبقة على الحامل: هل توجد قوى، وهل تتوازن؟",
        ),
        T(
            "Its weight and the air cushion's push cancel out: the puck is pseudo-isolated.",
            "Son poids et la poussée du coussin d'air se compensent : le mobile est pseudo-isolé.",
            "وزنه وتأثير الوسادة الهوائية يتوازنان: الحامل شبه معزول ميكانيكيا.",
        ),
        T("pseudo-isolated", "pseudo-isolé", "شبه معزول ميكانيكيا"),
        T(
            "isolated: no force acts on it",
            "isolé : aucune force ne s'exerce sur lui",
            "معزول: لا تؤثر عليه أي قوة",
        ),
        T("subject to its weight only", "soumis à son seul poids", "خاضع لوزنه فقط"),
        T(
            "pushed forward by a constant force",
            "poussé vers l'avant par une force constante",
            "مدفوع نحو الأمام بقوة ثابتة",
        ),
    ),
    concept(
        T(
            "Where is the centre of inertia of a homogeneous disc?",
            "Où se trouve le centre d'inertie d'un disque homogène ?",
            "أين يوجد مركز قصور قرص متجانس؟",
        ),
        T(
            "It is the one point whose motion stays the simplest when the disc spins as it "
            "slides; symmetry helps.",
            "C'est le point dont le mouvement reste le plus simple quand le disque tourne en "
            "glissant ; pense à la symétrie.",
            "هو النقطة التي تبقى حركتها الأبسط عندما يدور القرص وهو ينزلق؛ فكر في التماثل.",
        ),
        T(
            "For a homogeneous disc, the centre of inertia is its geometric centre.",
            "Pour un disque homogène, le centre d'inertie est son centre géométrique.",
            "بالنسبة لقرص متجانس، مركز القصور هو مركزه الهندسي.",
        ),
        T("at its geometric centre", "en son centre géométrique", "في مركزه الهندسي"),
        T("on its edge", "sur son bord", "على حافته"),
        T("at any point of the disc", "en n'importe quel point du disque", "في أي نقطة من القرص"),
        T("outside the disc", "à l'extérieur du disque", "خارج القرص"),
    ),
    concept(
        T(
            "A bus brakes suddenly and a standing passenger lurches forward. Why?",
            "Un bus freine brusquement et un passager debout est projeté vers l'avant. Pourquoi ?",
            "يفرمل حافل فجأة فيندفع راكب واقف نحو الأمام. لماذا؟",
        ),
        T(
            "What was the passenger's velocity just before braking, and what slowed the bus "
            "but not the passenger?",
            "Quelle était la vitesse du passager juste avant le freinage, et qu'est-ce qui a "
            "ralenti le bus mais pas le passager ?",
            "ما هي سرعة الراكب قبل الفرملة مباشرة، وما الذي أبطأ الحافلة ولم يبطئ الراكب؟",
        ),
        T(
            "By inertia the passenger's body keeps its velocity while the bus slows down under "
            "him.",
            "Par inertie, le corps du passager garde sa vitesse pendant que le bus ralentit "
            "sous lui.",
            "بفعل القصور يحافظ جسم الراكب على سرعته بينما تتباطأ الحافلة تحته.",
        ),
        T(
            "His body tends to keep its velocity (inertia)",
            "Son corps tend à conserver sa vitesse (inertie)",
            "جسمه يميل إلى الحفاظ على سرعته (القصور)",
        ),
        T(
            "The bus pushes him forward",
            "Le bus le pousse vers l'avant",
            "الحافلة تدفعه نحو الأمام",
        ),
        T("His weight suddenly increases", "Son poids augmente brusquement", "وزنه يزداد فجأة"),
        T(
            "The air inside the bus pushes him",
            "L'air du bus le pousse",
            "الهواء داخل الحافلة يدفعه",
        ),
    ),
    concept(
        T(
            "The trajectory of a moving point depends on…",
            "La trajectoire d'un point en mouvement dépend…",
            "مسار نقطة متحركة يتعلق بـ…",
        ),
        T(
            "A valve on a bicycle wheel: what does a rider see, and someone on the pavement?",
            "La valve d'une roue de vélo : que voit le cycliste, et un piéton sur le trottoir ?",
            "صمام عجلة دراجة: ماذا يرى الدراج، وماذا يرى شخص واقف على الرصيف؟",
        ),
        T(
            "Motion is relative: the trajectory depends on the chosen frame of reference.",
            "Le mouvement est relatif : la trajectoire dépend du référentiel choisi.",
            "الحركة نسبية: المسار يتعلق بالمرجع المختار.",
        ),
        T("the chosen frame of reference", "du référentiel choisi", "المرجع المختار"),
        T("the mass of the body only", "de la masse du corps seulement", "كتلة الجسم فقط"),
        T(
            "nothing: it is always the same",
            "de rien : elle est toujours la même",
            "لا شيء: المسار هو نفسه دائما",
        ),
        T("the speed of the body only", "de la vitesse du corps seulement", "سرعة الجسم فقط"),
    ),
    concept(
        T(
            "A motion is called uniform rectilinear when…",
            "Un mouvement est dit rectiligne uniforme quand…",
            "نقول إن حركة مستقيمية منتظمة عندما…",
        ),
        T(
            "Each word is a condition: one about the path, one about the speed.",
            "Chaque mot est une condition : l'un sur la trajectoire, l'autre sur la vitesse.",
            "كل كلمة شرط: الأولى تخص المسار، والثانية تخص السرعة.",
        ),
        T(
            "Rectilinear: the path is a straight line; uniform: the speed is constant.",
            "Rectiligne : la trajectoire est une droite ; uniforme : la vitesse est constante.",
            "مستقيمية: المسار خط مستقيم؛ منتظمة: السرعة ثابتة.",
        ),
        T(
            "the path is straight and the speed constant",
            "la trajectoire est droite et la vitesse constante",
            "يكون المسار مستقيما والسرعة ثابتة",
        ),
        T(
            "the path is a circle and the speed constant",
            "la trajectoire est un cercle et la vitesse constante",
            "يكون المسار دائريا والسرعة ثابتة",
        ),
        T(
            "the path is straight and the speed increases",
            "la trajectoire est droite et la vitesse augmente",
            "يكون المسار مستقيما والسرعة تتزايد",
        ),
        T(
            "the body covers the same path twice",
            "le corps parcourt deux fois la même trajectoire",
            "يقطع الجسم المسار نفسه مرتين",
        ),
    ),
)


def uniform_speed(rng: Random, band: int) -> QuestionSpec:
    v = D(rng.randint(20, 90 + 60 * band)) / 10
    t = rng.randint(4, 30 + 30 * band)
    d = v * t
    return numeric(
        tr(
            "A cyclist in uniform rectilinear motion covers {d} m in {t} s. What is her speed "
            "in m/s?",
            "Une cycliste en mouvement rectiligne uniforme parcourt {d} m en {t} s. Quelle est "
            "sa vitesse en m/s ?",
            "تقطع دراجة في حركة مستقيمية منتظمة مسافة {d} m خلال {t} s. ما سرعتها بـ m/s؟",
            d=d,
            t=t,
        ),
        T(
            "Speed is the distance covered per unit of time.",
            "La vitesse est la distance parcourue par unité de temps.",
            "السرعة هي المسافة المقطوعة خلال وحدة الزمن.",
        ),
        tr(
            "v = d / t = {d} / {t} = {v} m/s.",
            "v = d / t = {d} / {t} = {v} m/s.",
            "v = d / t = {d} / {t} = {v} m/s",
            d=d,
            t=t,
            v=v,
        ),
        v,
        mistakes=(d * t, (D(t) / d).quantize(D("0.01")), v * D("3.6")),
        tolerance="0.01",
    )


def convert_speed(rng: Random, band: int) -> QuestionSpec:
    ms = D(rng.randint(5, 35 + 10 * band)) / (1 if band < 2 else 2)
    kmh = ms * D("3.6")
    if band == 2:
        return numeric(
            tr(
                "A cheetah runs at {v} m/s. What is its speed in km/h?",
                "Un guépard court à {v} m/s. Quelle est sa vitesse en km/h ?",
                "يجري فهد بسرعة {v} m/s. ما سرعته بـ km/h؟",
                v=ms,
            ),
            _SPEED_HINT,
            tr(
                "{v} m/s = {v} × 3.6 km/h = {k} km/h.",
                "{v} m/s = {v} × 3,6 km/h = {k} km/h.",
                "{v} m/s = {v} × 3,6 km/h = {k} km/h",
                v=ms,
                k=kmh,
            ),
            kmh,
            mistakes=((ms / D("3.6")).quantize(D("0.01")), ms * 1000, ms * 60),
            tolerance="0.01",
        )
    return numeric(
        tr(
            "A car drives at {k} km/h. What is its speed in m/s?",
            "Une voiture roule à {k} km/h. Quelle est sa vitesse en m/s ?",
            "تسير سيارة بسرعة {k} km/h. ما سرعتها بـ m/s؟",
            k=kmh,
        ),
        _SPEED_HINT,
        tr(
            "{k} km/h = {k} × 1000 m / 3600 s = {k} / 3.6 = {v} m/s.",
            "{k} km/h = {k} × 1000 m / 3600 s = {k} / 3,6 = {v} m/s.",
            "{k} km/h = {k} × 1000 m / 3600 s = {k} / 3,6 = {v} m/s",
            k=kmh,
            v=ms,
        ),
        ms,
        mistakes=(kmh * D("3.6"), kmh / 60, kmh),
        tolerance="0.01",
    )


_SPEED_HINT = T(
    "1 km = 1000 m and 1 h = 3600 s: convert both units.",
    "1 km = 1000 m et 1 h = 3600 s : convertis les deux unités.",
    "1 km = 1000 m و 1 h = 3600 s: حوّل الوحدتين معا.",
)


def chronophotography(rng: Random, band: int) -> QuestionSpec:
    tau = rng.choice((20, 40, 50, 60) if band < 2 else (30, 40, 60, 80))
    d = D(rng.randint(6, 24 + 12 * band)) / 10
    v = (d / 100) / (D(tau) / 1000)
    v = v.quantize(D("0.01"), ROUND_HALF_UP)
    return numeric(
        tr(
            "On a chronophotograph of a puck, two successive positions of its centre are "
            "{d} cm apart; the pictures are taken every τ = {t} ms. What is its speed in m/s "
            "(to 0.01)?",
            "Sur une chronophotographie d'un mobile, deux positions successives de son centre "
            "sont distantes de {d} cm ; les images sont prises toutes les τ = {t} ms. Quelle "
            "est sa vitesse en m/s (à 0,01 près) ?",
            "في تسجيل بالتصوير المتعاقب لحامل ذاتي، المسافة بين موضعين متتاليين لمركزه هي "
            "{d} cm، والمدة بين صورتين متتاليتين τ = {t} ms. ما سرعته بـ m/s مقربة إلى 0,01؟",
            d=d,
            t=tau,
        ),
        T(
            "Convert to metres and seconds before dividing the distance by the time.",
            "Convertis en mètres et en secondes avant de diviser la distance par la durée.",
            "حوّل إلى المتر والثانية قبل قسمة المسافة على المدة.",
        ),
        tr(
            "v = d / τ = {dm} m / {ts} s ≈ {v} m/s.",
            "v = d / τ = {dm} m / {ts} s ≈ {v} m/s.",
            "v = d / τ = {dm} m / {ts} s ≈ {v} m/s",
            dm=d / 100,
            ts=D(tau) / 1000,
            v=v,
        ),
        v,
        mistakes=((d / tau).quantize(D("0.01")), v * 10, v * 100),
        tolerance="0.01",
    )


# --- Poussée d'Archimède --------------------------------------------------------------------

ARCHIMEDES_CONCEPTS = (
    concept(
        T(
            "What is the direction and sense of Archimedes' thrust on an immersed body?",
            "Quelles sont la direction et le sens de la poussée d'Archimède sur un corps immergé ?",
            "ما هو خط تأثير ومنحى دافعة أرخميدس المطبقة على جسم مغمور؟",
        ),
        T(
            "Push a ball under water and feel which way it wants to go.",
            "Enfonce un ballon dans l'eau et sens dans quel sens il veut aller.",
            "اغمر كرة في الماء ولاحظ في أي اتجاه تريد أن تتحرك.",
        ),
        T(
            "The thrust is vertical and points upwards, opposite to the weight.",
            "La poussée est verticale et orientée vers le haut, à l'opposé du poids.",
            "الدافعة رأسية وموجهة نحو الأعلى، عكس منحى الوزن.",
        ),
        T("vertical, upwards", "verticale, vers le haut", "رأسية، نحو الأعلى"),
        T("vertical, downwards", "verticale, vers le bas", "رأسية، نحو الأسفل"),
        T("horizontal", "horizontale", "أفقية"),
        T(
            "along the motion of the body",
            "dans le sens du mouvement du corps",
            "في منحى حركة الجسم",
        ),
    ),
    concept(
        T(
            "The intensity of Archimedes' thrust equals…",
            "L'intensité de la poussée d'Archimède est égale…",
            "شدة دافعة أرخميدس تساوي…",
        ),
        T(
            "Think about the water that had to move out of the way when the body went in.",
            "Pense à l'eau qui a dû se déplacer quand le corps est entré.",
            "فكر في الماء الذي أزيح عندما دخل الجسم.",
        ),
        T(
            "F = ρ_fluid·V_immersed·g: the weight of the fluid displaced by the immersed part.",
            "F = ρ_fluide·V_immergé·g : le poids du fluide déplacé par la partie immergée.",
            "F = ρ·V·g: وزن المائع المزاح من طرف الجزء المغمور.",
        ),
        T("the weight of the displaced fluid", "au poids du fluide déplacé", "وزن المائع المزاح"),
        T("the weight of the body", "au poids du corps", "وزن الجسم"),
        T("the mass of the body", "à la masse du corps", "كتلة الجسم"),
        T("the volume of the container", "au volume du récipient", "حجم الإناء"),
    ),
    concept(
        T(
            "An iron cube and a wooden cube of the same volume are held fully under water. "
            "Which one receives the larger Archimedes' thrust?",
            "Un cube de fer et un cube de bois de même volume sont maintenus entièrement sous "
            "l'eau. Lequel subit la plus grande poussée d'Archimède ?",
            "مكعب من الحديد ومكعب من الخشب لهما الحجم نفسه مغموران كليا في الماء. أيهما "
            "يخضع لدافعة أرخميدس أكبر؟",
        ),
        T(
            "Which quantities appear in F = ρ·V·g, and is the body's own material one of them?",
            "Quelles grandeurs figurent dans F = ρ·V·g, et la matière du corps en fait-elle "
            "partie ?",
            "ما المقادير التي تظهر في F = ρ·V·g، وهل مادة الجسم من بينها؟",
        ),
        T(
            "Same fluid, same immersed volume: the thrust is the same; only their weights differ.",
            "Même fluide, même volume immergé : la poussée est la même ; seuls leurs poids "
            "diffèrent.",
            "نفس المائع ونفس الحجم المغمور: الدافعة هي نفسها؛ وزناهما فقط مختلفان.",
        ),
        T("They receive the same thrust", "Ils subissent la même poussée", "يخضعان للدافعة نفسها"),
        T("The iron cube", "Le cube de fer", "مكعب الحديد"),
        T("The wooden cube", "Le cube de bois", "مكعب الخشب"),
        T(
            "Neither: iron receives no thrust",
            "Aucun : le fer ne subit pas de poussée",
            "لا أحد: الحديد لا يخضع لأي دافعة",
        ),
    ),
    concept(
        T(
            "A boat floats at rest on the sea. Which statement is true?",
            "Un bateau flotte immobile sur la mer. Quelle affirmation est vraie ?",
            "قارب يطفو ساكنا على سطح البحر. أي عبارة صحيحة؟",
        ),
        T(
            "The boat is at rest: what must be true of the forces acting on it?",
            "Le bateau est au repos : que peut-on dire des forces qui s'exercent sur lui ?",
            "القارب في سكون: ماذا يمكن القول عن القوى المطبقة عليه؟",
        ),
        T(
            "At rest, the two forces cancel: the thrust equals the boat's weight.",
            "Au repos, les deux forces se compensent : la poussée est égale au poids du bateau.",
            "في حالة السكون، القوتان متوازنتان: الدافعة تساوي وزن القارب.",
        ),
        T(
            "Its weight and the thrust cancel out",
            "Son poids et la poussée se compensent",
            "وزنه والدافعة متوازنان",
        ),
        T(
            "The thrust is larger than its weight",
            "La poussée est plus grande que son poids",
            "الدافعة أكبر من وزنه",
        ),
        T(
            "It receives no thrust because it floats",
            "Il ne subit aucune poussée puisqu'il flotte",
            "لا يخضع لأي دافعة لأنه يطفو",
        ),
        T("Its weight is zero on water", "Son poids est nul sur l'eau", "وزنه منعدم فوق الماء"),
    ),
    concept(
        T(
            "The same stone is fully immersed first in fresh water, then in salt water. The "
            "thrust is…",
            "La même pierre est entièrement immergée d'abord dans l'eau douce, puis dans l'eau "
            "salée. La poussée est…",
            "نغمر الحجر نفسه كليا في ماء عذب ثم في ماء مالح. تكون الدافعة…",
        ),
        T(
            "Which of the two waters has the larger density?",
            "Laquelle des deux eaux a la plus grande masse volumique ?",
            "أي الماءين له كتلة حجمية أكبر؟",
        ),
        T(
            "Salt water is denser (larger ρ) and V is unchanged, so F = ρ·V·g is larger.",
            "L'eau salée est plus dense (ρ plus grande) et V ne change pas, donc F = ρ·V·g "
            "est plus grande.",
            "الماء المالح أكبر كتلة حجمية و V لا يتغير، إذن F = ρ·V·g أكبر.",
        ),
        T("larger in salt water", "plus grande dans l'eau salée", "أكبر في الماء المالح"),
        T("smaller in salt water", "plus petite dans l'eau salée", "أصغر في الماء المالح"),
        T("the same in both", "la même dans les deux", "نفسها في الحالتين"),
        T("zero in salt water", "nulle dans l'eau salée", "منعدمة في الماء المالح"),
    ),
    concept(
        T(
            "Where is Archimedes' thrust applied?",
            "Où s'applique la poussée d'Archimède ?",
            "أين توجد نقطة تأثير دافعة أرخميدس؟",
        ),
        T(
            "The thrust comes from the fluid that was displaced, not from the body itself.",
            "La poussée vient du fluide déplacé, pas du corps lui-même.",
            "الدافعة مصدرها المائع المزاح وليس الجسم نفسه.",
        ),
        T(
            "At the centre of thrust: the centre of gravity of the displaced fluid.",
            "Au centre de poussée : le centre de gravité du fluide déplacé.",
            "في مركز الدفع: مركز ثقل المائع المزاح.",
        ),
        T(
            "at the centre of gravity of the displaced fluid",
            "au centre de gravité du fluide déplacé",
            "في مركز ثقل المائع المزاح",
        ),
        T(
            "always at the centre of gravity of the body",
            "toujours au centre de gravité du corps",
            "دائما في مركز ثقل الجسم",
        ),
        T("at the surface of the water", "à la surface de l'eau", "على سطح الماء"),
        T("at the bottom of the container", "au fond du récipient", "في قعر الإناء"),
    ),
)


def thrust(rng: Random, band: int) -> QuestionSpec:
    v = rng.randint(5, 60 + 40 * band) * 5
    oil = band == 2 and rng.random() < 0.5
    rho = 900 if oil else 1000
    f = D(v) * rho * 10 / 1_000_000
    return numeric(
        tr(
            "A body of volume {v} cm³ is fully immersed in {fe} (ρ = {r} kg/m³). Calculate the "
            "Archimedes' thrust in N (g = 10 N/kg).",
            "Un corps de volume {v} cm³ est entièrement immergé dans {ff} (ρ = {r} kg/m³). "
            "Calcule la poussée d'Archimède en N (g = 10 N/kg).",
            "جسم حجمه {v} cm³ مغمور كليا في {fa} (ρ = {r} kg/m³). احسب شدة دافعة أرخميدس "
            "بالنيوتن (g = 10 N/kg).",
            v=v,
            r=rho,
            fe="oil" if oil else "water",
            ff="de l'huile" if oil else "l'eau",
            fa="الزيت" if oil else "الماء",
        ),
        T(
            "Use F = ρ·V·g with V in m³: 1 cm³ = 10⁻⁶ m³.",
            "Utilise F = ρ·V·g avec V en m³ : 1 cm³ = 10⁻⁶ m³.",
            "استعمل F = ρ·V·g مع V بـ m³: 1 cm³ = 10⁻⁶ m³.",
        ),
        tr(
            "F = ρ·V·g = {r} × {vm} × 10 = {f} N.",
            "F = ρ·V·g = {r} × {vm} × 10 = {f} N.",
            "F = ρ·V·g = {r} × {vm} × 10 = {f} N",
            r=rho,
            vm=D(v) / 1_000_000,
            f=f,
        ),
        f,
        mistakes=(D(v) * rho * 10, f * 1000, D(v) / 100),
        tolerance="0.01",
    )


def apparent_weight(rng: Random, band: int) -> QuestionSpec:
    p = D(rng.randint(20, 80 + 60 * band)) / 10
    f = D(rng.randint(3, int(p * 10) - 5)) / 10
    apparent = p - f
    return numeric(
        tr(
            "A stone hung from a spring scale reads {p} N in air and {a} N when fully immersed "
            "in water. What is the Archimedes' thrust in N?",
            "Une pierre suspendue à un dynamomètre indique {p} N dans l'air et {a} N "
            "lorsqu'elle est entièrement immergée dans l'eau. Quelle est la poussée "
            "d'Archimède en N ?",
            "حجر معلق بدينامومتر يشير إلى {p} N في الهواء وإلى {a} N عندما يكون مغمورا كليا "
            "في الماء. ما شدة دافعة أرخميدس بالنيوتن؟",
            p=p,
            a=apparent,
        ),
        T(
            "In water the scale reads less because the thrust carries part of the weight.",
            "Dans l'eau le dynamomètre indique moins car la poussée porte une partie du poids.",
            "في الماء يشير الدينامومتر إلى قيمة أصغر لأن الدافعة تحمل جزءا من الوزن.",
        ),
        tr(
            "F = P − P′ = {p} − {a} = {f} N.",
            "F = P − P′ = {p} − {a} = {f} N.",
            "F = P − P′ = {p} − {a} = {f} N",
            p=p,
            a=apparent,
            f=f,
        ),
        f,
        mistakes=(p + apparent, apparent, p),
        tolerance="0.01",
    )


def immersed_volume(rng: Random, band: int) -> QuestionSpec:
    f = D(rng.randint(2, 40 + 40 * band)) / 10
    v_cm3 = f / (1000 * 10) * 1_000_000
    return numeric(
        tr(
            "A fully immersed body receives an Archimedes' thrust of {f} N in water "
            "(ρ = 1000 kg/m³, g = 10 N/kg). What is its volume in cm³?",
            "Un corps entièrement immergé dans l'eau subit une poussée d'Archimède de {f} N "
            "(ρ = 1000 kg/m³, g = 10 N/kg). Quel est son volume en cm³ ?",
            "جسم مغمور كليا في الماء يخضع لدافعة أرخميدس شدتها {f} N (ρ = 1000 kg/m³، "
            "g = 10 N/kg). ما حجمه بـ cm³؟",
            f=f,
        ),
        T(
            "Rearrange F = ρ·V·g to get V, then convert m³ into cm³.",
            "Transforme F = ρ·V·g pour obtenir V, puis convertis les m³ en cm³.",
            "استخرج V من العلاقة F = ρ·V·g ثم حوّل m³ إلى cm³.",
        ),
        tr(
            "V = F / (ρ·g) = {f} / 10000 = {vm} m³ = {v} cm³.",
            "V = F / (ρ·g) = {f} / 10000 = {vm} m³ = {v} cm³.",
            "V = F / (ρ·g) = {f} / 10000 = {vm} m³ = {v} cm³",
            f=f,
            vm=f / 10000,
            v=v_cm3,
        ),
        v_cm3,
        mistakes=(f / 10000, v_cm3 * 10, f * 10000),
    )


# --- Quantité de matière, la mole -----------------------------------------------------------

MOLE_CONCEPTS = (
    concept(
        T(
            "One mole of a substance contains…",
            "Une mole d'une espèce chimique contient…",
            "مول واحد من نوع كيميائي يحتوي على…",
        ),
        T(
            "The mole is a 'packet' of entities, like a dozen but much bigger.",
            "La mole est un « paquet » d'entités, comme une douzaine mais bien plus grand.",
            "المول «حزمة» من الدقائق، مثل الدزينة لكنها أكبر بكثير.",
        ),
        T(
            "One mole contains N_A = 6.02 × 10²³ entities (atoms, molecules, ions…).",
            "Une mole contient N_A = 6,02 × 10²³ entités (atomes, molécules, ions…).",
            "يحتوي المول على N_A = 6,02 × 10²³ دقيقة (ذرات، جزيئات، أيونات…).",
        ),
        T("6.02 × 10²³ entities", "6,02 × 10²³ entités", "6,02 × 10²³ دقيقة"),
        T("exactly 1 g of matter", "exactement 1 g de matière", "1 g من المادة بالضبط"),
        T("6.02 × 10⁻²³ entities", "6,02 × 10⁻²³ entités", "6,02 × 10⁻²³ دقيقة"),
        T("22.4 entities", "22,4 entités", "22,4 دقيقة"),
    ),
    concept(
        T(
            "What is the unit of molar mass M?",
            "Quelle est l'unité de la masse molaire M ?",
            "ما هي وحدة الكتلة المولية M؟",
        ),
        T(
            "Molar mass is the mass of one mole.",
            "La masse molaire est la masse d'une mole.",
            "الكتلة المولية هي كتلة مول واحد.",
        ),
        T(
            "M is a mass per amount of substance: grams per mole, g/mol.",
            "M est une masse par quantité de matière : grammes par mole, g/mol.",
            "M كتلة لكل كمية مادة: غرام لكل مول، g/mol.",
        ),
        T("g/mol", "g/mol", "g/mol"),
        T("mol/g", "mol/g", "mol/g"),
        T("g", "g", "g"),
        T("mol", "mol", "mol"),
    ),
    concept(
        T(
            "Which relation links the amount of substance n, the mass m and the molar mass M?",
            "Quelle relation lie la quantité de matière n, la masse m et la masse molaire M ?",
            "ما العلاقة التي تربط كمية المادة n بالكتلة m وبالكتلة المولية M؟",
        ),
        T(
            "Check the units: n is in mol, m in g, M in g/mol.",
            "Vérifie les unités : n en mol, m en g, M en g/mol.",
            "تحقق من الوحدات: n بـ mol و m بـ g و M بـ g/mol.",
        ),
        T(
            "n = m / M: dividing grams by grams per mole gives moles.",
            "n = m / M : des grammes divisés par des grammes par mole donnent des moles.",
            "n = m / M: قسمة الغرامات على الغرامات لكل مول تعطي المولات.",
        ),
        T("n = m / M", "n = m / M", "n = m / M"),
        T("n = m × M", "n = m × M", "n = m × M"),
        T("n = M / m", "n = M / m", "n = M / m"),
        T("n = m + M", "n = m + M", "n = m + M"),
    ),
    concept(
        T(
            "At the same temperature and pressure, equal volumes of different gases contain…",
            "Dans les mêmes conditions de température et de pression, des volumes égaux de gaz "
            "différents contiennent…",
            "في نفس شروط درجة الحرارة والضغط، تحتوي أحجام متساوية من غازات مختلفة على…",
        ),
        T(
            "This is Avogadro–Ampère's law; think of the molar volume.",
            "C'est la loi d'Avogadro-Ampère ; pense au volume molaire.",
            "إنه قانون أفوكادرو-أمبير؛ فكر في الحجم المولي.",
        ),
        T(
            "All gases have the same molar volume Vm in the same conditions, so n = V/Vm is "
            "the same.",
            "Tous les gaz ont le même volume molaire Vm dans les mêmes conditions, donc "
            "n = V/Vm est le même.",
            "لجميع الغازات الحجم المولي نفسه Vm في نفس الشروط، إذن n = V/Vm هي نفسها.",
        ),
        T("the same amount of substance", "la même quantité de matière", "نفس كمية المادة"),
        T("the same mass", "la même masse", "نفس الكتلة"),
        T(
            "amounts proportional to their molar masses",
            "des quantités proportionnelles à leurs masses molaires",
            "كميات متناسبة مع كتلها المولية",
        ),
        T(
            "the same number of atoms in every case",
            "toujours le même nombre d'atomes",
            "دائما نفس عدد الذرات",
        ),
    ),
    concept(
        T(
            "What does the Avogadro constant N_A represent?",
            "Que représente la constante d'Avogadro N_A ?",
            "ماذا تمثل ثابتة أفوكادرو N_A؟",
        ),
        T(
            "Its unit is mol⁻¹: 'something per mole'.",
            "Son unité est mol⁻¹ : « quelque chose par mole ».",
            "وحدتها mol⁻¹: «شيء ما لكل مول».",
        ),
        T(
            "N_A is the number of entities per mole: N = n × N_A.",
            "N_A est le nombre d'entités par mole : N = n × N_A.",
            "N_A هي عدد الدقائق في المول الواحد: N = n × N_A.",
        ),
        T(
            "the number of entities in one mole",
            "le nombre d'entités dans une mole",
            "عدد الدقائق في مول واحد",
        ),
        T("the mass of one mole", "la masse d'une mole", "كتلة مول واحد"),
        T("the volume of one mole of gas", "le volume d'une mole de gaz", "حجم مول واحد من الغاز"),
        T("the mass of one atom", "la masse d'un atome", "كتلة ذرة واحدة"),
    ),
    concept(
        T(
            "The molar volume of a gas depends on…",
            "Le volume molaire d'un gaz dépend…",
            "الحجم المولي لغاز يتعلق بـ…",
        ),
        T(
            "Is the molar volume the same on a hot day and on a cold one?",
            "Le volume molaire est-il le même par temps chaud et par temps froid ?",
            "هل الحجم المولي هو نفسه في يوم حار وفي يوم بارد؟",
        ),
        T(
            "Vm depends only on temperature and pressure (about 24 L/mol at 20 °C and 1 atm), "
            "not on the gas.",
            "Vm ne dépend que de la température et de la pression (environ 24 L/mol à 20 °C "
            "et 1 atm), pas du gaz.",
            "Vm يتعلق فقط بدرجة الحرارة والضغط (حوالي 24 L/mol عند 20 °C و 1 atm)، ولا "
            "يتعلق بطبيعة الغاز.",
        ),
        T("temperature and pressure", "de la température et de la pression", "درجة الحرارة والضغط"),
        T("the nature of the gas", "de la nature du gaz", "طبيعة الغاز"),
        T("the mass of gas", "de la masse de gaz", "كتلة الغاز"),
        T("the shape of the container", "de la forme du récipient", "شكل الإناء"),
    ),
)

# (formula, English name, French name, Arabic name, molar mass, atoms for the breakdown)
_MOLECULES = (
    ("H₂O", "water", "l'eau", "الماء", 18, "2 × 1 + 16"),
    ("CO₂", "carbon dioxide", "le dioxyde de carbone", "ثنائي أكسيد الكربون", 44, "12 + 2 × 16"),
    ("CH₄", "methane", "le méthane", "الميثان", 16, "12 + 4 × 1"),
    ("NH₃", "ammonia", "l'ammoniac", "الأمونياك", 17, "14 + 3 × 1"),
    ("C₂H₆O", "ethanol", "l'éthanol", "الإيثانول", 46, "2 × 12 + 6 × 1 + 16"),
    ("C₆H₁₂O₆", "glucose", "le glucose", "الغليكوز", 180, "6 × 12 + 12 × 1 + 6 × 16"),
    ("O₂", "oxygen", "le dioxygène", "ثنائي الأكسجين", 32, "2 × 16"),
)
_ATOMIC = "M(H) = 1 ; M(C) = 12 ; M(N) = 14 ; M(O) = 16 g/mol"


def amount_from_mass(rng: Random, band: int) -> QuestionSpec:
    formula, en, fr, ar, molar, _ = rng.choice(_MOLECULES[: 4 + 3 * (band > 0)])
    n = D(rng.choice((1, 2, 3, 5)) if band == 0 else rng.randint(1, 40)) / (1 if band == 0 else 10)
    m = n * molar
    return numeric(
        tr(
            "Calculate the amount of substance in {m} g of {en} {f} (M = {M} g/mol).",
            "Calcule la quantité de matière contenue dans {m} g {fr} {f} (M = {M} g/mol).",
            "احسب كمية المادة الموجودة في {m} g من {ar} {f} (M = {M} g/mol).",
            m=m,
            en=en,
            fr=_partitive(fr),
            ar=ar,
            f=formula,
            M=molar,
        ),
        T(
            "The molar mass tells you how many grams one mole weighs.",
            "La masse molaire indique combien de grammes pèse une mole.",
            "الكتلة المولية تدل على كتلة مول واحد بالغرام.",
        ),
        tr(
            "n = m / M = {m} / {M} = {n} mol.",
            "n = m / M = {m} / {M} = {n} mol.",
            "n = m / M = {m} / {M} = {n} mol",
            m=m,
            M=molar,
            n=n,
        ),
        n,
        mistakes=(m * molar, (D(molar) / m).quantize(D("0.01")), m),
        tolerance="0.01",
    )


def _partitive(name: str) -> str:
    """ "10 g de méthane" but "10 g de l'eau" (French drops "le" after "de")."""
    return "de " + name.removeprefix("le ")


def _of(name: str) -> str:
    """ "la masse molaire du méthane" but "de l'eau" (French contracts "de le")."""
    return "du " + name.removeprefix("le ") if name.startswith("le ") else "de " + name


def molar_mass(rng: Random, band: int) -> QuestionSpec:
    formula, en, fr, ar, molar, breakdown = rng.choice(_MOLECULES[:4] if band == 0 else _MOLECULES)
    return numeric(
        tr(
            "Calculate the molar mass of {en} {f}. Data: {d}.",
            "Calcule la masse molaire {fr} {f}. Données : {d}.",
            "احسب الكتلة المولية لجزيئة {ar} {f}. معطيات: {d}.",
            en=en,
            fr=_of(fr),
            ar=ar,
            f=formula,
            d=_ATOMIC,
        ),
        T(
            "Add up the molar masses of all the atoms, counting each one as many times as its "
            "index says.",
            "Additionne les masses molaires de tous les atomes, chacun autant de fois que "
            "l'indique son indice.",
            "اجمع الكتل المولية لجميع الذرات، مع احتساب كل ذرة بعدد المرات الذي يشير إليه مؤشرها.",
        ),
        tr(
            "M({f}) = {b} = {M} g/mol.",
            "M({f}) = {b} = {M} g/mol.",
            "M({f}) = {b} = {M} g/mol",
            f=formula,
            b=breakdown,
            M=molar,
        ),
        molar,
        mistakes=(molar - 16 if molar > 16 else molar + 12, molar * 2, molar + 1),
    )


def amount_from_gas_volume(rng: Random, band: int) -> QuestionSpec:
    n = D(rng.choice((1, 2, 3) if band == 0 else (5, 15, 25, 75, 125, 150))) / (
        1 if band == 0 else 100
    )
    v = n * 24
    return numeric(
        tr(
            "A balloon holds {v} L of helium. With Vm = 24 L/mol, what is the amount of gas "
            "in mol?",
            "Un ballon contient {v} L d'hélium. Avec Vm = 24 L/mol, quelle est la quantité de "
            "gaz en mol ?",
            "يحتوي بالون على {v} L من الهيليوم. باعتبار Vm = 24 L/mol، ما كمية الغاز بـ mol؟",
            v=v,
        ),
        T(
            "The molar volume is the volume taken up by one mole of gas.",
            "Le volume molaire est le volume occupé par une mole de gaz.",
            "الحجم المولي هو الحجم الذي يشغله مول واحد من الغاز.",
        ),
        tr(
            "n = V / Vm = {v} / 24 = {n} mol.",
            "n = V / Vm = {v} / 24 = {n} mol.",
            "n = V / Vm = {v} / 24 = {n} mol",
            v=v,
            n=n,
        ),
        n,
        mistakes=(v * 24, (D(24) / v).quantize(D("0.01")), v),
        tolerance="0.01",
    )


def amount_from_count(rng: Random, band: int) -> QuestionSpec:
    n = D(rng.choice((1, 2, 3, 5) if band == 0 else (15, 25, 50, 150, 250))) / (
        1 if band == 0 else 100
    )
    count = n * D("6.02")
    return numeric(
        tr(
            "A sample contains N = {c} × 10²³ molecules. What is its amount of substance in "
            "mol (N_A = 6.02 × 10²³ mol⁻¹)?",
            "Un échantillon contient N = {c} × 10²³ molécules. Quelle est sa quantité de "
            "matière en mol (N_A = 6,02 × 10²³ mol⁻¹) ?",
            "تحتوي عينة على N = {c} × 10²³ جزيئة. ما كمية مادتها بـ mol؟ (N_A = 6,02 × 10²³ mol⁻¹)",
            c=count,
        ),
        T(
            "How many times does the sample contain one mole's worth of molecules?",
            "Combien de fois l'échantillon contient-il le nombre de molécules d'une mole ?",
            "كم مرة تحتوي العينة على عدد جزيئات مول واحد؟",
        ),
        tr(
            "n = N / N_A = ({c} × 10²³) / (6.02 × 10²³) = {n} mol.",
            "n = N / N_A = ({c} × 10²³) / (6,02 × 10²³) = {n} mol.",
            "n = N / N_A = ({c} × 10²³) / (6,02 × 10²³) = {n} mol",
            c=count,
            n=n,
        ),
        n,
        mistakes=(count * D("6.02"), count, n * 10),
        tolerance="0.01",
    )


# --- Le courant électrique continu ----------------------------------------------------------

CURRENT_CONCEPTS = (
    concept(
        T(
            "Outside the generator, the conventional direction of the current is…",
            "À l'extérieur du générateur, le sens conventionnel du courant est…",
            "خارج المولد، المنحى الاصطلاحي للتيار الكهربائي يكون…",
        ),
        T(
            "Look at the symbols marked on the terminals of a battery.",
            "Regarde les symboles inscrits sur les bornes d'une pile.",
            "انظر إلى الرمزين المكتوبين على قطبي العمود.",
        ),
        T(
            "By convention the current leaves the + terminal and returns through the − terminal.",
            "Par convention, le courant sort par la borne + et revient par la borne −.",
            "اصطلاحا، يخرج التيار من القطب الموجب ويعود عبر القطب السالب.",
        ),
        T(
            "from the + terminal to the − terminal",
            "de la borne + vers la borne −",
            "من القطب الموجب نحو القطب السالب",
        ),
        T(
            "from the − terminal to the + terminal",
            "de la borne − vers la borne +",
            "من القطب السالب نحو القطب الموجب",
        ),
        T("in both directions at once", "dans les deux sens à la fois", "في المنحيين معا"),
        T("it has no direction", "il n'a pas de sens", "ليس له منحى"),
    ),
    concept(
        T(
            "How is an ammeter connected to measure the current through a lamp?",
            "Comment branche-t-on un ampèremètre pour mesurer le courant qui traverse une lampe ?",
            "كيف نركب أمبيرمترا لقياس شدة التيار المار في مصباح؟",
        ),
        T(
            "The current you want to measure must flow through the meter itself.",
            "Le courant à mesurer doit traverser l'appareil lui-même.",
            "يجب أن يمر التيار المراد قياسه عبر الجهاز نفسه.",
        ),
        T(
            "In series with the lamp, so that the same current flows through both.",
            "En série avec la lampe, pour que le même courant les traverse tous les deux.",
            "على التوالي مع المصباح، ليمر فيهما التيار نفسه.",
        ),
        T("in series", "en série", "على التوالي"),
        T("in parallel", "en dérivation", "على التوازي"),
        T(
            "directly across the generator",
            "directement aux bornes du générateur",
            "مباشرة بين قطبي المولد",
        ),
        T("it does not matter", "peu importe", "لا يهم"),
    ),
    concept(
        T(
            "In a metal wire, the electric current is a movement of…",
            "Dans un fil métallique, le courant électrique est un déplacement…",
            "في سلك فلزي، التيار الكهربائي هو حركة…",
        ),
        T(
            "Which particles are free to move inside a metal?",
            "Quelles particules sont libres de se déplacer dans un métal ?",
            "ما الدقائق الحرة الحركة داخل الفلز؟",
        ),
        T(
            "In metals the current is carried by free electrons.",
            "Dans les métaux, le courant est dû aux électrons libres.",
            "في الفلزات، يعود التيار إلى حركة الإلكترونات الحرة.",
        ),
        T("free electrons", "d'électrons libres", "الإلكترونات الحرة"),
        T("protons", "de protons", "البروتونات"),
        T("positive ions", "d'ions positifs", "الأيونات الموجبة"),
        T("neutrons", "de neutrons", "النوترونات"),
    ),
    concept(
        T(
            "Compared with the conventional current, electrons in a circuit move…",
            "Par rapport au courant conventionnel, les électrons d'un circuit se déplacent…",
            "بالمقارنة مع المنحى الاصطلاحي للتيار، تتحرك الإلكترونات في الدارة…",
        ),
        T(
            "Electrons are negative: which terminal attracts them?",
            "Les électrons sont négatifs : quelle borne les attire ?",
            "الإلكترونات سالبة الشحنة: أي قطب يجذبها؟",
        ),
        T(
            "Electrons go towards the + terminal, opposite to the conventional direction.",
            "Les électrons vont vers la borne +, dans le sens opposé au sens conventionnel.",
            "تتجه الإلكترونات نحو القطب الموجب، في منحى معاكس للمنحى الاصطلاحي.",
        ),
        T("in the opposite direction", "en sens inverse", "في المنحى المعاكس"),
        T("in the same direction", "dans le même sens", "في المنحى نفسه"),
        T(
            "only at random, with no overall direction",
            "au hasard, sans sens d'ensemble",
            "عشوائيا دون منحى إجمالي",
        ),
        T("they do not move", "ils ne bougent pas", "لا تتحرك"),
    ),
    concept(
        T(
            "In a series circuit with two lamps, the current intensity…",
            "Dans un circuit en série comportant deux lampes, l'intensité du courant…",
            "في دارة على التوالي تضم مصباحين، شدة التيار…",
        ),
        T(
            "In a single loop, can charges pile up or vanish anywhere?",
            "Dans une boucle unique, des charges peuvent-elles s'accumuler ou disparaître "
            "quelque part ?",
            "في حلقة واحدة، هل يمكن للشحنات أن تتراكم أو تختفي في مكان ما؟",
        ),
        T(
            "Law of uniformity: in a series circuit the current is the same at every point.",
            "Loi d'unicité : dans un circuit en série, l'intensité est la même en tout point.",
            "قانون وحدانية الشدة: في دارة على التوالي، للتيار الشدة نفسها في كل نقطة.",
        ),
        T("is the same at every point", "est la même en tout point", "هي نفسها في كل نقطة"),
        T("decreases after each lamp", "diminue après chaque lampe", "تتناقص بعد كل مصباح"),
        T(
            "is larger near the + terminal",
            "est plus grande près de la borne +",
            "أكبر بالقرب من القطب الموجب",
        ),
        T("is zero between the lamps", "est nulle entre les lampes", "منعدمة بين المصباحين"),
    ),
    concept(
        T(
            "What is the unit of electric charge (quantity of electricity)?",
            "Quelle est l'unité de la quantité d'électricité ?",
            "ما هي وحدة كمية الكهرباء؟",
        ),
        T(
            "An ampere is this unit per second.",
            "Un ampère, c'est cette unité par seconde.",
            "الأمبير هو هذه الوحدة في الثانية.",
        ),
        T(
            "Charge is measured in coulombs (C): Q = I × t, so 1 C = 1 A × 1 s.",
            "La quantité d'électricité s'exprime en coulombs (C) : Q = I × t, donc "
            "1 C = 1 A × 1 s.",
            "تقاس كمية الكهرباء بالكولوم (C): Q = I × t، إذن 1 C = 1 A × 1 s.",
        ),
        T("the coulomb (C)", "le coulomb (C)", "الكولوم (C)"),
        T("the ampere (A)", "l'ampère (A)", "الأمبير (A)"),
        T("the volt (V)", "le volt (V)", "الفولط (V)"),
        T("the ohm (Ω)", "l'ohm (Ω)", "الأوم (Ω)"),
    ),
)


def current_from_charge(rng: Random, band: int) -> QuestionSpec:
    i = D(rng.randint(1, 20 + 20 * band)) / 10
    t = rng.randint(5, 60 + 60 * band)
    q = i * t
    return numeric(
        tr(
            "A charge of {q} C flows through a lamp in {t} s. What is the current intensity in A?",
            "Une quantité d'électricité de {q} C traverse une lampe en {t} s. Quelle est "
            "l'intensité du courant en A ?",
            "تعبر كمية كهرباء قدرها {q} C مصباحا خلال {t} s. ما شدة التيار بـ A؟",
            q=q,
            t=t,
        ),
        T(
            "Current intensity is the charge passing per second.",
            "L'intensité est la quantité d'électricité qui passe par seconde.",
            "شدة التيار هي كمية الكهرباء التي تمر في الثانية الواحدة.",
        ),
        tr(
            "I = Q / t = {q} / {t} = {i} A.",
            "I = Q / t = {q} / {t} = {i} A.",
            "I = Q / t = {q} / {t} = {i} A",
            q=q,
            t=t,
            i=i,
        ),
        i,
        mistakes=(q * t, (D(t) / q).quantize(D("0.01")), q),
        tolerance="0.01",
    )


def charge_from_current(rng: Random, band: int) -> QuestionSpec:
    ma = rng.randint(5, 50) * 10
    minutes = rng.randint(1, 5 + 5 * band)
    q = D(ma) / 1000 * minutes * 60
    return numeric(
        tr(
            "A current of {i} mA flows for {m} min. What charge has passed, in C?",
            "Un courant de {i} mA circule pendant {m} min. Quelle quantité d'électricité "
            "est passée, en C ?",
            "يمر تيار شدته {i} mA لمدة {m} min. ما كمية الكهرباء التي مرت بـ C؟",
            i=ma,
            m=minutes,
        ),
        T(
            "Convert to amperes and seconds first.",
            "Convertis d'abord en ampères et en secondes.",
            "حوّل أولا إلى الأمبير والثانية.",
        ),
        tr(
            "Q = I × t = {a} A × {s} s = {q} C.",
            "Q = I × t = {a} A × {s} s = {q} C.",
            "Q = I × t = {a} A × {s} s = {q} C",
            a=D(ma) / 1000,
            s=minutes * 60,
            q=q,
        ),
        q,
        mistakes=(ma * minutes, D(ma) / 1000 * minutes, ma * minutes * 60),
        tolerance="0.01",
    )


def node_law(rng: Random, band: int) -> QuestionSpec:
    i1 = D(rng.randint(1, 15 + 10 * band)) / 10
    i2 = D(rng.randint(1, 15 + 10 * band)) / 10
    total = i1 + i2
    return numeric(
        tr(
            "At a node, a current I = {t} A arrives and splits into two branches. One branch "
            "carries I₁ = {a} A. What is I₂ in A?",
            "En un nœud, un courant I = {t} A arrive et se partage entre deux branches. L'une "
            "est parcourue par I₁ = {a} A. Que vaut I₂ en A ?",
            "يصل إلى عقدة تيار شدته I = {t} A ويتفرع إلى فرعين. يمر في أحدهما تيار شدته "
            "I₁ = {a} A. ما قيمة I₂ بـ A؟",
            t=total,
            a=i1,
        ),
        T(
            "Charges cannot pile up at a node: what arrives must leave.",
            "Les charges ne s'accumulent pas en un nœud : tout ce qui arrive repart.",
            "لا تتراكم الشحنات في العقدة: كل ما يصل إليها يغادرها.",
        ),
        tr(
            "Law of nodes: I = I₁ + I₂, so I₂ = {t} − {a} = {b} A.",
            "Loi des nœuds : I = I₁ + I₂, donc I₂ = {t} − {a} = {b} A.",
            "قانون العقد: I = I₁ + I₂، إذن I₂ = {t} − {a} = {b} A",
            t=total,
            a=i1,
            b=i2,
        ),
        i2,
        mistakes=(total + i1, total, i1),
        tolerance="0.01",
    )
