#!/bin/sh
# Back up the portal's database to one file, readable by its owner only (0600).
#   DATABASE_URL=postgres://… ops/backup.sh viborg_bu-2026-11-26.dump   (pg_dump, custom format)
#   DATABASE_URL=sqlite:///… ops/backup.sh viborg_bu-2026-11-26.json    (manage.py dumpdata)
# Issued bilag are rows (PDF bytes + SHA-256), so they are in the backup byte for byte.
# Left out (ADR 0017): sessions (a live session key is a login) and django-axes' login-throttle records;
# their tables are restored empty.
set -eu
FILE="${1:?Angiv filen, backuppen skal skrives til}"
umask 077
# An existing file keeps its mode when it is overwritten: make it the owner's alone before writing.
: > "$FILE"
chmod 600 "$FILE"
case "${DATABASE_URL:-sqlite}" in
  postgres*)
    pg_dump --format=custom --no-owner --no-privileges \
      --exclude-table-data=django_session --exclude-table-data='axes_*' \
      --file="$FILE" "$DATABASE_URL" ;;
  *)
    "${PYTHON:-.venv/bin/python}" manage.py dumpdata --all --natural-foreign --exclude contenttypes \
      --exclude auth.permission --exclude sessions --exclude axes --exclude admin.logentry --exclude search --indent 0 \
      --output "$FILE" ;;
esac
echo "Backup skrevet til $FILE (kun læsbar for ejeren)"
