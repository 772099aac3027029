"""One check for every text field of every form in the portal (pages, admin, formsets):
no control characters. Installed once, from AccountsConfig.ready().

A control character is invisible where it is typed and dangerous where the text goes next:
a bare carriage return forges lines in the .ics feed and in e-mail headers, an escape code
garbles terminals and logs. Tabs and line breaks stay allowed in multi-line fields
(textareas; browsers send a line break there as CR LF); single-line fields take none.
Django already refuses NUL the same way; this widens its rule.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# C0 controls other than tab, LF and CR (NUL has Django's own check and message); DEL; C1
# controls; Unicode line and paragraph separators.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BARE_CR = re.compile("\r(?!\n)")
_LINE_BREAK = re.compile("[\r\n]")


def check_text(value: object, *, multiline: bool) -> None:
    """ValidationError (in Vietnamese, naming the character) if `value` holds a control character."""
    if not isinstance(value, str) or not value:
        return
    found = _CONTROL.search(value) or _BARE_CR.search(value) or (not multiline and _LINE_BREAK.search(value))
    if found:
        raise ValidationError(
            _(
                "Nội dung có ký tự điều khiển không được phép (mã U+%(code)04X, ở vị trí %(position)s; "
                "thường do dán từ tệp hoặc phần mềm khác). Hãy xóa ký tự đó hoặc gõ lại đoạn này rồi lưu lại."
            )
            % {"code": ord(found.group()), "position": found.start() + 1},
            code="control_characters",
        )


def install() -> None:
    """Add the check to forms.CharField (and so to every subclass: e-mail, URL, slug, JSON…).
    It runs in validate(), when the widget is final, so a textarea set after the field was
    built still counts as multi-line."""
    if getattr(forms.CharField.validate, "checks_control_characters", False):
        return
    original = forms.CharField.validate

    def validate(self, value):
        original(self, value)
        check_text(value, multiline=isinstance(self.widget, forms.Textarea))

    validate.checks_control_characters = True
    forms.CharField.validate = validate


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(?:(?:\+84|0)(?:[35789]\d{8}|2\d{9})|1[89]00\d{4,6})$")


def validate_vietnamese_phone(value: str) -> None:
    """A Vietnamese number: a mobile (09x… 10 digits), a landline (02xx… 11 digits), or
    1800/1900; +84 instead of the leading 0; spaces, dots, hyphens and brackets allowed."""
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if digits and not _PHONE.match(digits):
        raise ValidationError(
            _lazy(
                "Số điện thoại “%(value)s” không đúng dạng số Việt Nam: di động 10 chữ số (ví dụ 0912 345 678), "
                "cố định 11 chữ số kèm mã vùng (ví dụ 0229 3871 234), có thể viết +84 thay cho số 0 đầu."
            ),
            code="phone",
            params={"value": value},
        )
