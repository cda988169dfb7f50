#!/bin/sh
# Restore a backup made by ops/backup.sh into an EMPTY database (create it first, e.g. `createdb`).
#   DATABASE_URL=postgres://…/viborg_bu_restored ops/restore.sh viborg_bu-2026-11-26.dump
#   DATABASE_URL=sqlite:///… ops/restore.sh viborg_bu-2026-11-26.json   (migrates, then loaddata)
# One transaction: a failed restore leaves the database as empty as it was.
set -eu
FILE="${1:?Angiv backupfilen, der skal indlæses}"
case "${DATABASE_URL:-sqlite}" in
  postgres*)
    pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" "$FILE" ;;
  *)
    "${PYTHON:-.venv/bin/python}" manage.py migrate --noinput
    "${PYTHON:-.venv/bin/python}" manage.py loaddata "$FILE"
    # The search index is derived data and not in the backup (ops/backup.sh): built from what was loaded.
    "${PYTHON:-.venv/bin/python}" manage.py search_rebuild ;;
esac
echo "Backup indlæst fra $FILE"
