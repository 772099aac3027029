"""The emulation and commendation council (Hội đồng Thi đua - Khen thưởng): its meetings, the
ballot on each dossier, and the share of votes each title needs, as data.

A meeting belongs to the council of one administrative unit (a commune's or a province's) and
is recorded while open (đang ghi kết quả); closing it (chốt kết quả) locks it and moves every
dossier on it through the council step (awards/services/steps.py). A ballot line points to
exactly one nomination or one year-end proposal (awards.models.cycle.Proposal); it names its
nominee and form itself. The vote logic — which threshold applies, what
the votes mean — is one service, awards/services/council.py `vote_outcome(line)`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register

from accounts.scope import ScopedQuerySet, part_paths
from awards.models.money import DatedRule


class VoteBase(models.TextChoices):
    """What the votes for are counted against."""

    ALL_MEMBERS = "all_members", _("tổng số thành viên Hội đồng")
    VOTING = "voting", _("số thành viên tham gia bỏ phiếu")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("từ ngưỡng trở lên (≥)")
    MORE_THAN = "gt", _("trên ngưỡng (>)")


class VoteThreshold(DatedRule):
    """The share of votes for that a title or form needs at the council. A row without a form
    applies to every form that has no row of its own (the simple majority); a row without a
    province is the national default, a province's own row wins over it. A form's own row wins
    over a row for every form."""

    award_form = models.ForeignKey(
        "awards.AwardForm",
        verbose_name=_("hình thức, danh hiệu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vote_thresholds",
        help_text=_("Để trống: áp dụng cho mọi hình thức chưa có ngưỡng riêng."),
    )
    province = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vote_thresholds",
        limit_choices_to={"province__isnull": True},
        help_text=_("Để trống: mặc định toàn quốc."),
    )
    percent = models.DecimalField(
        _("tỷ lệ phiếu đồng ý (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    comparison = models.CharField(_("cách so"), max_length=3, choices=Comparison.choices, default=Comparison.AT_LEAST)
    base = models.CharField(_("tính trên"), max_length=12, choices=VoteBase.choices)
    secret_ballot_required = models.BooleanField(_("bắt buộc bỏ phiếu kín"), default=False)

    class Meta:
        verbose_name = _("ngưỡng biểu quyết của Hội đồng")
        verbose_name_plural = _("ngưỡng biểu quyết của Hội đồng")
        ordering = ["award_form__rank", "province__name", "-valid_from"]

    def __str__(self) -> str:
        form = self.award_form.name if self.award_form_id else _("mọi hình thức khác")
        return f"{form}: {self.rule_words}"

    @property
    def rule_words(self) -> str:
        """ "80 % tổng số thành viên Hội đồng", "trên 50 % số thành viên tham gia bỏ phiếu"."""
        above = _("trên ") if self.comparison == Comparison.MORE_THAN else ""
        return f"{above}{format_percent(self.percent)} % {VoteBase(self.base).label}"

    def clean(self) -> None:
        super().clean()
        if self.valid_from is None:
            return
        same = VoteThreshold.objects.filter(award_form=self.award_form_id, province=self.province_id).exclude(
            pk=self.pk
        )
        end = self.valid_to
        overlapping = same.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from))
        if end is not None:
            overlapping = overlapping.filter(valid_from__lte=end)
        if overlapping.exists():
            raise ValidationError(
                _(
                    "Đã có ngưỡng biểu quyết cho cùng hình thức và địa phương trong khoảng thời gian này; "
                    "hãy ghi ngày kết thúc cho ngưỡng cũ trước."
                )
            )


def format_percent(value: Decimal) -> str:
    """80 → "80", 66.67 → "66,67" (Vietnamese decimal comma, no trailing zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


class CouncilMeetingQuerySet(ScopedQuerySet):
    area_path = "admin_unit"
    unit_path = None  # a unit reporter reads the result on its dossier, not the council's papers

    def with_ballots(self) -> "CouncilMeetingQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "ballots",
                queryset=CouncilBallot.objects.select_related(
                    "award_form", "nomination__unit", "proposal", "threshold"
                ),
            )
        )


class CouncilMeeting(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang ghi kết quả")
        CLOSED = "closed", _("Đã chốt kết quả")

    admin_unit = models.ForeignKey(
        "campaigns.AdministrativeUnit",
        verbose_name=_("Hội đồng của"),
        on_delete=models.PROTECT,
        related_name="council_meetings",
    )
    number = models.CharField(_("số biên bản"), max_length=50, blank=True)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair_name = models.CharField(_("chủ trì (Chủ tịch Hội đồng)"), max_length=150, blank=True)
    secretary_name = models.CharField(_("thư ký"), max_length=150, blank=True)
    total_members = models.PositiveSmallIntegerField(_("tổng số thành viên Hội đồng"))
    members_present = models.PositiveSmallIntegerField(_("số thành viên dự họp"))
    written_votes = models.PositiveSmallIntegerField(_("số thành viên vắng mặt gửi phiếu bằng văn bản"), default=0)
    written_voters = models.TextField(
        _("họ tên thành viên gửi phiếu bằng văn bản"), blank=True, help_text=_("Không bắt buộc; mỗi người một dòng.")
    )
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chốt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = CouncilMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("cuộc họp Hội đồng Thi đua - Khen thưởng")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members_present__gte=1),
                name="council_meeting_members_present_positive",
                violation_error_message=_("Số thành viên dự họp phải ít nhất là 1."),
            )
        ]

    def __str__(self) -> str:
        return _("Họp Hội đồng ngày %(day)s") % {"day": f"{self.held_on:%d/%m/%Y}"} if self.held_on else ""

    def get_absolute_url(self) -> str:
        return reverse("awards:council_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def level(self) -> str:
        return self.admin_unit.level

    @property
    def voters(self) -> int:
        """Who cast a ballot: the members present and the absent ones who voted in writing."""
        return (self.members_present or 0) + (self.written_votes or 0)

    @property
    def written_voter_names(self) -> list[str]:
        return [line.strip() for line in self.written_voters.splitlines() if line.strip()]

    def clean(self) -> None:
        total, present, written = self.total_members, self.members_present, self.written_votes or 0
        errors: dict[str, str] = {}
        if total is not None and total < 1:
            errors["total_members"] = _("Tổng số thành viên Hội đồng phải ít nhất là 1.")
        if present is not None and present < 1:
            errors["members_present"] = _("Số thành viên dự họp phải ít nhất là 1.")
        elif total and present is not None and present > total:
            errors["members_present"] = _(
                "Số thành viên dự họp (%(present)d) không được lớn hơn tổng số thành viên Hội đồng (%(total)d)."
            ) % {"present": present, "total": total}
        elif total and present is not None and present + written > total:
            errors["written_votes"] = _(
                "Số thành viên dự họp (%(present)d) cộng số thành viên gửi phiếu bằng văn bản (%(written)d) "
                "vượt tổng số thành viên Hội đồng (%(total)d)."
            ) % {"present": present, "written": written, "total": total}
        names = self.written_voter_names
        if names and len(names) != written:
            errors["written_voters"] = _(
                "Đã ghi %(names)d họ tên nhưng số thành viên gửi phiếu bằng văn bản là %(written)d."
            ) % {"names": len(names), "written": written}
        if errors:
            raise ValidationError(errors)


class CouncilBallotQuerySet(ScopedQuerySet):
    area_path, unit_path = part_paths(CouncilMeetingQuerySet, "meeting")


class CouncilBallot(models.Model):
    """One dossier's ballot at a meeting. Its outcome is computed by the vote service from the
    threshold in force on the meeting date and stored with its explanation (and the threshold
    row used), so a closed meeting keeps the rule it was decided under."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Đạt")
        REJECTED = "rejected", _("Không đạt")

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("cuộc họp"), on_delete=models.CASCADE, related_name="ballots"
    )
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_ballots",
    )
    proposal = models.ForeignKey(
        "awards.Proposal",
        verbose_name=_("đề nghị bình xét cuối năm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_ballots",
    )
    nominee_name = models.CharField(_("tập thể, cá nhân"), max_length=255)
    award_form = models.ForeignKey(
        "awards.AwardForm", verbose_name=_("hình thức đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))
    votes_against = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"))
    votes_invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ, để trống"), default=0)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    percent = models.DecimalField(
        _("tỷ lệ đồng ý (%)"), max_digits=5, decimal_places=1, help_text=_("Trên cơ sở mà ngưỡng quy định.")
    )
    explanation = models.CharField(_("giải thích kết quả"), max_length=500)
    threshold = models.ForeignKey(
        VoteThreshold,
        verbose_name=_("ngưỡng đã áp dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
    )

    objects = CouncilBallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả bỏ phiếu")
        verbose_name_plural = _("kết quả bỏ phiếu")
        ordering = ["meeting", "award_form__rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nomination"],
                condition=models.Q(nomination__isnull=False),
                name="unique_council_ballot_nomination",
                violation_error_message=_("Hồ sơ này đã có trong cuộc họp."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "proposal"],
                condition=models.Q(proposal__isnull=False),
                name="unique_council_ballot_proposal",
                violation_error_message=_("Đề nghị này đã có trong cuộc họp."),
            ),
            models.CheckConstraint(
                condition=models.Q(nomination__isnull=False, proposal__isnull=True)
                | models.Q(nomination__isnull=True, proposal__isnull=False),
                name="council_ballot_nomination_xor_proposal",
                violation_error_message=_("Mỗi dòng bỏ phiếu thuộc đúng một hồ sơ hoặc một đề nghị."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} – {self.get_outcome_display()}"

    @property
    def approved(self) -> bool:
        return self.outcome == self.Outcome.APPROVED

    @property
    def cast(self) -> int:
        return (self.votes_for or 0) + (self.votes_against or 0) + (self.votes_invalid or 0)

    def clean(self) -> None:
        """No more ballots than members who voted (present, and absent in writing)."""
        if None in (self.votes_for, self.votes_against) or not self.meeting_id:
            return
        voters = self.meeting.voters
        if self.cast > voters:
            raise ValidationError(
                {
                    "votes_against": _(
                        "Số phiếu đồng ý (%(for)d), không đồng ý (%(against)d) và không hợp lệ (%(invalid)d) "
                        "cộng lại là %(cast)d, vượt số thành viên bỏ phiếu (%(voters)d: %(present)d dự họp, "
                        "%(written)d gửi phiếu bằng văn bản)."
                    )
                    % {
                        "for": self.votes_for,
                        "against": self.votes_against,
                        "invalid": self.votes_invalid or 0,
                        "cast": self.cast,
                        "voters": voters,
                        "present": self.meeting.members_present,
                        "written": self.meeting.written_votes,
                    }
                }
            )


# Thresholds are law: every change is kept. Meetings and their ballots are the council's record.
register(VoteThreshold)
register(CouncilMeeting, excluded_fields=["version"])
register(CouncilBallot)
