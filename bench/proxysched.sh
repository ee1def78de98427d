#!/usr/bin/env bash
# bench/proxysched.sh: where a RETR through `ftplab proxy` loses time
# against the same RETR direct to vsftpd (bench/proxy.sh's figure), on
# steadier measures than wall time: per transfer, curl's CPU and how often
# it was preempted (involuntary context switches) or waited for data
# (voluntary), and the proxy's CPU and context switches.
#
#   bash bench/proxysched.sh            # needs root, Go, curl, vsftpd (.ci/run)
#
# Environment:
#   BENCH_RUNS=7        rounds; direct and proxied alternate in each
#   BENCH_SIZE=256M     file size (head -c syntax)
#   BENCH_PIN=1         diagnosis only: curl on CPU 1, vsftpd and the proxy
#                       on CPU 0 (taskset); the product never pins anything
#   BENCH_OTHER_BIN=P   a second ftplab binary, proxied as "other" (A/B)
#   BENCH_TMP, BENCH_KEEP as in bench/proxy.sh
#
# Each figure is the median over the rounds; MB/s = 10^6 B/s over the
# whole curl run (login included: about 20 ms, so ratios at 256M are a
# little lower than at 1G). The load average is printed before and after.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

RUNS=${BENCH_RUNS:-7}
SIZE_SPEC=${BENCH_SIZE:-256M}
[ "$(id -u)" = 0 ] || { echo "proxysched.sh: needs root (vsftpd)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "proxysched.sh: needs /usr/bin/time (GNU time)" >&2; exit 1; }

bench_init proxysched
PIDS=()
stop_all() { local p; for p in "${PIDS[@]}"; do stop_pid "$p" 5; done; }
trap 'stop_all; bench_cleanup' EXIT

go build -o "$TMP/ftplab" ./cmd/ftplab
mkdir -p "$TMP/vs/root" "$TMP/res"
head -c "$SIZE_SPEC" /dev/urandom >"$TMP/vs/root/big.bin"
chmod 0644 "$TMP/vs/root/big.bin"
SIZE=$(stat -c %s "$TMP/vs/root/big.bin")
VS_PORT=$(free_port)
VSFTPD_PID=$(vsftpd_start "$TMP/vs" "$VS_PORT" 21000 21999)

declare -A PORT PID
PORT[direct]=$VS_PORT
start_proxy() { # NAME BIN
	local p
	p=$(free_port)
	setsid "$2" proxy --quiet --listen "127.0.0.1:$p" --upstream "127.0.0.1:$VS_PORT" </dev/null >"$TMP/$1.log" 2>&1 &
	PID[$1]=$! PORT[$1]=$p
	PIDS+=("$!")
	greets "$p" || { echo "proxysched.sh: proxy $1 did not greet" >&2; exit 1; }
}
VIAS="direct proxy"
start_proxy proxy "$TMP/ftplab"
if [ -n "${BENCH_OTHER_BIN:-}" ]; then
	start_proxy other "$BENCH_OTHER_BIN"
	VIAS="$VIAS other"
fi
CURL=(curl)
if [ -n "${BENCH_PIN:-}" ]; then
	taskset -a -p 1 "$VSFTPD_PID" >/dev/null
	for p in "${PIDS[@]}"; do taskset -a -p 1 "$p" >/dev/null; done
	CURL=(taskset -c 1 curl)
fi

# sums of a process's threads: CPU ns (schedstat), voluntary and
# involuntary context switches (status).
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%.0f", s }'; }
switches() { cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt/ { v += $2 } /^nonvoluntary_ctxt/ { n += $2 } END { print v + n }'; }

xfer() { # VIA MODE
	local via=$1 mode=$2 pid=${PID[$1]:-} args=(-sS --max-time 120 -o /dev/null) c0=0 c1=0 s0=0 s1=0 t0 t1
	[ "$mode" = active ] && args+=(-P 127.0.0.1)
	[ -n "$pid" ] && { c0=$(cpu_ns "$pid"); s0=$(switches "$pid"); }
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %w %c' -o "$TMP/time.out" "${CURL[@]}" "${args[@]}" "ftp://127.0.0.1:${PORT[$via]}/big.bin"
	t1=$(date +%s%N)
	[ -n "$pid" ] && { c1=$(cpu_ns "$pid"); s1=$(switches "$pid"); }
	read -r cu cs cw cc <"$TMP/time.out"
	echo "$(( (t1 - t0) / 1000 )) $(awk -v u="$cu" -v s="$cs" 'BEGIN { print (u + s) * 1000 }') $cw $cc $(( (c1 - c0) / 1000000 )) $((s1 - s0))" \
		>>"$TMP/res/$via.$mode"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
	for mode in passive active; do
		order=$VIAS
		[ $((run % 2)) = 0 ] && order=$(echo "$VIAS" | tr ' ' '\n' | tac | tr '\n' ' ')
		for via in $order; do xfer "$via" "$mode"; done
	done
done

col() { awk -v c="$2" '{ print $c }' "$TMP/res/$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "proxysched: $(numfmt --to=iec "$SIZE") RETR, curl to vsftpd, median of $RUNS${BENCH_PIN:+, pinned (curl CPU 1, the rest CPU 0)}"
echo "load average: before $load0, after $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-6s %6s %5s %8s %9s %12s %9s %9s\n' mode via MB/s ratio curl-ms curl-wait curl-preempt proxy-ms proxy-sw
for mode in passive active; do
	d=$(col "direct.$mode" 1)
	for via in $VIAS; do
		w=$(col "$via.$mode" 1)
		printf '%-7s %-6s %6.0f %5.2f %8.0f %9.0f %12.0f %9.0f %9.0f\n' "$mode" "$via" \
			"$(awk -v s="$SIZE" -v w="$w" 'BEGIN { print s / w }')" "$(awk -v d="$d" -v w="$w" 'BEGIN { print d / w }')" \
			"$(col "$via.$mode" 2)" "$(col "$via.$mode" 3)" "$(col "$via.$mode" 4)" "$(col "$via.$mode" 5)" "$(col "$via.$mode" 6)"
	done
done
