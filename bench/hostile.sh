#!/usr/bin/env bash
# bench/hostile.sh: the FTP client's peak memory against a hostile server
# (bench/hostile): a greeting that never ends, and a listing of 1 GiB
# (BENCH_LISTING bytes) that `ftplab ls` writes to /dev/null. The client
# must stop the first with a clear error and stream the second.
#
#   bash bench/hostile.sh            # needs Go and /usr/bin/time (GNU time); no root
#
# Environment:
#   BENCH_LISTING=1073741824   bytes of listing
#   BENCH_FTPLAB_BIN=PATH      measure this ftplab binary instead of building ./cmd/ftplab
#   BENCH_KEEP=1               keep the temporary directory (logs)
#
# Prints one line per case:
#   case=endless-reply exit=1 peak_rss=…MiB wall=…s server: reply: sent … bytes: …
# peak_rss is GNU time's "Maximum resident set size" of the ftplab process.
# Targets: endless-reply exits 1 with "reply too long"; both peak RSS
# under 64 MiB. Exits 1 when a target is missed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

LISTING=${BENCH_LISTING:-1073741824}
RSS_TARGET_MIB=64
[ -x /usr/bin/time ] || { echo "hostile.sh: needs GNU time at /usr/bin/time" >&2; exit 1; }

bench_init hostile
echo "== build" >&2
ftplab_build
go build -o "$TMP/hostile" ./bench/hostile

missed=0
# run_case NAME MODE EXPECT_EXIT [ftplab args]: start the hostile server in
# MODE, run ftplab under GNU time (at most 120 s), report.
run_case() {
	local name=$1 mode=$2 want_exit=$3 port rc=0 rss_kib rss wall
	shift 3
	port=$(free_port)
	"$TMP/hostile" -addr "127.0.0.1:$port" -mode "$mode" -limit "$LISTING" 2>"$TMP/$name.server" &
	HELPER_PID=$!
	greets "$port" 250 || [ "$mode" = reply ] || { echo "hostile server did not start" >&2; exit 1; }
	timeout -s KILL 120 /usr/bin/time -v -o "$TMP/$name.time" \
		"$TMP/ftplab" ls "ftp://127.0.0.1:$port/" "$@" >/dev/null 2>"$TMP/$name.err" || rc=$?
	stop_pid "$HELPER_PID" 2
	HELPER_PID=
	rss_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/$name.time")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$TMP/$name.time")
	rss=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')
	echo "case=$name exit=$rc peak_rss=${rss}MiB wall=$wall server: $(tail -n 1 "$TMP/$name.server")"
	echo "  ftplab said: $(head -c 300 "$TMP/$name.err")"
	if [ "$rc" != "$want_exit" ] || [ "$rss_kib" -gt $((RSS_TARGET_MIB * 1024)) ]; then
		echo "  MISSED: want exit $want_exit and peak RSS under ${RSS_TARGET_MIB} MiB" >&2
		missed=1
	fi
}

run_case endless-reply reply 1
grep -q "reply too long" "$TMP/endless-reply.err" || { echo "  MISSED: no 'reply too long' error" >&2; missed=1; }
run_case endless-listing listing 0
exit "$missed"
