"""Read queries of the meeting pages, each a fixed number of SQL queries."""

from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from crm.models import normalize_email
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session


def _count_of(model):
    # A correlated subquery per section: joining all five tables at once
    # would multiply the rows and inflate every count.
    counts = (
        model.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def with_section_counts(queryset):
    """Annotate the counts shown on the detail page's section links."""
    from invitations.models import Invitation

    peak = (
        Session.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(peak=Max("peak_visitors"))
        .values("peak")
    )
    return queryset.annotate(
        session_count=_count_of(Session),
        invitation_count=_count_of(Invitation),
        poll_answer_count=_count_of(PollAnswer),
        chat_message_count=_count_of(ChatMessage),
        file_count=_count_of(File),
        peak_visitors=Coalesce(Subquery(peak, output_field=IntegerField()), 0),
    )


def with_end(queryset):
    return queryset.annotate(
        ends_at_value=ExpressionWrapper(
            F("starts_at") + F("duration"), output_field=DateTimeField()
        )
    )


def upcoming(queryset, now):
    """Meetings that have not ended yet, running ones included."""
    return with_end(queryset).filter(ends_at_value__gte=now)


def past(queryset, now):
    return with_end(queryset).filter(ends_at_value__lt=now)


def meetings_of_user(user):
    """Meetings the user owns or whose invitations went to the user's email."""
    from invitations.models import Invitation

    condition = Q(owner_id=user.pk)
    email = normalize_email(user.email or "")
    if email:
        invited = Invitation.objects.filter(email_normalized=email).values("meeting_id")
        condition |= Q(pk__in=invited)
    return Meeting.objects.filter(condition)
