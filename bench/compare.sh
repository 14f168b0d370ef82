#!/usr/bin/env bash
# A/B: two Switchboard builds, or one build with two settings, under the same load on the same machine (issue 18).
# The fast upstream, the pass-through and the Switchboards A and B (and C, if asked for) run at once on one
# database; BenchLoad warms up each, then runs $REPS rounds at each level of $CONCURRENCY, each round loading the
# pass-through, A and B in turn (the next round the pass-through, B and A, so that neither always follows the
# other), so every A window has a B window seconds away and a busy minute of a shared machine hits both.
# Per round and as medians: calls/s of each, A ÷ pass-through, B ÷ pass-through, A ÷ B, each Switchboard's CPU µs
# per call (and how much of it its JIT compiler threads took), A − B µs/call (with and without them), PostgreSQL's
# µs/call, p50; what each Switchboard logged at WARN or ERROR while loaded.
#
#   bench/compare.sh [--no-build]    ~4 min of rounds with the defaults, after warm-ups of up to 90 s each (~9 min)
#
# A is APP (default target/quarkus-app, built when its sources are newer, unless --no-build); B is BASELINE_APP
# (a copy of an older target/quarkus-app), or A's build again when only B_ENV is set. A_ENV / B_ENV
# ("NAME=value NAME2=value2", no spaces inside a value) are added to that Switchboard's environment, after the
# common one, so the same build can be compared with two settings, e.g.
#   B_ENV="MP_CONTEXT_THREADCONTEXT_PROPAGATED=None" bench/compare.sh
# C_APP and/or C_ENV add a third Switchboard C (C_APP defaults to APP). Every Switchboard uses the memory
# rate-limit store with every limit high (as limiter.sh); one MCP server of the fast upstream, one user per client,
# JSON answers (ANSWERS=sse: event streams). The commits reported: A's worktree (or A_COMMIT when APP is
# elsewhere), BASELINE_COMMIT, C_COMMIT.
# Settings from the environment: REPS (5), CONCURRENCY ("16 64"), DURATION (5 s), SETTLE (1 s), WARMUP_CALLS
# (100000 per target), WARMUP_MAX (90 s), ANSWERS (json, or sse: the fast upstream answers every call with an
# event stream, through the pass-through and the Switchboards alike), UPSTREAM (fast, or everything: server-everything
# is the upstream of all three instead, ANSWERS left aside), PROTOCOL (2025-06-18, or 2026-07-28: the Switchboards'
# clients are stateless ones, no session and every request self-describing; the pass-through's stay 2025 clients),
# FLOOR (1: the floor F of Switchboard's stack is loaded in every round too, the pass-through as a route of a Quarkus
# application with Switchboard's HTTP-path extensions, bench/floor, built here when its sources are newer).
# Writes bench/results/<UTC date-time>-compare.md; the last line it prints is the COMPARE line. Needs what run.sh
# needs (JDK 17, node, PostgreSQL, Redis for the clean-up); the database is $SWITCHBOARD_DB_NAME (default
# switchboard_bench_compare), dropped and created again.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
APP=${APP:-$ROOT/target/quarkus-app}
BUILD=auto
for arg in "$@"; do
  case $arg in
    --no-build) BUILD=no ;;
    *) echo "usage: [BASELINE_APP=dir] [A_ENV=…] [B_ENV=…] $0 [--no-build]" >&2; exit 2 ;;
  esac
done
: "${REPS:=5}" "${CONCURRENCY:=16 64}" "${DURATION:=5}" "${SETTLE:=1}" "${WARMUP_CALLS:=100000}" "${WARMUP_MAX:=90}"
: "${A_ENV:=}" "${B_ENV:=}" "${C_ENV:=}" "${C_APP:=}" "${ANSWERS:=json}" "${UPSTREAM:=fast}" "${PROTOCOL:=2025-06-18}" "${FLOOR:=}"
case $ANSWERS in
  json) UP_PATH=/mcp ;;
  sse) UP_PATH=/mcp-sse ;;
  *) echo "ANSWERS is json or sse" >&2; exit 2 ;;
esac
case $UPSTREAM in
  fast) ;;
  everything) UP_PATH=/mcp ;;
  *) echo "UPSTREAM is fast or everything" >&2; exit 2 ;;
esac
case $PROTOCOL in
  2025-06-18) STATELESS= ;;
  2026-07-28) STATELESS=',"protocol":"2026-07-28"' ;;
  *) echo "PROTOCOL is 2025-06-18 or 2026-07-28" >&2; exit 2 ;;
esac
if [[ -z ${BASELINE_APP:-} && -z $B_ENV ]]; then
  echo "B is the same as A: set BASELINE_APP (a copy of an older target/quarkus-app) and/or B_ENV" >&2; exit 2
fi
B_APP=${BASELINE_APP:-$APP}
WITH_C=
[[ -n $C_APP || -n $C_ENV ]] && WITH_C=1 && C_APP=${C_APP:-$APP}
for app in "$B_APP" ${WITH_C:+"$C_APP"}; do
  [[ -f $app/quarkus-run.jar ]] || { echo "missing $app/quarkus-run.jar" >&2; exit 1; }
done
DB=${SWITCHBOARD_DB_NAME:-switchboard_bench_compare}
REDIS_PREFIX=switchboard-bench-compare:$DB:$(date +%s):
STAMP=$(date -u +%Y-%m-%d-%H%M)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say() { echo "[compare] $*" >&2; }
source "$BENCH/lib.sh"
bench_init switchboard-compare
build_app
compile_bench_tools
[[ -n $FLOOR ]] && build_floor

# The commit of each build, as far as it is known.
A_COMMIT=${A_COMMIT:-$([[ $APP == "$ROOT/target/quarkus-app" ]] && worktree_commit || echo unknown)}
commit_of() { # app-dir given-commit
  if [[ -n $2 ]]; then echo "$2"; elif [[ $1 == "$APP" ]]; then echo "$A_COMMIT"; else echo unknown; fi
}
B_COMMIT=$(commit_of "$B_APP" "${BASELINE_COMMIT:-}")
C_COMMIT=$(commit_of "$C_APP" "${C_COMMIT:-}")

reset_database
if [[ $UPSTREAM == everything ]]; then
  start_everything
  UP_PID=$NODE_PID UP_PORT=$NODE_PORT
else
  start_tool upstream BenchUpstream
  UP_PID=$TOOL_PID UP_PORT=$TOOL_PORT
fi
start_tool proxy BenchProxy --upstream-port "$UP_PORT"
PROXY_PID=$TOOL_PID PROXY_PORT=$TOOL_PORT
say "pass-through started (pid $PROXY_PID, port $PROXY_PORT)"

# A Switchboard of A's build migrates the schema, creates the bench tenant and the MCP server, and stops: the
# compared ones then start alike on a ready database and serve nothing but the load (one that had migrated or
# served the management API first would carry those paths in its JIT's profiles).
SETUP_PORT=$(free_port)
start_switchboard_on setup "$SETUP_PORT" "$APP" $HIGH_LIMITS
sb_toolkit "$SETUP_PORT" fast "http://127.0.0.1:$UP_PORT$UP_PATH"
SERVER=$(sb_server "$SETUP_PORT" bench-fast '["fast"]')
[[ -n $SERVER ]] || { echo "could not create the MCP server" >&2; exit 1; }
kill "$SB_PID"; wait "$SB_PID" 2>/dev/null || true
unset 'PIDS[-1]'

# Unquoted $HIGH_LIMITS and $X_ENV on purpose: each setting is a word of its own.
LABELS=(A B ${WITH_C:+C})
declare -A PORT PID SB_APP_OF SB_ENV_OF SB_COMMIT_OF
SB_APP_OF=([A]=$APP [B]=$B_APP [C]=$C_APP)
SB_ENV_OF=([A]=$A_ENV [B]=$B_ENV [C]=$C_ENV)
SB_COMMIT_OF=([A]=$A_COMMIT [B]=$B_COMMIT [C]=$C_COMMIT)
for label in "${LABELS[@]}"; do
  PORT[$label]=$(free_port)
  start_switchboard_on "$label" "${PORT[$label]}" "${SB_APP_OF[$label]}" $HIGH_LIMITS ${SB_ENV_OF[$label]}
  PID[$label]=$SB_PID
done

json() { node -e 'console.log(JSON.stringify(process.argv[1]))' "$1"; }
TARGETS=("$(target passthrough compare "http://127.0.0.1:$PROXY_PORT$UP_PATH" echo "\"upstream\":$UP_PID,\"proxy\":$PROXY_PID")")
for label in "${LABELS[@]}"; do
  TARGETS+=("$(target "$label" compare "$(mcp_url "${PORT[$label]}" "$SERVER" 'user-{client}')" fast__echo \
    "\"upstream\":$UP_PID,\"switchboard\":${PID[$label]}" \
    "\"apiKey\":\"$API_KEY\",\"postgres\":true,\"jit\":true,\"app\":$(json "${SB_APP_OF[$label]}"),\"env\":$(json "${SB_ENV_OF[$label]}"),\"commit\":$(json "${SB_COMMIT_OF[$label]}")$STATELESS")")
done
# The floor's clients are of the upstream's own paths, as the pass-through's (2025 ones whatever PROTOCOL says). It
# comes second, after A, in the warm-ups and the rounds: with an odd number of rounds the last window is then not
# A's nor the floor's, which profile.sh needs (it writes their profiles after their last windows).
COMPARED=("${LABELS[@]}")
if [[ -n $FLOOR ]]; then
  start_floor F "$UP_PORT" "$UP_PATH"
  COMPARED=(A F "${LABELS[@]:1}")
  TARGETS=("${TARGETS[@]:0:2}" "$(target F compare "http://127.0.0.1:$FLOOR_PORT$UP_PATH" echo \
    "\"upstream\":$UP_PID,\"switchboard\":$FLOOR_PID" "\"jit\":true,\"app\":$(json "$FLOOR_APP"),\"env\":\"\",\"commit\":\"the floor (bench/floor)\"")" \
    "${TARGETS[@]:2}")
fi
# Round by round, every level; the Switchboards in turn, in the other order every second round.
SCHEDULE=()
for round in $(seq "$REPS"); do
  for level in $CONCURRENCY; do
    order=(passthrough "${COMPARED[@]}")
    (( round % 2 == 0 )) && order=(passthrough $(printf '%s\n' "${COMPARED[@]}" | tac))
    for label in "${order[@]}"; do
      SCHEDULE+=("{\"round\":$round,\"label\":\"$label\",\"concurrency\":$level}")
    done
  done
done
LEVELS=$(set -- $CONCURRENCY; IFS=,; echo "$*")
(IFS=,; echo "{\"levels\":[$LEVELS],\"reps\":$REPS,\"warmupCalls\":$WARMUP_CALLS,\
\"warmupMaxSeconds\":$WARMUP_MAX,\"warmupConcurrency\":16,\"settleSeconds\":$SETTLE,\"durationSeconds\":$DURATION,\
\"eventLoops\":2,\"pgDb\":\"$DB\",\"upstream\":\"$UPSTREAM\",\"answers\":\"$ANSWERS\",\"protocol\":\"$PROTOCOL\",\"clockTicks\":$(getconf CLK_TCK),\"targets\":[${TARGETS[*]}],\"schedule\":[${SCHEDULE[*]}]}") >"$WORK/plan.json"

# Only what is logged from here on counts as logged under load (start-up is not what is compared).
OFFSETS=
for label in "${COMPARED[@]}"; do
  OFFSETS=$OFFSETS${OFFSETS:+,}$label=$(stat -c %s "$WORK/switchboard-$label.log")
done
say "warming up each target (${WARMUP_CALLS} calls or ${WARMUP_MAX} s), then $REPS rounds at $CONCURRENCY clients of ${DURATION} s windows"
run_tool BenchLoad --plan "$WORK/plan.json" --out "$WORK/results.jsonl"

say "logs in $WORK"
mkdir -p "$BENCH/results"
node "$BENCH/compare.mjs" --plan "$WORK/plan.json" --results "$WORK/results.jsonl" --logs "$WORK" --offsets "$OFFSETS" \
  --out "$BENCH/results/$STAMP-compare.md" \
  --machine "$(nproc) cores, load average $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after; $(java -version 2>&1 | head -1)"
