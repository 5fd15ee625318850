# bench/lib.sh — what the load benchmarks share (sourced by run.sh, scale.sh,
# scale_pg.sh). They set tmp, CONN and DUR before calling.

# measure URL [wrk args…] — runs wrk and prints "rps p50_ms p99_ms"; with
# BENCH_STRICT=1 a non-2xx answer fails the run, else it is reported on stderr.
measure() {
  local url=$1; shift
  wrk -t2 -c"$CONN" -d"$DUR" --latency "$@" "$url" >"$tmp/wrk.txt"
  awk -v strict="${BENCH_STRICT:-0}" -v url="$url" -v tmp="$tmp" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad) { print "non-2xx responses: " bad " (" url ")" > "/dev/stderr"; print url >> (tmp "/non2xx"); if (strict) exit 1 }
          printf "%.0f %.3f %.3f\n", rps, p50, p99 }' "$tmp/wrk.txt"
}

# ratio A B — A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# static_server PORT MIME — nginx serving $tmp/www on 127.0.0.1:PORT (pid in $tmp).
static_server() {
  mkdir -p "$tmp/www"; chmod 755 "$tmp" "$tmp/www"   # nginx workers run unprivileged
  cat >"$tmp/nginx.conf" <<NGX
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  default_type $2;
  server { listen 127.0.0.1:$1; root $tmp/www; }
}
NGX
  nginx -c "$tmp/nginx.conf"
  sleep 0.3
}
