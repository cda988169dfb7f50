#!/bin/sh
# Back up the portal's database to one file.
#   DATABASE_URL=postgres://… ops/backup.sh viborg_bu-2026-11-26.dump   (pg_dump, custom format)
#   DATABASE_URL=sqlite:///… ops/backup.sh viborg_bu-2026-11-26.json    (manage.py dumpdata)
# Issued bilag are rows (PDF bytes + SHA-256), so they are in the backup byte for byte.
set -eu
FILE="${1:?Angiv filen, backuppen skal skrives til}"
case "${DATABASE_URL:-sqlite}" in
  postgres*)
    pg_dump --format=custom --no-owner --no-privileges --file="$FILE" "$DATABASE_URL" ;;
  *)
    "${PYTHON:-.venv/bin/python}" manage.py dumpdata --natural-foreign --exclude contenttypes \
      --exclude auth.permission --exclude sessions --exclude admin.logentry --indent 0 --output "$FILE" ;;
esac
echo "Backup skrevet til $FILE"
