"""Date and number formats per language (FORMAT_MODULE_PATH): English reads like en-GB (the
day before the month, a 24-hour clock, as the school's other languages do), and Arabic gets
the date-time formats Django's own Arabic locale leaves to the US defaults ("11/28/2026")."""
