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

install_missing curl:curl ss:iproute2

bench_work inbound

admin="bench-admin-token"
start_clicktrail "$work" "$root" "$admin"

log "inbound: $PAYLOADS payloads x $STATUSES statuses from $CONCURRENCY connections"
"$java_bin" "$here/InboundLoad.java" "$ct" "$admin" | tee "$work/result.txt"
report_machine
