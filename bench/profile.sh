#!/usr/bin/env bash
# Where a warm Switchboard's CPU goes per tools/call (issue 18, point 3): compare.sh's load (the fast upstream,
# the pass-through, Switchboards A and B of the same build, 64 clients) with async-profiler attached to A once it
# is warm and detached after its last window, so start-up and JIT warm-up are not in the profile; the pass-through
# is profiled alike over its own windows, and the summary puts both in µs per call by layer side by side.
#
#   bench/profile.sh [--no-build]     ~7 min with the app built
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, the linux-x64 jar, fetched into the
# local Maven repository once) and is attached with jcmd (JVMTI.agent_load), sampling CPU time every ms with
# kernel stacks (perf events; as root, or with kernel.perf_event_paranoid ≤ 1; else it falls back to timers,
# without kernel frames). Writes, in the run's work directory (printed): profile.collapsed (one line per stack,
# with the thread), profile.html (a flame graph) and passthrough.collapsed (floor.collapsed); and
# bench/results/<UTC date-time>-profile.md, the summary of bench/profile-summary.mjs (the event loops' samples by
# owner, kernel apart, the gateway's stages, and both processes in µs per call by layer).
# Settings from the environment as compare.sh's (defaults here: REPS 3, CONCURRENCY 64, DURATION 15,
# WARMUP_CALLS 150000, WARMUP_MAX 120; an even REPS is raised by one); PROFILER_VERSION (4.2), PROFILE_INTERVAL (1ms);
# AGAINST (passthrough, or floor: the floor of Switchboard's stack, bench/floor, is profiled and set beside A instead of
# the pass-through, so the table shows what Switchboard adds to a proxy on its own stack).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
# For worktree_commit only (compare.sh, which this runs, does the rest).
source "$BENCH/lib.sh"
VERSION=${PROFILER_VERSION:-4.2}
JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION-linux-x64.jar
if [[ ! -f $JAR ]]; then
  (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64") \
    || { echo "could not fetch async-profiler $VERSION from Maven Central" >&2; exit 1; }
fi
WORK=$(mktemp -d /tmp/switchboard-profile.XXXXXX)
unzip -q -o "$JAR" 'linux-x64/libasyncProfiler.so' -d "$WORK"
AGENT=$WORK/linux-x64/libasyncProfiler.so
STAMP=$(date -u +%Y-%m-%d-%H%M)
LOG=$WORK/compare.log
say() { echo "[profile] $*" >&2; }

# An odd number of rounds: compare.sh's last round then loads A before B, and B's window leaves the time to write
# the profile (a run that ended with A's window would stop A before it was written).
REPS=${REPS:-3}
(( REPS % 2 == 1 )) || REPS=$((REPS + 1))
export REPS CONCURRENCY=${CONCURRENCY:-64} DURATION=${DURATION:-15}
export WARMUP_CALLS=${WARMUP_CALLS:-150000} WARMUP_MAX=${WARMUP_MAX:-120}
export BASELINE_APP=${APP:-$ROOT/target/quarkus-app}
AGAINST=${AGAINST:-passthrough}
case $AGAINST in
  passthrough) BASE_LABEL=passthrough BASE_PROCESS=proxy BASE_NAME=the\ pass-through BASE_STARTED=pass-through\ started ;;
  floor) export FLOOR=1; BASE_LABEL=F BASE_PROCESS=switchboard BASE_NAME=the\ floor BASE_STARTED=the\ floor\ starting ;;
  *) echo "AGAINST is passthrough or floor" >&2; exit 2 ;;
esac
COMPARES_BEFORE=$(ls "$BENCH"/results/*-compare.md 2>/dev/null || true)
"$BENCH/compare.sh" "$@" >"$LOG" 2>&1 &
COMPARE=$!
trap 'kill $COMPARE 2>/dev/null || true' EXIT
say "compare.sh running (log $LOG)"

# A is warm once BenchLoad warms B (the warm-ups go pass-through, A, B).
until grep -q '^warm-up B' "$LOG" 2>/dev/null; do
  kill -0 "$COMPARE" 2>/dev/null || { tail -20 "$LOG" >&2; echo "compare.sh ended before A was warm" >&2; exit 1; }
  sleep 1
done
PID=$(sed -n "s/.*Switchboard 'A' starting (pid \([0-9]*\).*/\1/p" "$LOG")
BASE_PID=$(sed -n "s/.*$BASE_STARTED (pid \([0-9]*\).*/\1/p" "$LOG")
attach() { # pid agent-options log
  # jcmd parses name=value words itself: the agent's options go in quotes.
  jcmd "$1" JVMTI.agent_load "$AGENT" "\"$2\"" >"$3"
  grep -q 'return code: 0' "$3" || { cat "$3" >&2; exit 1; }
}
windows() { grep -c "^$1 " "$LOG" || true; }
# The pass-through is warm before A and the floor right after it (the warm-ups go pass-through, A, floor, B), so
# both are by now.
SAMPLING="start,event=cpu,interval=${PROFILE_INTERVAL:-1ms},threads"
attach "$PID" "$SAMPLING" "$WORK/attach.log"
attach "$BASE_PID" "$SAMPLING" "$WORK/attach-$AGAINST.log"
say "profiling Switchboard A (pid $PID) and $BASE_NAME (pid $BASE_PID) from their first measured windows"
# Each is stopped once its last window is measured; with an odd number of rounds the last window of all is B's, which
# leaves the time to write the profiles before compare.sh stops everything.
A_STOPPED= BASE_STOPPED=
until [[ -n $A_STOPPED && -n $BASE_STOPPED ]]; do
  kill -0 "$COMPARE" 2>/dev/null || { echo "compare.sh ended before the last windows profiled" >&2; exit 1; }
  if [[ -z $BASE_STOPPED && $(windows "$BASE_LABEL ") -ge $REPS ]]; then
    attach "$BASE_PID" "stop,file=$WORK/$AGAINST.collapsed,collapsed" "$WORK/stop-$AGAINST.log"
    BASE_STOPPED=1
  fi
  if [[ -z $A_STOPPED && $(windows 'A ') -ge $REPS ]]; then
    attach "$PID" "dump,file=$WORK/profile.html,flamegraph" "$WORK/dump.log"
    attach "$PID" "stop,file=$WORK/profile.collapsed,collapsed" "$WORK/stop.log"
    A_STOPPED=1
  fi
  sleep 1
done
wait "$COMPARE" || { tail -20 "$LOG" >&2; exit 1; }
trap - EXIT
grep '^A  \|^B  \|^F  \|^passthrough ' "$LOG" >&2
mkdir -p "$BENCH/results"
# Each one's median CPU µs per call over its profiled windows, as BenchLoad printed them.
median_cpu() { # label process
  grep "^$1 " "$LOG" | sed -e 's/  syscalls.*//' -n -e "s/.*CPU µs\/call.*\"$2\":\([0-9.]*\).*/\1/p" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
node "$BENCH/profile-summary.mjs" "$WORK/profile.collapsed" \
  --against "$WORK/$AGAINST.collapsed" --against-name "$BASE_NAME" --cpu-per-call "$(median_cpu 'A ' switchboard)" \
  --against-cpu-per-call "$(median_cpu "$BASE_LABEL " "$BASE_PROCESS")" \
  --title "Switchboard A, $(worktree_commit), $CONCURRENCY clients, ${REPS} windows of ${DURATION} s, $(date -u '+%Y-%m-%d %H:%M') UTC" \
  >"$BENCH/results/$STAMP-profile.md"
# compare.sh's own report of these windows says nothing of a change (A and B are one build, A profiled).
for report in "$BENCH"/results/*-compare.md; do
  grep -qxF "$report" <<<"$COMPARES_BEFORE" || rm -f "$report"
done
say "summary: bench/results/$STAMP-profile.md; stacks and flame graph in $WORK"
