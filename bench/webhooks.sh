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

install_missing wrk:wrk curl:curl ss:iproute2

bench_work webhooks

admin="bench-admin-token"
start_clicktrail "$work" "$root" "$admin" --webhook-allow-private true

log "fan-out: $CLICKS clicks x $RECEIVERS receivers; then redirects at $LOAD_RATE/s + $TRICKLE subscribed clicks/s"
"$java_bin" "$here/WebhookFanout.java" "$ct" "$admin" | tee "$work/result.txt"
report_machine
