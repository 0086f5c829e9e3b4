"""Roster sync: schools, classes, teachers and students from Madrasti 2.0 or a CSV file.

Both formats are read into one `Roster` (model.py); `apply.roster_apply` writes it in one
transaction, all or nothing (docs/roster.md).
"""
