"""The Django admin in Vietnamese throughout: every admin page (the index, each app, each
model's list, add, change, history and delete page) is walked as the administrator with the
language vi, and no English phrase of Django's own (or of the third-party apps' labels and help
texts) is left in what the page shows: its text, and the titles, labels and button captions a
user reads or hears. The admin's scripts (calendar, selectors) get their Vietnamese catalog."""

import contextlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

# Words and phrases of the admin's own interface, as whole words (data such as usernames,
# e-mail addresses, task paths or time zone names is not interface).
ENGLISH = [
    "Add ",
    "Change ",
    "Select ",
    "Save and",
    "Delete",
    "History",
    "Filter",
    "Search",
    "Action:",
    "Go",
    "Home",
    "Skip to",
    "Toggle",
    "Show counts",
    "Hide counts",
    "Breadcrumbs",
    "Sidebar",
    "Model name",
    "View site",
    "Log out",
    "Recent actions",
    "Are you sure",
    "Set password",
    "Schedule",
    "Arguments",
    "Execution Options",
    "Datetime",
    "JSON encoded",
    "The Name of the Celery Task",
    "Task Name",
    "Result",
    "Parameters",
    "Priority",
    "Routing Key",
    "Plan:",
    "Group:",
    "Section:",
    "Version:",
    "Created by",
    "Signed by",
    "Decision line",
    "Report:",
]
PATTERN = re.compile(r"(?<![\w/.@-])(" + "|".join(re.escape(p.strip()) for p in ENGLISH) + r")(?![\w/.@-])")
SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class ShownText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style", "option"):  # options hold data (time zones, task paths)
            self.hidden += 1
        self.parts += [values[name] for name in SHOWN_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "option"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def english_on(html: str) -> set[str]:
    parser = ShownText()
    parser.feed(html)
    return {part for part in parser.parts if PATTERN.search(part)}


def admin_urls() -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls += [reverse("admin:app_list", args=[info[0]]), reverse("admin:{}_{}_changelist".format(*info))]
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.first()
        if obj is not None:
            for page in ("change", "history", "delete"):
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{page}", args=[obj.pk]))
    return list(dict.fromkeys(urls))


def test_the_check_itself_sees_english():
    assert english_on('<a href="/">Home</a><input type="submit" value="Save and continue editing">')
    assert english_on('<img alt="Search"><p>Plan:</p>')
    assert not english_on("<p>Trang chủ · admin · vhxh@cole.example · reporting.tasks.sweep</p><option>Go</option>")


@pytest.mark.long
def test_every_admin_page_is_vietnamese(admin_client):
    admin_client.cookies["django_language"] = "vi"
    left = {}
    for url in admin_urls():
        response = admin_client.get(url)
        if response.status_code != 200:
            continue  # pages refused on purpose (adding a reminder by hand, …)
        for text in english_on(response.content.decode()):
            left.setdefault(text, url)
    assert not left, "\n".join(f"{url}: {text!r}" for text, url in sorted(left.items(), key=lambda item: item[1]))


def test_the_admin_scripts_have_their_vietnamese_catalog(admin_client):
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    for vietnamese in ("Chủ nhật", "Hôm nay", "Chọn tất cả", "Bỏ tất cả", "Hiện"):
        assert json.dumps(vietnamese)[1:-1] in script, vietnamese  # the catalog is JSON, \u-escaped
