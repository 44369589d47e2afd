"""Batched, case-insensitive lookups of existing rows for duplicate checks."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Q
from django.db.models.functions import Lower

# Two parameters per value (exact and lower-cased) stay under SQLite's
# historical limit of 999 bound parameters per statement.
LOOKUP_CHUNK_SIZE = 400


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def filter_iexact_in(queryset, field_name: str, values: Iterable[str]) -> Iterator:
    """Yield the rows whose field equals one of `values`, ignoring case.

    Exact matches are found on every database. Case-insensitive matches rely
    on the database's LOWER(), which on SQLite folds only ASCII letters, so
    there "ZÜRICH" and "zürich" do not match; PostgreSQL folds both.
    """
    unique_values = sorted({value for value in values if value})
    for chunk in chunked(unique_values, LOOKUP_CHUNK_SIZE):
        lowered = {value.lower() for value in chunk}
        condition = Q(**{f"{field_name}__in": chunk}) | Q(match_key__in=lowered)
        yield from queryset.annotate(match_key=Lower(field_name)).filter(condition)


def values_in(queryset, field_name: str, values: Iterable[str]) -> set[str]:
    """Return those of `values` that occur in the field (exact comparison)."""
    found = set()
    for chunk in chunked(sorted(set(values)), LOOKUP_CHUNK_SIZE * 2):
        lookup = {f"{field_name}__in": chunk}
        found.update(queryset.filter(**lookup).values_list(field_name, flat=True))
    return found
