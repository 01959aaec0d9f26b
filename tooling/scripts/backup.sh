#!/usr/bin/env bash
# Backs up the Quartet database with pg_dump, in its custom format (compressed; pg_restore can
# restore it whole or table by table). Run it on a schedule (README → Backups):
#   DATABASE_URL=postgresql://… tooling/scripts/backup.sh
# Env:
#   DATABASE_URL      the database to dump (required)
#   BACKUP_DIR        where dumps go (default ./backups); files are quartet-<UTC time>.dump
#   BACKUP_KEEP_DAYS  dumps older than this many days are deleted after a good dump (default 14, 0 keeps all)
#   PG_BIN_DIR        the folder of pg_dump (default: the newest installed); it must be at least the
#                     server's major version
# Prints the new dump's path on its last line.
set -euo pipefail
. "$(dirname "$0")/pg-tools.sh"

url=$(pg_url)
pg_dump=$(pg_bin_for pg_dump)
psql=$(pg_bin_for psql)
check_versions "$pg_dump" "$psql" "$url"

dir="${BACKUP_DIR:-./backups}"
keep="${BACKUP_KEEP_DAYS:-14}"
mkdir -p "$dir"
file="$dir/quartet-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

# No owners or grants in the dump: it restores into a database owned by any role.
"$pg_dump" --dbname="$url" --format=custom --compress=6 --no-owner --no-acl --file="$partial"
mv "$partial" "$file"
echo "backup: $(du -h "$file" | cut -f1) with $("$pg_dump" --version)" >&2

if [ "$keep" -gt 0 ]; then
  find "$dir" -maxdepth 1 -name 'quartet-*.dump' -type f -mtime +"$keep" -print -delete | sed 's/^/backup: deleted /' >&2
fi
echo "$file"
