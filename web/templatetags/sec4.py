"""Template filters of the Sec. 4 pages."""

from django import template

from community.models import PartnerKind

register = template.Library()


@register.filter
def partner_kind(code: str) -> str:
    """A partner's kind as a person reads it ("Mental-health provider")."""
    return str(PartnerKind(code).label) if code in PartnerKind.values else code


@register.filter
def lookup(values: dict, key: str):
    """``values[key]`` (0 where missing): a count of a model in a row of the national picture."""
    return values.get(key, 0)
