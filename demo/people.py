"""Who is in the demo school: the school itself, its two classes, staff and fifty pupils."""

from dataclasses import dataclass

SCHOOL_NAME = "Lycée Ibn Khaldoun"
SCHOOL_CITY = "Casablanca"
GRADE = "TC"
ACADEMIC_YEAR = "2026-2027"
CLASS_NAMES = ("TC Sciences 1", "TC Sciences 2")
EMAIL_DOMAIN = "demo.madrasti.ma"
PASSWORD = "growth-demo"  # noqa: S105 - the published demo password, printed on start-up
API_CLIENT_NAME = "Madrasti 2.0 homework (demo)"
API_TOKEN = "mg_demo_homework_token_for_local_use_only"  # noqa: S105 - demo-only, printed too

STUDENTS_PER_CLASS = 25


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    role: str

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"

    @property
    def first_name(self) -> str:
        return self.display_name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.display_name.split(" ", 1)[-1] if " " in self.display_name else ""


ADMIN = Person("admin", "Hicham Tazi", "admin")
# teacher1 teaches Mathematics, teacher2 Physique-Chimie and SVT, in both classes.
TEACHERS = (
    Person("teacher1", "Karim Alaoui", "teacher"),
    Person("teacher2", "Nadia Berrada", "teacher"),
)

# Mostly Moroccan names in Latin script, as the platform stores them, with some French and
# English names and some written in Arabic script, mixed across both classes.
_STUDENT_NAMES = (
    "Yasmine El Amrani",
    "Omar Benali",
    "Camille Dubois",
    "Youssef Tazi",
    "سارة بنعلي",
    "Salma Idrissi",
    "Mehdi Chraibi",
    "Oliver Smith",
    "Khadija Ouazzani",
    "Anas El Fassi",
    "Hiba Lahlou",
    "Lucas Martin",
    "محمد العلوي",
    "Imane Bennis",
    "Ayoub Berrada",
    "Zineb Alami",
    "Hamza Kettani",
    "Emily Johnson",
    "Nour El Houda Sqalli",
    "Othmane Benjelloun",
    "Léa Moreau",
    "Rania Amrani",
    "Ilyas Naciri",
    "فاطمة الزهراء الإدريسي",
    "Adam Cherkaoui",
    "Aya Mansouri",
    "Reda Filali",
    "Hugo Lefèvre",
    "Meryem Bouzid",
    "يوسف الناصري",
    "Soukaina Ziani",
    "Jack Wilson",
    "Achraf El Mansouri",
    "Chloé Laurent",
    "Kawtar Lamrani",
    "Saad Bensouda",
    "هاجر الصقلي",
    "Ghita Benkirane",
    "Théo Girard",
    "Marouane Haddad",
    "Sophie Taylor",
    "Ikram Tahiri",
    "إلياس بنكيران",
    "Amine Skalli",
    "Manon Rousseau",
    "Walid Belhaj",
    "Douae Rachidi",
    "Daniel Brown",
    "مريم التازي",
    "Nabil Zerouali",
)

STUDENTS = tuple(
    Person(f"student{index:02d}", name, "student")
    for index, name in enumerate(_STUDENT_NAMES, start=1)
)


def class_index(student_number: int) -> int:
    """student01..student25 are in the first class, student26..student50 in the second."""
    return (student_number - 1) // STUDENTS_PER_CLASS


def demo_usernames() -> list[str]:
    return [ADMIN.username, *(t.username for t in TEACHERS), *(s.username for s in STUDENTS)]
