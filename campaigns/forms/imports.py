"""Forms of the plan import: the upload, and the review of the extracted structure.

The review is the extracted plan as editable fields: the plan's own fields and its list
sections (one item per line), plus a small formset for each structured section (cited
documents, criteria groups, award sections, phases, deadlines, responsibilities). Its
`to_data()` gives back the export_plan schema that `plan_import_save` stores.
"""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from campaigns.importer.parse import award_code
from campaigns.models import Plan, Review
from criteria.models import SubjectType
from reporting.models import ReportingDeadline

YEAR_MIN, YEAR_MAX = 2000, 2100
OCCASIONS = [("annual", _("Hàng năm")), ("preliminary", _("Sơ kết")), ("final", _("Tổng kết"))]


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        allow_empty_file=True,  # refused below with our own message
        help_text=_("Văn bản Word (.docx), văn bản thuần UTF-8 (.txt) hoặc PDF có lớp chữ (.pdf)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s Tối đa %(limit)s.") % {
            "types": self.fields["file"].help_text,
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:  # refused before reading it into memory
            raise ValidationError(
                _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s.")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                }
            )
        return upload  # read in the background (campaigns.tasks.parse_plan_import), size checked here


class LinesField(forms.CharField):
    """A list of paragraphs typed one per line."""

    widget = forms.Textarea

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, strip=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        # CharField's validators (no NUL byte: PostgreSQL refuses them) check each line, not the list.
        for line in value:
            super().run_validators(line)


def _rows(text: str | list | None, *, minimum: int = 2, maximum: int = 14) -> int:
    if isinstance(text, list):
        text = "\n".join(text)
    estimate = sum(1 + len(line) // 75 for line in (text or "").splitlines())
    return max(minimum, min(maximum, estimate))


class PlanDraftForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"), required=False, max_length=50, help_text=_("Để trống khi văn bản chưa có số.")
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, help_text=_("dd/mm/yyyy"))
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    title = forms.CharField(label=_("Tên kế hoạch (trích yếu)"), widget=forms.Textarea(attrs={"rows": 2}))
    campaign = forms.CharField(label=_("Phong trào thi đua"), max_length=255)
    other_campaigns = LinesField(label=_("Phong trào khác cùng triển khai (mỗi dòng một phong trào)"))
    period_start = forms.IntegerField(label=_("Từ năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    period_end = forms.IntegerField(label=_("Đến năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    preamble = LinesField(label=_("Căn cứ ban hành (mỗi đoạn một dòng)"))
    purposes = LinesField(label=_("Mục đích (mỗi ý một dòng)"))
    requirements = LinesField(label=_("Yêu cầu (mỗi ý một dòng)"))
    contents_intro = forms.CharField(
        label=_("Đoạn mở đầu mục nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contents = LinesField(label=_("Nội dung thi đua (mỗi nội dung một dòng)"))
    award_subjects = forms.CharField(
        label=_("Đối tượng khen thưởng"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    solutions = LinesField(label=_("Giải pháp thực hiện (mỗi giải pháp một dòng)"))
    phases_intro = forms.CharField(
        label=_("Đoạn mở đầu mục thời gian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closing = forms.CharField(label=_("Đoạn kết"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recipients = LinesField(label=_("Nơi nhận (mỗi nơi một dòng)"))
    signer_capacity = forms.CharField(label=_("Thẩm quyền ký"), required=False, max_length=100)
    signer_delegation = forms.CharField(label=_("Ký thay"), required=False, max_length=100)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=100)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=150)

    GROUPS = {
        "general": ("number", "issued_on", "place", "title", "campaign", "other_campaigns", "period_start",
                    "period_end"),
        "preamble": ("preamble",),
        "aims": ("purposes", "requirements"),
        "contents": ("contents_intro", "contents"),
        "awards_intro": ("award_subjects",),
        "solutions": ("solutions",),
        "time": ("phases_intro",),
        "closing": ("closing", "recipients", "signer_capacity", "signer_delegation", "signer_title", "signer_name"),
    }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea) and name != "title":
                field.widget.attrs["rows"] = _rows(self.initial.get(name))
            field.widget.attrs["data-testid"] = f"field-{name}"

    def group(self, key: str) -> list:
        return [self[name] for name in self.GROUPS[key]]

    def clean_other_campaigns(self) -> list[str]:
        names = self.cleaned_data["other_campaigns"]
        for name in names:
            if len(name) > 255:
                raise ValidationError(_("Tên phong trào dài quá 255 ký tự: “%(name)s…”.") % {"name": name[:60]})
        return names

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Năm kết thúc không được trước năm bắt đầu."))
        return data

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        signer = data.get("signer") or {}
        return {
            **{key: data.get(key) for key in (
                "number", "place", "title", "campaign", "other_campaigns", "preamble", "purposes", "requirements",
                "contents_intro", "contents", "award_subjects", "solutions", "phases_intro", "closing", "recipients",
            )},
            "issued_on": datetime.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
            "period_start": data["period"]["start_year"],
            "period_end": data["period"]["end_year"],
            "signer_capacity": signer.get("capacity", ""),
            "signer_delegation": signer.get("delegation", ""),
            "signer_title": signer.get("title", ""),
            "signer_name": signer.get("name", ""),
        }  # fmt: skip


class _RowForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = _rows(self.initial.get(name))


class ParentForm(_RowForm):
    kind = forms.CharField(label=_("Loại văn bản"), max_length=50)
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=50)
    date = forms.DateField(label=_("Ngày"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    summary = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch trong cổng"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— Không có trong cổng —"),
        help_text=_("Chọn khi văn bản căn cứ là một kế hoạch đã có trong cổng."),
    )

    def __init__(self, *args, plans: QuerySet[Plan] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans
            self.fields["plan"].label_from_instance = lambda p: f"{p.reference} – {p.issuer.full_name}: {p.title}"


class CriterionGroupForm(_RowForm):
    subject_type = forms.ChoiceField(label=_("Đối tượng"))
    heading = forms.CharField(label=_("Tiêu đề nhóm"), max_length=500)
    criteria = LinesField(label=_("Tiêu chí (mỗi tiêu chí một dòng)"), required=True)

    def __init__(self, *args, subject_types: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = subject_types or []


QUOTA_MARK = "|"


def _form_line(form: dict) -> str:
    return f"{form['name']} {QUOTA_MARK} {form['quota']}" if form.get("quota") else form["name"]


class AwardSectionForm(_RowForm):
    heading = forms.CharField(label=_("Tiêu đề mục"), max_length=500)
    occasions = forms.MultipleChoiceField(
        label=_("Dịp khen thưởng"), required=False, choices=OCCASIONS, widget=forms.CheckboxSelectMultiple
    )
    forms_list = LinesField(
        label=_("Hình thức khen thưởng (mỗi hình thức một dòng)"),
        help_text=_(
            "Tỷ lệ, số lượng (nếu có) ghi sau dấu “|”, ví dụ: Bằng khen của Chủ tịch UBND tỉnh | không quá 10%"
        ),
    )
    standards = forms.CharField(
        label=_("Tiêu chuẩn, hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_forms_list(self) -> list[dict]:
        found = []
        for line in self.cleaned_data["forms_list"]:
            name, _bar, quota = (part.strip() for part in line.partition(QUOTA_MARK))
            code = award_code(name)
            if code is None:
                raise ValidationError(
                    _(
                        "Không nhận ra hình thức khen thưởng “%(name)s”. Hãy viết như văn bản thường ghi (Huân "
                        "chương Lao động, Cờ thi đua của…, Bằng khen của…, Giấy khen…) hoặc xóa dòng đó."
                    )
                    % {"name": name}
                )
            found.append({"award_form": code, "name": name, **({"quota": quota[:255]} if quota else {})})
        return found


class PhaseForm(_RowForm):
    name = forms.CharField(label=_("Tên giai đoạn"), max_length=100)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    review = forms.ChoiceField(label=_("Sơ kết/tổng kết"), required=False, choices=[("", "—"), *Review.choices])
    review_year = forms.IntegerField(label=_("Năm"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX)
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        start, end, review, year = (data.get(k) for k in ("start_year", "end_year", "review", "review_year"))
        if start and end and end < start:
            self.add_error("end_year", _("Giai đoạn không thể kết thúc trước khi bắt đầu."))
        elif bool(review) != bool(year):
            self.add_error("review_year", _("Sơ kết/tổng kết cần cả loại và năm tổ chức."))
        elif year and start and end and not start <= year <= end:
            self.add_error("review_year", _("Năm sơ kết/tổng kết phải nằm trong giai đoạn."))
        return data


class DeadlineForm(_RowForm):
    day = forms.IntegerField(label=_("Ngày"), required=False, min_value=1, max_value=31)
    month = forms.IntegerField(label=_("Tháng"), required=False, min_value=1, max_value=12)
    reporter = forms.CharField(label=_("Đơn vị báo cáo"), max_length=500)
    receiver = forms.CharField(label=_("Nơi nhận báo cáo"), max_length=255)
    via = forms.CharField(label=_("Qua cơ quan"), required=False, max_length=255)
    reporters = forms.ChoiceField(label=_("Ai phải báo cáo"), choices=ReportingDeadline.Reporters.choices)

    def clean(self):
        data = super().clean()
        day, month = data.get("day"), data.get("month")
        if (day is None) != (month is None):
            raise ValidationError(_("Hạn báo cáo cần cả ngày và tháng, hoặc để trống cả hai."))
        if day and month:
            try:
                datetime.date(2024, month, day)  # a leap year: 29/02 is allowed
            except ValueError:
                raise ValidationError(
                    _("Ngày %(day)02d/%(month)02d không có thật.") % {"day": day, "month": month}
                ) from None
        return data


class ResponsibilityForm(_RowForm):
    body = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=500)
    titled = forms.BooleanField(label=_("Có tiêu đề riêng trong văn bản"), required=False)
    duties = LinesField(label=_("Nhiệm vụ (mỗi nhiệm vụ một dòng)"), required=True)


def _formset(form_class):
    return forms.formset_factory(form_class, extra=0, can_delete=True)


FORMSETS = {
    # key in the schema: (form class, prefix, label)
    "parents": (ParentForm, "parents", _("Văn bản căn cứ")),
    "criteria_groups": (CriterionGroupForm, "groups", _("Nhóm tiêu chí theo đối tượng")),
    "award_sections": (AwardSectionForm, "awards", _("Các mục khen thưởng")),
    "phases": (PhaseForm, "phases", _("Các giai đoạn")),
    "deadlines": (DeadlineForm, "deadlines", _("Hạn báo cáo hằng năm")),
    "responsibilities": (ResponsibilityForm, "resp", _("Nhiệm vụ của từng cơ quan, đơn vị")),
}


def _initial_rows(key: str, data: dict[str, Any]) -> list[dict]:
    rows = data.get(key) or []
    if key == "parents":
        return [
            {**r, "date": datetime.date.fromisoformat(r["date"]) if r.get("date") else None, "plan": r.get("plan_id")}
            for r in rows
        ]
    if key == "award_sections":
        return [{**r, "forms_list": [_form_line(f) for f in r.get("forms", [])]} for r in rows]
    if key == "phases":
        return [
            {**r, "review": (r.get("review") or {}).get("kind", ""), "review_year": (r.get("review") or {}).get("year")}
            for r in rows
        ]
    return [dict(r) for r in rows]


class PlanReview:
    """The whole review screen: the plan's fields and one formset per structured section."""

    def __init__(
        self, data: dict | None, *, extracted: dict[str, Any], plans: QuerySet[Plan], unsure: dict | None = None
    ):
        self.unsure = unsure or {}  # {section key: why the extraction is low confidence}
        self.form = PlanDraftForm(data, initial=PlanDraftForm.initial_from(extracted))
        self.formsets = {}
        form_kwargs = {
            "parents": {"plans": plans},
            "criteria_groups": {
                "subject_types": list(SubjectType.objects.order_by("position", "name").values_list("code", "name"))
            },
        }
        for key, (form_class, prefix, label) in FORMSETS.items():
            formset = _formset(form_class)(
                data, initial=_initial_rows(key, extracted), prefix=prefix, form_kwargs=form_kwargs.get(key, {})
            )
            formset.label = label
            formset.key = key
            self.formsets[key] = formset
        self.issuer = extracted.get("issuer") or {}

    LAYOUT = (
        # (key, title, form fields group, formsets)
        ("general", _("Thông tin chung"), "general", ()),
        ("preamble", _("Căn cứ ban hành"), "preamble", ("parents",)),
        ("aims", _("Mục đích, yêu cầu"), "aims", ()),
        ("contents", _("Nội dung thi đua"), "contents", ()),
        ("criteria", _("Tiêu chí thi đua"), None, ("criteria_groups",)),
        ("awards", _("Hình thức và tiêu chuẩn khen thưởng"), "awards_intro", ("award_sections",)),
        ("solutions", _("Giải pháp thực hiện"), "solutions", ()),
        ("time", _("Thời gian thực hiện"), "time", ("phases",)),
        ("organisation", _("Tổ chức thực hiện"), None, ("responsibilities", "deadlines")),
        ("closing", _("Đoạn kết, nơi nhận, người ký"), "closing", ()),
    )

    def __getitem__(self, key):
        return self.formsets[key]

    @property
    def sections(self) -> list[dict]:
        return [
            {
                "key": key,
                "title": title,
                "fields": self.form.group(group) if group else [],
                "formsets": [self.formsets[name] for name in formsets],
                "unsure": self.unsure.get(key, ""),
            }
            for key, title, group, formsets in self.LAYOUT
        ]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    @property
    def error_count(self) -> int:
        count = len(self.form.errors)
        for formset in self.formsets.values():
            count += len(formset.non_form_errors()) + sum(len(f.errors) for f in formset.forms)
        return count

    def _rows(self, key: str) -> list[dict]:
        return [f.cleaned_data for f in self.formsets[key].forms if f.cleaned_data and not f.cleaned_data["DELETE"]]

    def to_data(self) -> dict[str, Any]:
        """The reviewed plan in the export_plan schema."""
        d = self.form.cleaned_data
        signer = None
        if d["signer_name"]:
            signer = {key: d[f"signer_{key}"] for key in ("capacity", "delegation", "title", "name")}
        return {
            "issuer": self.issuer,
            "status": Plan.Status.DRAFT,
            "header_missing": False,
            "number": d["number"].strip(),
            "issued_on": d["issued_on"].isoformat() if d["issued_on"] else None,
            "place": d["place"].strip(),
            "title": " ".join(d["title"].split()),
            "campaign": " ".join(d["campaign"].split()),
            "other_campaigns": d["other_campaigns"],
            "period": {"start_year": d["period_start"], "end_year": d["period_end"]},
            "preamble": d["preamble"],
            "parents": [
                {
                    "kind": r["kind"],
                    "number": "".join(r["number"].split()),
                    "date": r["date"].isoformat() if r["date"] else None,
                    "issuer": r["issuer"],
                    "summary": " ".join(r["summary"].split()),
                    "in_system": r["plan"] is not None,
                    "plan_id": r["plan"].pk if r["plan"] else None,
                }
                for r in self._rows("parents")
            ],
            "purposes": d["purposes"],
            "requirements": d["requirements"],
            "contents_intro": d["contents_intro"].strip(),
            "contents": d["contents"],
            "criteria_groups": [
                {"subject_type": r["subject_type"], "heading": r["heading"], "criteria": r["criteria"]}
                for r in self._rows("criteria_groups")
            ],
            "award_sections": [
                {
                    "heading": r["heading"],
                    "occasions": [code for code, _label in OCCASIONS if code in r["occasions"]],
                    "forms": r["forms_list"],
                    "standards": " ".join(r["standards"].split()),
                }
                for r in self._rows("award_sections")
            ],
            "award_subjects": " ".join(d["award_subjects"].split()),
            "solutions": d["solutions"],
            "phases_intro": " ".join(d["phases_intro"].split()),
            "phases": [
                {
                    "name": r["name"],
                    "start_year": r["start_year"],
                    "end_year": r["end_year"],
                    "review": {"kind": r["review"], "year": r["review_year"]} if r["review"] else None,
                    "description": " ".join(r["description"].split()),
                }
                for r in self._rows("phases")
            ],
            "deadlines": [
                {k: r[k] for k in ("day", "month", "reporter", "receiver", "via", "reporters")}
                for r in self._rows("deadlines")
            ],
            "responsibilities": [
                {"body": r["body"], "titled": r["titled"], "duties": r["duties"]}
                for r in self._rows("responsibilities")
            ],
            "closing": " ".join(d["closing"].split()),
            "recipients": d["recipients"],
            "signer": signer,
        }
