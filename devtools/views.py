"""The benchmark's logged-in floor: what every page pays before its own content."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def blank(request):
    """The base template for a logged-in user (session, user, scope, the nav's unread count)
    and nothing else. Served only where devtools is installed (never in production)."""
    return render(request, "devtools/blank.html")
