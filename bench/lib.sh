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

# bench_work NAME [TMP_ROOT]: makes the run's work dir, $work (exported as WORK), under $TMPDIR,
# else TMP_ROOT, else /tmp; on exit stops every process given to track_pid (newest first) and
# removes the dir, which is kept on failure or with KEEP_WORK=1.
bench_pids=()
track_pid() { bench_pids+=("$1"); }
bench_work() {
  work="$(mktemp -d "${TMPDIR:-${2:-/tmp}}/clicktrail-$1.XXXXXX")"
  export WORK="$work"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}
bench_cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do stop_pid "${bench_pids[i]}" TERM 20; done
  if [[ "${KEEP_WORK:-0}" == 1 || $rc -ne 0 ]]; then log "work dir kept: $work"; else rm -rf "$work"; fi
  exit "$rc"
}

free_port() {
  # below the kernel's ephemeral range (32768+ by default), where the load generators' own
  # connections take their local ports, and free of any socket, not only of listeners
  local p i
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 12000))
    if [[ -z "$(ss -Htan "sport = :$p")" ]]; then
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


# install_missing CMD:PACKAGE...: installs (apt-get, as root) the packages of the missing commands
install_missing() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
  done
  ((${#need[@]})) || return 0
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null \
    || die "missing ${need[*]}: install them (Debian: apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]} (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
}

# start_clicktrail WORK ROOT ADMIN [FLAG...]: builds if needed, starts `clicktrail serve` on a
# free loopback port with its data in WORK/data and no CLICKTRAIL_* settings from the caller
# (except CLICKTRAIL_JAVA_OPTS); sets ct_pid (tracked: stopped on exit), ct (base URL) and java_bin.
start_clicktrail() {
  local work="$1" root="$2" admin="$3" port
  shift 3
  log "building Clicktrail if needed (./clicktrail version)"
  (cd "$root" && ./clicktrail version) >"$work/build.log" 2>&1 || die "build failed" "$work/build.log"
  port="$(free_port)" || die "no free port"
  (
    cd "$work"
    for var in $(compgen -e); do
      if [[ "$var" == CLICKTRAIL_* && "$var" != CLICKTRAIL_JAVA_OPTS ]]; then unset "$var"; fi
    done
    exec "$root/clicktrail" serve --port "$port" --bind 127.0.0.1 --data-dir "$work/data" \
      --admin-token "$admin" "$@"
  ) >"$work/clicktrail.log" 2>&1 &
  ct_pid=$!
  track_pid "$ct_pid"
  ct="http://127.0.0.1:$port"
  wait_http "$ct/healthz" 200 180 "$ct_pid" "$work/clicktrail.log"
  java_bin="$(readlink "/proc/$ct_pid/exe")"
}

# report_machine: the machine line and Clicktrail's peak RSS (needs ct_pid, java_bin)
report_machine() {
  local rss_kib
  rss_kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$ct_pid/status")"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$java_bin" -version 2>&1 | sed -n 2p)"
  echo "clicktrail peak RSS: $((rss_kib / 1024)) MiB"
}
