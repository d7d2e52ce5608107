#!/usr/bin/env bash
# Webhook fan-out benchmark: click events delivered to local CloudEvents receivers.
#
#   bench/webhooks.sh                          # 10,000 clicks x 10 receivers, then latency under load
#   CLICKS=20000 LOAD_RATE=0 bench/webhooks.sh # throughput phase only
#
# Phase 1: CLICKS clicks on links of an account with RECEIVERS subscriptions (one per receiver):
# deliveries/s and click-to-delivery latency. Phase 2 (LOAD_RATE > 0): wrk drives redirects of a
# second account (no subscribers) at LOAD_RATE/s while TRICKLE subscribed clicks/s are made;
# click-to-delivery latency under that load. Loopback only. See bench/README.md.
set -Eeuo pipefail

export RECEIVERS="${RECEIVERS:-10}"
export CLICKS="${CLICKS:-10000}"
export WARMUP_CLICKS="${WARMUP_CLICKS:-3000}" # unmeasured, first
export LOAD_RATE="${LOAD_RATE:-11600}" # half the redirect peak recorded in docs/BENCHMARKS.md
export TRICKLE="${TRICKLE:-100}"
export LOAD_SECONDS="${LOAD_SECONDS:-20}"
KEEP_WORK="${KEEP_WORK:-0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null \
    || die "missing ${need[*]}: install them (Debian: apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]} (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/clicktrail-webhooks.XXXXXX")"
export WORK="$work"
ct_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$ct_pid" TERM 20
  if [[ "$KEEP_WORK" == 1 || $rc -ne 0 ]]; then log "work dir kept: $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building Clicktrail if needed (./clicktrail version)"
(cd "$root" && ./clicktrail version) >"$work/build.log" 2>&1 || die "build failed" "$work/build.log"
port="$(free_port)" || die "no free port"
admin="bench-admin-token"
(
  cd "$work"
  for var in $(compgen -e); do
    if [[ "$var" == CLICKTRAIL_* && "$var" != CLICKTRAIL_JAVA_OPTS ]]; then unset "$var"; fi
  done
  exec "$root/clicktrail" serve --port "$port" --bind 127.0.0.1 --data-dir "$work/data" \
    --admin-token "$admin" --webhook-allow-private true
) >"$work/clicktrail.log" 2>&1 &
ct_pid=$!
ct="http://127.0.0.1:$port"
wait_http "$ct/healthz" 200 180 "$ct_pid" "$work/clicktrail.log"
java_bin="$(readlink "/proc/$ct_pid/exe")"

log "fan-out: $CLICKS clicks x $RECEIVERS receivers; then redirects at $LOAD_RATE/s + $TRICKLE subscribed clicks/s"
"$java_bin" "$here/WebhookFanout.java" "$ct" "$admin" | tee "$work/result.txt"
rss_kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$ct_pid/status")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$java_bin" -version 2>&1 | sed -n 2p)"
echo "clicktrail peak RSS: $((rss_kib / 1024)) MiB"
