"""Abuse resistance: login lockout, password rules, security headers, deploy checks."""

import ast
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login(client, password):
    return client.post(reverse("login"), {"username": "cole", "password": password})


def test_login_is_locked_after_repeated_failures(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "sai-mat-khau")
        assert response.status_code == 200
        assert "Hãy nhập đúng Tên đăng nhập và Mật khẩu" in response.content.decode() or response.context["form"].errors
    locked = login(client, "sai-mat-khau")
    assert locked.status_code == 429
    assert "Tài khoản tạm bị khóa đăng nhập" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert login(client, "demo12345").status_code == 429


def test_one_address_trying_one_password_on_many_accounts_is_locked_out(client, settings, django_user_model):
    """Password spraying: one failure per username stays under the per-username limit, but the
    address as a whole is locked after AXES_IP_FAILURE_LIMIT, even for a right password."""
    usernames = [f"nguoidung{n}" for n in range(settings.AXES_IP_FAILURE_LIMIT)]
    for username in usernames[:-1]:
        assert client.post(reverse("login"), {"username": username, "password": "Mua-Xuan-2026"}).status_code == 200
    locked = client.post(reverse("login"), {"username": usernames[-1], "password": "Mua-Xuan-2026"})
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tài khoản tạm bị khóa đăng nhập" in html and "từ cùng một địa chỉ mạng" in html
    assert f"thử lại sau {settings.AXES_COOLOFF_TIME.seconds // 60} phút" in html
    assert client.post(reverse("login"), {"username": "cole", "password": "demo12345"}).status_code == 429
    other = client.post(reverse("login"), {"username": "cole", "password": "demo12345"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address is not affected


def test_lockout_is_per_username(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai-mat-khau")
    response = client.post(reverse("login"), {"username": "xuantruong", "password": "demo12345"})
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "sai-mat-khau")
    assert login(client, "demo12345").status_code == 302
    client.logout()
    assert login(client, "sai-mat-khau").status_code == 200  # not locked: the count started again


@pytest.mark.parametrize("password", ["123", "12345678", "password", "abc12"])
def test_weak_passwords_are_refused(password, commune_officer):
    with pytest.raises(ValidationError):
        validate_password(password, commune_officer)


def test_pages_send_a_content_security_policy(client, commune_officer):
    client.force_login(commune_officer)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_pages_have_no_inline_scripts(client, commune_officer, plan_co_le):
    """The policy forbids inline scripts, so no page may rely on one."""
    client.force_login(commune_officer)
    for url in [
        reverse("home"),
        reverse("campaigns:plan_list"),
        plan_co_le.get_absolute_url(),
        reverse("reporting:board"),
    ]:
        html = client.get(url).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, tag


def test_session_and_csrf_cookies_are_http_only_and_same_site():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.X_FRAME_OPTIONS == "DENY" and settings.SECURE_CONTENT_TYPE_NOSNIFF


def test_deploy_checks_pass_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-" + "y" * 30,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "thidua.example.vn",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in production
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRODUCT_APPS = ["accounts", "awards", "campaigns", "config", "criteria", "reporting"]


def bandit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "bandit", "-q", "-c", "pyproject.toml", "-x", "*/migrations/*", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.long
def test_bandit_finds_nothing_unjustified():
    """Each accepted finding is justified where it stands (# nosec) or in pyproject.toml."""
    result = bandit("-r", *PRODUCT_APPS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_devtools_bandit_needs_only_its_subprocess_import():
    """The benchmark and the load run start gunicorn, a worker and Redis: importing
    subprocess (B404) is their job, and is accepted there only."""
    result = bandit("-s", "B404", "-r", "devtools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_product_code_imports_neither_subprocess_nor_the_database_driver():
    found = []
    for app in PRODUCT_APPS:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                found += [f"{path}: {n}" for n in names if n.split(".")[0] in {"subprocess", "psycopg2"}]
    assert found == []


def test_production_settings_do_not_install_the_devtools():
    env = {**os.environ, "DJANGO_SECRET_KEY": "p" * 60, "DEBUG": "0", "ALLOWED_HOSTS": "thidua.example.vn"}
    for name in ("PYTEST_VERSION", "DJANGO_DEVTOOLS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    commands = result.stdout.split()
    assert result.returncode == 0, result.stderr
    assert "load_demo" in commands
    assert not {"bench", "make_synthetic", "loadrun"} & set(commands)
    assert "devtools" in settings.INSTALLED_APPS  # the test suite has them
