#!/usr/bin/env bash
# Analytics query benchmark (issue 5): `template_analytics` for 10 templates x 90 days and
# `analytics` DAY for 90 days over rollups holding ~100 million synthetic events.
#
#   bench/analytics.sh                                # 27.6M messages (~100M events), 200 requests each
#   MESSAGES=2760000 bench/analytics.sh               # a tenth of that
#   SMALL_MESSAGES=2000 REQUESTS=50 bench/analytics.sh
#
# 1. equivalence: SMALL_MESSAGES messages (~3.6 events each) pushed through the real projection
#    path into server P; the same dataset written by the bulk path into a fresh server B; the
#    API answers of both must be equal ("equivalence: ok").
# 2. full scale: a fresh server C, bulk path for MESSAGES messages, restart, then time the two
#    queries and GET /healthz (the baseline), sequentially over loopback.
# See bench/README.md.
set -Eeuo pipefail

export MESSAGES="${MESSAGES:-27600000}"
export SMALL_MESSAGES="${SMALL_MESSAGES:-8300}"
export REQUESTS="${REQUESTS:-200}"
export WARMUP_REQUESTS="${WARMUP_REQUESTS:-20}"
KEEP_WORK="${KEEP_WORK:-0}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

install_missing curl:curl ss:iproute2 sqlite3:sqlite3

# on disk, not tmpfs: the store must be on disk for the figures
bench_work analytics /var/tmp

admin="bench-admin-token"
now="$(date -u +%s)"
d0=$(((now / 86400 - 89) * 86400)) # 00:00 UTC 89 days ago: 90 days up to the end of today
driver() { "$java_bin" "$here/AnalyticsLoad.java" "$@"; }

# start DIR: a server on DIR/data (ct_pid, ct); setup DIR: account, numbers, templates, insights
start() { mkdir -p "$1"; start_clicktrail "$1" "$root" "$admin"; }
setup() { driver setup "$ct" "$admin" "$1/creds"; }
# bulk_load DIR N CLICK_DAY: stop the server (SIGTERM), write the rollup rows, restart
bulk_load() {
  local dir="$1" n="$2" click_day="$3" t0 t1
  log "stopping server $ct_pid (SIGTERM) for the bulk load"
  stop_pid "$ct_pid" TERM 30
  driver bulk "$n" "$d0" "$click_day" "$dir/bulk.sql" | tee "$dir/bulk.txt"
  t0="$(date +%s.%N)"
  sqlite3 "$dir/data/clicktrail.db" <"$dir/bulk.sql" >/dev/null
  t1="$(date +%s.%N)"
  printf 'sqlite3 import: %.1f s, %s bytes of SQL; database %s bytes\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    "$(stat -c %s "$dir/bulk.sql")" "$(stat -c %s "$dir/data/clicktrail.db")" | tee -a "$dir/bulk.txt"
  rm -f "$dir/bulk.sql"
  start "$dir"
}

# ------------------------------------------------------------------ 1. equivalence
log "equivalence: $SMALL_MESSAGES messages through the projection path (server P)"
start "$work/p"
p_ct="$ct" p_pid="$ct_pid"
setup "$work/p"
read -r p_token p_secret <"$work/p/creds"
driver project "$p_ct" "$p_token" "$p_secret" "$SMALL_MESSAGES" "$d0" | tee "$work/p/project.txt"
click_day="$(sed -n 's/.*click_day \([0-9]*\).*/\1/p' "$work/p/project.txt")"

log "equivalence: the same dataset through the bulk path (server B)"
start "$work/b"
setup "$work/b"
read -r b_token _ <"$work/b/creds"
bulk_load "$work/b" "$SMALL_MESSAGES" "$click_day"
(cd "$work" && driver compare "$p_ct" "$p_token" "$ct" "$b_token" "$d0") | tee "$work/equivalence.txt"
stop_pid "$ct_pid" TERM 20
stop_pid "$p_pid" TERM 20

# ------------------------------------------------------------------ 2. full scale
log "full scale: $MESSAGES messages through the bulk path (server C)"
start "$work/c"
setup "$work/c"
read -r c_token _ <"$work/c/creds"
bulk_load "$work/c" "$MESSAGES" -1
sqlite3 "$work/c/data/clicktrail.db" \
  "SELECT 'table rows: analytics_rollup ' || (SELECT count(*) FROM analytics_rollup)
     || ', template_rollup ' || (SELECT count(*) FROM template_rollup)
     || ', template_cost_rollup ' || (SELECT count(*) FROM template_cost_rollup)
     || ', template_button_rollup ' || (SELECT count(*) FROM template_button_rollup)
     || ', quick_reply_clicks ' || (SELECT count(*) FROM quick_reply_clicks)
     || '; sum(analytics_rollup.sent) ' || (SELECT sum(sent) FROM analytics_rollup);"
log "timing: $WARMUP_REQUESTS warm-up + $REQUESTS measured requests each, sequential"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); range: $(date -u -d "@$d0" +%F) + 90 days"
echo "load: $(uptime)"
driver time "$ct" "$c_token" "$d0" | tee "$work/c/time.txt"
echo "load: $(uptime)"
echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); kernel $(uname -r)"
echo "JVM options: $(tr '\0' ' ' <"/proc/$ct_pid/cmdline" | grep -o -- ' -X[^ ]*\| --enable[^ ]*' | tr -d '\n')"
echo "data dir: $work/c/data on $(df --output=source,fstype "$work" | tail -1)"
report_machine
