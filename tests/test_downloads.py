"""Downloaded file names work on every system: an ASCII fallback (no diacritics, no spaces)
and the real name in filename* (RFC 5987); every download goes through one helper."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from campaigns.downloads import ascii_name, content_disposition

pytestmark = pytest.mark.django_db
PRODUCT = ("accounts", "campaigns", "criteria", "awards", "reporting", "config")


def test_the_header_has_a_plain_fallback_and_the_real_name():
    header = content_disposition("Biên bản họp Hội đồng (lần 2).pdf")
    assert header == (
        'attachment; filename="Bien-ban-hop-Hoi-dong-lan-2.pdf"; '
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20H%E1%BB%99i%20%C4%91%E1%BB%93ng%20%28l%E1%BA%A7n%202%29.pdf"
    )
    assert content_disposition("so-vang.xlsx", inline=True) == 'inline; filename="so-vang.xlsx"'
    assert ascii_name('Đơn "vị"; \r\n.xlsx') == "Don-vi.xlsx"
    assert ascii_name("…") == "tai-ve"


def test_no_download_sets_its_own_header():
    """Content-Disposition, FileResponse(as_attachment/filename=) only in campaigns/downloads.py."""
    offenders = []
    for package in PRODUCT:
        for path in Path(settings.BASE_DIR, package).rglob("*.py"):
            if path.name == "downloads.py" or "migrations" in path.parts:
                continue
            source = path.read_text()
            if "Content-Disposition" in source:
                offenders.append(f"{path}: Content-Disposition")
            offenders += [
                f"{path}:{node.lineno}: FileResponse(filename=…)"
                for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "FileResponse"
                and any(k.arg in ("as_attachment", "filename") for k in node.keywords)
            ]
    assert not offenders, offenders


def test_a_download_with_a_vietnamese_name(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("campaigns:unit_export"))
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="') and " " not in header.split('"')[1]
    assert all(ord(ch) < 128 for ch in header)


def test_the_portal_has_a_favicon(client, commune_officer):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon.url.endswith("img/favicon.ico")
    client.force_login(commune_officer)
    assert 'rel="icon"' in client.get(reverse("home")).content.decode()
