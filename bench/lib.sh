# Shell helpers shared by the benchmark scripts (sourced, not run).
# shellcheck shell=bash

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  printf '[bench] FAILED: %s\n' "$1" >&2
  if [[ -n "${2:-}" && -f "$2" ]]; then
    printf '[bench] last lines of %s:\n' "$2" >&2
    tail -n 30 "$2" | sed 's/^/    /' >&2
  fi
  exit 1
}

stop_pid() { # pid, signal, seconds to wait before SIGKILL
  local pid="$1" sig="$2" secs="$3" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

free_port() {
  local p i
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 40000))
    if [[ -z "$(ss -Htln "sport = :$p")" ]]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# wait_http URL CODE SECONDS PID LOG: poll until URL answers CODE; fail if PID dies or time runs out
wait_http() {
  local url="$1" want="$2" secs="$3" pid="$4" logf="$5" i code
  for ((i = 0; i < secs * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited before $url answered $want" "$logf"
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)"
    [[ "$code" == "$want" ]] && return 0
    sleep 0.2
  done
  die "$url did not answer $want within ${secs}s (last: ${code:-none})" "$logf"
}

