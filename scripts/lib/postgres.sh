# The project-owned PostgreSQL cluster: its own data directory and port, bound to 127.0.0.1.
# shellcheck shell=bash
# Sourced after common.sh.

# The port is chosen once (VAULTFLOW_PG_PORT, default 55432) and then read back from postgres.json.
# (No postgres.json yet on a fresh clone: the read must not fail, or `set -e` ends setup silently.)
VF_PG_PORT="${VAULTFLOW_PG_PORT:-$(sed -n 's/^ *"port": *\([0-9]*\).*/\1/p' "$VF_STATE/postgres.json" 2>/dev/null || true)}"
# Chosen means: named by the user or remembered from an earlier setup. A default port that another
# server holds is then replaced by the next free one (a fresh clone beside a running checkout).
VF_PG_PORT_CHOSEN="${VF_PG_PORT:+yes}"
VF_PG_PORT="${VF_PG_PORT:-55432}"
VF_PG_DB="${VAULTFLOW_PG_DATABASE:-vaultflow}"
VF_PG_CONFIG="$VF_STATE/postgres.json"

vf_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  done
  return 1
}

# The cluster lives under .vaultflow/ unless the server's user cannot reach that path (e.g. a
# checkout under a private home); then it falls back to /var/lib/vaultflow/<hash of the checkout>.
vf_pg_home() {
  if [ -n "${VAULTFLOW_PGHOME:-}" ]; then echo "$VAULTFLOW_PGHOME"; return; fi
  if [ -f "$VF_STATE/pg.home" ]; then cat "$VF_STATE/pg.home"; return; fi
  local home="$VF_STATE/pg"
  if vf_is_root; then
    mkdir -p "$VF_STATE"
    if ! runuser -u postgres -- test -x "$VF_STATE" 2>/dev/null; then
      home="/var/lib/vaultflow/$(printf '%s' "$VF_ROOT" | sha1sum | cut -c1-12)"
    fi
  fi
  mkdir -p "$VF_STATE"; echo "$home" > "$VF_STATE/pg.home"; echo "$home"
}

# Runs a command as the cluster's owner: the postgres user when we are root (the server refuses
# to run as root), else ourselves.
vf_pg_as_owner() {
  # From /, because the postgres user may not be allowed into the current directory.
  if vf_is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

vf_pg_superuser() { if vf_is_root; then echo postgres; else id -un; fi; }

vf_pg_psql() {
  local home; home="$(vf_pg_home)"
  vf_pg_as_owner "$(vf_pg_bindir)/psql" -h "$home/run" -p "$VF_PG_PORT" -U "$(vf_pg_superuser)" -v ON_ERROR_STOP=1 -qAt "$@"
}

# Up means: OUR cluster answers on its own socket directory. Another server on the same TCP port
# (a second checkout, a system PostgreSQL) is not ours, and vf_pg_start says so instead of using it.
vf_pg_is_up() {
  local home; home="$(vf_pg_home)"
  "$(vf_pg_bindir)/pg_isready" -q -h "$home/run" -p "$VF_PG_PORT" 2>/dev/null
}

vf_pg_port_taken() {
  "$(vf_pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$VF_PG_PORT" 2>/dev/null \
    || (exec 3<>"/dev/tcp/127.0.0.1/$VF_PG_PORT") 2>/dev/null
}

vf_pg_init() {
  local bin home; bin="$(vf_pg_bindir)" || vf_die "no PostgreSQL server binaries; run scripts/setup"
  home="$(vf_pg_home)"
  mkdir -p "$home/data" "$home/run" "$home/log"
  if vf_is_root; then chown -R postgres:postgres "$home"; fi
  chmod 700 "$home/data"
  if [ ! -f "$home/data/PG_VERSION" ]; then
    vf_info "initdb: $home/data"
    vf_pg_as_owner "$bin/initdb" -D "$home/data" -U "$(vf_pg_superuser)" --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$home/log/initdb.log" 2>&1 || { cat "$home/log/initdb.log" >&2; vf_die "initdb failed"; }
    cat >>"$home/data/postgresql.conf" <<CONF
# Vaultflow: loopback only, own socket directory, sized for a 2-core test machine.
listen_addresses = '127.0.0.1'
port = $VF_PG_PORT
unix_socket_directories = '$home/run'
max_connections = 200
shared_buffers = 256MB
fsync = on
log_min_messages = warning
CONF
  fi
}

vf_pg_start() {
  local bin home; bin="$(vf_pg_bindir)"; home="$(vf_pg_home)"
  if vf_pg_is_up; then vf_info "PostgreSQL already up on 127.0.0.1:$VF_PG_PORT"; return 0; fi
  if vf_pg_port_taken && [ -z "$VF_PG_PORT_CHOSEN" ] && [ ! -f "$home/data/PG_VERSION" ]; then
    local default_port="$VF_PG_PORT" candidate
    for candidate in $(seq $((default_port + 1)) $((default_port + 20))); do
      VF_PG_PORT="$candidate"
      vf_pg_port_taken || break
    done
    vf_info "port $default_port is taken by another server; this checkout's cluster uses $VF_PG_PORT"
  fi
  if vf_pg_port_taken; then
    vf_die "port $VF_PG_PORT is taken by another server (another checkout's cluster or a system PostgreSQL). Stop it, or choose another port: VAULTFLOW_PG_PORT=55433 scripts/setup"
  fi
  vf_pg_init
  vf_info "starting PostgreSQL on 127.0.0.1:$VF_PG_PORT"
  vf_pg_as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/log/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$home/log/server.log" >&2; vf_die "PostgreSQL did not start (log: $home/log/server.log)"; }
}

vf_pg_stop() {
  local bin home; bin="$(vf_pg_bindir)"; home="$(vf_pg_home)"
  [ -f "$home/data/postmaster.pid" ] || return 0
  vf_pg_as_owner "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null || true
}

# Roles: vaultflow_owner runs migrations and owns the schema; vaultflow_app is what the functions
# use: it can read and write rows, never DROP or TRUNCATE (grants come from the migrations).
vf_pg_provision() {
  local owner_pw app_pw
  if [ -f "$VF_PG_CONFIG" ]; then
    owner_pw="$(sed -n 's/.*"ownerPassword": *"\([^"]*\)".*/\1/p' "$VF_PG_CONFIG")"
    app_pw="$(sed -n 's/.*"appPassword": *"\([^"]*\)".*/\1/p' "$VF_PG_CONFIG")"
  fi
  [ -n "${owner_pw:-}" ] || owner_pw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  [ -n "${app_pw:-}" ] || app_pw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  vf_pg_psql -d postgres <<SQL >/dev/null
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vaultflow_owner') THEN
    CREATE ROLE vaultflow_owner LOGIN CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vaultflow_app') THEN
    CREATE ROLE vaultflow_app LOGIN;
  END IF;
END
\$\$;
ALTER ROLE vaultflow_owner PASSWORD '$owner_pw';
-- CREATEROLE: the credential-rotation test creates a throw-away login role per run (and drops it),
-- so it can change that role's password without touching the roles other runs use. Local cluster only.
ALTER ROLE vaultflow_owner CREATEROLE;
ALTER ROLE vaultflow_app PASSWORD '$app_pw';
SQL
  if [ "$(vf_pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$VF_PG_DB'")" != "1" ]; then
    vf_pg_psql -d postgres -c "CREATE DATABASE $VF_PG_DB OWNER vaultflow_owner" >/dev/null
  fi
  vf_pg_psql -d "$VF_PG_DB" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO vaultflow_app; ALTER SCHEMA public OWNER TO vaultflow_owner;" >/dev/null
  mkdir -p "$VF_STATE"
  local base="Host=127.0.0.1;Port=$VF_PG_PORT;Database=$VF_PG_DB"
  umask 077
  cat >"$VF_PG_CONFIG" <<JSON
{
  "host": "127.0.0.1",
  "port": $VF_PG_PORT,
  "database": "$VF_PG_DB",
  "ownerUser": "vaultflow_owner",
  "ownerPassword": "$owner_pw",
  "appUser": "vaultflow_app",
  "appPassword": "$app_pw",
  "ownerConnectionString": "$base;Username=vaultflow_owner;Password=$owner_pw",
  "appConnectionString": "$base;Username=vaultflow_app;Password=$app_pw"
}
JSON
  vf_info "database '$VF_PG_DB' ready; connection settings in ${VF_PG_CONFIG#$VF_ROOT/}"
}
