"""Reads shared by views, scoped to what the user may see."""

from accounts.models import User


def home_summary(user: User, year: int) -> dict:
    """What this area shows on the user's home page (rendered by templates/awards/_home.html)."""
    return {}
