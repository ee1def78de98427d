#!/usr/bin/env bash
# bench/throughput.sh: 1 GiB RETR and STOR through `ftplab serve`, with
# curl, in passive (EPSV) and active (EPRT, -P 127.0.0.1) mode, against two
# references measured in the same run: a raw loopback TCP copy of the same
# bytes (bench/rawtcp) and vsftpd (anonymous; STOR into its upload dir).
#
#   bash bench/throughput.sh            # needs root, Go, curl, vsftpd (.ci/run)
#
# Environment:
#   BENCH_RUNS=3          runs; each figure is the median of the runs
#   BENCH_SIZE=1G         file size (head -c syntax)
#   BENCH_TMP=/tmp        where the temporary directory (on disk) goes
#   BENCH_TARGETS="ftplab vsftpd raw"   what to measure (for debugging)
#   BENCH_FTPLAB_BIN=PATH use this ftplab binary instead of building ./cmd/ftplab
#   BENCH_KEEP=1          keep the temporary directory (logs, results)
#   BENCH_STRICT=1        exit 1 when a target is missed
#
# Each time is the wall-clock time of the client process (curl, or
# "rawtcp dial"), from its start until the transfer is complete end to end
# (for STOR: until the 226, which follows the server's close of the file).
# MB/s are 10^6 bytes per second. Targets: RETR >= 0.90 x raw TCP,
# STOR >= vsftpd.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
. bench/lib.sh

RUNS=${BENCH_RUNS:-3}
SIZE_SPEC=${BENCH_SIZE:-1G}
TARGETS=" ${BENCH_TARGETS:-ftplab vsftpd raw} "

[ "$(id -u)" = 0 ] || { echo "throughput.sh: needs root (vsftpd)" >&2; exit 1; }

bench_init throughput
now_ns() { date +%s%N; }
fail() {
	echo "throughput.sh: $*" >&2
	[ -f "$TMP/last.out" ] && sed 's/^/  | /' "$TMP/last.out" >&2
	exit 1
}

echo "== build" >&2
if has ftplab; then
	ftplab_build
fi
go build -o "$TMP/rawtcp" ./bench/rawtcp

echo "== data: $SIZE_SPEC from /dev/urandom" >&2
mkdir -p "$TMP/fl/root/upload" "$TMP/vs/root" "$TMP/raw" "$TMP/res"
head -c "$SIZE_SPEC" /dev/urandom >"$TMP/fl/root/big.bin"
chmod 0644 "$TMP/fl/root/big.bin"
ln "$TMP/fl/root/big.bin" "$TMP/vs/root/big.bin" # same bytes, same inode
# Settle: write the file back now, not during the first measurements. Then
# write and delete 2 GiB once: on these VMs the first use of fresh page
# cache memory is slow (1 GiB uploads took 0.7 to 3.9 s before, 0.6 to
# 1.1 s after).
timeout 120 sync || true
head -c 2G /dev/zero >"$TMP/warm" && rm -f "$TMP/warm"
SRC=$TMP/fl/root/big.bin
SIZE=$(stat -c %s "$SRC")

CLK_TCK=$(getconf CLK_TCK)
# cpu_ticks PID: user+system CPU ticks of PID so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

if has ftplab; then
	FL_PORT=$(free_port)
	FTPLAB_PID=$(ftplab_start "$TMP/ftplab" "$TMP/fl/root" "$FL_PORT" --write --pasv-ports 20000-20999)
	echo "== ftplab serve: pid $FTPLAB_PID, port $FL_PORT" >&2
fi
if has vsftpd; then
	VS_PORT=$(free_port)
	VSFTPD_PID=$(VSFTPD_UPLOAD=1 vsftpd_start "$TMP/vs" "$VS_PORT" 21000 21999)
	echo "== vsftpd: pid $VSFTPD_PID, port $VS_PORT" >&2
fi

# record KEY SECONDS: add one sample.
record() { echo "$2" >>"$TMP/res/$1"; }

# curl_xfer SERVER OP MODE RUN: one timed curl transfer; records its time
# under SERVER.OP.MODE and checks the size of what arrived.
curl_xfer() {
	local srv=$1 op=$2 mode=$3 run=$4 port dir
	case $srv in
	ftplab) port=$FL_PORT dir=$TMP/fl/root ;;
	vsftpd) port=$VS_PORT dir=$TMP/vs/root ;;
	esac
	local args=(-sS --connect-timeout 10 --max-time 300 -w '%{size_download} %{size_upload}\n')
	[ "$mode" = active ] && args+=(-P 127.0.0.1)
	local name="up-$run-$mode.bin" t0 t1 c0=0 c1=0
	# Each transfer starts with no dirty pages pending (untimed): an upload
	# leaves 1 GiB that the kernel writes back up to 30 s later, in the
	# middle of whatever transfer runs then.
	timeout 60 sync || true
	[ "$srv" = ftplab ] && c0=$(cpu_ticks "$FTPLAB_PID")
	t0=$(now_ns)
	if [ "$op" = RETR ]; then
		curl "${args[@]}" -o /dev/null "ftp://127.0.0.1:$port/big.bin" >"$TMP/last.out" 2>&1 ||
			fail "$srv $op $mode: curl failed"
	else
		curl "${args[@]}" -T "$SRC" "ftp://127.0.0.1:$port/upload/$name" >"$TMP/last.out" 2>&1 ||
			fail "$srv $op $mode: curl failed"
	fi
	t1=$(now_ns)
	[ "$srv" = ftplab ] && c1=$(cpu_ticks "$FTPLAB_PID")
	if [ "$op" = RETR ]; then
		read -r got _ <"$TMP/last.out"
	else
		got=$(stat -c %s "$dir/upload/$name" 2>/dev/null || echo missing)
		rm -f "$dir/upload/$name"
	fi
	[ "$got" = "$SIZE" ] || fail "$srv $op $mode: $got bytes arrived, want $SIZE"
	record "$srv.$op.$mode" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')"
	[ "$srv" = ftplab ] && record "cpu.$op.$mode" "$(awk -v d=$((c1 - c0)) -v h="$CLK_TCK" 'BEGIN { printf "%.3f", d / h }')"
	return 0
}

# raw_xfer OP: one timed raw TCP copy. RETR: the listener sends the file
# (sendfile), the dialer reads it into a discarded 100 KiB buffer. STOR:
# the dialer sends (sendfile), the listener writes a file on the same disk
# with read/write through a 1 MiB buffer (faster here than splice: see
# bench/rawtcp).
raw_xfer() {
	local op=$1 t0 t1 addr= i
	rm -f "$TMP/raw.addr" "$TMP/raw/up.bin"
	timeout 60 sync || true # no writeback pending (see curl_xfer)
	if [ "$op" = RETR ]; then
		"$TMP/rawtcp" listen -addr 127.0.0.1:0 -send "$SRC" -timeout 300s >"$TMP/raw.addr" 2>"$TMP/raw.err" &
	else
		"$TMP/rawtcp" listen -addr 127.0.0.1:0 -recv "$TMP/raw/up.bin" -buf 1048576 -timeout 300s >"$TMP/raw.addr" 2>"$TMP/raw.err" &
	fi
	HELPER_PID=$!
	for i in $(seq 250); do
		[ -s "$TMP/raw.addr" ] && read -r addr <"$TMP/raw.addr"
		[ -n "$addr" ] && break
		sleep 0.02
	done
	[ -n "$addr" ] || fail "rawtcp listen did not start: $(cat "$TMP/raw.err")"
	t0=$(now_ns)
	if [ "$op" = RETR ]; then
		"$TMP/rawtcp" dial -addr "$addr" -recv /dev/null -timeout 300s >"$TMP/last.out" 2>&1 || fail "raw $op failed"
	else
		"$TMP/rawtcp" dial -addr "$addr" -send "$SRC" -timeout 300s >"$TMP/last.out" 2>&1 || fail "raw $op failed"
	fi
	t1=$(now_ns)
	wait_bounded "$HELPER_PID" 10 || fail "rawtcp listen failed: $(cat "$TMP/raw.err")"
	HELPER_PID=
	local got
	got=$(sed -n 's/^bytes=\([0-9]*\).*/\1/p' "$TMP/last.out")
	[ "$got" = "$SIZE" ] || fail "raw $op: $got bytes, want $SIZE"
	if [ "$op" = STOR ]; then
		got=$(stat -c %s "$TMP/raw/up.bin")
		[ "$got" = "$SIZE" ] || fail "raw STOR: file has $got bytes, want $SIZE"
		rm -f "$TMP/raw/up.bin"
	fi
	record "raw.$op" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')"
}

servers=()
has ftplab && servers+=(ftplab)
has vsftpd && servers+=(vsftpd)
for run in $(seq "$RUNS"); do
	echo "== run $run/$RUNS" >&2
	# Alternate the order from run to run so that no server always goes
	# first (cache, writeback and CPU frequency drift).
	order=("${servers[@]}")
	if [ $((run % 2)) = 0 ] && [ "${#servers[@]}" = 2 ]; then order=("${servers[1]}" "${servers[0]}"); fi
	for op in RETR STOR; do
		has raw && raw_xfer "$op"
		for mode in passive active; do
			for srv in "${order[@]}"; do
				curl_xfer "$srv" "$op" "$mode" "$run"
			done
		done
	done
done

# median KEY: median of the samples of KEY, or empty.
median() {
	[ -s "$TMP/res/$1" ] || return 0
	sort -g "$TMP/res/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# mbps SECONDS: MB/s for SIZE bytes, or "-".
mbps() { if [ -n "$1" ]; then awk -v s="$SIZE" -v t="$1" 'BEGIN { printf "%.0f", s / t / 1e6 }'; else echo -; fi; }
ratio() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; else echo -; fi; }

echo
echo "throughput: $(numfmt --to=iec "$SIZE") file, median of $RUNS runs, MB/s = 10^6 B/s, curl $(curl --version | awk 'NR == 1 { print $2 }'), $(nproc) CPUs"
printf '%-4s %-7s %10s %10s %10s %11s %14s %11s\n' op mode ftplab vsftpd raw-tcp ftplab/raw ftplab/vsftpd ftplab-cpu
verdict=()
missed=0
for op in RETR STOR; do
	for mode in passive active; do
		f=$(median "ftplab.$op.$mode") v=$(median "vsftpd.$op.$mode") r=$(median "raw.$op") c=$(median "cpu.$op.$mode")
		printf '%-4s %-7s %10s %10s %10s %11s %14s %11s\n' "$op" "$mode" "$(mbps "$f")" "$(mbps "$v")" "$(mbps "$r")" \
			"$(ratio "$f" "$r")" "$(ratio "$f" "$v")" "${c:+${c}s}"
		ok=met
		if [ -n "$f" ]; then
			if [ "$op" = RETR ] && [ -n "$r" ]; then
				x=$(ratio "$f" "$r")
				ok=$(awk -v x="$x" 'BEGIN { print (x >= 0.90) ? "met" : "MISSED" }')
				verdict+=("RETR $mode: ftplab/raw = $x (target >= 0.90): $ok")
			elif [ "$op" = STOR ] && [ -n "$v" ]; then
				x=$(ratio "$f" "$v")
				ok=$(awk -v x="$x" 'BEGIN { print (x >= 1.00) ? "met" : "MISSED" }')
				verdict+=("STOR $mode: ftplab/vsftpd = $x (target >= 1.00): $ok")
			fi
			[ "$ok" = met ] || missed=1
		fi
	done
done
echo "(ftplab-cpu: CPU seconds the ftplab server process used per transfer, median)"
for line in "${verdict[@]}"; do echo "$line"; done
echo "samples (seconds):"
for f in "$TMP"/res/*; do printf '  %-22s %s\n' "$(basename "$f")" "$(tr '\n' ' ' <"$f")"; done
if [ -n "${BENCH_STRICT:-}" ] && [ "$missed" = 1 ]; then exit 1; fi
exit 0
