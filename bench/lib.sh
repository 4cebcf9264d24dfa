# Shared by bench/run and bench/soak (sourced, not run). Expects HERE, ROOT, OUT, RES, UP, UP_PORT,
# UP_CPU, PEER_CPU and the load settings of the caller.

log() { echo "[$(date +%T)] $*" | tee -a "$OUT/run.log" >&2; }
STARTED=()
cleanup() { local p; for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

need_tools() {
  local missing=()
  command -v node > /dev/null || missing+=(nodejs)
  command -v npm > /dev/null || missing+=(npm)
  command -v wrk > /dev/null || missing+=(wrk)
  command -v taskset > /dev/null || missing+=(util-linux)
  command -v curl > /dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    { $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"; } > "$OUT/apt.log" 2>&1 \
      || { log "could not install ${missing[*]} (see $OUT/apt.log)"; return 1; }
  fi
}

# RSS (kB) of a process and all its descendants
tree_rss() {
  local p=$1 s c
  s=$(awk '/^VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null); s=${s:-0}
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do s=$((s + $(tree_rss "$c"))); done
  echo "$s"
}
SAMPLER=""
sample_start() { local pid=$1 f=$2; : > "$f"; ( while kill -0 "$pid" 2>/dev/null; do tree_rss "$pid" >> "$f"; sleep 0.25; done ) & SAMPLER=$!; }
sample_stop() { kill "$SAMPLER" 2>/dev/null; wait "$SAMPLER" 2>/dev/null; sort -n "$1" | tail -1; }
wait_http() { local url=$1 t=${2:-30} i; for ((i = 0; i < t * 4; i++)); do curl -s -o /dev/null -m 1 "$url" && return 0; sleep 0.25; done; return 1; }
rec() { echo "$1" >> "$RES"; }

start_upstream() {
  PORT=$UP_PORT taskset -c "$UP_CPU" node "$HERE/fake-upstream.js" > "$OUT/fake-upstream.log" 2>&1 &
  UPPID=$!; STARTED+=("$UPPID")
  wait_http "$UP/health" 10 || { log "the fake upstream did not start (see $OUT/fake-upstream.log)"; return 1; }
  log "fake upstream pid $UPPID on $UP (cpu $UP_CPU)"
}

stop_peer() {
  [ "$1" = direct ] && return 0
  local i; kill "$PEER_PID" 2>/dev/null
  for i in $(seq 40); do kill -0 "$PEER_PID" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$PEER_PID" 2>/dev/null
}

functional() {  # quick correctness probes through the peer, recorded as they came out
  local peer=$1 base=${URL%/chat/completions} h=() hs=() x j s m i
  IFS='|' read -ra hs <<< "$HDRS"
  for x in "${hs[@]}"; do h+=(-H "$x"); done
  j=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -XPOST "$URL" -H 'content-type: application/json' "${h[@]}" -d "{\"model\":\"${PREFIX}gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
  s=$(curl -sN -m 10 -XPOST "$URL" -H 'content-type: application/json' "${h[@]}" -d "{\"model\":\"${PREFIX}fake-c5-d0\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" | grep -c '^data: ')
  m=$(curl -s -m 10 "$base/models" "${h[@]}" | grep -c 'fake-c30-d1000')
  i=$(curl -s -m 10 -XPOST "$base/images/generations" -H 'content-type: application/json' "${h[@]}" -d "{\"model\":\"${PREFIX}dall-e-3\",\"prompt\":\"cat\",\"response_format\":\"url\"}" | grep -c 'fake.png')
  rec "{\"peer\":\"$peer\",\"test\":\"functional\",\"chat_json_status\":${j:-0},\"sse_data_lines\":${s:-0},\"models_relayed\":${m:-0},\"images_relayed\":${i:-0}}"
}

run_wrk() {  # peer conc seconds tag
  local peer=$1 c=$2 d=$3 tag=$4 t=2 line rss
  [ "$c" -lt 2 ] && t=1
  sample_start "$PEER_PID" "$OUT/rss-$peer-$tag-$c.txt"
  line=$(BODY="{\"model\":\"${PREFIX}gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" HDRS="$HDRS" \
    taskset -c "$UP_CPU" wrk -t$t -c"$c" -d"${d}s" --timeout 10s --latency -s "$HERE/wrk-post.lua" "$URL" 2>&1 \
    | tee "$OUT/wrk-$peer-$tag-$c.txt" | sed -n 's/^WRKJSON //p')
  rss=$(sample_stop "$OUT/rss-$peer-$tag-$c.txt")
  [ -n "$line" ] && [ "$tag" = measure ] && rec "{\"peer\":\"$peer\",\"test\":\"nonstream\",\"conc\":$c,\"rss_peak_kb\":${rss:-0},\"r\":$line}"
  log "$peer nonstream c=$c $tag: $line rss_peak=${rss}kB"
}

run_stream() {  # peer conc seconds tag
  local peer=$1 c=$2 d=$3 tag=$4 line rss
  sample_start "$PEER_PID" "$OUT/rss-$peer-stream-$tag.txt"
  line=$(taskset -c "$UP_CPU" node "$HERE/streamload.js" --url "$URL" --mode duration --concurrency "$c" --duration "$d" \
    --model "$PREFIX$SMODEL" "${SH[@]}" 2>&1 | tee "$OUT/stream-$peer-$tag.txt" | sed -n 's/^STREAMJSON //p')
  rss=$(sample_stop "$OUT/rss-$peer-stream-$tag.txt")
  [ -n "$line" ] && [ "$tag" = measure ] && rec "{\"peer\":\"$peer\",\"test\":\"stream\",\"conc\":$c,\"rss_peak_kb\":${rss:-0},\"r\":$line}"
  log "$peer stream c=$c $tag: $line rss_peak=${rss}kB"
}

run_caps() {  # open-stream capacity: each level opened at 1,000/s, held for 30 chunks 1 s apart
  local peer=$1 n line rss up okn alive i
  for n in $CAPS; do
    curl -s -XPOST "$UP/_reset" > /dev/null
    sample_start "$PEER_PID" "$OUT/rss-$peer-cap-$n.txt"
    line=$(taskset -c "$UP_CPU" node "$HERE/streamload.js" --url "$URL" --mode burst --streams "$n" --ramp-per-s 1000 \
      --timeout 120 --model "$PREFIX$CAPMODEL" "${SH[@]}" 2>&1 | tee "$OUT/cap-$peer-$n.txt" | sed -n 's/^STREAMJSON //p')
    rss=$(sample_stop "$OUT/rss-$peer-cap-$n.txt")
    up=$(curl -s -m 5 "$UP/health")
    alive=false; kill -0 "$PEER_PID" 2>/dev/null && alive=true
    rec "{\"peer\":\"$peer\",\"test\":\"capacity\",\"streams\":$n,\"rss_peak_kb\":${rss:-0},\"peer_alive_after\":$alive,\"upstream\":${up:-null},\"r\":${line:-null}}"
    log "$peer capacity n=$n: $line rss_peak=${rss}kB upstream=$up alive=$alive"
    for i in $(seq 120); do curl -s -m 2 "$UP/health" | grep -q '"openStreams":0' && break; sleep 0.5; done
    [ "$alive" = true ] || break
    okn=$(echo "$line" | sed -n 's/.*"ok":\([0-9]*\).*/\1/p'); okn=${okn:-0}
    if [ $((okn * 2)) -lt "$n" ]; then log "$peer: under half of $n streams completed; not escalating"; break; fi
    sleep 2
  done
}

facts() {  # the machine and the software measured, as JSON
  local cpu kernel mem jdk nodev wrkv pk
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  kernel=$(uname -r)
  mem=$(awk '/^MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  jdk=$("$("$ROOT/bin/find-jdk")/bin/java" -version 2>&1 | head -n 1 | tr -d '"')
  nodev=$(node --version)
  wrkv=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)
  pk=$(node -p "require('$WORK/portkey/node_modules/@portkey-ai/gateway/package.json').version" 2>/dev/null || echo none)
  printf '{"date":"%s","commit":"%s","cpus":%s,"cpu":"%s","kernel":"%s","memory":"%s","jdk":"%s","node":"%s","wrk":"%s","portkey":"%s","pinning":"gateway on CPU %s; upstream and load on CPU %s"}\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$COMMIT" "$(nproc)" "$cpu" "$kernel" "$mem" "$jdk" "$nodev" "$wrkv" "$pk" "$PEER_CPU" "$UP_CPU"
}
