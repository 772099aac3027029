from reporting.selectors.notifications import unread_count


def notifications(request) -> dict:
    """The unread count in the navigation bar (one small indexed query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
