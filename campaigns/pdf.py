"""PDF rendering with WeasyPrint: a template and its context → PDF bytes.

Every document uses Liberation Serif 2 (Times New Roman metrics, every Vietnamese letter),
shipped in static/fonts with its OFL licence, so output never depends on the machine's fonts;
templates reach the files through `font_dir`. Official documents are built on this by
reporting.officialdoc; certificates by awards."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = settings.BASE_DIR / "static" / "fonts" / "liberation-serif"


def font_configuration():
    from weasyprint.text.fonts import FontConfiguration  # imported late: it loads Pango, which pages never need

    return FontConfiguration()


def render_document(template: str, context: dict, *, font_config=None):
    """The laid-out WeasyPrint Document of a template: for a renderer that reads where boxes
    fell or combines the pages of several documents (one `font_config` for all of them)."""
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(template, {**context, "font_dir": FONT_DIR.as_uri()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config or font_configuration())


def render_pdf(template: str, context: dict) -> bytes:
    return render_document(template, context).write_pdf()
