"""Work that many writes in a row share, done once at their end.

A write's follow-up work (re-indexing the search for the item it changed) is asked for with `later()`.
Outside a `batched()` block it runs at once; inside one it is collected, and runs once for every key
asked for when the block ends, still inside the caller's transaction. An import of 5 000 rows so
re-indexes 5 000 items in a few statements, not 5 000 times one item (issue 19, make bench).
"""

import contextvars
from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager

_pending: contextvars.ContextVar[dict | None] = contextvars.ContextVar("batched_work", default=None)
_held: contextvars.ContextVar[dict | None] = contextvars.ContextVar("batched_locks", default=None)


def later(callback: Callable[[Hashable, set], None], group: Hashable, keys: Iterable) -> None:
    """`callback(group, keys)` now, or with every key of `group` at the end of the `batched()` block."""
    pending = _pending.get()
    if pending is None:
        callback(group, set(keys))
    else:
        pending.setdefault((callback, group), set()).update(keys)


def queued(callback: Callable[[Hashable, list], None], group: Hashable) -> list | None:
    """Inside a `batched()` block: the list that `callback(group, items)` gets when the block ends, for the
    caller to append to in order. Outside one: None, and the caller does its work at once."""
    pending = _pending.get()
    if pending is None:
        return None
    return pending.setdefault((callback, group), [])


def hold_locked(rows: Iterable) -> None:
    """Inside a `batched()` block: rows the caller has just read with `select_for_update()` in the block's
    transaction, before writing them one by one. The block's first `core.services.lock_for_update` of each row
    takes the row from here instead of locking it again: an import of 5 000 rows saves 5 000 round trips and
    the ORM's half millisecond for each (make bench). The caller writes each row once; a second lock of the
    same row reads it afresh. Outside a block nothing is held."""
    held = _held.get()
    if held is not None:
        held.update(((type(row), row.pk), row) for row in rows)


def take_locked(model, pk):
    """The row of `model` with `pk` that `hold_locked` holds, once; else None."""
    held = _held.get()
    return None if held is None else held.pop((model, pk), None)


@contextmanager
def batched():
    """Collect `later()` work until the block ends without an error; a nested block joins the outer one.
    Put it inside the transaction (`with transaction.atomic(), batched():`) so the work commits with it."""
    if _pending.get() is not None:
        yield
        return
    pending: dict = {}
    token, held = _pending.set(pending), _held.set({})
    try:
        yield
        while pending:  # the work may ask for more (a re-indexed row that feeds another)
            (callback, group), keys = pending.popitem()
            if keys:
                callback(group, keys)
    finally:
        _pending.reset(token)
        _held.reset(held)
