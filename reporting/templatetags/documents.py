from django import template

from reporting.models import GeneratedDocument
from reporting.renderers import DOCUMENTS
from reporting.selectors.freshness import stale_since

register = template.Library()


@register.inclusion_tag("reporting/_document_widget.html", takes_context=True)
def document_widget(
    context, kind, label, plan=None, admin_unit=None, year=None, occasion="", decision=None, reference=""
):
    """One button per format (PDF, Word, Excel) that asks for the document in the background,
    then its progress and download link; an official document's number and signer can be set
    before printing."""
    formats = []
    for fmt in DOCUMENTS[kind].renderers:
        subject = {"plan": plan, "admin_unit": admin_unit, "decision": decision, "reference": reference}
        key = GeneratedDocument.key_of(kind, fmt, year=year, occasion=occasion, **subject)
        document = GeneratedDocument.objects.filter(key=key).first()
        formats.append(
            {
                "code": fmt,
                "label": GeneratedDocument.Format(fmt).label,
                "document": document,
                "stale": stale_since(document),  # the data changed after it was made
            }
        )
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "formats": formats,
        "editable": "docx" in DOCUMENTS[kind].renderers and DOCUMENTS[kind].issue,
        "kind": kind,
        "label": label,
        "plan": plan,
        "admin_unit": admin_unit,
        "year": year,
        "occasion": occasion,
        "decision": decision,
        "reference": reference,
    }
