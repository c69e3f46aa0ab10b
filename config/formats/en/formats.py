"""One way of writing dates for people (see ``common.humanize``): what Django prints for a date or a time
that a template shows without a filter. Input formats stay Django's for English."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i a"
TIME_FORMAT = "g:i a"
SHORT_DATE_FORMAT = "F j, Y"
SHORT_DATETIME_FORMAT = "F j, Y, g:i a"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
