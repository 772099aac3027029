from django import template

from campaigns.audit import versions_for

register = template.Library()


@register.inclusion_tag("_versions.html")
def versions(obj):
    """The object's version history: who, when, what changed."""
    return {"versions": versions_for(obj) if obj is not None and obj.pk else []}
