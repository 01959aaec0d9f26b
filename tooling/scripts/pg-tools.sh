# Shared by backup.sh and restore.sh (sourced): finds PostgreSQL's client tools and checks that they
# can talk to the server. pg_dump refuses a server newer than itself, so the newest one wins.

# The libpq form of DATABASE_URL: Prisma's `?schema=` parameter is not libpq's.
pg_url() {
  local url="${DATABASE_URL:?set DATABASE_URL (postgresql://user:password@host:port/database)}"
  url=$(printf '%s' "$url" | sed -E 's/([?&])schema=[^&]*&?/\1/; s/[?&]$//')
  printf '%s' "$url"
}

# Major version of a PostgreSQL tool ("pg_dump (PostgreSQL) 17.2 (Debian …)" -> 17).
tool_major() {
  "$1" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/'
}

# The folder holding the tool named $1: PG_BIN_DIR when set, else the newest of
# /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin and PATH.
pg_bin_for() {
  local tool="$1" best="" best_major=0 candidate major
  if [ -n "${PG_BIN_DIR:-}" ]; then
    [ -x "$PG_BIN_DIR/$tool" ] || { echo "$tool not found in PG_BIN_DIR=$PG_BIN_DIR" >&2; return 1; }
    printf '%s' "$PG_BIN_DIR/$tool"
    return 0
  fi
  for candidate in /usr/lib/postgresql/*/bin/"$tool" /usr/local/pgsql/bin/"$tool" "$(command -v "$tool" 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(tool_major "$candidate") || continue
    if [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [ -n "$best" ] || { echo "$tool not found: install the PostgreSQL client (postgresql-client) or set PG_BIN_DIR" >&2; return 1; }
  printf '%s' "$best"
}

# Fails unless the tool ($1) is at least the server's major version.
check_versions() {
  local tool="$1" psql="$2" url="$3" server tool_v
  server=$("$psql" "$url" -XAtqc "SHOW server_version_num") || {
    echo "cannot reach the database at DATABASE_URL" >&2
    return 1
  }
  server=$((server / 10000))
  tool_v=$(tool_major "$tool")
  if [ "$tool_v" -lt "$server" ]; then
    echo "$(basename "$tool") $tool_v is older than the server (PostgreSQL $server): install postgresql-client-$server or point PG_BIN_DIR at its bin folder" >&2
    return 1
  fi
}
