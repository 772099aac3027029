import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.models import Occasion
from campaigns.models import Plan
from campaigns.uploads import ALLOWED_LABELS, AllowedType, sniff_upload
from criteria.models import SubjectType
from reporting.models import Delivery, GeneratedDocument, format_points, parse_offsets
from reporting.selectors.board import BoardStatus, default_plan, reportable_plans_for
from reporting.selectors.province import default_province_plan
from reporting.selectors.reports import ReportPage


def valid_fields(form: forms.Form) -> dict:
    """The fields of a filter form that are valid (a bad year does not throw away the chosen plan)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    """One page for the whole report: a result per content, a result (and optional points)
    per criterion of the unit's subject type, and evidence files. Fields are generated from
    the plan: `content_<id>`, `criterion_<id>`, `points_<id>`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    files = MultipleFileField(label=_("Tải lên minh chứng"), required=False)

    def __init__(self, *args, page: ReportPage, **kwargs):
        self.page = page
        kwargs.setdefault("initial", self._initial(page))
        super().__init__(*args, **kwargs)
        self.uploads: list[tuple[UploadedFile, AllowedType]] = []
        self.fields["files"].help_text = _("Chọn được nhiều tệp cùng lúc; loại tệp: %(types)s.") % {
            "types": ALLOWED_LABELS
        }
        for content in page.contents:
            self.fields[f"content_{content.pk}"] = forms.CharField(
                label=_("Kết quả thực hiện nội dung %(n)d") % {"n": content.number},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for criterion in page.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=_("Kết quả theo tiêu chí %(n)d") % {"n": criterion.number},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            top = format_points(criterion.max_points) if criterion.max_points else None
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("Điểm tự chấm"),
                required=False,
                min_value=Decimal(0),
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                localize=True,
                help_text=_("Tối đa %(max)s điểm") % {"max": top} if top else "",
                error_messages={
                    "max_value": _("Điểm tự chấm không được vượt quá điểm tối đa %(max)s.") % {"max": top},
                    "min_value": _("Điểm tự chấm không được âm."),
                    "invalid": _("Hãy nhập điểm bằng số, ví dụ 8 hoặc 8,5."),
                },
            )

    @staticmethod
    def _initial(page: ReportPage) -> dict:
        initial: dict = {"version": page.report.version if page.report else 0}
        for content_id, result in page.content_results.items():
            initial[f"content_{content_id}"] = result.text
        for criterion_id, result in page.criterion_results.items():
            initial[f"criterion_{criterion_id}"] = result.text
            initial[f"points_{criterion_id}"] = result.points
        return initial

    def content_rows(self) -> list[tuple]:
        return [(content, self[f"content_{content.pk}"]) for content in self.page.contents]

    def criterion_rows(self) -> list[tuple]:
        return [(c, self[f"criterion_{c.pk}"], self[f"points_{c.pk}"]) for c in self.page.criteria]

    def clean_files(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("files") or []
        errors = []
        self.uploads = []
        for upload in files:
            try:
                self.uploads.append((upload, sniff_upload(upload, unpacked=True)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def results(self) -> tuple[dict[int, str], dict[int, tuple[str, Decimal | None]]]:
        data = self.cleaned_data
        contents = {c.pk: data[f"content_{c.pk}"].strip() for c in self.page.contents}
        criteria = {c.pk: (data[f"criterion_{c.pk}"].strip(), data[f"points_{c.pk}"]) for c in self.page.criteria}
        return contents, criteria

    def show_version(self, version: int) -> None:
        """After a stale save: keep what was typed but carry the current version, so saving
        again is a deliberate overwrite."""
        self.data = self.data.copy()
        self.data["version"] = str(version)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnForm(VersionForm):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Đơn vị sẽ thấy lý do này và sửa báo cáo rồi nộp lại."),
        error_messages={"required": _("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")},
    )


STATUS_FILTER_CHOICES = [
    ("", _("Tất cả")),
    (BoardStatus.MISSING, _("Chưa nộp (kể cả đang soạn)")),
    (BoardStatus.DRAFT, _("Đang soạn")),
    (BoardStatus.ON_TIME, _("Đã nộp đúng hạn")),
    (BoardStatus.LATE, _("Nộp muộn")),
    (BoardStatus.SUBMITTED, _("Đã nộp (kế hoạch không đặt hạn)")),
    (BoardStatus.RETURNED, _("Đã trả lại")),
]


class BoardFilterForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none(), required=False, empty_label=None)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_FILTER_CHOICES, required=False)
    subject_type = forms.ModelChoiceField(
        label=_("Đối tượng"), queryset=SubjectType.objects.all(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.default_plan = default_plan(user, today.year)
        self.fields["plan"].queryset = reportable_plans_for(user).order_by("issuer__name", "-period_start")

    def clean(self):
        data = super().clean()
        plan = data.get("plan") or self.default_plan
        year = data.get("year")
        if plan and year and not plan.period_start <= year <= plan.period_end:
            self.add_error(
                "year",
                _("Kế hoạch này thực hiện từ năm %(start)d đến năm %(end)d.")
                % {"start": plan.period_start, "end": plan.period_end},
            )
        return data

    def selection(self) -> tuple[Plan | None, int]:
        """The plan and year to show: what was picked if valid, else the defaults (the plan
        covering this year, this year, or the plan's nearest year)."""
        data = valid_fields(self)
        plan = data.get("plan") or self.default_plan
        year = data.get("year") or self.today.year
        if plan is not None:
            year = min(max(year, plan.period_start), plan.period_end)
        return plan, year

    def filter_key(self) -> tuple:
        """The filters applied to the rows, as parts of a cache key."""
        data = valid_fields(self)
        return (data.get("status") or "", data["subject_type"].pk if data.get("subject_type") else "")

    def filter_rows(self, rows: list) -> list:
        data = valid_fields(self)
        status, subject_type = data.get("status"), data.get("subject_type")
        if status == BoardStatus.MISSING:
            rows = [r for r in rows if r.status in BoardStatus.NOT_RECEIVED]
        elif status:
            rows = [r for r in rows if r.status == status]
        if subject_type:
            rows = [r for r in rows if r.unit.subject_type_id == subject_type.pk]
        return rows


class ReminderPolicyForm(forms.Form):
    offsets = forms.CharField(
        label=_("Các mốc nhắc (số ngày trước hạn)"),
        max_length=100,
        help_text=_("Cách nhau bằng dấu phẩy. 0 là đúng ngày hạn; số âm là sau hạn, chỉ nhắc khi chưa nộp."),
    )

    def clean_offsets(self) -> str:
        return ", ".join(str(offset) for offset in parse_offsets(self.cleaned_data["offsets"]))


# --- the province ------------------------------------------------------------------------


class CommuneReportForm(forms.Form):
    """The commune's report to the province: what it did under each content of the province
    plan (`narrative_<content id>`) and a general assessment; the figures are computed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    general_assessment = forms.CharField(
        label=_("Đánh giá chung"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ưu điểm, hạn chế, nguyên nhân và kiến nghị, đề xuất với tỉnh."),
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        initial: dict = {"version": page.report.version if page.report else 0}
        if page.report:
            initial["general_assessment"] = page.report.general_assessment
        for content_id, narrative in page.narratives.items():
            initial[f"narrative_{content_id}"] = narrative.text
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for content in page.contents:
            self.fields[f"narrative_{content.pk}"] = forms.CharField(
                label=_("Kết quả của xã ở nội dung %(n)d") % {"n": content.number},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def content_rows(self) -> list[tuple]:
        return [(content, self[f"narrative_{content.pk}"]) for content in self.page.contents]

    def narratives(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"narrative_{c.pk}"].strip() for c in self.page.contents}

    def show_version(self, version: int) -> None:
        self.data = self.data.copy()
        self.data["version"] = str(version)


class ProvinceDashboardForm(forms.Form):
    """Which province plan and year, which communes (by the state of their plan and of their
    report), in which order. An invalid value is ignored, with its message shown."""

    PLAN_STATES = [("", _("Tất cả")), ("issued", _("Đã ban hành")), ("draft", _("Dự thảo")), ("missing", _("Chưa có"))]
    REPORT_STATES = [
        ("", _("Tất cả")),
        (BoardStatus.ON_TIME, _("Nộp đúng hạn")),
        (BoardStatus.LATE, _("Nộp muộn")),
        (BoardStatus.SUBMITTED, _("Đã nộp (kế hoạch không đặt hạn)")),
        (BoardStatus.MISSING, _("Chưa nộp (kể cả đang soạn)")),
        (BoardStatus.RETURNED, _("Đã trả lại")),
    ]
    SORTS = [("name", _("Tên xã, phường")), ("lateness", _("Mức độ chậm nộp"))]

    plan = forms.ModelChoiceField(label=_("Kế hoạch của tỉnh"), queryset=Plan.objects.none(), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)
    plan_status = forms.ChoiceField(label=_("Kế hoạch của xã"), choices=PLAN_STATES, required=False)
    report_status = forms.ChoiceField(label=_("Báo cáo gửi tỉnh"), choices=REPORT_STATES, required=False)
    sort = forms.ChoiceField(label=_("Sắp xếp"), choices=SORTS, required=False)

    def __init__(self, *args, plans, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = None

    def selection(self) -> tuple[Plan | None, int]:
        data = valid_fields(self)
        year = data.get("year") or self.today.year
        plan = data.get("plan") or default_province_plan(self.fields["plan"].queryset, year)
        if plan is not None:
            year = min(max(year, plan.period_start), plan.period_end)
        return plan, year

    def filter_key(self) -> tuple:
        """The filters and the order applied to the rows, as parts of a cache key."""
        data = valid_fields(self)
        return tuple(data.get(name) or "" for name in ("plan_status", "report_status", "sort"))

    def filter_rows(self, rows: list) -> list:
        data = valid_fields(self)
        if data.get("plan_status"):
            rows = [r for r in rows if r.plan_state == data["plan_status"]]
        status = data.get("report_status")
        if status == BoardStatus.MISSING:
            rows = [r for r in rows if r.report_status in BoardStatus.NOT_RECEIVED]
        elif status:
            rows = [r for r in rows if r.report_status == status]
        if data.get("sort") == "lateness":
            rows = sorted(
                rows, key=lambda r: (-r.lateness, r.report_status not in BoardStatus.NOT_RECEIVED, r.commune.name)
            )
        return rows


class StatisticsFilterForm(forms.Form):
    """The statistics' year (in the URL, kept by the Excel link); none: every year."""

    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)

    def selected_year(self) -> int | None:
        return valid_fields(self).get("year")


class DocumentRequestForm(forms.Form):
    """What a PDF button posts (hidden fields): the kind of document and its subject. A value
    the page never sends (a plan id that is not a number, a year 99999, a summary without its
    year) makes the form invalid instead of reaching the database."""

    SUBJECT = {
        GeneratedDocument.Kind.PLAN: ("plan",),
        GeneratedDocument.Kind.COMMUNE_SUMMARY: ("plan", "year"),
        GeneratedDocument.Kind.PROVINCE_SUMMARY: ("admin_unit", "year"),
        GeneratedDocument.Kind.NOMINATION_LIST: ("plan", "occasion"),
        GeneratedDocument.Kind.COUNCIL_MINUTES: ("plan", "occasion"),
        GeneratedDocument.Kind.MINISTRY_STATISTICS: ("admin_unit", "year"),
        GeneratedDocument.Kind.DECISION: ("decision",),
        GeneratedDocument.Kind.CERTIFICATES: ("decision",),
        GeneratedDocument.Kind.CERTIFICATES_BLANK: ("decision",),
        GeneratedDocument.Kind.SUBMISSION: ("admin_unit", "reference"),
        GeneratedDocument.Kind.PROPOSAL_SUBMISSION: ("admin_unit", "reference"),
    }
    ISSUE_FIELDS = ("number", "signer_capacity", "signer_delegation", "signer_title", "signer_name")

    kind = forms.ChoiceField(choices=GeneratedDocument.Kind.choices)
    plan = forms.IntegerField(required=False, min_value=1)
    admin_unit = forms.IntegerField(required=False, min_value=1)
    decision = forms.IntegerField(required=False, min_value=1)
    reference = forms.CharField(max_length=50, required=False)
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    occasion = forms.ChoiceField(choices=Occasion.choices, required=False)
    format = forms.ChoiceField(choices=GeneratedDocument.Format.choices, required=False)
    # Set before printing; blank: the record's number and signer.
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50, required=False)
    signer_capacity = forms.CharField(label=_("Thẩm quyền ký"), max_length=100, required=False)
    signer_delegation = forms.CharField(label=_("Ký thay"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        missing = [name for name in self.SUBJECT.get(data.get("kind"), ()) if not data.get(name)]
        if missing:
            raise ValidationError(_("Thiếu thông tin của tài liệu: %(fields)s.") % {"fields": ", ".join(missing)})
        return data


class NoticePreferencesForm(forms.Form):
    """One choice per registered kind of workflow event: e-mail now, in the 07:00 digest, or
    only in the portal."""

    def __init__(self, *args, kinds, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=initial_choices.get(kind.name)
            )
