#!/usr/bin/env bash
# bench/proxy.sh: `ftplab proxy` against the same transfer made directly,
# in the same run.
#
#   1. 1 GiB RETR and STOR with curl, passive (EPSV) and active (EPRT),
#      to vsftpd directly and through the proxy: each figure is
#      direct time / proxied time (1.00: the proxy costs nothing).
#   2. 500 sessions released at once (bench/load: login, LIST, RETR of
#      1 MiB, QUIT) through the proxy to `ftplab serve`: failures, and the
#      proxy's peak RSS. (vsftpd's listen backlog of 32 would fail such a
#      burst itself, see /work/shared/PEERS.md, so the upstream here is
#      ftplab's own server.)
#
#   bash bench/proxy.sh                 # needs root, Go, curl, vsftpd (.ci/run)
#
# Environment: BENCH_RUNS=3, BENCH_SIZE=1G, BENCH_SESSIONS=500,
# BENCH_TMP=/tmp, BENCH_KEEP=1. Targets: every ratio >= 0.80, failed=0.
# proxy-cpu is the CPU time the proxy used per proxied transfer (median),
# all threads, from /proc/PID/task/*/schedstat; the load average is the
# machine's before and after the timed runs (other work skews ratios).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

RUNS=${BENCH_RUNS:-3}
SIZE_SPEC=${BENCH_SIZE:-1G}
N=${BENCH_SESSIONS:-500}
TARGETS=" ftplab vsftpd "

[ "$(id -u)" = 0 ] || { echo "proxy.sh: needs root (vsftpd)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_init proxy
PROXY_PID=
stop_proxy() { [ -n "$PROXY_PID" ] && stop_pid "$PROXY_PID" 5; PROXY_PID=; }
trap 'stop_proxy; bench_cleanup' EXIT
now_ns() { date +%s%N; }
fail() { echo "proxy.sh: $*" >&2; [ -f "$TMP/last.out" ] && sed 's/^/  | /' "$TMP/last.out" >&2; exit 1; }

echo "== build" >&2
go build -o "$TMP/ftplab" ./cmd/ftplab
go build -o "$TMP/load" ./bench/load

echo "== data: $SIZE_SPEC from /dev/urandom" >&2
mkdir -p "$TMP/vs/root" "$TMP/fl/root" "$TMP/res"
head -c "$SIZE_SPEC" /dev/urandom >"$TMP/vs/root/big.bin"
head -c 1M /dev/urandom >"$TMP/fl/root/1M.bin"
for i in $(seq -w 30); do echo "file $i" >"$TMP/fl/root/small-$i.txt"; done
chmod 0644 "$TMP"/vs/root/big.bin "$TMP"/fl/root/*
timeout 120 sync || true
SRC=$TMP/vs/root/big.bin
SIZE=$(stat -c %s "$SRC")

VS_PORT=$(free_port)
VSFTPD_PID=$(VSFTPD_UPLOAD=1 vsftpd_start "$TMP/vs" "$VS_PORT" 21000 21999)
PX_PORT=$(free_port)
setsid "$TMP/ftplab" proxy --quiet --listen "127.0.0.1:$PX_PORT" --upstream "127.0.0.1:$VS_PORT" \
	--max-sessions 2000 --max-per-ip 2000 </dev/null >"$TMP/proxy.log" 2>&1 &
PROXY_PID=$!
greets "$PX_PORT" || fail "the proxy did not greet: $(cat "$TMP/proxy.log")"

record() { echo "$2" >>"$TMP/res/$1"; }
# proxy_cpu_ns: CPU time the proxy has used so far, all threads, in ns.
proxy_cpu_ns() { cat /proc/"$PROXY_PID"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'; }

# xfer VIA OP MODE RUN: one timed curl transfer, directly or through the
# proxy; checks the size of what arrived.
xfer() {
	local via=$1 op=$2 mode=$3 run=$4 port=$VS_PORT
	[ "$via" = proxy ] && port=$PX_PORT
	local args=(-sS --connect-timeout 10 --max-time 300 -w '%{size_download}\n')
	[ "$mode" = active ] && args+=(-P 127.0.0.1)
	local name="up-$via-$run-$mode.bin" t0 t1 got c0 c1
	timeout 60 sync || true # no writeback of the last upload during this one
	c0=$(proxy_cpu_ns)
	t0=$(now_ns)
	if [ "$op" = RETR ]; then
		curl "${args[@]}" -o /dev/null "ftp://127.0.0.1:$port/big.bin" >"$TMP/last.out" 2>&1 || fail "$via $op $mode: curl failed"
		read -r got <"$TMP/last.out"
	else
		curl "${args[@]}" -T "$SRC" "ftp://127.0.0.1:$port/upload/$name" >"$TMP/last.out" 2>&1 || fail "$via $op $mode: curl failed"
		got=$(stat -c %s "$TMP/vs/root/upload/$name" 2>/dev/null || echo missing)
		rm -f "$TMP/vs/root/upload/$name"
	fi
	t1=$(now_ns)
	c1=$(proxy_cpu_ns)
	[ "$got" = "$SIZE" ] || fail "$via $op $mode: $got bytes, want $SIZE"
	[ "$via" = proxy ] && record "cpu.$op.$mode" "$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')"
	record "$via.$op.$mode" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
	echo "== run $run/$RUNS" >&2
	order=(direct proxy)
	[ $((run % 2)) = 0 ] && order=(proxy direct)
	for op in RETR STOR; do
		for mode in passive active; do
			for via in "${order[@]}"; do xfer "$via" "$op" "$mode" "$run"; done
		done
	done
done

median() { sort -g "$TMP/res/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mbps() { awk -v s="$SIZE" -v t="$1" 'BEGIN { printf "%.0f", s / t / 1e6 }'; }

missed=0
echo
echo "proxy throughput: $(numfmt --to=iec "$SIZE") file, median of $RUNS runs, curl to vsftpd, MB/s = 10^6 B/s, $(nproc) CPUs"
echo "load average (1, 5, 15 min): before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %-7s %10s %10s %12s %10s\n' op mode direct proxied proxy/direct proxy-cpu
for op in RETR STOR; do
	for mode in passive active; do
		d=$(median "direct.$op.$mode") p=$(median "proxy.$op.$mode")
		r=$(awk -v a="$d" -v b="$p" 'BEGIN { printf "%.2f", a / b }')
		printf '%-4s %-7s %10s %10s %12s %9ss\n' "$op" "$mode" "$(mbps "$d")" "$(mbps "$p")" "$r" "$(median "cpu.$op.$mode")"
		awk -v r="$r" 'BEGIN { exit !(r < 0.80) }' && missed=1
	done
done

echo "== $N sessions through the proxy to ftplab serve" >&2
stop_proxy
FL_PORT=$(free_port)
FTPLAB_PID=$(ftplab_start "$TMP/ftplab" "$TMP/fl/root" "$FL_PORT" --max-sessions 2000)
setsid "$TMP/ftplab" proxy --quiet --listen "127.0.0.1:$PX_PORT" --upstream "127.0.0.1:$FL_PORT" \
	--max-sessions 2000 --max-per-ip 2000 </dev/null >"$TMP/proxy.log" 2>&1 &
PROXY_PID=$!
greets "$PX_PORT" || fail "the proxy did not greet: $(cat "$TMP/proxy.log")"
peak=0
( while kill -0 "$PROXY_PID" 2>/dev/null; do rss_kib "$PROXY_PID" VmRSS; sleep 0.1; done ) >"$TMP/rss.samples" &
HELPER_PID=$!
t0=$(now_ns)
"$TMP/load" -addr "127.0.0.1:$PX_PORT" -n "$N" -file /1M.bin -size 1048576 -timeout 60s >"$TMP/last.out" 2>&1 || true
t1=$(now_ns)
hwm=$(rss_kib "$PROXY_PID" VmHWM)
stop_pid "$HELPER_PID" 2; HELPER_PID=
peak=$(sort -n "$TMP/rss.samples" | tail -1)
[ "${hwm:-0}" -gt "${peak:-0}" ] && peak=$hwm
failed=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$TMP/last.out" | tail -1)
echo "sessions=$N failed=${failed:-?} wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')s proxy_peak_rss=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')MiB"
[ "${failed:-1}" = 0 ] || { missed=1; sed 's/^/  | /' "$TMP/last.out" >&2; }
exit "$missed"
