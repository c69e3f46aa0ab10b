"""What the page shell shows on every page, including the error pages rendered without a request."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def help_desk_email() -> str:
    # A tag rather than a context processor: the 500 page is rendered with an empty context.
    return settings.HELP_DESK_EMAIL
