#!/usr/bin/env bash
# bench/sessions.sh: 1000 FTP sessions released at the same instant against
# `ftplab serve`, each: anonymous login, LIST, RETR of a 1 MiB file, QUIT
# (bench/load, ftplab's own client, passive mode). Counts failures and
# samples the server's memory (/proc/PID/status) during and after. Then
# the same load against vsftpd in the same run, as context.
#
#   bash bench/sessions.sh              # needs root, Go, vsftpd (.ci/run)
#
# Environment:
#   BENCH_SESSIONS=1000   sessions
#   BENCH_RAMP=0s         spread the session starts over this duration
#   BENCH_TIMEOUT=60s     client timeout (dial, each reply, data)
#   BENCH_TARGETS="ftplab vsftpd"
#   BENCH_FTPLAB_BIN=PATH use this ftplab binary instead of building ./cmd/ftplab
#   BENCH_KEEP=1          keep the temporary directory (logs)
#
# Prints, for ftplab:
#   sessions=1000 failed=0 wall=…s server_peak_rss=…MiB
# server_peak_rss is the larger of VmHWM (the kernel's high-water mark of
# the resident set, read before the server stops) and the largest VmRSS
# sampled every 100 ms. Targets: failed=0, peak RSS < 200 MiB.
# Exits 1 when ftplab misses a target. vsftpd's failures are context: its
# listen backlog is 32 (see /work/shared/PEERS.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

N=${BENCH_SESSIONS:-1000}
RAMP=${BENCH_RAMP:-0s}
CLIENT_TIMEOUT=${BENCH_TIMEOUT:-60s}
TARGETS=" ${BENCH_TARGETS:-ftplab vsftpd} "
RSS_TARGET_MIB=200

[ "$(id -u)" = 0 ] || { echo "sessions.sh: needs root (vsftpd)" >&2; exit 1; }
# 1000 control connections, 1000 data connections and 1000 passive
# listeners at once, on both sides of loopback.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((4 * N + 100)) ]; then
	echo "sessions.sh: warning: only $(ulimit -n) file descriptors for $N sessions" >&2
fi

bench_init sessions

echo "== build" >&2
if has ftplab; then
	ftplab_build
fi
go build -o "$TMP/load" ./bench/load

# The served tree: the 1 MiB file and 30 small ones, so LIST has lines.
mkdir -p "$TMP/fl/root" "$TMP/vs/root"
head -c 1M /dev/urandom >"$TMP/fl/root/1M.bin"
for i in $(seq -w 30); do echo "file $i" >"$TMP/fl/root/small-$i.txt"; done
chmod 0644 "$TMP"/fl/root/*
for f in "$TMP"/fl/root/*; do ln "$f" "$TMP/vs/root/"; done

# run_load NAME PORT: run bench/load against 127.0.0.1:PORT; its summary
# goes to $TMP/NAME.load; returns its exit status.
run_load() {
	local rc=0
	"$TMP/load" -addr "127.0.0.1:$2" -n "$N" -file /1M.bin -size 1048576 \
		-ramp "$RAMP" -timeout "$CLIENT_TIMEOUT" -total 4m >"$TMP/$1.load" 2>&1 || rc=$?
	return "$rc"
}
field() { sed -n "1s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" "$2"; }

status=0
if has ftplab; then
	port=$(free_port)
	# Passive ports below Linux's ephemeral range (32768-60999), so
	# that they never collide with the clients' ports.
	FTPLAB_PID=$(ftplab_start "$TMP/ftplab" "$TMP/fl/root" "$port" --pasv-ports 20000-29999 --max-sessions $((N + 100)) --max-sessions-per-ip $((N + 100)))
	echo "== ftplab serve: pid $FTPLAB_PID, port $port; $N sessions" >&2
	idle=$(rss_kib "$FTPLAB_PID" VmRSS)
	sample_rss "$FTPLAB_PID" "$TMP/ftplab.rss" &
	HELPER_PID=$!
	rc=0
	run_load ftplab "$port" || rc=$?
	sleep 2 # let sessions end and the runtime settle
	after=$(rss_kib "$FTPLAB_PID" VmRSS)
	hwm=$(rss_kib "$FTPLAB_PID" VmHWM)
	stop_pid "$HELPER_PID" 2
	HELPER_PID=
	sampled=$(sort -n "$TMP/ftplab.rss" | tail -n1)
	# VmHWM is kept per mm and may lag a fresh VmRSS sample: take the larger.
	peak=$(( ${sampled:-0} > hwm ? ${sampled:-0} : hwm ))
	ftplab_stop "$FTPLAB_PID"
	FTPLAB_PID=
	if ! failed=$(field failed "$TMP/ftplab.load") || [ -z "$failed" ]; then
		echo "sessions.sh: the load generator against ftplab did not finish (exit $rc):" >&2
		cat "$TMP/ftplab.load" >&2
		exit 1
	fi
	echo
	echo "ftplab serve:"
	echo "sessions=$N failed=$failed wall=$(field wall "$TMP/ftplab.load") server_peak_rss=$(mib "$peak")MiB"
	echo "  load: $(head -n1 "$TMP/ftplab.load")"
	tail -n +2 "$TMP/ftplab.load"
	echo "  server RSS: idle $(mib "$idle") MiB, sampled peak (100 ms) $(mib "${sampled:-0}") MiB, VmHWM $(mib "$hwm") MiB, 2 s after $(mib "$after") MiB"
	ok=$(awk -v f="$failed" -v h="$peak" -v t=$RSS_TARGET_MIB 'BEGIN { print (f == 0 && h / 1024 < t) ? "met" : "MISSED" }')
	echo "  targets (failed=0, peak RSS < $RSS_TARGET_MIB MiB): $ok"
	[ "$ok" = met ] || status=1
fi

if has vsftpd; then
	port=$(free_port)
	VSFTPD_PID=$(vsftpd_start "$TMP/vs" "$port" 10000 19999)
	echo "== vsftpd: pid $VSFTPD_PID, port $port; $N sessions" >&2
	sample_vsftpd "$VSFTPD_PID" "$TMP/vsftpd.rss" &
	HELPER_PID=$!
	rc=0
	run_load vsftpd "$port" || rc=$?
	stop_pid "$HELPER_PID" 2
	HELPER_PID=
	vsftpd_stop "$VSFTPD_PID"
	VSFTPD_PID=
	echo
	echo "vsftpd (context, same load):"
	if failed=$(field failed "$TMP/vsftpd.load") && [ -n "$failed" ]; then
		echo "sessions=$N failed=$failed wall=$(field wall "$TMP/vsftpd.load") server_peak_rss_sum=$(mib "$(sort -n "$TMP/vsftpd.rss" | tail -n1 | cut -d' ' -f1)")MiB server_peak_anon_sum=$(mib "$(sort -n -k2 "$TMP/vsftpd.rss" | tail -n1 | cut -d' ' -f2)")MiB"
		echo "  load: $(head -n1 "$TMP/vsftpd.load")"
		tail -n +2 "$TMP/vsftpd.load"
		echo "  (peaks over 50 ms samples of VmRSS and RssAnon summed over vsftpd's processes; the RSS sum counts shared pages once per process)"
	else
		echo "  the load generator did not finish (exit $rc):"
		sed 's/^/  | /' "$TMP/vsftpd.load"
	fi
fi
exit "$status"
