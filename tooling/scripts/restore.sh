#!/usr/bin/env bash
# Restores a dump made by backup.sh into DATABASE_URL, which must be an empty database (create it
# first: `createdb quartet_restored`), then says whether its migrations match this checkout:
#   DATABASE_URL=postgresql://…/quartet_restored tooling/scripts/restore.sh backups/quartet-….dump
# Env:
#   DATABASE_URL   the database to restore into (required)
#   RESTORE_CLEAN  1: drop what the database already has first, instead of refusing
#   PG_BIN_DIR     the folder of pg_restore (default: the newest installed)
set -euo pipefail
. "$(dirname "$0")/pg-tools.sh"

file="${1:?usage: restore.sh <dump file>}"
[ -f "$file" ] || { echo "no such dump: $file" >&2; exit 1; }
url=$(pg_url)
pg_restore=$(pg_bin_for pg_restore)
psql=$(pg_bin_for psql)
check_versions "$pg_restore" "$psql" "$url"

tables=$("$psql" "$url" -XAtqc "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")
clean=()
if [ "$tables" -gt 0 ]; then
  if [ "${RESTORE_CLEAN:-0}" != "1" ]; then
    echo "the target database already has $tables tables: restore into an empty database, or set RESTORE_CLEAN=1 to replace them" >&2
    exit 1
  fi
  clean=(--clean --if-exists)
fi

"$pg_restore" --dbname="$url" --no-owner --no-acl --exit-on-error "${clean[@]}" "$file"

# The restored schema against the migrations this checkout ships (the servers' /readyz does the same).
applied=$("$psql" "$url" -XAtqc "SELECT migration_name FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1")
migrations="$(dirname "$0")/../../packages/db/prisma/migrations"
expected=""
[ -d "$migrations" ] && expected=$(find "$migrations" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tail -n 1)
echo "restore: done; newest migration applied: ${applied:-none}" >&2
if [ -n "$expected" ] && [ "$applied" != "$expected" ]; then
  echo "restore: this checkout ships $expected: run the migrate step before starting the apps" >&2
fi
