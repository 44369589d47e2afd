"""Template tags that show a person's ClickMeeting history on CRM pages."""

from django import template

register = template.Library()


@register.simple_tag
def clickmeeting_history(person):
    # TODO: render meetings attended, chat messages and poll answers.
    return ""
