#!/usr/bin/env bash
# tools/call throughput and latency of server-everything's `echo`, direct vs through Switchboard.
# Starts the upstream and the packaged gateway on free loopback ports, runs bench/load.mjs against
# each at every concurrency level, prints a Markdown table and writes it to bench/results/<date>.md.
#
# Knobs (env): LEVELS="1 8 32"  WARMUP=3  DURATION=12  JVM_WARMUP=15  (seconds)
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), target/quarkus-app built,
#        src/test/node/node_modules installed (npm ci there).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
NODE_DIR=$ROOT/src/test/node
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
LEVELS=${LEVELS:-"1 8 32"}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-12}
JVM_WARMUP=${JVM_WARMUP:-15}
DB=switchboard_bench
API_KEY=sb_bench_key
export CLK_TCK=$(getconf CLK_TCK)

[[ -f $JAR ]] || { echo "missing $JAR (build the app first)" >&2; exit 1; }
[[ -d $NODE_DIR/node_modules/@modelcontextprotocol/server-everything ]] || { echo "run npm ci in $NODE_DIR" >&2; exit 1; }

LOGS=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
PIDS=()
LOAD_PID=
cleanup() {
  for pid in $LOAD_PID "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in $LOAD_PID "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_http() { # url seconds
  for _ in $(seq $(( $2 * 5 ))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  return 1
}

UP_PORT=$(free_port)
GW_PORT=$(free_port)
while [[ $GW_PORT == "$UP_PORT" ]]; do GW_PORT=$(free_port); done
START=$(date +%s)

# A fresh database each run: the test suite owns `test`, and leftovers from older runs would not match
# this run's encryption key.
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" -c "create database $DB"

(cd "$NODE_DIR" && PORT=$UP_PORT exec node -r ./loopback.cjs \
  node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp) >"$LOGS/upstream.log" 2>&1 &
UP_PID=$!
PIDS+=("$UP_PID")

SWITCHBOARD_DB_HOST=127.0.0.1 SWITCHBOARD_DB_NAME=$DB SWITCHBOARD_DB_USER=postgres \
SWITCHBOARD_ENCRYPTION_KEY=$(openssl rand -base64 32) \
SWITCHBOARD_BOOTSTRAP_API_KEY=$API_KEY SWITCHBOARD_BOOTSTRAP_TENANT=bench \
SWITCHBOARD_PUBLIC_URL=http://127.0.0.1:$GW_PORT QUARKUS_HTTP_PORT=$GW_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  java -jar "$JAR" >"$LOGS/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=("$GW_PID")

# server-everything answers GET /mcp with 400 (no session) but only once it listens.
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$UP_PORT/mcp" && break; sleep 0.2; done
wait_http "http://127.0.0.1:$GW_PORT/q/health/ready" 60 || { tail -30 "$LOGS/gateway.log" >&2; exit 1; }

api() { # path json -> response body
  curl -sf -X POST "http://127.0.0.1:$GW_PORT$1" -H "x-api-key: $API_KEY" -H 'content-type: application/json' -d "$2"
}
api /api/v3.1/toolkits \
  "{\"slug\":\"ev\",\"name\":\"Everything\",\"mcp_url\":\"http://127.0.0.1:$UP_PORT/mcp\",\"transport\":\"streamable_http\"}" >/dev/null
SERVER_ID=$(api /api/v3.1/mcp/servers/custom '{"name":"bench","toolkits":["ev"]}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
DIRECT_URL=http://127.0.0.1:$UP_PORT/mcp
GATEWAY_URL="http://127.0.0.1:$GW_PORT/v3/mcp/$SERVER_ID/mcp?user_id=bench-user"
echo "upstream :$UP_PORT (pid $UP_PID), gateway :$GW_PORT (pid $GW_PID), server $SERVER_ID, logs $LOGS" >&2

PIDS_ARG="upstream=$UP_PID,gateway=$GW_PID"
RESULTS=$LOGS/results.jsonl
# Run in the background and `wait`: bash would hold a signal trap until a foreground child ends.
load() { # label url tool concurrency [extra args]
  local label=$1 url=$2 tool=$3 c=$4; shift 4
  node "$BENCH/load.mjs" --label "$label" --url "$url" --tool "$tool" --concurrency "$c" \
    --warmup "$WARMUP" --duration "$DURATION" --pids "$PIDS_ARG" "$@" &
  LOAD_PID=$!
  wait $LOAD_PID
  LOAD_PID=
}

echo "JIT warm-up of the gateway (${JVM_WARMUP}s)..." >&2
WARMUP=0 DURATION=$JVM_WARMUP load warmup "$GATEWAY_URL" ev__echo 8 --api-key "$API_KEY" >/dev/null

for c in $LEVELS; do
  echo "c=$c direct..." >&2
  load direct "$DIRECT_URL" echo "$c" >>"$RESULTS"
  tail -1 "$RESULTS" >&2
  echo "c=$c gateway..." >&2
  load gateway "$GATEWAY_URL" ev__echo "$c" --api-key "$API_KEY" >>"$RESULTS"
  tail -1 "$RESULTS" >&2
done

mkdir -p "$BENCH/results"
OUT=$BENCH/results/$(date -u +%Y-%m-%d-%H%M).md
{
  echo "# Switchboard bench $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)'), jar built $(date -u -r "$JAR" +%Y-%m-%dT%H:%MZ)"
  echo "- $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), shared by load generator, upstream and gateway"
  echo "- $(java -version 2>&1 | head -1), node $(node --version)"
  echo "- tools/call \`echo\`, closed loop, one keep-alive connection and MCP session per client; ${WARMUP}s warm-up + ${DURATION}s measured per row, gateway JIT-warmed ${JVM_WARMUP}s first"
  echo
  node "$BENCH/report.mjs" "$RESULTS"
} | tee "$OUT"
echo >&2
echo "wrote $OUT; total $(( $(date +%s) - START ))s" >&2
