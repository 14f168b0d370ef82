#!/usr/bin/env bash
# The rate limiter's cost per decision: the Redis store against the memory store, side by side (issue 18).
# Two Switchboards run at once on the same database and the same fast upstream, every limit high enough never
# to refuse, one with the memory store and one with the Redis store; BenchLoad then loads them in turn,
# memory, Redis, memory, Redis, … ($REPS windows each at $CONCURRENCY clients), so every Redis window has a
# memory window minutes apart at most. Each MCP tools/call is one decision over four keys (tenant, user,
# server, tool). Per pair of windows: calls/s of each, their ratio, each Switchboard's CPU µs per call and
# the difference (what a Redis decision costs the gateway over a memory one), and redis-server's µs per call
# (the whole process: shared with whatever else uses that Redis).
#
#   bench/limiter.sh [--no-build]     ~4 min with the app built; JFR=1 records the Redis Switchboard;
#                                     APP=dir measures another build's quarkus-app (e.g. a copy of an older one)
#
# BASELINE_APP=dir adds a third Switchboard, the Redis store of another build (e.g. a copy of target/quarkus-app
# before a change), loaded in the same rounds: before and after under the same load of a shared machine.
# Settings from the environment: REPS (5), CONCURRENCY (16), DURATION (5 s), SETTLE (1 s), WARMUP_CALLS
# (30000 per Switchboard), WARMUP_MAX (60 s). Writes bench/results/<UTC date-time>-limiter.md; the last line
# it prints is the LIMITER line. Needs what run.sh needs (JDK 17, node, PostgreSQL, Redis); the database is
# $SWITCHBOARD_DB_NAME (default switchboard_bench_limiter), dropped and created again.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
APP=${APP:-$ROOT/target/quarkus-app}
BUILD=auto
for arg in "$@"; do
  case $arg in
    --no-build) BUILD=no ;;
    *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
  esac
done
: "${REPS:=5}" "${CONCURRENCY:=16}" "${DURATION:=5}" "${SETTLE:=1}" "${WARMUP_CALLS:=30000}" "${WARMUP_MAX:=60}"
DB=${SWITCHBOARD_DB_NAME:-switchboard_bench_limiter}
REDIS_PREFIX=switchboard-bench-limiter:$DB:$(date +%s):
STAMP=$(date -u +%Y-%m-%d-%H%M)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say() { echo "[limiter] $*" >&2; }
source "$BENCH/lib.sh"
bench_init switchboard-limiter
build_app
compile_bench_tools

reset_database
start_tool upstream BenchUpstream
UP_PID=$TOOL_PID UP_PORT=$TOOL_PORT

MEM_PORT=$(free_port)
start_switchboard_on memory "$MEM_PORT" "$APP" $HIGH_LIMITS
MEM_PID=$SB_PID
REDIS_PORT=$(free_port)
JFR_OPTION=
[[ ${JFR:-} == 1 ]] && JFR_OPTION="JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=settings=profile,filename=$WORK/redis.jfr"
start_switchboard_on redis "$REDIS_PORT" "$APP" $HIGH_LIMITS SWITCHBOARD_RATELIMIT_STORE=redis $JFR_OPTION
REDIS_PID=$SB_PID
if [[ -n ${BASELINE_APP:-} ]]; then
  BASE_PORT=$(free_port)
  start_switchboard_on baseline "$BASE_PORT" "$BASELINE_APP" $HIGH_LIMITS SWITCHBOARD_RATELIMIT_STORE=redis
  BASE_PID=$SB_PID
fi

sb_toolkit "$MEM_PORT" fast "http://127.0.0.1:$UP_PORT/mcp"
SERVER=$(sb_server "$MEM_PORT" bench-fast '["fast"]')
[[ -n $SERVER ]] || { echo "could not create the MCP server" >&2; exit 1; }

limiter_target() { # label port pid
  target "$1" limiter "$(mcp_url "$2" "$SERVER" 'user-{client}')" fast__echo "\"upstream\":$UP_PID,\"switchboard\":$3" \
    "\"apiKey\":\"$API_KEY\",\"postgres\":true,\"redis\":true"
}
LEVELS=$(node -e "console.log(JSON.stringify(Array($REPS).fill($CONCURRENCY)))")
echo "{\"levels\":$LEVELS,\"warmupCalls\":$WARMUP_CALLS,\"warmupMaxSeconds\":$WARMUP_MAX,\"warmupConcurrency\":$CONCURRENCY,\
\"settleSeconds\":$SETTLE,\"durationSeconds\":$DURATION,\"eventLoops\":2,\"pgDb\":\"$DB\",\"clockTicks\":$(getconf CLK_TCK),\
\"targets\":[$(limiter_target memory "$MEM_PORT" "$MEM_PID"),$(limiter_target redis "$REDIS_PORT" "$REDIS_PID")${BASE_PID:+,$(limiter_target "redis, baseline" "${BASE_PORT:-}" "${BASE_PID:-}")}]}" >"$WORK/plan.json"
say "warming up both, then $REPS windows of ${DURATION}s each at $CONCURRENCY clients, alternating"
run_tool BenchLoad --plan "$WORK/plan.json" --out "$WORK/results.jsonl"
# Decisions given up on (timeouts, a full pool): each Redis Switchboard logs when they start and stop.
for name in redis baseline; do
  [[ -f $WORK/switchboard-$name.log ]] && echo "$name $(grep -c 'Redis cannot be reached' "$WORK/switchboard-$name.log")"
done | paste -sd, - >"$WORK/redis-warnings" || true

mkdir -p "$BENCH/results"
node - "$WORK/results.jsonl" "$BENCH/results/$STAMP-limiter.md" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$(worktree_commit)" \
  "$(cat "$WORK/redis-warnings")" <<'EOF'
const fs = require('fs');
const [results, out, loadBefore, loadAfter, commit, warnings] = process.argv.slice(2);
const rows = fs.readFileSync(results, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const of = (label) => rows.filter((r) => r.label === label);
const memory = of('memory');
const stores = [['Redis', of('redis')], ['Redis, baseline build', of('redis, baseline')]].filter(([, r]) => r.length);
const median = (values) => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const names = stores.map(([name]) => name);
const lines = [`Limiter: ${names.join(' and ')} against the memory store, ${memory.length} rounds of ${memory[0]?.seconds} s windows at ${memory[0]?.concurrency} clients, one after the other`,
  `commit ${commit}; load average ${loadBefore} before, ${loadAfter} after; times each Redis Switchboard logged \"Redis cannot be reached\": ${warnings}`, '',
  `| round | memory calls/s | ${names.map((n) => `${n} calls/s (÷ memory)`).join(' | ')} | p50 ms memory / ${names.join(' / ')} | Switchboard CPU µs/call memory / ${names.join(' / ')} | ${names.map((n) => `${n} − memory µs/call`).join(' | ')} | redis-server µs/call ${names.join(' / ')} | errors |`,
  `|---:|---:|${names.map(() => '---:|').join('')}---|---|${names.map(() => '---:|').join('')}---|---:|`];
const ratios = names.map(() => []), extras = names.map(() => []), servers = names.map(() => []);
memory.forEach((m, i) => {
  const r = stores.map(([, list]) => list[i]);
  if (r.some((x) => !x)) return;
  r.forEach((x, k) => { ratios[k].push(x.rps / m.rps); extras[k].push(x.cpuUsPerCall.switchboard - m.cpuUsPerCall.switchboard); servers[k].push(x.cpuUsPerCall.redis); });
  lines.push(`| ${i + 1} | ${Math.round(m.rps)} | ${r.map((x) => `${Math.round(x.rps)} (${(x.rps / m.rps).toFixed(2)}×)`).join(' | ')} | ${[m, ...r].map((x) => x.p50.toFixed(2)).join(' / ')} | ${[m, ...r].map((x) => x.cpuUsPerCall.switchboard).join(' / ')} | ${r.map((x) => x.cpuUsPerCall.switchboard - m.cpuUsPerCall.switchboard).join(' | ')} | ${r.map((x) => x.cpuUsPerCall.redis).join(' / ')} | ${[m, ...r].reduce((n, x) => n + x.errors, 0)} |`);
});
const errors = rows.reduce((n, r) => n + r.errors, 0);
const key = (name) => name === 'Redis' ? 'redis' : 'baseline';
lines.push('', `LIMITER c${memory[0]?.concurrency} ${names.map((n, k) => `${key(n)}_vs_memory_rps=${median(ratios[k]).toFixed(2)} ${key(n)}_extra_cpu_us_per_call=${Math.round(median(extras[k]))} ${key(n)}_server_us_per_call=${Math.round(median(servers[k]))}`).join(' ')} (medians of ${ratios[0].length}) errors=${errors}`);
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(lines.join('\n'));
EOF
[[ ${JFR:-} == 1 ]] && say "JFR recording: $WORK/redis.jfr (written when the Switchboard stops)"
say "wrote $BENCH/results/$STAMP-limiter.md; logs in $WORK"
