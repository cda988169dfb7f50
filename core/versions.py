"""A version of all the portal's data, for caches that must never be stale (ADR 0012).

One row (`core.DataVersion`) counts saved changes. Every save, delete or many-to-many change of a
portal model, through a service, a form, the admin or the seed, adds one to it once its
transaction has committed. Reading it is one primary-key lookup.

Why after commit: whoever reads the new number can also read the new data, so a page cached under
a number is never older than the number. (The newest ids of the history tables, used before, could
commit out of order when two writes overlapped, and cost a 40-table query.)
Why not inside the transaction: one row locked by every writer until commit would serialise all
writes and could deadlock with the rows they lock.
"""

from django.db import connection, transaction

from . import private_api, registry

# How long a page cached under a data version is kept. Correctness never depends on it (a change
# makes a new version); it only bounds the memory and a crash between commit and bump (ADR 0012).
CACHE_SECONDS = 10 * 60


_BUMP = (
    "INSERT INTO core_dataversion (id, number) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET number = core_dataversion.number + 1"
)


def data_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM core_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return str(row[0] if row else 0)


def bump_data_version():
    """A new version now: for writes that send no signals (bulk inserts in the seed)."""
    with connection.cursor() as cursor:
        cursor.execute(_BUMP)


def note_change(sender, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed: one new version per committed transaction."""
    # Only the apps whose data the pages show (core.registry); sessions and logins change nothing shown.
    if sender._meta.app_label not in registry.app_labels():
        return
    # Once per transaction (and savepoint) is enough: a form saving twenty rows makes one version.
    # Django drops the callback again if its savepoint or transaction is rolled back.
    if not private_api.on_commit_once(transaction.get_connection(), bump_data_version):
        transaction.on_commit(bump_data_version)
