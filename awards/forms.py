import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.search import search
from awards import selectors, workflow
from awards.models import PROVINCE_STATES, STATES_OF, AwardForm, Nomination, NominationDocument, Occasion
from awards.services.bulk import BULK_ACTIONS, SENT_UP
from campaigns.models import Level, Plan

DATE_HELP = _("Dạng dd/mm/yyyy, ví dụ 05/12/2026.")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
    )


class NominationForm(forms.ModelForm):
    """Create or edit a dossier. The award forms offered follow the plan and occasion chosen
    (refreshed by htmx when they change) and the nominee kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Nomination
        fields = [
            "plan",
            "occasion",
            "nominee_kind",
            "unit",
            "individual_name",
            "individual_position",
            "award_form",
            "achievements",
        ]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "individual_name": _("Chỉ ghi khi đề nghị khen thưởng cho cá nhân."),
            "individual_position": _("Chỉ ghi khi đề nghị khen thưởng cho cá nhân."),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = selectors.plans_open_for_nominations(user)
        self.fields["plan"].label_from_instance = lambda plan: f"{plan.reference} – {plan.title[:110]}"
        self.fields["unit"].queryset = selectors.units_open_for_nominations(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        else:
            self.fields.pop("version")
            plans = list(self.fields["plan"].queryset[:2])
            units = list(self.fields["unit"].queryset[:2])
            if len(plans) == 1:
                self.initial.setdefault("plan", plans[0].pk)
            if len(units) == 1:
                self.initial.setdefault("unit", units[0].pk)
            self.initial.setdefault("occasion", Occasion.ANNUAL)
        self.fields["award_form"].queryset = self.award_form_choices()
        self.fields["award_form"].error_messages["invalid_choice"] = _(
            "Hình thức này không có trong kế hoạch cho loại khen thưởng đã chọn, hoặc không dành cho đối tượng này."
        )
        options_url = reverse("awards:award_form_options")
        for name in ("plan", "occasion", "nominee_kind"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": options_url,
                    "hx-trigger": "change",
                    "hx-target": "#id_award_form",
                    "hx-include": "closest form",
                }
            )

    def _value(self, name: str):
        if self.is_bound:
            return self.data.get(self.add_prefix(name))
        return self.initial.get(name, getattr(self.instance, f"{name}_id", None) or getattr(self.instance, name, None))

    def award_form_choices(self) -> QuerySet[AwardForm]:
        try:
            plan = self.fields["plan"].queryset.filter(pk=int(self._value("plan"))).first()
        except (TypeError, ValueError):
            plan = None
        return selectors.award_forms_for(
            plan=plan, occasion=self._value("occasion"), nominee_kind=self._value("nominee_kind")
        )

    def clean(self) -> dict:
        data = super().clean()
        # The name and position fields stay on the page; they mean nothing for a collective.
        if data.get("nominee_kind") == Nomination.NomineeKind.COLLECTIVE:
            data["individual_name"] = data["individual_position"] = ""
        return data

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# Where a dossier is, for the commune's list: still at the commune (its own steps) or sent up.
LEVELS = {
    "commune": (Nomination.Status.DRAFT, *STATES_OF[Level.COMMUNE].states),
    "province": PROVINCE_STATES,
}

# What a plan's option in a filter shows (its issuer and number), not the plan's texts.
PLAN_CHOICE_FIELDS = ("pk", "number", "status", "issuer__name", "issuer__kind", "issuer__province_id")


class CachedListFilters:
    """The filters of a dossier list whose page is cached per province (config.cache): the
    key is what was typed in each valid field, and the drop-downs read from the database (plans,
    award forms) are kept as plain choices with the page."""

    def filter_key(self) -> tuple:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        typed = [" ".join(str(self.typed.get(name, "")).split()) if name in data else "" for name in self.fields]
        return (hashlib.sha256(json.dumps(typed).encode()).hexdigest()[:32],)  # a short key, whatever was typed

    def model_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {
            name: [(str(value), str(label)) for value, label in field.choices]
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelChoiceField)
        }

    def use_choices(self, choices: dict[str, list[tuple[str, str]]]) -> None:
        """Show these choices (validation still reads the field's queryset)."""
        for name, values in choices.items():
            self.fields[name].choices = values


def plan_label(plan: Plan) -> str:
    """A commune plan as the province's filters show and read it: "xã Cổ Lễ – 12/KH-UBND"."""
    return f"{plan.issuer.full_name} – {plan.reference}"


class NominationFilterForm(CachedListFilters, forms.Form):
    q = forms.CharField(label=_("Tên người, đơn vị được đề nghị"), max_length=100, required=False)
    level = forms.ChoiceField(
        label=_("Hồ sơ đang ở"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("commune", _("Xã, phường (các bước của xã)")),
            ("province", _("Đã trình cấp trên")),
        ],
    )
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none(), required=False)
    occasion = forms.ChoiceField(label=_("Loại khen thưởng"), required=False)
    award_form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, nominations: QuerySet[Nomination], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.typed = self.data
        self.fields["plan"].queryset = (
            Plan.objects.filter(pk__in=nominations.values("plan")).select_related("issuer").only(*PLAN_CHOICE_FIELDS)
        )
        self.fields["occasion"].choices = [("", _("Tất cả"))] + list(Occasion.choices)
        self.fields["status"].choices = [("", _("Tất cả"))] + list(Nomination.Status.choices)
        self.fields["plan"].empty_label = self.fields["award_form"].empty_label = _("Tất cả")

    def filter(self, nominations: QuerySet[Nomination], *, with_status: bool = True) -> QuerySet[Nomination]:
        """Apply the filters that are valid (a bad value in one does not drop the others)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        names = ["plan", "occasion", "award_form"] + (["status"] if with_status else [])
        lookups = {name: data[name] for name in names if data.get(name)}
        if data.get("level"):
            lookups["status__in"] = LEVELS[data["level"]]
        return search(nominations.filter(**lookups), data.get("q", ""), ["individual_name", "unit__name"])


WAITING = "waiting"


class ProvinceQueueFilterForm(CachedListFilters, forms.Form):
    """The province queue's filters. Status "waiting" means every state the province still
    has to act on (the link dashboards use: ?commune=<id>&status=waiting, or ?plan=<commune
    plan id>&status=forwarded). Commune and plan are typed (a province has hundreds of each:
    no drop-down lists them all): a name or code, suggested by htmx as one types."""

    q = forms.CharField(label=_("Tên người, đơn vị được đề nghị"), max_length=100, required=False)
    commune = forms.CharField(label=_("Xã, phường"), max_length=100, required=False)
    plan = forms.CharField(label=_("Kế hoạch của xã"), max_length=100, required=False)
    award_form = forms.ModelChoiceField(label=_("Hình thức"), queryset=AwardForm.objects.all(), required=False)
    occasion = forms.ChoiceField(label=_("Loại khen thưởng"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    LOOKUPS = {  # field: (placeholder, datalist id, URL of the suggestions)
        "commune": (_("Gõ tên hoặc mã xã, phường"), "commune-options", "awards:province_queue_communes"),
        "plan": (_("Gõ số kế hoạch hoặc tên xã, phường"), "plan-options", "awards:province_queue_plans"),
    }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.typed = self.data  # as typed (a commune found by its id shows its name instead)
        self.fields["occasion"].choices = [("", _("Tất cả"))] + list(Occasion.choices)
        self.fields["status"].choices = [("", _("Tất cả")), (WAITING, _("Đang chờ tỉnh xử lý"))] + [
            (status, Nomination.Status(status).label) for status in PROVINCE_STATES
        ]
        self.fields["award_form"].empty_label = _("Tất cả")
        for name, (placeholder, datalist, url) in self.LOOKUPS.items():
            self.fields[name].widget.attrs.update(
                {
                    "class": "form-control",
                    "placeholder": placeholder,
                    "autocomplete": "off",
                    "list": datalist,
                    "hx-get": reverse(url),
                    "hx-trigger": "input changed delay:300ms",
                    "hx-target": f"#{datalist}",
                }
            )

    def _typed(self, name: str, found: QuerySet, label, message) -> QuerySet | None:
        """What the typed value means; one match found by id shows its name in the box."""
        text = self.cleaned_data[name]
        if not text:
            return None
        matches = list(found[:2])
        if not matches:
            raise ValidationError(message, params={"text": text})
        if len(matches) == 1 and selectors.typed_id(text.strip()) is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(name)] = label(matches[0])
        return found

    def clean_commune(self) -> QuerySet | None:
        return self._typed(
            "commune",
            selectors.province_units_matching(self.user, self.cleaned_data["commune"]),
            lambda unit: unit.full_name,
            _("Không có xã, phường nào trong tỉnh khớp với “%(text)s”; bộ lọc xã, phường không được áp dụng."),
        )

    def clean_plan(self) -> QuerySet | None:
        return self._typed(
            "plan",
            selectors.province_plans_matching(self.user, self.cleaned_data["plan"]).select_related("issuer"),
            plan_label,
            _(
                "Không có kế hoạch nào của các xã, phường trong tỉnh khớp với “%(text)s”; "
                "bộ lọc kế hoạch không được áp dụng."
            ),
        )

    def filter(self, nominations: QuerySet[Nomination], *, with_status: bool = True) -> QuerySet[Nomination]:
        """Apply the filters that are valid (a bad value in one does not drop the others)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("commune") is not None:
            nominations = nominations.filter(unit__admin_unit__in=data["commune"].values("pk"))
        if data.get("plan") is not None:
            nominations = nominations.filter(plan__in=data["plan"].values("pk"))
        if data.get("award_form"):
            nominations = nominations.filter(award_form=data["award_form"])
        if data.get("occasion"):
            nominations = nominations.filter(occasion=data["occasion"])
        status = data.get("status") if with_status else None
        if status == WAITING:
            nominations = nominations.filter(status__in=workflow.PROVINCE_QUEUE)
        elif status:
            nominations = nominations.filter(status=status)
        return search(nominations, data.get("q", ""), ["individual_name", "unit__name"])

    def count_of(self, by_status: dict[str, int]) -> int:
        """How many dossiers `filter()` keeps, from the counts per state of those the other
        filters keep (no second count of the province's dossiers)."""
        status = getattr(self, "cleaned_data", {}).get("status")
        if status == WAITING:
            return sum(by_status.get(s, 0) for s in workflow.PROVINCE_QUEUE)
        return by_status.get(status, 0) if status else sum(by_status.values())


class BulkForm(forms.Form):
    """What the list's bulk bar posts: the step, the ticked dossiers with the version each had
    on the page, and for a step that sends dossiers up the one tờ trình they go under."""

    action = forms.ChoiceField(choices=[(a, a) for a in BULK_ACTIONS])
    submission_number = forms.CharField(label=_("Số tờ trình"), max_length=50, required=False)
    submission_date = forms.DateField(label=_("Ngày tờ trình"), required=False)

    def clean(self):
        data = super().clean()
        try:
            ids = [int(value) for value in self.data.getlist("ids")]
        except ValueError:
            raise ValidationError(_("Danh sách hồ sơ đã chọn không hợp lệ.")) from None
        if not ids:
            raise ValidationError(_("Hãy đánh dấu ít nhất một hồ sơ."))
        data["ids"] = list(dict.fromkeys(ids))
        versions = {}
        for pk in data["ids"]:
            try:
                versions[pk] = int(self.data.get(f"version_{pk}", ""))
            except ValueError:
                versions[pk] = None  # refused by the step's version check, with its message
        data["versions"] = versions
        return data

    def fields_for_step(self) -> dict:
        data = self.cleaned_data
        if data["action"] not in SENT_UP:
            return {}
        return {
            "submission_number": data.get("submission_number") or "",
            "submission_date": data.get("submission_date"),
        }


# --- Workflow steps: one small form per action, each posting the dossier's version ----------


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ReturnForm(TransitionForm):
    comment = None
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))


class AppraiseForm(TransitionForm):
    comment = forms.CharField(label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 3}))


def _count_field(label, *, minimum: int = 0, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=minimum, max_value=1000, required=required, initial=None if required else 0
    )


class CouncilForm(TransitionForm):
    """The council's vote on this one dossier: recorded as a meeting with one ballot line. The
    counts are checked by the meeting and the line (awards.models.council), in one place."""

    council_meeting_date = _date_field(_("Ngày họp Hội đồng"))
    council_total_members = _count_field(_("Tổng số thành viên Hội đồng"), minimum=1)
    council_members_present = _count_field(_("Số thành viên dự họp"), minimum=1)
    council_written_votes = _count_field(_("Số thành viên vắng mặt gửi phiếu bằng văn bản"), required=False)
    council_secret_ballot = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False, initial=True)
    council_votes_for = _count_field(_("Số phiếu đồng ý"))
    council_votes_against = _count_field(_("Số phiếu không đồng ý"))
    council_votes_invalid = _count_field(_("Số phiếu không hợp lệ, để trống"), required=False)
    field_order = [
        "council_meeting_date",
        "council_total_members",
        "council_members_present",
        "council_written_votes",
        "council_secret_ballot",
        "council_votes_for",
        "council_votes_against",
        "council_votes_invalid",
    ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "comment": data["comment"],
            "meeting_date": data["council_meeting_date"],
            "total_members": data["council_total_members"],
            "members_present": data["council_members_present"],
            "written_votes": data["council_written_votes"] or 0,
            "secret_ballot": data["council_secret_ballot"],
            "votes_for": data["council_votes_for"],
            "votes_against": data["council_votes_against"],
            "votes_invalid": data["council_votes_invalid"] or 0,
        }


class DecideForm(TransitionForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decision_date = _date_field(_("Ngày quyết định"))
    decision_signer = forms.CharField(label=_("Người ký quyết định"), max_length=150)
    field_order = ["decision_number", "decision_date", "decision_signer"]


class NationalForm(TransitionForm):
    """The province's submission (tờ trình) that proposes a national form upward."""

    submission_number = forms.CharField(label=_("Số tờ trình của tỉnh"), max_length=50)
    submission_date = _date_field(_("Ngày tờ trình"))
    field_order = ["submission_number", "submission_date"]


# The form of each step, the same at every level; a forward that carries the level's
# submission asks for it.
STEP_FORMS: dict[str, type[TransitionForm]] = {
    workflow.Step.SUBMIT: TransitionForm,
    workflow.Step.RECEIVE: TransitionForm,
    workflow.Step.RETURN: ReturnForm,
    workflow.Step.APPRAISE: AppraiseForm,
    workflow.Step.RECORD_COUNCIL: CouncilForm,
    workflow.Step.DECIDE: DecideForm,
    workflow.Step.FORWARD: TransitionForm,
}
ACTION_FORMS: dict[str, type[TransitionForm]] = {
    action: NationalForm
    if transition.step == workflow.Step.FORWARD and transition.level in workflow.FORWARD_NEEDS_SUBMISSION
    else STEP_FORMS[transition.step]
    for action, transition in workflow.TRANSITIONS.items()
}


def action_form(action: str, nomination: Nomination, data=None) -> TransitionForm:
    """The step's form, prefixed by the action so several fit on one page."""
    return ACTION_FORMS[action](data, prefix=action, initial={"version": nomination.version})


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"))
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, DOCX, XLSX, JPG hoặc PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, NominationDocument.Kind(k).label) for k in kinds]
