#!/usr/bin/env bash
# Switchboard against the limit: MCP tools/call through a bare Vert.x pass-through proxy and through
# Switchboard, both in front of the same fast Vert.x MCP upstream, and through Switchboard in front of
# server-everything; with the CPU each process spends per call, PostgreSQL's included. Beside them the floor of
# Switchboard's stack (the pass-through as a route of a Quarkus application, bench/floor). Also the rate
# limiter's cost (memory and Redis stores) and a hot-key run. See bench/README.md.
#
#   bench/run.sh            full run (~25 min on a busy 2-core machine): 100k-call warm-up per Switchboard
#                           and per target, 10 s per measured row
#   bench/run.sh --quick    a smoke run of the harness (~4 min with the app built): a few seconds of warm-up and
#                           2 s rows; no SSE rows, no limits-off phase, smaller fan-out/session/stream shapes
#   bench/run.sh --fanout   only the tools/list fan-out shape (~6 min): the slow upstream directly, then through
#                           Switchboard over 1, 5, 10 and 20 upstreams, FANOUT_ROUNDS times (3), each round
#                           interleaving the rows; BASELINE_APP=<a copy of target/quarkus-app> runs a second
#                           Switchboard from that build beside this one, its rows interleaved with this one's
#   --no-build              measure the jar in target/ as it is (default: build it when sources are newer)
#   JFR=1                   record the first Switchboard with Java Flight Recorder (profile settings) into
#                           switchboard.jfr in the run's work directory; it costs the recorded JVM a little CPU
#
# Writes bench/results/<UTC date-time>{.md,.json,-*.png}; the last line it prints is the RESULT line.
# Needs: JDK 17, Node 20 with src/test/node/node_modules (npm ci there), PostgreSQL on 127.0.0.1:5432
# (user postgres, trust), Redis on 127.0.0.1:6379. Database: $SWITCHBOARD_DB_NAME (default
# switchboard_bench), dropped and created again. Everything binds 127.0.0.1 on free ports and is stopped
# on exit.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
APP=$ROOT/target/quarkus-app
MODE=full
BUILD=auto
for arg in "$@"; do
  case $arg in
    --quick) MODE=quick ;;
    --fanout) MODE=fanout ;;
    --no-build) BUILD=no ;;
    *) echo "usage: $0 [--quick] [--no-build]" >&2; exit 2 ;;
  esac
done

DB=${SWITCHBOARD_DB_NAME:-switchboard_bench}
REDIS_PREFIX=switchboard-bench:$DB:$(date +%s):
STAMP=$(date -u +%Y-%m-%d-%H%M)
START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Each setting may be overridden from the environment (e.g. a longer warm-up in a quick run).
if [[ $MODE == fanout ]]; then
  : "${FANOUT_REQUESTS:=200}" "${FANOUT_WARMUP:=100}" "${FANOUT_ROUNDS:=3}"
fi
if [[ $MODE != full ]]; then
  : "${WARMUP_CALLS:=15000}" "${WARMUP_MAX:=4}" "${NODE_WARMUP_CALLS:=2000}" "${NODE_WARMUP_MAX:=2}" "${SETTLE:=0.5}" "${DURATION:=2}"
  : "${LEVELS_SECONDARY:=[64]}"
  # Low enough that a cold Switchboard on a busy machine still asks for more than the limit.
  : "${HOT_RATE:=100}"
  : "${FANOUT_REQUESTS:=20}" "${IDLE_SESSIONS:=[1000]}" "${STREAMS:=200}" "${STREAM_SECONDS:=3}"
else
  : "${WARMUP_CALLS:=100000}" "${WARMUP_MAX:=300}" "${NODE_WARMUP_CALLS:=20000}" "${NODE_WARMUP_MAX:=20}" "${SETTLE:=2}" "${DURATION:=10}"
  : "${LEVELS_SECONDARY:=[1,16,64]}"
  : "${HOT_RATE:=500}"
  : "${FANOUT_REQUESTS:=100}" "${IDLE_SESSIONS:=[1000,10000]}" "${STREAMS:=1000}" "${STREAM_SECONDS:=10}"
fi
SLOW_MS=50

say() { echo "[$(( $(date +%s) - START ))s] $*" >&2; }
source "$BENCH/lib.sh"
bench_init switchboard-bench

# --- build -------------------------------------------------------------------------------------------
build_app
compile_bench_tools
build_floor

# --- processes ---------------------------------------------------------------------------------------
reset_database
start_tool upstream BenchUpstream
UP_PID=$TOOL_PID UP_PORT=$TOOL_PORT
start_tool proxy BenchProxy --upstream-port "$UP_PORT"
PROXY_PID=$TOOL_PID PROXY_PORT=$TOOL_PORT
# The floor of Switchboard's stack: the pass-through as a route of a Quarkus application (bench/floor).
start_floor floor "$UP_PORT" /mcp

start_everything
# A pass-through of its own in front of server-everything: what any proxy's hop costs there, on this machine.
start_tool proxy-node BenchProxy --upstream-port "$NODE_PORT"
NODE_PROXY_PID=$TOOL_PID NODE_PROXY_PORT=$TOOL_PORT

# One Switchboard at a time, one per configuration of the rate limits, on the same database (several at
# once would hold several connection pools of a PostgreSQL that others share).
SB_PID= SB_PORT=
start_switchboard() { # name extra-env...
  SB_PORT=$(free_port)
  start_switchboard_on "$1" "$SB_PORT" "${SB_APP:-$APP}" "${@:2}"
}
stop_switchboard() {
  kill "$SB_PID"; wait "$SB_PID" 2>/dev/null || true
}

api() { sb_api "$SB_PORT" "$@"; }
toolkit() { sb_toolkit "$SB_PORT" "$@"; }
server_of() { sb_server "$SB_PORT" "$@"; }
server_for() { # slug url -> the id of an MCP server whose one toolkit is that upstream
  toolkit "$1" "$2"
  server_of "bench-$1" "[\"$1\"]"
}
gw() { # server-id user [port] -> MCP URL of the running Switchboard (or of the one on that port)
  mcp_url "${3:-$SB_PORT}" "$1" "$2"
}
SETTINGS="\"mode\":\"$MODE\",\"levels\":[1,16,64],\"warmupCalls\":$WARMUP_CALLS,\"warmupMaxSeconds\":$WARMUP_MAX,\
\"warmupConcurrency\":16,\"settleSeconds\":$SETTLE,\"durationSeconds\":$DURATION,\"eventLoops\":2,\
\"pgDb\":\"$DB\",\"clockTicks\":$(getconf CLK_TCK)"
RESULTS=$WORK/results.jsonl
ALL_TARGETS=()
measure() { # phase targets... : one load generator run over these targets
  local plan=$WORK/plan-$1.json; shift
  (IFS=,; echo "{$SETTINGS,\"targets\":[$*]}") >"$plan"
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$plan"
  ALL_TARGETS+=("$@")
  run_tool BenchLoad --plan "$plan" --out "$RESULTS"
}
SB="\"apiKey\":\"$API_KEY\",\"postgres\":true"
DIRECT="\"upstream\":$UP_PID"
PASS="\"upstream\":$UP_PID,\"proxy\":$PROXY_PID"
sb_pids() { echo "\"upstream\":$UP_PID,\"switchboard\":$SB_PID"; }
HIGH=$HIGH_LIMITS
HOT=$(rate_limits $HIGH_RATE $HOT_RATE $HIGH_RATE $HIGH_RATE $HIGH_RATE)
REFERENCE="\"warmupCalls\":$(( WARMUP_CALLS / 5 )),\"levels\":$LEVELS_SECONDARY"

# The fan-out shape's servers: toolkit "slow" answers tools/list after $SLOW_MS ms, f2…f20 at once; a server of
# 1, 5, 10 and 20 of them. Sets FANOUT_SERVERS (width:server-id).
fanout_servers() {
  toolkit slow "http://127.0.0.1:$UP_PORT/mcp?delay=$SLOW_MS"
  local i toolkits='"slow"'
  FANOUT_SERVERS=("1:$(server_of fanout-1 '["slow"]')")
  for i in $(seq 2 20); do
    toolkit "f$i" "http://127.0.0.1:$UP_PORT/mcp?upstream=$i"
    toolkits="$toolkits,\"f$i\""
    if [[ $i == 5 || $i == 10 || $i == 20 ]]; then
      FANOUT_SERVERS+=("$i:$(server_of "fanout-$i" "[$toolkits]")")
    fi
  done
}

# Unquoted $HIGH and $HOT on purpose: each setting is a word of its own.
if [[ $MODE == fanout ]]; then
  start_switchboard memory $HIGH
  fanout_servers
  GATEWAYS=("this:$SB_PORT:$SB_PID")
  if [[ -n ${BASELINE_APP:-} ]]; then
    SB_APP=$BASELINE_APP start_switchboard baseline $HIGH
    GATEWAYS+=("baseline:$SB_PORT:$SB_PID")
  fi
  row() { # label upstreams url pid
    echo "{\"label\":\"$1\",\"upstreams\":$2,\"url\":\"$3\",\"pid\":$4}"
  }
  ROWS=()
  for _ in $(seq "$FANOUT_ROUNDS"); do
    # The slow upstream itself, and through the pass-through proxy: what any proxy's extra hop costs here.
    ROWS+=("$(row direct 1 "http://127.0.0.1:$UP_PORT/mcp?delay=$SLOW_MS" "$UP_PID")")
    ROWS+=("$(row passthrough 1 "http://127.0.0.1:$PROXY_PORT/mcp?delay=$SLOW_MS" "$PROXY_PID")")
    for server in "${FANOUT_SERVERS[@]}"; do
      for gateway in "${GATEWAYS[@]}"; do
        IFS=: read -r label port pid <<<"$gateway"
        ROWS+=("$(row "$label" "${server%%:*}" "$(gw "${server#*:}" fan-user "$port")" "$pid")")
      done
    done
  done
  (IFS=,; echo "{\"switchboardPid\":$SB_PID,\"apiKey\":\"$API_KEY\",\"clockTicks\":$(getconf CLK_TCK),\"slowMillis\":$SLOW_MS,\"fanoutRequests\":$FANOUT_REQUESTS,\"fanoutWarmup\":$FANOUT_WARMUP,\"fanout\":[${ROWS[*]}]}") >"$WORK/fanout-plan.json"
  say "fan-out: ${#ROWS[@]} rows of $FANOUT_REQUESTS tools/list (after $FANOUT_WARMUP unmeasured), $FANOUT_ROUNDS rounds"
  run_tool BenchShapes --plan "$WORK/fanout-plan.json" --out "$WORK/fanout.jsonl"
  node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l));
    console.log("| round | row | upstreams | tools | min ms | p50 ms | p90 ms | p99 ms | p50 − direct p50 | CPU ms/list | errors |");
    console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let round = 0, direct = 0;
    for (const r of rows) {
      if (r.label === "direct") { round++; direct = r.p50; }
      const over = r.label === "direct" ? "" : (r.p50 - direct).toFixed(2);
      const f = (n) => n.toFixed(2);
      console.log(`| ${round} | ${r.label} | ${r.upstreams} | ${r.tools} | ${f(r.min)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${over} | ${f(r.cpuMsPerList)} | ${r.errors} |`);
    }' "$WORK/fanout.jsonl"
  say "load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $WORK"
  exit 0
fi
# 1. The deployment as configured by default (memory store), limits set high: against the pass-through.
if [[ ${JFR:-} == 1 ]]; then
  SB_JAVA_OPTIONS="-XX:StartFlightRecording=settings=profile,filename=$WORK/switchboard.jfr"
fi
start_switchboard memory $HIGH
SB_JAVA_OPTIONS=
FAST_SERVER=$(server_for fast "http://127.0.0.1:$UP_PORT/mcp")
SSE_SERVER=$(server_for fastsse "http://127.0.0.1:$UP_PORT/mcp-sse")
NODE_SERVER=$(server_for ev "http://127.0.0.1:$NODE_PORT/mcp")
[[ -n $FAST_SERVER && -n $SSE_SERVER && -n $NODE_SERVER ]] || { echo "could not create the MCP servers" >&2; exit 1; }
NODE_LOAD="\"warmupCalls\":$NODE_WARMUP_CALLS,\"warmupMaxSeconds\":$NODE_WARMUP_MAX,\"levels\":$LEVELS_SECONDARY"
PHASE1=(
  "$(target direct fast-json "http://127.0.0.1:$UP_PORT/mcp" echo "$DIRECT")"
  "$(target passthrough fast-json "http://127.0.0.1:$PROXY_PORT/mcp" echo "$PASS")"
  "$(target floor fast-json "http://127.0.0.1:$FLOOR_PORT/mcp" echo "\"upstream\":$UP_PID,\"floor\":$FLOOR_PID")"
  "$(target switchboard fast-json "$(gw "$FAST_SERVER" 'user-{client}')" fast__echo "$(sb_pids)" "$SB")"
  "$(target "switchboard stateless" stateless "$(gw "$FAST_SERVER" 'user-{client}')" fast__echo "$(sb_pids)" \
      "$SB,\"protocol\":\"2026-07-28\",\"levels\":$LEVELS_SECONDARY")"
  # server-everything's rows next to each other, each level's three within the same half minute.
  "$(target "direct node" node "http://127.0.0.1:$NODE_PORT/mcp" echo "\"upstream\":$NODE_PID" "$NODE_LOAD")"
  "$(target "passthrough node" node "http://127.0.0.1:$NODE_PROXY_PORT/mcp" echo \
      "\"upstream\":$NODE_PID,\"proxy\":$NODE_PROXY_PID" "$NODE_LOAD")"
  "$(target "switchboard node" node "$(gw "$NODE_SERVER" 'user-{client}')" ev__echo "\"upstream\":$NODE_PID,\"switchboard\":$SB_PID" \
      "$SB,$NODE_LOAD")"
)
if [[ $MODE == full ]]; then
  # The same JVMs as the JSON rows, warm already but for the event-stream paths.
  SSE_WARMUP="\"warmupCalls\":$(( WARMUP_CALLS / 2 ))"
  PHASE1+=(
    "$(target "direct SSE" fast-sse "http://127.0.0.1:$UP_PORT/mcp-sse" echo "$DIRECT" "$SSE_WARMUP")"
    "$(target "passthrough SSE" fast-sse "http://127.0.0.1:$PROXY_PORT/mcp-sse" echo "$PASS" "$SSE_WARMUP")"
    "$(target "switchboard SSE" fast-sse "$(gw "$SSE_SERVER" 'user-{client}')" fastsse__echo "$(sb_pids)" "$SB,$SSE_WARMUP")"
  )
fi
measure main "${PHASE1[@]}"

# 1b. Shapes of the same Switchboard: tools/list fan-out over 1, 5, 10 and 20 upstreams (one of them answers
# tools/list after $SLOW_MS ms), heap per idle session, standalone streams held open.
fanout_servers
FANOUT=()
for server in "${FANOUT_SERVERS[@]}"; do
  FANOUT+=("{\"upstreams\":${server%%:*},\"url\":\"$(gw "${server#*:}" fan-user)\"}")
done
(IFS=,; echo "{\"switchboardPid\":$SB_PID,\"apiKey\":\"$API_KEY\",\"clockTicks\":$(getconf CLK_TCK),\"slowMillis\":$SLOW_MS,\"fanoutRequests\":$FANOUT_REQUESTS,\"fanout\":[${FANOUT[*]}],\"idleSessions\":$IDLE_SESSIONS,\"streams\":$STREAMS,\"streamSeconds\":$STREAM_SECONDS,\"sessionUrl\":\"$(gw "$FAST_SERVER" shape-user)\"}") >"$WORK/shapes-plan.json"
say "shapes: fan-out, idle sessions ($IDLE_SESSIONS), $STREAMS standalone streams"
run_tool BenchShapes --plan "$WORK/shapes-plan.json" --out "$WORK/shapes.jsonl"
stop_switchboard

# 2. The rate limiter's cost: every limit off, then the Redis store; the pass-through measured beside each.
if [[ $MODE == full ]]; then
  start_switchboard off $(rate_limits 0 0 0 0 0)
  measure off \
    "$(target "passthrough, beside limits off" limiter "http://127.0.0.1:$PROXY_PORT/mcp" echo "$PASS" "$REFERENCE")" \
    "$(target "switchboard, limits off" limiter "$(gw "$FAST_SERVER" 'user-{client}')" fast__echo "$(sb_pids)" "$SB,\"levels\":$LEVELS_SECONDARY")"
  stop_switchboard
fi
start_switchboard redis SWITCHBOARD_RATELIMIT_STORE=redis $HIGH
measure redis \
  "$(target "passthrough, beside Redis limits" limiter "http://127.0.0.1:$PROXY_PORT/mcp" echo "$PASS" "$REFERENCE")" \
  "$(target "switchboard, Redis limits" limiter "$(gw "$FAST_SERVER" 'user-{client}')" fast__echo "$(sb_pids)" "$SB,\"redis\":true,\"levels\":$LEVELS_SECONDARY")"
stop_switchboard

# 3. Hot key: 64 clients of one user over its limit (warmed up as one user per client, under the limit).
hot() { # store-label extra-json
  target "hot key, $1 store" hot-key "$(gw "$FAST_SERVER" hot-user)" fast__echo "$(sb_pids)" \
    "$SB,\"hotKey\":true,\"configuredRate\":$HOT_RATE,\"configuredBurst\":$HOT_RATE,\"levels\":[64],\"settleSeconds\":3,\"warmupUrl\":\"$(gw "$FAST_SERVER" 'warm-{client}')\"${2:-}"
}
start_switchboard hotmemory $HOT
measure hotmemory "$(hot memory)"
stop_switchboard
# In the quick run too: whether the shared store limits under load is correctness, not speed.
start_switchboard hotredis SWITCHBOARD_RATELIMIT_STORE=redis $HOT
measure hotredis "$(hot Redis ',"redis":true')"
stop_switchboard
(IFS=,; echo "{$SETTINGS,\"targets\":[${ALL_TARGETS[*]}]}") >"$WORK/plan.json"

mkdir -p "$BENCH/results"
OUT=$BENCH/results/$STAMP
node "$BENCH/report.mjs" --plan "$WORK/plan.json" --results "$RESULTS" --shapes "$WORK/shapes.jsonl" --out "$OUT" --logs "$WORK" \
  --machine "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), load average $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after" \
  --software "$(java -version 2>&1 | head -1); node $(node --version); commit $(worktree_commit)" \
  >"$WORK/report.out"
$JAVA_TOOL -Djava.awt.headless=true BenchPlot "$OUT.json" "$OUT"
say "wrote $OUT.md, $OUT.json and $OUT-*.png"
cat "$WORK/report.out"
