"""Batched upserts keyed on ClickMeeting ids that write only changed rows.

The caller gives the rows it wants (dicts of model attribute names) and a
queryset with the rows that may already exist. One query loads the existing
rows as tuples, and the rows that are new or differ are written with one
`INSERT ... ON CONFLICT (key) DO UPDATE` run through `executemany`. A row
that did not change is not written at all, so a second import of the same
data writes nothing.

The statement is built once per model and column set, and values are
adapted for the database only where a column needs it (dates, JSON), so the
per-row cost is close to a raw `executemany`. Model instances, `save()` and
`full_clean()` are not involved: the rows come from the typed values of the
ClickMeeting client, and the database constraints stay the last check.

Because every write is an upsert, a row that another process inserted after
the existing rows were loaded is updated instead of raising an integrity
error, and the unique constraint on the key keeps duplicates out.
"""

import functools
import operator
from dataclasses import dataclass, field
from datetime import datetime

from django.db import NotSupportedError, connections, models, router
from django.db.models.constants import OnConflict
from django.utils import timezone

# Columns whose Python values (str, int, bool or None) the database drivers
# take as they are, so they skip Django's per-value adaptation.
PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallAutoField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    # Primary key of every stored or inserted row, by its key tuple; filled
    # only when the caller asks for it with `return_ids=True`.
    ids: dict[tuple, int] = field(default_factory=dict)
    # Keys of the rows that were not stored before.
    inserted: set[tuple] = field(default_factory=set)


def upsert_rows(
    model: type[models.Model],
    rows: list[dict],
    *,
    key_fields: tuple[str, ...],
    existing: models.QuerySet,
    return_ids: bool = False,
    known_new: bool = False,
) -> UpsertResult:
    """Insert or update `rows` of `model`, identified by `key_fields`.

    `existing` must select every stored row that could share a key with
    `rows` (typically the rows of one meeting). Rows with the same key are
    merged, the last one wins. `key_fields` must be the fields of a unique
    constraint of `model`. With `return_ids`, one more query after an insert
    reads the primary keys of the new rows.

    `known_new` tells that `existing` is empty, for instance because the
    parent rows were inserted in this transaction, so the rows are not
    loaded. A stored row that shows up anyway is still updated by the ON
    CONFLICT clause, and only the counts are off: it counts as created.
    """
    key_fields = tuple(key_fields)
    if not rows:
        ids = _load_ids(existing, key_fields, None) if return_ids else {}
        return UpsertResult(ids=ids)
    value_fields, wanted = _index_rows(model, rows, key_fields)
    stored = {} if known_new else _load_existing(existing, key_fields, value_fields)

    writes, inserted = [], set()
    updated = 0
    for key, values in wanted.items():
        current = stored.get(key)
        if current is None:
            inserted.add(key)
        elif current[1] != values:
            updated += 1
        else:
            continue
        writes.append(key + values)
    if writes:
        _write(model, key_fields, value_fields, writes)

    ids = {}
    if return_ids:
        ids = {key: current[0] for key, current in stored.items()}
        if inserted:
            ids.update(_load_ids(existing, key_fields, inserted))
    return UpsertResult(
        created=len(inserted), updated=updated, ids=ids, inserted=inserted
    )


def _index_rows(model, rows, key_fields) -> tuple[tuple, dict[tuple, tuple]]:
    """Return the sorted value fields and {key tuple: value tuple} of `rows`.

    Text longer than its column is cut to the column's max_length, as the
    database would reject it. A field that some rows lack gets the model
    default in those rows.
    """
    names = set().union(*rows)
    value_fields = tuple(sorted(names - set(key_fields)))
    order = key_fields + value_fields
    width = len(key_fields)
    limits = _max_lengths(model)
    clipped = [(i, limits[name]) for i, name in enumerate(order) if name in limits]
    read = _reader(model, order, all(len(row) == len(order) for row in rows))
    wanted = {}
    for row in rows:
        full = read(row)
        for index, limit in clipped:
            value = full[index]
            if isinstance(value, str) and len(value) > limit:
                full = (*full[:index], value[:limit], *full[index + 1 :])
        wanted[full[:width]] = full[width:]
    return value_fields, wanted


def _reader(model, order: tuple[str, ...], uniform: bool):
    """Return a function turning a row dict into a tuple in `order`."""
    if uniform:
        if len(order) == 1:
            return lambda row: (row[order[0]],)
        return operator.itemgetter(*order)
    fields = {name: model._meta.get_field(_field_name(model, name)) for name in order}
    return lambda row: tuple(
        row[name] if name in row else fields[name].get_default() for name in order
    )


@functools.cache
def _max_lengths(model) -> dict[str, int]:
    return {
        f.attname: f.max_length
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and f.max_length
    }


def _field_name(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model.__name__} has no field {attname!r}")


def _load_existing(queryset, key_fields, value_fields) -> dict[tuple, tuple]:
    """Return (pk, value tuple) of every stored row, by key tuple."""
    width = len(key_fields)
    stored = {}
    for row in queryset.values_list("pk", *key_fields, *value_fields):
        stored[row[1 : 1 + width]] = (row[0], row[1 + width :])
    return stored


def _load_ids(queryset, key_fields, keys: set | None) -> dict[tuple, int]:
    """Return {key tuple: pk} of the rows in `keys`, or of all rows for None."""
    ids = {}
    for row in queryset.values_list("pk", *key_fields):
        if keys is None or row[1:] in keys:
            ids[row[1:]] = row[0]
    return ids


def _write(model, key_fields, value_fields, writes: list[tuple]) -> None:
    connection = connections[router.db_for_write(model)]
    statement = _statement(model, connection.alias, key_fields, value_fields)
    params = statement.params(writes, timezone.now(), connection)
    with _bulk_cursor(connection) as cursor:
        cursor.executemany(statement.sql, params)


def _bulk_cursor(connection):
    """Return a cursor for executemany, with server-side binding on psycopg 3.

    Django's default psycopg 3 cursor binds parameters on the client, which
    formats the SQL text once per row. A server-side binding cursor sends
    the statement once and pipelines the rows: 0.17 s instead of 0.57 s for
    10,000 upserted rows of 15 columns (PostgreSQL 15 over loopback on a
    2-CPU VM, psycopg 3.3). The cursor is wrapped like Django's own, so
    errors and query logging stay the same.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql import base as postgresql

    if not postgresql.is_psycopg3:
        return connection.cursor()
    connection.ensure_connection()
    raw = postgresql.ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


@dataclass(frozen=True)
class _Statement:
    """An INSERT ... ON CONFLICT for rows given as tuples in one field order.

    The SQL lists the given fields first, in their order, then the other
    columns of the table, which get the write time (auto_now and
    auto_now_add fields) or the field default.
    """

    sql: str
    # (position in the row tuple, field) of the values Django converts
    # before they reach the driver (dates, JSON); the driver takes the rest
    # as they are.
    adapted: tuple[tuple[int, models.Field], ...]
    filled: tuple[models.Field, ...]

    def params(self, writes: list[tuple], now, connection) -> list[tuple]:
        """Turn row tuples into parameter tuples for `sql`."""
        filled = tuple(
            f.get_db_prep_save(now if _is_timestamp(f) else f.get_default(), connection)
            for f in self.filled
        )
        if not self.adapted:
            return [row + filled for row in writes]
        adapters = [
            (position, _memoized(f, connection)) for position, f in self.adapted
        ]
        params = []
        for row in writes:
            values = list(row)
            for position, adapt in adapters:
                values[position] = adapt(values[position])
            values.extend(filled)
            params.append(values)
        return params


def _memoized(f, connection):
    """Return f.get_db_prep_save for one batch, computed once per distinct value.

    Rows of one meeting repeat the same times and the same form answers, so
    this saves most conversions. JSON values are remembered by identity,
    which stays unique while the cache holds them: equal values may differ
    in JSON (True and 1), and lists and dicts cannot be hashed. Other
    values (dates) are remembered by value.
    """
    convert = _converter(f, connection)
    by_identity = isinstance(f, models.JSONField)
    cache = {}

    def adapt(value):
        key = id(value) if by_identity else value
        found = cache.get(key)
        if found is None:
            # The value is kept too, so its identity cannot be reused meanwhile.
            found = cache[key] = (value, convert(value))
        return found[1]

    return adapt


def _converter(f, connection):
    """Return f.get_db_prep_save bound to `connection`, shortened for dates.

    For an aware datetime, DateTimeField.get_db_prep_save() only calls the
    backend's adapt_datetimefield_value() (Django 5.2), so that is called
    directly. Other values, naive datetimes included, take the full path.
    """
    prepare = functools.partial(f.get_db_prep_save, connection=connection)
    if not isinstance(f, models.DateTimeField):
        return prepare
    adapt_datetime = connection.ops.adapt_datetimefield_value

    def convert(value):
        if isinstance(value, datetime) and value.utcoffset() is not None:
            return adapt_datetime(value)
        return prepare(value)

    return convert


def _is_timestamp(f) -> bool:
    return getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)


@functools.lru_cache(maxsize=64)
def _statement(model, alias, key_fields, value_fields) -> _Statement:
    connection = connections[alias]
    if not connection.features.supports_update_conflicts_with_target:
        raise NotSupportedError(
            f"{connection.vendor} has no INSERT ... ON CONFLICT (columns) DO "
            "UPDATE; the sync needs SQLite 3.24+ or PostgreSQL."
        )
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    order = key_fields + value_fields
    given = [by_attname[name] for name in order]
    filled = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in order and not f.primary_key
    ]
    update_columns = [by_attname[name].column for name in value_fields]
    update_columns += [f.column for f in filled if getattr(f, "auto_now", False)]
    on_conflict = OnConflict.UPDATE if update_columns else OnConflict.IGNORE
    ops = connection.ops
    fields = given + filled
    names = ", ".join(ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    suffix = ops.on_conflict_suffix_sql(
        fields,
        on_conflict,
        update_columns,
        [by_attname[name].column for name in key_fields],
    )
    sql = (
        f"{ops.insert_statement(on_conflict=on_conflict)} "
        f"{ops.quote_name(model._meta.db_table)} ({names}) "
        f"VALUES ({placeholders}) {suffix}"
    )
    adapted = tuple(
        (position, target)
        for position, target in enumerate(_target(f) for f in given)
        if target.get_internal_type() not in PLAIN_TYPES
    )
    return _Statement(sql=sql, adapted=adapted, filled=tuple(filled))


def _target(f) -> models.Field:
    """Return the field whose conversion applies: a foreign key's target."""
    return f.target_field if f.is_relation else f
