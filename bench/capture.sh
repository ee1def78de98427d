#!/usr/bin/env bash
# bench/capture.sh: ftplab analyze on a large generated capture (many FTP
# sessions, >= 1 GiB) against tshark on the same file, in the same run:
# wall time and peak RSS of each.
#
#   bash bench/capture.sh            # 1GiB
#   SIZE=300MiB bash bench/capture.sh
#
# Needs tshark (apt-get install tshark) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1GiB}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/ftplab" ./cmd/ftplab
go run ./bench/capgen -o "$work/big.pcap" -size "$SIZE"
ls -l "$work/big.pcap"
sync

measure() { # measure NAME CMD...: wall seconds and peak RSS
	local name=$1
	shift
	/usr/bin/time -f "$name: %e s wall, %M KiB peak RSS" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
		cat "$work/$name.err" >&2
		return 1
	}
	tail -1 "$work/$name.err"
}

cat "$work/big.pcap" >/dev/null # both read it from the page cache
measure ftplab "$work/ftplab" analyze --format json "$work/big.pcap"
measure tshark tshark -r "$work/big.pcap" -Y ftp -q -z conv,tcp
grep -c '"outcome"' "$work/ftplab.out" | sed 's/^/ftplab outcomes reported (sessions + attempts + explanations): /'
