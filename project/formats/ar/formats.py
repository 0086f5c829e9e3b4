# Django's Arabic locale, with the date-time formats it lacks (they fell back to the US
# "m/d/Y P") and the 24-hour clock the school's timetables use.
from django.conf.locale.ar.formats import *  # noqa: F403

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y"]
