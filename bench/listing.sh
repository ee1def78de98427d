#!/usr/bin/env bash
# bench/listing.sh: the server's memory for 50 parallel LIST of a
# directory of 100,000 files (issue 13 item 14), ftplab against vsftpd in
# the same run, on the same directory.
#
#   bash bench/listing.sh          # needs root, Go, curl, vsftpd (.ci/run)
#
# Environment:
#   BENCH_FILES=100000    files in the listed directory
#   BENCH_CLIENTS=50      parallel listings
#   BENCH_RATE=2M         each client's read rate (curl --limit-rate), so
#                         that the listings overlap
#   BENCH_TARGETS="ftplab vsftpd"
#   BENCH_FTPLAB_BIN=PATH use this ftplab binary instead of building ./cmd/ftplab
#   BENCH_KEEP=1          keep the temporary directory (logs)
#
# Prints one line per server:
#   ftplab files=100000 clients=50 ok=50 lines=100000 peak_rss=…MiB
#   vsftpd files=100000 clients=50 ok=50 lines=100000 peak_rss_sum=…MiB peak_anon_sum=…MiB
# ftplab's peak_rss is the larger of VmHWM and the largest VmRSS sampled
# every 100 ms; vsftpd's sums its processes (see sample_vsftpd in lib.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

FILES=${BENCH_FILES:-100000}
CLIENTS=${BENCH_CLIENTS:-50}
RATE=${BENCH_RATE:-2M}
TARGETS=" ${BENCH_TARGETS:-ftplab vsftpd} "

[ "$(id -u)" = 0 ] || { echo "listing.sh: needs root (vsftpd)" >&2; exit 1; }
bench_init listing

echo "== build" >&2
if has ftplab; then
	ftplab_build
fi

echo "== $FILES files" >&2
mkdir -p "$TMP/vs/root/big"
(cd "$TMP/vs/root/big" && seq -f "file-%06g.txt" "$FILES" | xargs touch)

# list PORT NAME: CLIENTS parallel LIST of /big/; prints "ok lines" (ok:
# clients that exited 0; lines: the fewest lines one of them got).
list() {
	local port=$1 name=$2 i pids=() ok=0 lines
	for i in $(seq "$CLIENTS"); do
		curl -sS --max-time 300 --limit-rate "$RATE" -o "$TMP/$name.$i.out" \
			"ftp://127.0.0.1:$port/big/" 2>>"$TMP/$name.curl.err" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do
		if wait_bounded "$i" 320; then ok=$((ok + 1)); fi
	done
	lines=$(wc -l "$TMP/$name".*.out | grep -v ' total$' | sort -n | head -n1 | awk '{ print $1 }')
	rm -f "$TMP/$name".*.out
	echo "$ok ${lines:-0}"
}

if has ftplab; then
	port=$(free_port)
	FTPLAB_PID=$(ftplab_start "$TMP/ftplab" "$TMP/vs/root" "$port")
	sample_rss "$FTPLAB_PID" "$TMP/ftplab.rss" &
	HELPER_PID=$!
	read -r ok lines < <(list "$port" ftplab)
	hwm=$(rss_kib "$FTPLAB_PID" VmHWM)
	stop_pid "$HELPER_PID" 2
	HELPER_PID=
	sampled=$(sort -n "$TMP/ftplab.rss" | tail -n1)
	peak=$(( ${sampled:-0} > hwm ? ${sampled:-0} : hwm ))
	ftplab_stop "$FTPLAB_PID"
	FTPLAB_PID=
	echo "ftplab files=$FILES clients=$CLIENTS ok=$ok lines=$lines peak_rss=$(mib "$peak")MiB"
fi

if has vsftpd; then
	port=$(free_port)
	VSFTPD_PID=$(vsftpd_start "$TMP/vs" "$port" 29100 29199)
	sample_vsftpd "$VSFTPD_PID" "$TMP/vsftpd.rss" &
	HELPER_PID=$!
	read -r ok lines < <(list "$port" vsftpd)
	stop_pid "$HELPER_PID" 2
	HELPER_PID=
	vsftpd_stop "$VSFTPD_PID"
	VSFTPD_PID=
	echo "vsftpd files=$FILES clients=$CLIENTS ok=$ok lines=$lines" \
		"peak_rss_sum=$(mib "$(sort -n "$TMP/vsftpd.rss" | tail -n1 | cut -d' ' -f1)")MiB" \
		"peak_anon_sum=$(mib "$(sort -n -k2 "$TMP/vsftpd.rss" | tail -n1 | cut -d' ' -f2)")MiB"
fi
