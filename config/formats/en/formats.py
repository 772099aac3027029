# The portal's English interface keeps Vietnamese day-first dates: the documents it
# holds are Vietnamese, and 05/12 must mean the same thing whatever the language.
from config.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
