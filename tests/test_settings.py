import datetime
import os

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.utils import formats, translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_05_12_is_typed_as_5_december(language):
    with translation.override(language):
        assert forms.DateField().clean("05/12/2026") == datetime.date(2026, 12, 5)
        assert forms.DateField().clean("15/12/2026") == datetime.date(2026, 12, 15)


def test_dates_are_shown_day_first():
    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 12, 5), "SHORT_DATE_FORMAT") == "05/12/2026"
        assert formats.date_format(datetime.date(2026, 12, 5)) == "05/12/2026"


def test_impossible_date_gets_a_vietnamese_message():
    with translation.override("vi"), pytest.raises(forms.ValidationError) as excinfo:
        forms.DateField().clean("31/02/2026")
    assert excinfo.value.messages == [
        "Ngày không hợp lệ; hãy nhập một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/12/2026."
    ]


def test_vietnamese_default_and_local_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert ("en", "English") in settings.LANGUAGES


def test_database_and_broker_follow_the_environment():
    """CI sets DATABASE_URL and CELERY_BROKER_URL: the suite must then really run on them."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    elif not os.environ.get("DATABASE_URL"):
        assert connection.vendor == "sqlite"
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("CELERY_BROKER_URL"))
