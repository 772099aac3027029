"""PDF rendering with WeasyPrint: pure functions, object → PDF bytes.

Documents use Liberation Serif 2 (Times New Roman metrics, every Vietnamese letter), shipped
in static/fonts with its OFL licence, so output never depends on the machine's fonts.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from campaigns.models import Plan
from campaigns.selectors import plan_document_queryset

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "liberation-serif"


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which pages never need
    from weasyprint.text.fonts import FontConfiguration

    with translation.override("vi"):
        html = render_to_string(template, {**context, "font_dir": FONT_DIR.as_uri()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())


def render_plan_pdf(plan: Plan) -> bytes:
    """The plan as an official document, in the layout of Nghị định 30/2020/NĐ-CP."""
    plan = plan_document_queryset().get(pk=plan.pk)
    return render_pdf("campaigns/plan_pdf.html", {"plan": plan})
