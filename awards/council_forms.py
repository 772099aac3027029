"""Forms of the council's pages: the meeting's record, the votes on the dossiers waiting for
the council (many at once), one line's votes, closing. The counts are checked by the models
and the service (awards.models.council, awards.services.council), in one place."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms import _date_field
from awards.models import CouncilMeeting, Nomination, Proposal
from awards.services.council import MEETING_FIELDS, BallotRow

VOTES = ("votes_for", "votes_against", "votes_invalid")
VOTE_LABELS = {
    "votes_for": _("Đồng ý"),
    "votes_against": _("Không đồng ý"),
    "votes_invalid": _("Không hợp lệ"),
}


def _count(label, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=1000, required=required)


class MeetingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = _date_field(_("Ngày họp"))

    class Meta:
        model = CouncilMeeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "written_voters": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_votes"].required = False

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in MEETING_FIELDS}
        data["written_votes"] = data["written_votes"] or 0
        return data


class BallotRowsForm(forms.Form):
    """The votes on each dossier and each year-end proposal waiting for the council: a row
    left blank is not voted on."""

    def __init__(self, *args, waiting: list[Nomination], proposals: list[Proposal] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting, self.proposals = waiting, list(proposals)
        for key, _subject in self._subjects():
            for name in VOTES:
                self.fields[f"{name}_{key}"] = _count(VOTE_LABELS[name])

    def _subjects(self) -> list[tuple[str, Nomination | Proposal]]:
        return [(str(n.pk), n) for n in self.waiting] + [(f"p{p.pk}", p) for p in self.proposals]

    def _fields(self, key: str) -> list:
        return [self[f"{name}_{key}"] for name in VOTES]

    @property
    def rows(self) -> list[dict]:
        """Each waiting dossier with its three bound fields, for the table."""
        return [{"nomination": n, "fields": self._fields(str(n.pk))} for n in self.waiting]

    @property
    def proposal_rows(self) -> list[dict]:
        """Each waiting year-end proposal with its three bound fields."""
        return [{"proposal": p, "fields": self._fields(f"p{p.pk}")} for p in self.proposals]

    def clean(self) -> dict:
        data = super().clean()
        self.ballot_rows: list[BallotRow] = []
        for key, subject in self._subjects():
            values = [data.get(f"{name}_{key}") for name in VOTES]
            if all(value is None for value in values):
                continue
            if values[0] is None or values[1] is None:
                name = subject.awardee.name if isinstance(subject, Proposal) else subject.nominee_name
                message = _("“%(name)s”: hãy ghi cả số phiếu đồng ý và không đồng ý.") % {"name": name}
                self.add_error(f"votes_for_{key}", message)
                continue
            votes = (values[0], values[1], values[2] or 0)
            if isinstance(subject, Proposal):
                self.ballot_rows.append(BallotRow(None, *votes, proposal=subject))
            else:
                self.ballot_rows.append(BallotRow(subject, *votes))
        if not self.errors and not self.ballot_rows:
            raise forms.ValidationError(_("Hãy ghi số phiếu cho ít nhất một hồ sơ."))
        return data


class BallotForm(forms.Form):
    votes_for = _count(_("Đồng ý"), required=True)
    votes_against = _count(_("Không đồng ý"), required=True)
    votes_invalid = _count(_("Không hợp lệ"))

    def service_kwargs(self) -> dict:
        return {**self.cleaned_data, "votes_invalid": self.cleaned_data["votes_invalid"] or 0}


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
