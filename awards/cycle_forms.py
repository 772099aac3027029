"""Forms of the yearly cycle: initiatives, proposals and their evaluation, the decisions and
the tờ trình that come out of it. Dates are typed d/m/Y; a bad value keeps what was typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.search import search
from awards.forms import _date_field
from awards.models import Awardee, Initiative

YEARS = {"min_value": 2000, "max_value": 2100}


def year_field(label=None, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label or _("Năm"),
        **YEARS,
        error_messages={
            "min_value": _("Năm phải trong khoảng 2000–2100."),
            "max_value": _("Năm phải trong khoảng 2000–2100."),
            "invalid": _("Năm phải là một số, ví dụ 2026."),
        },
        **kwargs,
    )


class InitiativeForm(forms.ModelForm):
    year = year_field(_("Năm áp dụng"))
    decision_date = _date_field(_("Ngày quyết định công nhận"))

    class Meta:
        model = Initiative
        fields = ["title", "authors", "year", "scope", "decision_number", "decision_date", "decision_body", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "authors": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, admin_unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = Awardee.objects.filter(admin_unit_id=admin_unit_id, kind="individual")
        self.fields["authors"].error_messages["required"] = _("Hãy chọn ít nhất một tác giả.")
        self.fields["authors"].help_text = _("Giữ Ctrl để chọn nhiều người.")
        self.initial.setdefault("year", timezone.localdate().year)

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên sáng kiến, tác giả (gõ có hoặc không dấu)"), required=False, max_length=100)
    year = year_field(required=False)

    def filter(self, initiatives):
        if not self.is_valid():
            return initiatives
        if self.cleaned_data["year"]:
            initiatives = initiatives.filter(year=self.cleaned_data["year"])
        if self.cleaned_data["q"]:
            initiatives = search(initiatives, self.cleaned_data["q"], ["title", "authors__name"]).distinct()
        return initiatives
