"""Batched upserts keyed on ClickMeeting ids that write only changed rows.

The caller gives the rows it wants (dicts of model attribute names) and a
queryset with the rows that may already exist. One query loads the existing
rows, new keys are inserted with one `bulk_create`, and rows whose values
differ are written with one `bulk_update`. A row that did not change is not
written at all, so a second import of the same data writes nothing.

The inserts use `update_conflicts`, so a row that another process inserted
after the existing rows were loaded is updated instead of raising an
integrity error. The unique constraint stays the last line against
duplicates.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

BATCH_SIZE = 500


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    # Primary key of every wanted row, by its key tuple.
    ids: dict[tuple, int] = field(default_factory=dict)


def upsert_rows(
    model: type[models.Model],
    rows: list[dict],
    *,
    key_fields: tuple[str, ...],
    existing: models.QuerySet,
) -> UpsertResult:
    """Insert or update `rows` of `model`, identified by `key_fields`.

    `existing` must select every stored row that could share a key with
    `rows` (typically the rows of one meeting). Rows with the same key are
    merged, the last one wins.
    """
    wanted = _clip_and_index(model, rows, key_fields)
    if not wanted:
        return UpsertResult()
    value_fields = sorted({name for row in wanted.values() for name in row})
    value_fields = [name for name in value_fields if name not in key_fields]
    stored = _load_existing(existing, key_fields, value_fields)

    to_create, to_update, changed_fields = _split(model, wanted, stored)
    if to_create:
        _create(model, to_create, key_fields, value_fields)
    if to_update:
        _update(model, to_update, changed_fields)

    ids = {key: row["pk"] for key, row in stored.items() if key in wanted}
    if to_create:
        ids.update(_load_ids(existing, key_fields, set(wanted) - set(ids)))
    return UpsertResult(created=len(to_create), updated=len(to_update), ids=ids)


def _clip_and_index(model, rows, key_fields) -> dict[tuple, dict]:
    limits = {
        f.attname: f.max_length
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and f.max_length
    }
    wanted = {}
    for row in rows:
        clipped = {
            name: value[: limits[name]]
            if name in limits and isinstance(value, str)
            else value
            for name, value in row.items()
        }
        wanted[tuple(clipped[name] for name in key_fields)] = clipped
    return wanted


def _load_existing(queryset, key_fields, value_fields) -> dict[tuple, dict]:
    stored = {}
    for row in queryset.values("pk", *key_fields, *value_fields):
        stored[tuple(row[name] for name in key_fields)] = row
    return stored


def _split(model, wanted, stored):
    to_create, to_update, changed_fields = [], [], set()
    for key, row in wanted.items():
        current = stored.get(key)
        if current is None:
            to_create.append(model(**row))
            continue
        changed = [name for name, value in row.items() if current[name] != value]
        if changed:
            changed_fields.update(changed)
            to_update.append(model(pk=current["pk"], **row))
    return to_create, to_update, changed_fields


def _auto_now_field(model) -> str | None:
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            return f.attname
    return None


def _create(model, objects, key_fields, value_fields):
    update_fields = list(value_fields)
    stamp = _auto_now_field(model)
    if stamp and stamp not in update_fields:
        update_fields.append(stamp)
    model.objects.bulk_create(
        objects,
        batch_size=BATCH_SIZE,
        update_conflicts=bool(update_fields),
        ignore_conflicts=not update_fields,
        unique_fields=list(key_fields) if update_fields else None,
        update_fields=update_fields or None,
    )


def _update(model, objects, changed_fields):
    fields = sorted(changed_fields)
    stamp = _auto_now_field(model)
    if stamp:
        # bulk_update() skips auto_now fields, so the change time is set here.
        now = timezone.now()
        for obj in objects:
            setattr(obj, stamp, now)
        fields.append(stamp)
    model.objects.bulk_update(objects, fields, batch_size=BATCH_SIZE)


def _load_ids(queryset, key_fields, keys) -> dict[tuple, int]:
    ids = {}
    for row in queryset.values("pk", *key_fields):
        key = tuple(row[name] for name in key_fields)
        if key in keys:
            ids[key] = row["pk"]
    return ids
