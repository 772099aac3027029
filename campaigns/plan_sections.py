"""The editable sections of a plan, in one registry: which model, which fields, how ordered.

Views build their ordered formsets from here, services save through it, and the history
names sections by these keys.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import inlineformset_factory
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import AwardSection, PlanAwardForm
from campaigns.models import (
    Content,
    Phase,
    Plan,
    PlanParent,
    Purpose,
    Recipient,
    Requirement,
    Responsibility,
    Solution,
)
from criteria.models import Criterion, CriterionGroup
from reporting.models import ReportingDeadline

TEXTAREA = forms.Textarea(attrs={"rows": 3})
MAX_ITEMS = 300


@dataclass(frozen=True)
class SectionSpec:
    key: str
    label: str
    model: type[models.Model]
    fields: list[str]
    parent_model: type[models.Model] = Plan
    fk_name: str = "plan"
    order_field: str | None = "number"
    widgets: dict = field(default_factory=dict)

    @property
    def nested(self) -> bool:
        return self.parent_model is not Plan

    def parent_for(self, plan: Plan, sub_id: int | None) -> models.Model:
        if not self.nested:
            return plan
        return get_object_or_404(self.parent_model, pk=sub_id, plan=plan)

    def queryset(self, parent: models.Model) -> models.QuerySet:
        return self.model.objects.filter(**{self.fk_name: parent}).order_by(self.order_field or "pk")

    def formset_class(self):
        return inlineformset_factory(
            self.parent_model,
            self.model,
            fk_name=self.fk_name,
            fields=self.fields,
            extra=1,
            can_order=bool(self.order_field),
            can_delete=True,
            widgets=self.widgets,
            # A section has tens of items; a hand-made count of 100000 rows is refused, not built.
            max_num=MAX_ITEMS,
            absolute_max=MAX_ITEMS,
        )

    def protect_delete(self, obj: models.Model) -> None:
        """Refuse to delete an item that reports or dossiers already refer to."""
        for rel in obj._meta.related_objects:
            if rel.related_model in PLAN_STRUCTURE_MODELS or not rel.field.concrete:
                continue
            if rel.related_model._default_manager.filter(**{rel.field.name: obj}).exists():
                raise ValidationError(
                    _("Không xóa được “%(item)s”: đã có %(what)s tham chiếu đến mục này. Hãy sửa nội dung thay vì xóa.")
                    % {"item": str(obj)[:60], "what": rel.related_model._meta.verbose_name_plural}
                )


def _items(key: str, label, model) -> SectionSpec:
    return SectionSpec(key, label, model, ["text"], widgets={"text": TEXTAREA})


SECTIONS: dict[str, SectionSpec] = {
    spec.key: spec
    for spec in [
        SectionSpec(
            "parents",
            gettext_lazy("Văn bản căn cứ"),
            PlanParent,
            ["kind", "number", "date", "issuer", "summary", "parent_plan"],
            order_field="number_in_list",
            widgets={"summary": forms.Textarea(attrs={"rows": 2})},
        ),
        _items("purposes", gettext_lazy("Mục đích"), Purpose),
        _items("requirements", gettext_lazy("Yêu cầu"), Requirement),
        _items("contents", gettext_lazy("Nội dung thi đua"), Content),
        SectionSpec(
            "criterion_groups",
            gettext_lazy("Nhóm tiêu chí theo đối tượng"),
            CriterionGroup,
            ["subject_type", "heading"],
        ),
        SectionSpec(
            "criteria",
            gettext_lazy("Tiêu chí"),
            Criterion,
            ["text", "max_points"],
            parent_model=CriterionGroup,
            fk_name="group",
            widgets={"text": TEXTAREA},
        ),
        SectionSpec(
            "award_sections",
            gettext_lazy("Hình thức và tiêu chuẩn khen thưởng"),
            AwardSection,
            ["heading", "for_annual", "for_preliminary", "for_final", "standards"],
            widgets={"standards": TEXTAREA},
        ),
        SectionSpec(
            "award_forms",
            gettext_lazy("Hình thức khen thưởng của mục"),
            PlanAwardForm,
            ["award_form", "name_in_plan"],
            parent_model=AwardSection,
            fk_name="section",
        ),
        _items("solutions", gettext_lazy("Giải pháp thực hiện"), Solution),
        SectionSpec(
            "phases",
            gettext_lazy("Giai đoạn"),
            Phase,
            ["name", "start_year", "end_year", "review", "review_year", "description"],
            widgets={"description": TEXTAREA},
        ),
        SectionSpec(
            "deadlines",
            gettext_lazy("Hạn báo cáo hằng năm"),
            ReportingDeadline,
            ["day", "month", "reporter", "receiver", "via", "reporters"],
            order_field=None,
        ),
        SectionSpec(
            "responsibilities",
            gettext_lazy("Tổ chức thực hiện"),
            Responsibility,
            ["body", "titled", "duties"],
            widgets={"duties": forms.Textarea(attrs={"rows": 4})},
        ),
        _items("recipients", gettext_lazy("Nơi nhận"), Recipient),
    ]
}

PLAN_STRUCTURE_MODELS = {spec.model for spec in SECTIONS.values()} | {Plan}
