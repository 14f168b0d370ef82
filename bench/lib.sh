# The pieces the bench scripts share (sourced by run.sh, limiter.sh and compare.sh, never run on its own).
# The caller sets BENCH, ROOT, APP, BUILD (auto or no), DB and REDIS_PREFIX, defines say(), then calls
# bench_init. Everything binds 127.0.0.1; every process started here is stopped on exit, error or Ctrl-C.

# WORK (a fresh directory for logs, plans and results), PIDS (stopped at exit), the run's API key and
# encryption key; the Redis keys under $REDIS_PREFIX are deleted at exit.
bench_init() { # work-directory-prefix
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  PIDS=()
  API_KEY=sb_bench_$(openssl rand -hex 12)
  ENCRYPTION_KEY=$(openssl rand -base64 32)
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  redis-cli -h 127.0.0.1 --scan --pattern "${REDIS_PREFIX}*" 2>/dev/null | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
}

# Builds the app when src/main or pom.xml is newer than its jar (and BUILD is auto, and APP is this worktree's).
build_app() {
  [[ $BUILD == auto ]] || return 0
  if [[ $APP != "$ROOT/target/quarkus-app" ]]; then
    say "measuring $APP as it is (the build writes $ROOT/target/quarkus-app)"
  elif [[ ! -f $APP/quarkus-run.jar ]] || [[ -n $(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$APP/quarkus-run.jar" -print -quit) ]]; then
    say "building the app (./mvnw -B -o package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests) >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
  else
    say "the app in target/ is newer than its sources: not rebuilt"
  fi
}

# The bench tools use the app's own Vert.x, Netty, Jackson and HdrHistogram jars, so every JVM here runs the
# same versions. Sets CP and JAVA_TOOL.
compile_bench_tools() {
  [[ -f $APP/quarkus-run.jar ]] || { echo "missing $APP/quarkus-run.jar" >&2; exit 1; }
  local jar
  CP=
  for jar in "$APP"/lib/main/{io.vertx.vertx-core-,io.netty.netty-,com.fasterxml.jackson.core.jackson-core-,org.hdrhistogram.HdrHistogram-}*.jar; do
    CP=$CP${CP:+:}$jar
  done
  mkdir -p "$WORK/classes"
  javac -d "$WORK/classes" -cp "$CP" "$BENCH"/java/*.java "$BENCH"/java/passthrough/*.java
  CP=$CP:$WORK/classes
  JAVA_TOOL="java -cp $CP"
}

# server-everything over Streamable HTTP (from src/test/node, bound to loopback by its preload): NODE_PID, NODE_PORT.
start_everything() {
  local dir=$ROOT/src/test/node
  [[ -d $dir/node_modules/@modelcontextprotocol/server-everything ]] || { echo "run npm ci in $dir" >&2; exit 1; }
  NODE_PORT=$(free_port)
  (cd "$dir" && PORT=$NODE_PORT exec node -r ./loopback.cjs \
    node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp) >"$WORK/everything.log" 2>&1 &
  NODE_PID=$!; PIDS+=("$NODE_PID")
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$NODE_PORT/mcp" && break; sleep 0.2; done
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
listening_port() { # log seconds -> the port a bench tool printed
  for _ in $(seq $(( $2 * 10 ))); do
    local port
    port=$(sed -n 's/^LISTENING //p' "$1")
    [[ -n $port ]] && { echo "$port"; return 0; }
    sleep 0.1
  done
  echo "no port in $1:" >&2; cat "$1" >&2; return 1
}
wait_ready() { # url seconds log
  for _ in $(seq $(( $2 * 5 ))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2; tail -40 "$3" >&2; return 1
}

# The database is dropped and created again, so the test suites' databases (test, test_<name>) are refused.
reset_database() {
  case $DB in
    test|test_*) echo "refusing to drop the database '$DB': the tests use it; set SWITCHBOARD_DB_NAME" >&2; exit 1 ;;
  esac
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
}

# A bench tool (a class of bench/java) in the background, logging to $WORK/<name>.log, waiting for the port it
# prints. Sets TOOL_PID and TOOL_PORT.
start_tool() { # name class args...
  local name=$1; shift
  : >"$WORK/$name.log"
  $JAVA_TOOL "$@" >>"$WORK/$name.log" 2>&1 &
  TOOL_PID=$!; PIDS+=("$TOOL_PID")
  TOOL_PORT=$(listening_port "$WORK/$name.log" 30)
}
# A bench tool in the foreground (BenchLoad, BenchShapes), stopped with the rest on Ctrl-C.
run_tool() { # class args...
  $JAVA_TOOL "$@" &
  local pid=$!; PIDS+=("$pid")
  wait "$pid"
}

rate_limits() { # tenant user server tool rates, toolkit concurrency: env settings (bursts = rates)
  echo "SWITCHBOARD_RATELIMIT_TENANT_RATE=$1 SWITCHBOARD_RATELIMIT_TENANT_BURST=$1" \
       "SWITCHBOARD_RATELIMIT_USER_RATE=$2 SWITCHBOARD_RATELIMIT_USER_BURST=$2" \
       "SWITCHBOARD_RATELIMIT_SERVER_RATE=$3 SWITCHBOARD_RATELIMIT_SERVER_BURST=$3" \
       "SWITCHBOARD_RATELIMIT_TOOL_RATE=$4 SWITCHBOARD_RATELIMIT_TOOL_BURST=$4" \
       "SWITCHBOARD_RATELIMIT_TOOLKIT_CONCURRENCY=$5"
}
HIGH_RATE=1000000
# Every limit on and set high enough never to refuse (unquoted where used: each setting is a word of its own).
HIGH_LIMITS=$(rate_limits $HIGH_RATE $HIGH_RATE $HIGH_RATE $HIGH_RATE $HIGH_RATE)

# A Switchboard of the app in <app-dir> on <port>, logging to $WORK/switchboard-<name>.log, with its Redis keys
# under $REDIS_PREFIX<name>: and the extra environment after the common one (so it may override it), and
# SB_JAVA_OPTIONS before -jar; waits until it is ready. Several on one database start one after the other, so
# that only the first migrates the schema. Sets SB_PID.
start_switchboard_on() { # name port app-dir extra-env...
  local name=$1 port=$2 app=$3; shift 3
  env SWITCHBOARD_DB_HOST=127.0.0.1 SWITCHBOARD_DB_NAME="$DB" SWITCHBOARD_DB_USER=postgres \
    SWITCHBOARD_ENCRYPTION_KEY="$ENCRYPTION_KEY" \
    SWITCHBOARD_BOOTSTRAP_API_KEY="$API_KEY" SWITCHBOARD_BOOTSTRAP_TENANT=bench \
    SWITCHBOARD_PUBLIC_URL="http://127.0.0.1:$port" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
    SWITCHBOARD_GATEWAY_UPSTREAM_ADDRESSES_ALLOW_LOOPBACK=true SWITCHBOARD_SHUTDOWN_TIMEOUT=2s \
    SWITCHBOARD_REDIS_URL=redis://127.0.0.1:6379 SWITCHBOARD_RATELIMIT_REDIS_KEY_PREFIX="$REDIS_PREFIX$name:" \
    "$@" java ${SB_JAVA_OPTIONS:-} -jar "$app/quarkus-run.jar" >"$WORK/switchboard-$name.log" 2>&1 &
  SB_PID=$!; PIDS+=("$SB_PID")
  say "Switchboard '$name' starting (pid $SB_PID, port $port)"
  wait_ready "http://127.0.0.1:$port/q/health/ready" 300 "$WORK/switchboard-$name.log"
}

# The management API of the Switchboard on <port>.
sb_api() { # port path json -> response body
  curl -sf -X POST "http://127.0.0.1:$1$2" -H "x-api-key: $API_KEY" -H 'content-type: application/json' -d "$3"
}
sb_toolkit() { # port slug url
  sb_api "$1" /api/v3.1/toolkits "{\"slug\":\"$2\",\"name\":\"$2\",\"mcp_url\":\"$3\",\"transport\":\"streamable_http\"}" >/dev/null
}
sb_server() { # port name toolkits-json-array -> the id of an MCP server of those toolkits
  sb_api "$1" /api/v3.1/mcp/servers/custom "{\"name\":\"$2\",\"toolkits\":$3}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}
mcp_url() { # port server-id user -> the MCP URL of that server on the Switchboard on that port
  echo "http://127.0.0.1:$1/v3/mcp/$2/mcp?user_id=$3"
}
# One target of a BenchLoad plan.
target() { # label group url tool pids [extra json]
  echo "{\"label\":\"$1\",\"group\":\"$2\",\"url\":\"$3\",\"tool\":\"$4\",\"pids\":{$5}${6:+,$6}}"
}

# The worktree's commit, marked when src or pom.xml differ from it.
worktree_commit() {
  echo "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' + uncommitted changes to src')"
}

# The floor of Switchboard's stack (bench/floor, with the pass-through's java/passthrough): built when its sources are
# newer than its jar (and BUILD is auto).
FLOOR_APP=$BENCH/floor/target/quarkus-app
build_floor() {
  if [[ $BUILD == auto ]] && { [[ ! -f $FLOOR_APP/quarkus-run.jar ]] || [[ -n $(find "$BENCH/floor/src" "$BENCH/floor/pom.xml" "$BENCH/java/passthrough" -newer "$FLOOR_APP/quarkus-run.jar" -print -quit) ]]; }; then
    say "building the floor (bench/floor)"
    (cd "$ROOT" && ./mvnw -B -q -o -f bench/floor/pom.xml package -DskipTests) >"$WORK/build-floor.log" 2>&1 || { tail -40 "$WORK/build-floor.log" >&2; exit 1; }
  fi
  [[ -f $FLOOR_APP/quarkus-run.jar ]] || { echo "missing $FLOOR_APP/quarkus-run.jar (build it without --no-build)" >&2; exit 1; }
}
# The floor in front of the upstream on <port>, the upstream's <path> routed: FLOOR_PID, FLOOR_PORT; it logs to
# $WORK/switchboard-<name>.log, where the reports read what each measured Quarkus application logged.
start_floor() { # name upstream-port path
  FLOOR_PORT=$(free_port)
  env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$FLOOR_PORT" FLOOR_UPSTREAM_PORT="$2" FLOOR_PATH="$3" \
    java -jar "$FLOOR_APP/quarkus-run.jar" >"$WORK/switchboard-$1.log" 2>&1 &
  FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
  say "the floor starting (pid $FLOOR_PID, port $FLOOR_PORT)"
  wait_ready "http://127.0.0.1:$FLOOR_PORT/q/metrics" 60 "$WORK/switchboard-$1.log"
}
