"""Views reach tenant objects only through the scope: `Model.objects.visible_to(user)` for
lists and `get_for_user(...)` for one object. A view module that fetches a tenant model with a
bare `.objects.get(...)` or `get_object_or_404(Model, ...)` fails here, so a view cannot leak
another commune's object by forgetting a filter."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from accounts.scope import ScopedQuerySet

# Every model that belongs to an administrative unit (directly or through its plan, unit,
# report or dossier) must have a scoped queryset.
TENANT_MODELS = {
    "campaigns.AdministrativeUnit",
    "campaigns.Plan",
    "campaigns.ParticipatingUnit",
    "reporting.AnnualReport",
    "reporting.Evidence",
    "reporting.CommuneReport",
    "reporting.GeneratedDocument",
    "reporting.Notification",
    "awards.Nomination",
    "awards.NominationDocument",
    "awards.Awardee",
    "awards.AwardeePosting",
    "awards.Decision",
    "awards.DecisionLine",
    "awards.RegisterEntry",
    "awards.Registration",
    "awards.RegistrationLine",
    "awards.RegistrationEvent",
    "awards.RegistrationDeadline",
    "awards.CouncilMeeting",
    "awards.CouncilBallot",
    "awards.Initiative",
    "awards.YearRating",
    "awards.Proposal",
    "awards.ProposalOverride",
    "awards.ProposalEvent",
}


def scoped_model_names() -> set[str]:
    return {model.__name__ for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)}


def view_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    local_apps = [config.path for config in apps.get_app_configs() if Path(config.path).is_relative_to(root)]
    found = []
    for app_path in map(Path, local_apps):
        found += [app_path / "views.py"] if (app_path / "views.py").exists() else []
        found += sorted(app_path.glob("views_*.py")) + sorted((app_path / "views").glob("*.py"))
    return found


def _chain(node: ast.AST) -> list[str]:
    """The names along `A.objects.filter(...).get` → ["A", "objects", "filter", "get"]."""
    parts = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return parts[::-1]


def unscoped_fetches(source: str, tenants: set[str]) -> list[str]:
    """Each `get_object_or_404(<tenant>…)` and `<Tenant>.objects….get(…)` without `visible_to`."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        chain = _chain(node.func)
        if chain == ["get_object_or_404"] and node.args:
            target = _chain(node.args[0])
            if target and target[0] in tenants and "visible_to" not in target:
                problems.append(f"line {node.lineno}: get_object_or_404({'.'.join(target)})")
        elif chain[:1] and chain[0] in tenants and chain[1:2] == ["objects"] and chain[-1] in ("get", "first"):
            problems += [] if "visible_to" in chain else [f"line {node.lineno}: {'.'.join(chain)}(…)"]
    return problems


def test_every_tenant_model_has_a_scoped_queryset():
    missing = {
        label for label in TENANT_MODELS if not isinstance(apps.get_model(label)._default_manager.all(), ScopedQuerySet)
    }
    assert not missing, f"no visible_to(user) on: {sorted(missing)}"


def test_no_view_fetches_a_tenant_model_outside_the_scope():
    tenants = scoped_model_names()
    modules = view_modules()
    assert len(modules) >= 5  # the walk finds the apps' views
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in modules
        if (found := unscoped_fetches(path.read_text(encoding="utf-8"), tenants))
    }
    assert not problems, problems


@pytest.mark.parametrize(
    "source",
    [
        "def v(request, pk):\n    return get_object_or_404(Plan, pk=pk)\n",
        "def v(request, pk):\n    return get_object_or_404(Plan.objects.select_related('issuer'), pk=pk)\n",
        "def v(request, pk):\n    return Plan.objects.select_related('issuer').get(pk=pk)\n",
        "def v(request, pk):\n    return Plan.objects.filter(pk=pk).first()\n",
    ],
)
def test_the_check_catches_a_bare_fetch(source):
    assert unscoped_fetches(source, {"Plan"})


def test_the_check_lets_scoped_fetches_through():
    source = (
        "def v(request, pk):\n"
        "    a = get_for_user(Plan.objects.all(), request.user, pk)\n"
        "    b = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)\n"
        "    return Campaign.objects.get(pk=1)\n"
    )
    assert unscoped_fetches(source, {"Plan"}) == []
