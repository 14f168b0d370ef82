#!/usr/bin/env bash
# Runs Switchboard in Quarkus dev mode on http://localhost:8080, on the first PostgreSQL of:
#   1. Dev Services (a container) when a Docker engine answers (`docker info`);
#   2. a local PostgreSQL when one answers at SWITCHBOARD_DB_HOST:SWITCHBOARD_DB_PORT (default 127.0.0.1:5432;
#      database `test`, user `postgres`; override with SWITCHBOARD_DB_NAME, _USER, _PASSWORD), profile dev,local;
#   3. otherwise a real PostgreSQL embedded for dev mode (io.zonky.test:embedded-postgres, binaries from Maven
#      Central, started from the test classpath), on a free port of 127.0.0.1, its data kept between runs in
#      .switchboard-dev/pgdata (`rm -rf .switchboard-dev` removes it), stopped when dev mode exits.
# SWITCHBOARD_DEV_DATABASE=devservices|local|embedded picks one instead of detecting.
#
# --demo also starts server-everything (from npm; needs Node.js 20+ and npm) on 127.0.0.1:3001
# (SWITCHBOARD_DEMO_UPSTREAM_PORT), registers it as the toolkit `everything`, creates the MCP server "Demo",
# makes a first tool call through the gateway and prints the per-user URL and the commands for Claude Code and
# the MCP Inspector. server-everything is stopped when the script exits.
# Other arguments go to Maven. Another HTTP port: QUARKUS_HTTP_PORT=9090 deploy/run-local.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DEV_DIR=.switchboard-dev
DEV_KEY=sb_dev_bootstrap_key_do_not_use_in_production
DB_HOST=${SWITCHBOARD_DB_HOST:-127.0.0.1}
DB_PORT=${SWITCHBOARD_DB_PORT:-5432}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
HTTP_PORT=${QUARKUS_HTTP_PORT:-8080}
# Generated MCP URLs name the public URL: on another port, it follows (unless set).
export SWITCHBOARD_PUBLIC_URL=${SWITCHBOARD_PUBLIC_URL:-http://localhost:$HTTP_PORT}

demo=false
maven_args=()
for arg in "$@"; do
  if [[ $arg == --demo ]]; then demo=true; else maven_args+=("$arg"); fi
done

say() { printf '[run-local] %s\n' "$*" >&2; }

children=()
cleanup() {
  local pid
  for pid in ${children[@]+"${children[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${children[@]+"${children[@]}"}; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

postgres_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -h "$DB_HOST" -p "$DB_PORT" -t 3 -q
  else
    (exec 3<>"/dev/tcp/$DB_HOST/$DB_PORT") 2>/dev/null
  fi
}

choose_database() {
  if [[ -n ${SWITCHBOARD_DEV_DATABASE:-} ]]; then
    echo "$SWITCHBOARD_DEV_DATABASE"
  elif docker info >/dev/null 2>&1; then
    echo devservices
  elif postgres_answers; then
    echo local
  else
    echo embedded
  fi
}

# Starts the embedded PostgreSQL in the background and exports the SWITCHBOARD_DB_* settings that point at it.
start_embedded_postgres() {
  mkdir -p "$DEV_DIR"
  say "Preparing the embedded PostgreSQL (the first time, Maven downloads its binaries from Maven Central)"
  ./mvnw -B -q -DskipTests test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$DEV_DIR/classpath.txt"
  rm -f "$DEV_DIR/postgres.port"
  "$JAVA" -cp "target/test-classes:target/classes:$(cat "$DEV_DIR/classpath.txt")" dev.switchboard.deploy.EmbeddedDatabase \
    "$DEV_DIR/pgdata" "$DEV_DIR/postgres.port" $$ >"$DEV_DIR/launcher.log" 2>&1 &
  local launcher=$!
  children+=("$launcher")
  for _ in $(seq 1 300); do
    [[ -s $DEV_DIR/postgres.port ]] && break
    if ! kill -0 "$launcher" 2>/dev/null; then
      say "The embedded PostgreSQL did not start; $DEV_DIR/launcher.log says:"
      tail -20 "$DEV_DIR/launcher.log" >&2
      exit 1
    fi
    sleep 1
  done
  [[ -s $DEV_DIR/postgres.port ]] || { say "The embedded PostgreSQL was not ready within 300 s (see $DEV_DIR/postgres.log)"; exit 1; }
  export SWITCHBOARD_DB_HOST=127.0.0.1 SWITCHBOARD_DB_PORT="$(cat "$DEV_DIR/postgres.port")" \
    SWITCHBOARD_DB_NAME=switchboard SWITCHBOARD_DB_USER=postgres SWITCHBOARD_DB_PASSWORD=
  say "Embedded PostgreSQL on 127.0.0.1:$SWITCHBOARD_DB_PORT, database switchboard, data in $DEV_DIR/pgdata"
}

# Installs server-everything (the version the tests use) into $DEV_DIR/demo, starts it on loopback and runs
# deploy/demo.mjs in the background; both end with the script.
start_demo() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || { say "--demo needs Node.js 20+ and npm (https://nodejs.org)"; exit 1; }
  local version port=${SWITCHBOARD_DEMO_UPSTREAM_PORT:-3001} demo_dir="$DEV_DIR/demo"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "Port $port is taken: choose another one for server-everything with SWITCHBOARD_DEMO_UPSTREAM_PORT"; exit 1
  fi
  version=$(node -p "require('./src/test/node/package.json').dependencies['@modelcontextprotocol/server-everything']")
  mkdir -p "$demo_dir"
  [[ -f $demo_dir/package.json ]] || echo '{"name": "switchboard-demo", "private": true}' >"$demo_dir/package.json"
  say "Installing @modelcontextprotocol/server-everything@$version into $demo_dir"
  (cd "$demo_dir" && npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/server-everything@$version" >/dev/null)
  # It listens on every interface by default: the preload binds it to 127.0.0.1. Its get-env tool returns its
  # whole environment, so it gets none of ours.
  env -i PATH="$PATH" PORT="$port" node -r ./src/test/node/loopback.cjs \
    "$demo_dir/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp \
    >"$DEV_DIR/server-everything.log" 2>&1 &
  children+=("$!")
  say "server-everything on http://127.0.0.1:$port/mcp (log: $DEV_DIR/server-everything.log)"
  node deploy/demo.mjs "http://localhost:$HTTP_PORT" "http://127.0.0.1:$port/mcp" "$DEV_KEY" "$demo_dir" &
  children+=("$!")
}

database=$(choose_database)
profile=()
case $database in
  devservices)
    say "Database: Dev Services (a Docker engine answers): Quarkus starts PostgreSQL in a container" ;;
  local)
    say "Database: the local PostgreSQL at $DB_HOST:$DB_PORT, database ${SWITCHBOARD_DB_NAME:-test} (profile dev,local)"
    profile=(-Dquarkus.profile=dev,local) ;;
  embedded)
    say "Database: embedded PostgreSQL (no Docker engine, no PostgreSQL at $DB_HOST:$DB_PORT)"
    start_embedded_postgres
    profile=(-Dquarkus.profile=dev,local) ;;
  *)
    say "SWITCHBOARD_DEV_DATABASE must be devservices, local or embedded, not '$database'"; exit 2 ;;
esac
if $demo; then
  start_demo
fi
# Not exec: the script stays to stop what it started (the embedded PostgreSQL, the demo) when dev mode exits.
# -DskipTests: dev mode does not need the tests' Node peers (./mvnw verify installs them), nor npm.
./mvnw quarkus:dev -DskipTests ${profile[@]+"${profile[@]}"} ${maven_args[@]+"${maven_args[@]}"}
