"""Forms of the registration pages (đăng ký thi đua): the unit's collective title, a person
picked from the unit's records or added inline, the officer's return, the commune's deadline
and the Excel import."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.forms import _date_field
from awards.models import Awardee, AwardForm, registrable_titles
from awards.services.registration import year_open
from awards.services.registration_import import COLUMNS, MAX_ROWS
from campaigns.deadlines import check_day_month, parse_offsets
from campaigns.excel import SheetRow, read_sheet
from campaigns.models import ParticipatingUnit


def _titles(kind: str, year: int, label) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label, queryset=registrable_titles(kind, year), empty_label=_("— Chọn danh hiệu —")
    )
    field.error_messages["invalid_choice"] = _("Hãy chọn một danh hiệu trong danh sách.")
    return field


class TitleForm(forms.Form):
    collective_title = forms.ModelChoiceField(
        label=_("Danh hiệu tập thể đơn vị đăng ký"),
        queryset=AwardForm.objects.none(),
        required=False,
        empty_label=_("— Không đăng ký danh hiệu tập thể —"),
        error_messages={"invalid_choice": _("Hãy chọn một danh hiệu trong danh sách.")},
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collective_title"].queryset = registrable_titles(Awardee.Kind.COLLECTIVE, year)


class LineForm(forms.Form):
    """A person already in the unit's records."""

    awardee = forms.ModelChoiceField(
        label=_("Cá nhân của đơn vị"), queryset=Awardee.objects.none(), empty_label=_("— Chọn người —")
    )
    award_form = forms.ModelChoiceField(label=_("Danh hiệu"), queryset=AwardForm.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, year: int, people, **kwargs):
        kwargs.setdefault("auto_id", "line_%s")  # the page shows two person forms
        super().__init__(*args, **kwargs)
        self.fields["awardee"].queryset = people
        self.fields["awardee"].label_from_instance = lambda a: (
            f"{a.name} ({a.date_of_birth:%d/%m/%Y})" if a.date_of_birth else a.name
        )
        self.fields["award_form"] = _titles(Awardee.Kind.INDIVIDUAL, year, _("Danh hiệu"))


class PersonForm(forms.Form):
    """A person not yet in the records, added while registering them."""

    name = forms.CharField(label=_("Họ và tên"), max_length=255)
    date_of_birth = _date_field(_("Ngày sinh"))
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Awardee.Gender.choices], required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    national_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    award_form = forms.ModelChoiceField(label=_("Danh hiệu"), queryset=AwardForm.objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, year: int, **kwargs):
        kwargs.setdefault("auto_id", "person_%s")
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = False
        self.fields["award_form"] = _titles(Awardee.Kind.INDIVIDUAL, year, _("Danh hiệu"))

    def clean_national_id(self) -> str:
        value = self.cleaned_data["national_id"].strip()
        if value and not (value.isdigit() and len(value) == 12):
            raise ValidationError(_("Số định danh cá nhân gồm đúng 12 chữ số."))
        return value


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DeadlineForm(forms.Form):
    due = forms.CharField(
        label=_("Hạn đăng ký hằng năm (ngày/tháng)"),
        max_length=5,
        widget=forms.TextInput(attrs={"placeholder": "31/03"}),
    )
    offsets = forms.CharField(
        label=_("Nhắc các đơn vị chưa đăng ký trước hạn (số ngày)"),
        max_length=100,
        required=False,
        help_text=_("Ví dụ: 14, 7, 1. Để trống: không nhắc tự động."),
    )

    def clean_offsets(self) -> str:
        text = self.cleaned_data["offsets"]
        if not text.strip():
            return ""
        try:
            return ", ".join(str(offset) for offset in parse_offsets(text))
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def clean_due(self) -> tuple[int, int]:
        match = re.fullmatch(r"\s*(\d{1,2})\s*[/-]\s*(\d{1,2})\s*", self.cleaned_data["due"])
        if not match:
            raise ValidationError(_("Ghi hạn dạng ngày/tháng, ví dụ 31/03."))
        day, month = int(match[1]), int(match[2])
        try:
            check_day_month(day, month)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return day, month


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đăng ký"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=ParticipatingUnit.objects.none(),
        required=False,
        empty_label=_("— Cả xã: cột Đơn vị ghi tên đơn vị của từng dòng —"),
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        allow_empty_file=True,  # sniff_xlsx says so in the same words as other upload problems
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("Dòng đầu là tiêu đề: Đơn vị | Họ và tên | Ngày sinh | Số định danh cá nhân | Danh hiệu đăng ký."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not year_open(year):
            raise ValidationError(_("Năm %(year)d không nhận đăng ký thi đua.") % {"year": year})
        return year

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows: list[SheetRow] = read_sheet(upload, columns=COLUMNS, max_rows=MAX_ROWS)
        return upload
