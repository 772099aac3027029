from django import template

from reporting.models import GeneratedDocument

register = template.Library()


@register.inclusion_tag("reporting/_document_widget.html", takes_context=True)
def document_widget(context, kind, label, plan=None, admin_unit=None, year=None, occasion=""):
    """A button that asks for the PDF in the background, then its progress and download link."""
    key = GeneratedDocument.make_key(kind, plan and plan.pk, admin_unit and admin_unit.pk, year, occasion)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "document": GeneratedDocument.objects.filter(key=key).first(),
        "kind": kind,
        "label": label,
        "plan": plan,
        "admin_unit": admin_unit,
        "year": year,
        "occasion": occasion,
    }
