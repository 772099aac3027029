"""The dossier lists' pages (the commune's list and the province queue), cached: the counts,
one page of rows, its table rendered and the filter's choices, shared by the staff of the same
role and area until a write in the province (config.cache)."""

from django.core.paginator import Paginator
from django.db.models.base import ModelState
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.scope import scope_of
from awards import selectors, workflow
from awards.models import Nomination
from config.cache import cached, page_number, plain

LIST_PAGE = 25  # dossiers a page


def bare(nomination: Nomination) -> Nomination:
    """The row as kept with the cached page: its own columns and marks, without the related
    rows it was rendered with (a tenth of the size to read back)."""
    row = Nomination.__new__(Nomination)
    row.__dict__.update(
        {k: v for k, v in nomination.__dict__.items() if k not in ("_state", "_prefetched_objects_cache")}
    )
    row._state = ModelState()
    row._state.adding, row._state.db = False, nomination._state.db
    return row


def cached_listing(user, page_asked, form, name: str, build_counts, rows_of, template: str, bulk_actions) -> dict:
    """The counts and one page of a dossier list, its table rendered, and the filter's
    choices: shared by the staff of the same role and area until a write in the province
    (config.cache: a dossier made, edited or moved a step). `build_counts(without_status)`
    gives the counts and the number of rows of the page's filters."""
    scope = scope_of(user)
    number = page_number(page_asked)
    today = timezone.localdate()
    area = (scope.role, scope.admin_unit_id, scope.participating_unit_id, scope.everything)
    key = (today, *area, get_language(), *form.filter_key(), number)

    def build() -> dict:
        without_status = form.filter(rows_of(user), with_status=False)
        counts, count = build_counts(without_status)
        paginator = Paginator(form.filter(without_status), LIST_PAGE)
        if count is not None:
            paginator.count = count  # known already: no second COUNT(*)
        page = paginator.get_page(number)
        rows = list(page.object_list)
        selectors.mark_waiting(rows, today)
        for nomination in rows:
            nomination.waiting_label = plain(workflow.PROVINCE_QUEUE.get(nomination.status, ""))
        table = render_to_string(template, {"page": rows, "bulk_actions": bulk_actions})
        return {
            "counts": plain(counts),
            "rows": [bare(nomination) for nomination in rows],
            "table": table,
            "count": paginator.count,
            "number": page.number,
            "choices": form.model_choices(),
        }

    # Someone outside every province (a superuser reading everything): no province's version
    # follows the writes they see, so their page is built afresh.
    shown = cached(scope.province_id, name, key, build) if scope.province_id else build()
    form.use_choices(shown["choices"])
    page = Paginator(range(shown["count"]), LIST_PAGE).page(shown["number"])  # the pagination links
    page.object_list = shown["rows"]
    return {
        "page": page,
        "counts": shown["counts"],
        "table": mark_safe(shown["table"]),  # noqa: S308 - our template's output  # nosec
    }
