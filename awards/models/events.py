"""What every recorded step of the awards' workflows shares (a dossier's, a registration's, a
proposal's): who took it and when. The subclass adds the row it belongs to, what was done and
the comment, and orders its rows by that parent, then `at`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StepRecord(models.Model):
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        abstract = True
