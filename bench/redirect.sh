#!/usr/bin/env bash
# Redirect benchmark: Clicktrail's GET /c/{token} against a same-run nginx baseline.
#
#   bench/redirect.sh                      # 20 s per target, 64 connections
#   DURATION=5s CONNECTIONS=32 bench/redirect.sh
#
# Loopback only (127.0.0.1). Installs wrk, nginx-light, jq and curl through apt-get when they are
# missing (needs root). Every process it starts is stopped on exit. See bench/README.md.
set -Eeuo pipefail

DURATION="${DURATION:-20s}"         # wrk -d, per target
CONNECTIONS="${CONNECTIONS:-64}"    # wrk -c
THREADS="${THREADS:-1}"             # wrk -t
WARMUP="${WARMUP:-0s}"              # optional unmeasured wrk run before each measured one (0s = none)
URLS="${URLS:-100}"                 # tracked links the Lua script rotates over (≤ 400)
NGINX_WORKERS="${NGINX_WORKERS:-1}" # nginx worker_processes for the baseline (1 or auto)
KEEP_WORK="${KEEP_WORK:-0}"         # 1: keep the temp dir (logs, wrk output, data dir)
OUT="${OUT:-}"                      # also write the Markdown summary to this file
STRICT="${STRICT:-0}"               # 1: exit 1 when a target is missed
FLOOR="${FLOOR:-1}"                 # 1: also measure the same server answering forged tokens (404)

UA='Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
BATCH=1000
PHONE_ID=106540352242922
ACCOUNT_ID=102290129340398

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
lua="$here/rotate.lua"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

# ---------------------------------------------------------------- validation
[[ "$DURATION" =~ ^[0-9]+[smh]?$ ]] || die "DURATION must look like 20s, 2m (got '$DURATION')"
[[ "$WARMUP" =~ ^[0-9]+[smh]?$ ]] || die "WARMUP must look like 0s, 5s (got '$WARMUP')"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive integer"
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer"
((CONNECTIONS >= THREADS)) || die "CONNECTIONS must be at least THREADS"
[[ "$URLS" =~ ^[1-9][0-9]*$ ]] && ((URLS <= 400)) || die "URLS must be 1..400"
[[ "$NGINX_WORKERS" =~ ^([1-9][0-9]*|auto)$ ]] || die "NGINX_WORKERS must be a number or auto"
[[ "$FLOOR" =~ ^[01]$ ]] || die "FLOOR must be 0 or 1"
warmup_on=1
[[ "$WARMUP" =~ ^0+[smh]?$ ]] && warmup_on=0

# ---------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null \
    || die "missing ${need[*]}: install them (Debian: apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]} (apt-get)"
  apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || die "apt-get install ${need[*]} failed"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# ---------------------------------------------------------------- temp dir and cleanup
bench_work bench
nginx_pid="" ct_pid="" sampler_pid="" wrk_pid=""
trap 'die "line $LINENO: \"$BASH_COMMAND\" failed (exit $?)"' ERR

# ---------------------------------------------------------------- wrk helpers
# to milliseconds: 812.00us, 1.23ms, 1.02s, 1.50m
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

secs() { # 20s, 2m, 1h, 30 -> seconds
  local v="$1" n="${1%[smh]}"
  case "$v" in *m) echo $((n * 60)) ;; *h) echo $((n * 3600)) ;; *) echo "$n" ;; esac
}

# run_wrk NAME BASE_URL DURATION: runs wrk with the rotating script, output in $work/wrk-NAME.txt
run_wrk() {
  local name="$1" base="$2" dur="$3" out="$work/wrk-$1.txt"
  [[ "$base" == http://127.0.0.1:* ]] || die "refusing a non-loopback target: $base"
  log "wrk -t$THREADS -c$CONNECTIONS -d$dur --latency ($name, $base)"
  # in the background, so that an interrupt stops it at once (cleanup kills it)
  timeout --kill-after=10 "$(($(secs "$dur") + 60))" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$dur" --latency -H "User-Agent: $UA" -s "$lua" "$base" >"$out" 2>&1 &
  wrk_pid=$!
  track_pid "$wrk_pid"
  wait "$wrk_pid" || die "wrk against $name failed" "$out"
  wrk_pid=""
  grep -q '^Requests/sec:' "$out" || die "wrk against $name printed no result" "$out"
}

# wrk_field FILE KEY: rps | requests | p50 | p99 | non3xx | status302 | statusother | sockerr
wrk_field() {
  local f="$1" k="$2"
  case "$k" in
    rps) awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f" ;;
    requests) awk '/ requests in / {print $1}' "$f" ;;
    p50) to_ms "$(awk '$1 == "50%" {print $2}' "$f")" ;;
    p99) to_ms "$(awk '$1 == "99%" {print $2}' "$f")" ;;
    non3xx) awk '/Non-2xx or 3xx responses:/ {n = $NF} END {print n + 0}' "$f" ;;
    status302) awk '/^rotate: status 302:/ {n = $NF} END {print n + 0}' "$f" ;;
    statusother) awk '/^rotate: status other:/ {n = $NF} END {print n + 0}' "$f" ;;
    sent) awk '/^rotate: sent:/ {n = $NF} END {print n + 0}' "$f" ;;
    sockerr) awk '/Socket errors:/ {gsub(/,/, ""); n = $4 + $6 + $8 + $10} END {print n + 0}' "$f" ;;
  esac
}

# write_lua PATHS_FILE: the rotating wrk script (paths only: the host comes from wrk's URL argument,
# so the same script drives nginx and Clicktrail)
write_lua() {
  {
    echo "-- Generated by bench/redirect.sh on $(date -u +%FT%TZ): do not edit."
    echo "-- Rotates over $(wc -l <"$1" | tr -d ' ') tracked-link paths (one row each, no single hot row)"
    echo "-- and counts requests sent and answers by status (302 vs anything else)."
    echo "local paths = {"
    sed 's/.*/  "&",/' "$1"
    echo "}"
    cat <<'LUA'
local threads = {}
local i = 0
nsent = 0
n302 = 0
nother = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  i = math.random(#paths) - 1 -- threads start at different offsets
end

function request()
  i = i % #paths + 1
  nsent = nsent + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status == 302 then
    n302 = n302 + 1
  else
    nother = nother + 1
  end
end

function done(summary, latency, requests)
  local s, a, b = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("nsent")
    a = a + t:get("n302")
    b = b + t:get("nother")
  end
  -- sent minus answered: requests still in flight when wrk's time ran out
  io.write(string.format("rotate: sent: %d\nrotate: status 302: %d\nrotate: status other: %d\n", s, a, b))
end
LUA
  } >"$lua"
}

hist() { # the redirect latency histogram's cumulative buckets: "le count" lines
  curl -sf -m 5 "$1/metrics" | awk '/^clicktrail_redirect_seconds_bucket\{/ {
      match($0, /le="[^"]+"/); print substr($0, RSTART + 4, RLENGTH - 5), $NF }'
}

# hist_quantile BEFORE AFTER Q: upper bound (ms) of the bucket holding quantile Q of the requests
# counted between the two snapshots
hist_quantile() {
  paste -d' ' "$1" "$2" | awk -v q="$3" '{le[NR] = $1; d[NR] = $4 - $2} END {
      total = d[NR]; if (total <= 0) {print "?"; exit}
      for (i = 1; i <= NR; i++) if (d[i] >= q * total) {
        if (le[i] == "+Inf") print "> " le[i - 1] * 1000; else printf "≤ %.1f\n", le[i] * 1000; exit } }'
}

cpu_ticks() { # utime+stime of process $1, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}
machine_busy() { # "busy total" jiffies of the whole machine
  awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat
}

metric() { # metric BASE NAME_WITH_LABELS: one Prometheus sample's value, as an integer
  curl -sf -m 5 "$1/metrics" | awk -v m="$2" '$1 == m {printf "%.0f", $2; found = 1} END {if (!found) print "?"}'
}

# ---------------------------------------------------------------- machine facts
uptime_before="$(uptime | sed 's/^ *//')"
log "uptime: $uptime_before"
run_date="$(date -u '+%Y-%m-%d %H:%M UTC')"
cpu_model="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
cpu_model="${cpu_model:-unknown}"
ram="$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
machine="$(nproc) cores, ${cpu_model}, ${ram} RAM, kernel $(uname -r)"
nginx_version="$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')"
wrk_version="$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $1, $2}')"

# ================================================================ 1. nginx baseline
ng="$work/nginx"
mkdir -p "$ng"
ng_port="$(free_port)" || die "no free port for nginx"
cat >"$ng/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
daemon off;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_timeout 65s;
  keepalive_requests 10000000;
  client_body_temp_path $ng/client_body;
  proxy_temp_path $ng/proxy;
  fastcgi_temp_path $ng/fastcgi;
  uwsgi_temp_path $ng/uwsgi;
  scgi_temp_path $ng/scgi;
  server {
    listen 127.0.0.1:$ng_port;
    location / { return 302 https://shop.example/p/1?ref=wa; }
  }
}
EOF
"$NGINX" -t -p "$ng" -c "$ng/nginx.conf" -e "$ng/error.log" >"$ng/test.log" 2>&1 \
  || die "nginx rejected its config" "$ng/test.log"

# ================================================================ 2. Clicktrail: build, start, register
log "building Clicktrail if needed (./clicktrail version)"
(cd "$root" && ./clicktrail version) >"$work/build.log" 2>&1 || die "./clicktrail version failed (the build, or the JVM with these options)" "$work/build.log"
ct_version="$(tail -n 1 "$work/build.log")"

ct_port="$(free_port)" || die "no free port for Clicktrail"
while [[ "$ct_port" == "$ng_port" ]]; do ct_port="$(free_port)"; done
ct="http://127.0.0.1:$ct_port"
admin="ct_admin_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$work/run"
log "starting Clicktrail on 127.0.0.1:$ct_port (data dir $work/data)"
# a fresh working dir (no clicktrail.properties) and no CLICKTRAIL_* settings from the caller's
# environment, except CLICKTRAIL_JAVA_OPTS, which the launcher reads (its default when unset)
(
  cd "$work/run"
  for var in $(compgen -e); do
    if [[ "$var" == CLICKTRAIL_* && "$var" != CLICKTRAIL_JAVA_OPTS ]]; then unset "$var"; fi
  done
  exec "$root/clicktrail" serve --port "$ct_port" --bind 127.0.0.1 --data-dir "$work/data" \
    --admin-token "$admin" --durability sync
) >"$work/clicktrail.log" 2>&1 &
ct_pid=$!
track_pid "$ct_pid"
wait_http "$ct/healthz" 200 180 "$ct_pid" "$work/clicktrail.log"
[[ "$(readlink "/proc/$ct_pid/exe")" == */java ]] || die "process $ct_pid is not the JVM" "$work/clicktrail.log"
java_bin="$(readlink "/proc/$ct_pid/exe")"
jdk="$("$java_bin" -version 2>&1 | sed -n 2p) at $java_bin"
jvm_opts="$(tr '\0' '\n' <"/proc/$ct_pid/cmdline" | awk 'NR > 1 && $0 == "-jar" {exit} NR > 1 {printf "%s%s", sep, $0; sep = " "}')"
rss_idle_kb="$(ps -o rss= -p "$ct_pid" | tr -d ' ')"
log "Clicktrail ready (pid $ct_pid, $jdk, idle RSS $((rss_idle_kb / 1024)) MiB)"

# RSS sampler: once a second while the server lives (bounded: 2 h)
(
  for ((s = 0; s < 7200; s++)); do
    r="$(ps -o rss= -p "$ct_pid" 2>/dev/null | tr -d ' ')" || break
    [[ -n "$r" ]] || break
    echo "$(date +%s) $r"
    sleep 1
  done
) >"$work/rss.log" &
sampler_pid=$!
track_pid "$sampler_pid"

# api METHOD PATH BEARER [BODY_FILE] -> body in $work/api.out, fails unless 2xx
api() {
  local method="$1" path="$2" bearer="$3" body="${4:-}" code
  local args=(-s -m 60 -o "$work/api.out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $bearer")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "@$body")
  code="$(curl "${args[@]}" "$ct$path")" || die "$method $path: no answer (curl exit $?)" "$work/clicktrail.log"
  [[ "$code" == 2?? ]] || die "$method $path answered $code: $(head -c 400 "$work/api.out")"
}

printf '{"id":"%s","name":"Bench"}' "$ACCOUNT_ID" >"$work/account.json"
api POST /v1/accounts "$admin" "$work/account.json"
token="$(jq -r '.access_token // empty' "$work/api.out")"
[[ -n "$token" ]] || die "POST /v1/accounts returned no access_token: $(head -c 300 "$work/api.out")"
echo '{"display_phone_number":"15550783881"}' >"$work/phone.json"
api PUT "/v1/phone_numbers/$PHONE_ID" "$token" "$work/phone.json"

jq -nc --arg p "$PHONE_ID" --argjson n "$BATCH" '{messages: [range(0; $n) | {
    message_id: ("bench-" + (. | tostring)), phone_number_id: $p,
    recipient: ("1650555" + ((10000 + .) | tostring)),
    text: ("Hi! New colours: https://shop.example/p/1?ref=wa&m=" + (. | tostring))}]}' >"$work/batch.json"
log "registering $BATCH messages in one POST /v1/messages:batch"
batch_code_time="$(curl -s -m 60 -o "$work/batch.out" -w '%{http_code} %{time_total}' -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary "@$work/batch.json" "$ct/v1/messages:batch")" || die "batch call: no answer" "$work/clicktrail.log"
batch_code="${batch_code_time% *}"
batch_s="$(printf '%.3f' "${batch_code_time#* }")"
[[ "$batch_code" == 200 ]] || die "batch answered $batch_code: $(head -c 400 "$work/batch.out")"
batch_ok="$(jq '[.results[] | select(.links)] | length' "$work/batch.out")"
((batch_ok == BATCH)) || die "batch: only $batch_ok of $BATCH messages registered: $(jq -c '[.results[] | select(.error)][0]' "$work/batch.out")"
log "batch of $BATCH: ${batch_s} s"

# measured links: messages 0..URLS-1; warm-up links: the next URLS; smoke check: the last message
jq -r --argjson n "$URLS" '.results[0:$n][] | .links[0].tracked_url' "$work/batch.out" \
  | sed -E 's#^https?://[^/]+##' >"$work/paths.txt"
jq -r --argjson n "$URLS" '.results[$n:2*$n][] | .links[0].tracked_url' "$work/batch.out" \
  | sed -E 's#^https?://[^/]+##' >"$work/paths-warmup.txt"
[[ "$(grep -c '^/c/' "$work/paths.txt")" == "$URLS" ]] || die "could not read $URLS tracked URLs from the batch answer"
smoke="$(jq -r '.results[-1].links[0].tracked_url' "$work/batch.out" | sed -E 's#^https?://[^/]+##')"
smoke_code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' -A "$UA" "$ct$smoke")"
[[ "$smoke_code" == 302 ]] || die "GET $smoke answered $smoke_code, not 302" "$work/clicktrail.log"

# ================================================================ the runs
log "starting nginx on 127.0.0.1:$ng_port (worker_processes $NGINX_WORKERS)"
"$NGINX" -p "$ng" -c "$ng/nginx.conf" -e "$ng/error.log" >"$ng/stdout.log" 2>&1 &
nginx_pid=$!
track_pid "$nginx_pid"
wait_http "http://127.0.0.1:$ng_port/" 302 20 "$nginx_pid" "$ng/error.log"

if ((warmup_on)); then
  write_lua "$work/paths-warmup.txt"
  run_wrk nginx-warmup "http://127.0.0.1:$ng_port" "$WARMUP"
fi
write_lua "$work/paths.txt"
run_wrk nginx "http://127.0.0.1:$ng_port" "$DURATION"
stop_pid "$nginx_pid" TERM 10
nginx_pid=""

if ((warmup_on)); then
  write_lua "$work/paths-warmup.txt"
  run_wrk clicktrail-warmup "$ct" "$WARMUP"
  write_lua "$work/paths.txt"
fi
sent_before="$(metric "$ct" 'clicktrail_redirect_seconds_count')"
hist "$ct" >"$work/hist-before.txt"
t_start="$(date +%s)"
ct_cpu0="$(cpu_ticks "$ct_pid")"
read -r busy0 total0 < <(machine_busy)
run_wrk clicktrail "$ct" "$DURATION"
ct_cpu1="$(cpu_ticks "$ct_pid")"
read -r busy1 total1 < <(machine_busy)
t_end="$(date +%s)"
# CPU the server used during the measured run, in cores, and how busy the whole machine was
ct_cores="$(awk -v a="$ct_cpu0" -v b="$ct_cpu1" -v hz="$(getconf CLK_TCK)" -v d="$(secs "$DURATION")" \
  'BEGIN {printf "%.2f", (b - a) / hz / d}')"
machine_pct="$(awk -v b0="$busy0" -v b1="$busy1" -v t0="$total0" -v t1="$total1" \
  'BEGIN {printf "%.0f", (t1 > t0 ? 100 * (b1 - b0) / (t1 - t0) : 0)}')"
kill -0 "$ct_pid" 2>/dev/null || die "Clicktrail died during the run" "$work/clicktrail.log"

# ================================================================ 3. clicks: 302s vs stored
log "waiting for the projections to catch up"
lag="?"
for ((i = 0; i < 120; i++)); do
  lag="$(metric "$ct" clicktrail_event_log_lag)"
  [[ "$lag" == 0 ]] && break
  sleep 0.5
done
[[ "$lag" == 0 ]] || die "event-log lag still $lag after 60 s" "$work/clicktrail.log"
sent_after="$(metric "$ct" 'clicktrail_redirect_seconds_count')"
hist "$ct" >"$work/hist-after.txt"
srv_p50="$(hist_quantile "$work/hist-before.txt" "$work/hist-after.txt" 0.50)"
srv_p99="$(hist_quantile "$work/hist-before.txt" "$work/hist-after.txt" 0.99)"
server_302=$((sent_after - sent_before))

stored=0
while read -r id; do
  api GET "/v1/messages/$id" "$token"
  n="$(jq '[.link_data[].count] | add // 0' "$work/api.out")"
  stored=$((stored + n))
done < <(jq -r --argjson n "$URLS" '.results[0:$n][] | .message_id' "$work/batch.out")

# every stored click, walked through /v1/clicks (all runs: smoke check, warm-ups, measured)
walk_total=0 walk_human=0 after="" pages=0
max_pages=$((sent_after / 1000 + 20))
while ((pages < max_pages)); do
  q="/v1/clicks?limit=1000"
  [[ -n "$after" ]] && q="$q&after=$after"
  api GET "$q" "$token"
  pages=$((pages + 1))
  read -r n h after < <(jq -r '[(.data | length), ([.data[] | select(.classification == "human")] | length),
      (.paging.cursors.after // "-")] | @tsv' "$work/api.out")
  walk_total=$((walk_total + n))
  walk_human=$((walk_human + h))
  [[ "$after" == "-" ]] && break
done
[[ "$after" == "-" ]] || die "/v1/clicks still had pages after $pages pages"

# ================================================================ 4. the server's own floor
# The same server, the same links with their last token character changed: the MAC check fails
# and the answer is the 404 page, with no log append, no fsync and nothing to project. What the
# HTTP stack alone reaches on this machine, for reading the ratio above (measured after the counts
# above, so it cannot disturb them).
floor_rps="-" floor_us="-" floor_ratio="-"
if ((FLOOR)); then
  awk '{ c = substr($0, length($0)); print substr($0, 1, length($0) - 1) (c == "A" ? "B" : "A") }' \
    "$work/paths.txt" >"$work/paths-forged.txt"
  write_lua "$work/paths-forged.txt"
  floor_cpu0="$(cpu_ticks "$ct_pid")"
  run_wrk clicktrail-404 "$ct" "$DURATION"
  floor_cpu1="$(cpu_ticks "$ct_pid")"
  W_fl="$work/wrk-clicktrail-404.txt"
  [[ "$(wrk_field "$W_fl" status302)" == 0 ]] || die "a forged token was redirected" "$W_fl"
  floor_rps="$(wrk_field "$W_fl" rps)"
  floor_us="$(awk -v a="$floor_cpu0" -v b="$floor_cpu1" -v hz="$(getconf CLK_TCK)" \
    -v n="$(wrk_field "$W_fl" requests)" 'BEGIN {printf "%.1f", (n > 0 ? (b - a) / hz * 1e6 / n : 0)}')"
fi

# ================================================================ 5. RSS
rss_peak_kb="$(awk 'm < $2 {m = $2} END {print m + 0}' "$work/rss.log")"
rss_run_kb="$(awk -v a="$t_start" -v b="$t_end" '$1 >= a && $1 <= b && m < $2 {m = $2} END {print m + 0}' "$work/rss.log")"
rss_samples="$(awk -v a="$t_start" -v b="$t_end" '$1 >= a && $1 <= b' "$work/rss.log" | wc -l | tr -d ' ')"
((rss_peak_kb < rss_run_kb)) && rss_peak_kb="$rss_run_kb"

# ================================================================ 6. summary
W_ng="$work/wrk-nginx.txt" W_ct="$work/wrk-clicktrail.txt"
ng_rps="$(wrk_field "$W_ng" rps)" ct_rps="$(wrk_field "$W_ct" rps)"
ng_p50="$(wrk_field "$W_ng" p50)" ng_p99="$(wrk_field "$W_ng" p99)"
ct_p50="$(wrk_field "$W_ct" p50)" ct_p99="$(wrk_field "$W_ct" p99)"
ng_req="$(wrk_field "$W_ng" requests)" ct_req="$(wrk_field "$W_ct" requests)"
ng_non="$(wrk_field "$W_ng" non3xx)" ct_non="$(wrk_field "$W_ct" non3xx)"
ng_other="$(wrk_field "$W_ng" statusother)" ct_other="$(wrk_field "$W_ct" statusother)"
ng_sock="$(wrk_field "$W_ng" sockerr)" ct_sock="$(wrk_field "$W_ct" sockerr)"
ct_302="$(wrk_field "$W_ct" status302)"
wrk_302=$((ct_req - ct_non))
ratio="$(awk -v a="$ct_rps" -v b="$ng_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
[[ "$floor_rps" != "-" ]] && floor_ratio="$(awk -v a="$floor_rps" -v b="$ng_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')"
ct_us="$(awk -v a="$ct_cpu0" -v b="$ct_cpu1" -v hz="$(getconf CLK_TCK)" -v n="$ct_req" \
  'BEGIN {printf "%.1f", (n > 0 ? (b - a) / hz * 1e6 / n : 0)}')"
ct_sent="$(wrk_field "$W_ct" sent)"
inflight=$((ct_sent - ct_302 - ct_other))
rss_mib="$(awk -v k="$rss_peak_kb" 'BEGIN {printf "%.0f", k / 1024}')"
rss_idle_mib="$(awk -v k="$rss_idle_kb" 'BEGIN {printf "%.0f", k / 1024}')"
uptime_after="$(uptime | sed 's/^ *//')"
expected_walk=$((sent_after))

missed=0
verdict() { # verdict VAR 1|0
  if [[ "$2" == 1 ]]; then printf -v "$1" '%s' "✅ met"; else printf -v "$1" '%s' "❌ missed"; missed=$((missed + 1)); fi
}
verdict v_ratio "$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5)}')"
verdict v_p99 "$(awk -v p="$ct_p99" 'BEGIN {print (p != "?" && p <= 10)}')"
verdict v_non "$(((ct_non + ct_other + ct_sock) == 0 ? 1 : 0))"
# wrk does not count the answers still in flight when its time runs out (at most one per
# connection): the server may have answered and stored those, but wrk never read them (and a
# request wrk wrote just before closing its socket may never be read by the server). rotate.lua
# counts the requests it sent, so: stored == 302s the server says it sent (exact), and
# 302s wrk read <= stored <= 302s wrk read + requests wrk left unanswered.
verdict v_count "$(((stored == server_302 && wrk_302 == ct_302 && stored >= ct_302 && stored <= ct_302 + inflight) ? 1 : 0))"
verdict v_walk "$(((walk_human == expected_walk && walk_total == expected_walk) ? 1 : 0))"
verdict v_rss "$(((rss_peak_kb <= 512 * 1024) ? 1 : 0))"
verdict v_batch "$(awk -v s="$batch_s" 'BEGIN {print (s < 1)}')"
warm_note="none"
((warmup_on)) && warm_note="$WARMUP per target, on $URLS other links, not measured"

summary="$(
  cat <<EOF
### Redirect benchmark: Clicktrail vs nginx (same run)

| | |
|---|---|
| date | $run_date |
| machine | $machine |
| load before / after | \`$uptime_before\` / \`$uptime_after\` |
| JDK | $jdk |
| JVM options | \`$jvm_opts\` |
| Clicktrail | $ct_version, \`durability=sync\`, SQLite in a fresh temp data dir |
| nginx | $nginx_version, worker_processes $NGINX_WORKERS, keepalive on, access_log off, \`return 302\` |
| load generator | $wrk_version, \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\`, browser User-Agent, bench/rotate.lua over $URLS tracked links; on the same 2 cores |
| warm-up | $warm_note |

| measure | nginx | Clicktrail | target | |
|---|---:|---:|---|---|
| requests/s | $ng_rps | $ct_rps | | |
| ratio Clicktrail / nginx | | $ratio | ≥ 0.5 | $v_ratio |
| p50 latency | $ng_p50 ms | $ct_p50 ms | | |
| p99 latency | $ng_p99 ms | $ct_p99 ms | ≤ 10 ms | $v_p99 |
| server-side p50 / p99 (\`clicktrail_redirect_seconds\` buckets) | | $srv_p50 / $srv_p99 ms | | |
| requests (wrk) | $ng_req | $ct_req | | |
| non-3xx / other status / socket errors | $ng_non / $ng_other / $ng_sock | $ct_non / $ct_other / $ct_sock | 0 | $v_non |
| 302s read by wrk vs human clicks stored | | $wrk_302 vs $stored (server sent $server_302 302s; wrk left $inflight requests unanswered at its cut-off, the server answered $((stored - wrk_302)) of them) | equal, up to wrk's unanswered | $v_count |
| every click in /v1/clicks (all runs) | | $walk_total stored, $walk_human human, server sent $expected_walk | equal | $v_walk |
| CPU during the Clicktrail run | | server $ct_cores cores ($ct_us µs per request); whole machine $machine_pct % busy (server + wrk + anything else) | | |
| the server's floor: forged tokens → 404 (no append, nothing stored) | | $floor_rps req/s ($floor_ratio × nginx), $floor_us µs of server CPU per request | | |
| peak RSS (1 s samples) | | $rss_mib MiB (idle after start $rss_idle_mib MiB; $rss_samples samples in the run) | ≤ 512 MiB | $v_rss |
| POST /v1/messages:batch, 1,000 messages | | ${batch_s} s | < 1 s | $v_batch |
EOF
)"

printf '\n%s\n\n' "$summary"
if [[ -n "$OUT" ]]; then
  printf '%s\n' "$summary" >"$OUT"
  log "summary written to $OUT"
fi
log "raw wrk output:"
sed 's/^/    /' "$W_ng" "$W_ct" ${W_fl:+"$W_fl"} >&2
if ((missed)); then
  log "$missed target(s) missed"
  [[ "$STRICT" == 1 ]] && exit 1
fi
exit 0
