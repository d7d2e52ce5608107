#!/usr/bin/env bash
# Inbound WhatsApp webhook benchmark: signed payloads of 1,000 statuses each, ingested and
# projected.
#
#   bench/inbound.sh                           # 200 payloads x 1,000 statuses, 4 connections
#   PAYLOADS=1000 RATE=50 bench/inbound.sh     # 50,000 statuses/s for 20 s
#
# Reports statuses/s acknowledged (200 = durably in the event log), end to end (until every
# projection caught up), and the projection lag. Loopback only. See bench/README.md.
set -Eeuo pipefail

export PAYLOADS="${PAYLOADS:-200}"
export STATUSES="${STATUSES:-1000}"
export CONCURRENCY="${CONCURRENCY:-4}"
export WARMUP_PAYLOADS="${WARMUP_PAYLOADS:-30}" # unmeasured, first
export RATE="${RATE:-0}"                       # payloads/s (0: as fast as answered)
KEEP_WORK="${KEEP_WORK:-0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

need=()
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

work="$(mktemp -d "${TMPDIR:-/tmp}/clicktrail-inbound.XXXXXX")"
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
    --admin-token "$admin"
) >"$work/clicktrail.log" 2>&1 &
ct_pid=$!
ct="http://127.0.0.1:$port"
wait_http "$ct/healthz" 200 180 "$ct_pid" "$work/clicktrail.log"
java_bin="$(readlink "/proc/$ct_pid/exe")"

log "inbound: $PAYLOADS payloads x $STATUSES statuses from $CONCURRENCY connections"
"$java_bin" "$here/InboundLoad.java" "$ct" "$admin" | tee "$work/result.txt"
rss_kib="$(awk '/^VmHWM:/ {print $2}' "/proc/$ct_pid/status")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$java_bin" -version 2>&1 | sed -n 2p)"
echo "clicktrail peak RSS: $((rss_kib / 1024)) MiB"
