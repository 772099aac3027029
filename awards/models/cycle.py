"""The yearly emulation cycle: initiatives (sáng kiến) and their recognising decisions, each
person's or collective's rating of the year, and the proposals (đề nghị) evaluated against
the standards (awards.models.standards) and decided.

A proposal belongs to the administrative unit that evaluates it (the commune, or the
province once the commune has sent it up in a tờ trình); its outcome is set by
`awards.services.cycle.record_outcome` (the council's vote).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet


class InitiativeScope(models.TextChoices):
    """Where an initiative was recognised to have effect, from the narrowest."""

    UNIT = "unit", _("Cơ quan, đơn vị")
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


SCOPE_RANK = {InitiativeScope.UNIT: 0, InitiativeScope.COMMUNE: 1, InitiativeScope.PROVINCE: 2}


class InitiativeQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None


class Initiative(models.Model):
    """An initiative (or research) recognised by a decision: the CSTĐ titles depend on them."""

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính quản lý"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung, hiệu quả"), blank=True)
    authors = models.ManyToManyField(
        "awards.Awardee", verbose_name=_("tác giả"), related_name="initiatives", limit_choices_to={"kind": "individual"}
    )
    year = models.PositiveSmallIntegerField(_("năm áp dụng"))
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InitiativeScope.choices)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định công nhận"))
    decision_body = models.CharField(
        _("cơ quan công nhận"), max_length=255, help_text=_("Ví dụ: Hội đồng sáng kiến của xã")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:initiative_update", args=[self.pk])

    @property
    def scope_rank(self) -> int:
        return SCOPE_RANK.get(self.scope, -1)

    @property
    def decision_label(self) -> str:
        return f"{self.decision_number} ngày {self.decision_date:%d/%m/%Y} của {self.decision_body}"

    def author_names(self) -> str:
        return ", ".join(author.name for author in self.authors.all())


register(Initiative, m2m_fields=["authors"])
