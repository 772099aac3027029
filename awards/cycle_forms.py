"""Forms of the yearly cycle: initiatives, proposals and their evaluation, the decisions and
the tờ trình that come out of it. Dates are typed d/m/Y; a bad value keeps what was typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.search import search
from awards.forms import _date_field
from awards.models import Awardee, AwardForm, Discipline, Initiative, Proposal, TaskRating

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


# --- Proposals and their evaluation --------------------------------------------------------------


class YearForm(forms.Form):
    """The year on the evaluation page (?nam=2026); a bad value falls back to this year."""

    nam = year_field(required=False)

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["nam"]:
            return self.cleaned_data["nam"]
        return timezone.localdate().year


class ProposalInputsForm(forms.Form):
    """What the standards read besides the register: the year's rating and discipline of the
    awardee, the initiatives the proposal relies on, the line for the decision."""

    rating = forms.ChoiceField(label=_("Xếp loại mức độ hoàn thành nhiệm vụ"), required=False)
    discipline = forms.ChoiceField(label=_("Kỷ luật trong năm"), required=False, choices=Discipline.choices)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Sáng kiến làm căn cứ"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    achievement = forms.CharField(
        label=_("Thành tích (ghi trong quyết định, một dòng)"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Hoàn thành xuất sắc nhiệm vụ năm 2026. Để trống: ghi theo xếp loại."),
    )

    def __init__(self, *args, admin_unit_id: int, rates: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", _("— chưa nhập —")), *TaskRating.choices]
        self.fields["initiatives"].queryset = Initiative.objects.filter(admin_unit_id=admin_unit_id).order_by(
            "-year", "title"
        )
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.title} ({i.year}, {i.get_scope_display()})"
        if not rates:  # the rating is the awardee's own unit's (the commune's, at the province)
            del self.fields["rating"], self.fields["discipline"]

    def inputs(self) -> dict:
        data = self.cleaned_data
        return {
            "achievement": data["achievement"],
            "initiatives": list(data["initiatives"]),
            "rating": data.get("rating", ""),
            "discipline": data.get("discipline", ""),
        }


class ProposalCreateForm(ProposalInputsForm):
    awardee = forms.ModelChoiceField(label=_("Đối tượng"), queryset=Awardee.objects.none())
    award_form = forms.ModelChoiceField(label=_("Danh hiệu, hình thức đề nghị"), queryset=AwardForm.objects.none())
    year = year_field()
    field_order = ["awardee", "award_form", "year", "rating", "discipline", "initiatives", "achievement"]

    def __init__(self, *args, admin_unit_id: int, **kwargs):
        super().__init__(*args, admin_unit_id=admin_unit_id, **kwargs)
        self.fields["awardee"].queryset = Awardee.objects.filter(admin_unit_id=admin_unit_id)
        self.fields["award_form"].queryset = AwardForm.objects.filter(is_active=True).order_by("rank", "name")
        self.initial.setdefault("year", timezone.localdate().year)


class ProposalUpdateForm(ProposalInputsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OverrideForm(forms.Form):
    check_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do Hội đồng vẫn xét (in trong danh sách kèm theo quyết định)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do xét vượt qua tiêu chuẩn chưa đạt.")},
    )


class MembersForm(forms.Form):
    """The rating and discipline of the year of each member of a collective."""

    def __init__(self, *args, members: list[Awardee], ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            row = ratings.get(member.pk)
            self.fields[f"rating_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                required=False,
                choices=[("", _("— chưa nhập —")), *TaskRating.choices],
                initial=row.rating if row else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"discipline_{member.pk}"] = forms.ChoiceField(
                label=_("Kỷ luật"),
                choices=Discipline.choices,
                initial=row.discipline if row else Discipline.NONE,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self) -> list[tuple]:
        return [(m, self.cleaned_data[f"rating_{m.pk}"], self.cleaned_data[f"discipline_{m.pk}"]) for m in self.members]

    def pairs(self) -> list[tuple]:
        return [(m, self[f"rating_{m.pk}"], self[f"discipline_{m.pk}"]) for m in self.members]


class IssueDecisionsForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    grouping = forms.ChoiceField(
        label=_("Gộp thành"),
        choices=[
            ("form", _("Mỗi danh hiệu, hình thức một quyết định")),
            ("kind", _("Một quyết định danh hiệu, một quyết định khen thưởng")),
            ("one", _("Một quyết định chung")),
        ],
    )
    decided_on = _date_field(_("Ngày ký dự kiến"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = False


class SendToProvinceForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Đề nghị trình tỉnh"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đề nghị để trình tỉnh.")},
    )
    submission_number = forms.CharField(label=_("Số tờ trình"), max_length=50, help_text=_("Ví dụ: 61/TTr-UBND"))
    submission_date = _date_field(_("Ngày tờ trình"))

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals
        self.fields["proposals"].label_from_instance = lambda p: f"{p.awardee.name} – {p.award_form.name}"
