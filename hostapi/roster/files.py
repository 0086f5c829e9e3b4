"""Reading a roster file of either format."""

import json
from pathlib import Path

from django.utils.translation import gettext as _

from .csv_format import read_csv
from .host_json import read_host
from .model import Roster

FORMATS = ("csv", "host")


def guess_format(name: str) -> str:
    return "host" if Path(name).suffix.lower() == ".json" else "csv"


def read_roster(data: bytes, fmt: str) -> Roster:
    if fmt == "csv":
        try:
            return read_csv(data)
        except UnicodeDecodeError:
            roster = Roster()
            roster.error(0, _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
            return roster
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        roster = Roster()
        roster.error(0, _("The file is not valid JSON (%(error)s).") % {"error": error})
        return roster
    return read_host(document)
