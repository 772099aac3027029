from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaigns.excel import SheetRow, clean_text, read_sheet
from campaigns.models import ParticipatingUnit
from campaigns.selectors import units as selectors
from campaigns.services.units import IMPORT_COLUMNS, MAX_IMPORT_ROWS, check_password, split_full_name
from criteria.models import SubjectType

# Django's Vietnamese for this one ("Nhập địa chỉ email.") does not say what is wrong.
EMAIL_INVALID = _("Thư điện tử không hợp lệ; ví dụ đúng: vanhoa@xa.gov.vn.")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field it names, at the top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, errors)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    subject_type = forms.ModelChoiceField(
        label=_("Đối tượng"),
        queryset=SubjectType.objects.order_by("position", "name"),
        required=False,
        empty_label=_("Tất cả đối tượng"),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            (selectors.STATUS_ACTIVE, _("Đang tham gia")),
            (selectors.STATUS_INACTIVE, _("Ngừng tham gia")),
            (selectors.STATUS_ALL, _("Tất cả")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Tên đơn vị, người liên hệ, thư điện tử"),
            }
        )
        self.fields["subject_type"].widget.attrs["class"] = "form-select"
        self.fields["status"].widget.attrs["class"] = "form-select"

    def filter(self, units: QuerySet[ParticipatingUnit]) -> QuerySet[ParticipatingUnit]:
        """Apply the valid fields; a missing or wrong value falls back to the default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.filter_units(
            units,
            q=data.get("q") or "",
            subject_type=data.get("subject_type"),
            status=data.get("status") or selectors.STATUS_ACTIVE,
        )


class UnitForm(forms.ModelForm):
    class Meta:
        model = ParticipatingUnit
        fields = ["name", "subject_type", "contact_person", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}
        error_messages = {"email": {"invalid": EMAIL_INVALID}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].queryset = selectors.subject_types()
        self.fields["subject_type"].empty_label = _("— Chọn đối tượng —")

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])


class ReporterAccountForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Chữ, số và các ký tự @ . + - _ ; không có dấu cách. Ví dụ: thcs.cole"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False, error_messages={"invalid": EMAIL_INVALID})
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không toàn chữ số, không quá phổ biến hay giống tên đăng nhập."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username})
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp nhau."))
        elif password1:
            first_name, last_name = split_full_name(cleaned.get("full_name") or "")
            candidate = User(
                username=cleaned.get("username") or self.data.get("username", ""),
                first_name=first_name,
                last_name=last_name,
                email=cleaned.get("email") or "",
            )
            try:
                check_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        # The service checks the password against Django's validators; show it by the password.
        if hasattr(error, "error_dict") and "password" in error.error_dict:
            self.add_error("password1", error.error_dict.pop("password"))
        add_service_errors(self, error)


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        allow_empty_file=True,  # sniff_xlsx says so in the same words as other upload problems
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_(
            "Dòng đầu là tiêu đề: Tên đơn vị | Đối tượng | Người liên hệ | Thư điện tử | Điện thoại "
            "(cột Trạng thái không bắt buộc). Tối đa 2.000 dòng."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows: list[SheetRow] = read_sheet(upload, columns=IMPORT_COLUMNS, max_rows=MAX_IMPORT_ROWS)
        return upload
