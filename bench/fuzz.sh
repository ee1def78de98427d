#!/usr/bin/env bash
# bench/fuzz.sh: run every fuzz target of the module for a while, one after
# the other, and print one line per target: its package, name, how many
# inputs it ran and whether it found anything.
#
#   bash bench/fuzz.sh                  # 60 s per target
#   FUZZTIME=10s bash bench/fuzz.sh     # a quicker pass
#   FUZZ_PARALLEL=2 bash bench/fuzz.sh  # workers per target (default 1)
#
# A failing input is written by go test under the package's
# testdata/fuzz/NAME/ and then replays as a regular test case; the script
# exits 1 if any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-60s}
PAR=${FUZZ_PARALLEL:-1}
failed=0
while read -r file name; do
	pkg=./$(dirname "$file")
	out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel "$PAR" "$pkg" 2>&1)
	rc=$?
	execs=$(printf '%s\n' "$out" | sed -n 's/.*execs: \([0-9]*\) .*/\1/p' | tail -1)
	if [ $rc -eq 0 ]; then
		printf '%-28s %-24s ok     execs=%s\n' "$pkg" "$name" "${execs:-?}"
	else
		failed=1
		printf '%-28s %-24s FAILED\n' "$pkg" "$name"
		printf '%s\n' "$out" | tail -20 | sed 's/^/  | /'
	fi
done < <(grep -rn '^func Fuzz' --include='*_test.go' . | sed -E 's|^\./([^:]*):[0-9]+:func (Fuzz[A-Za-z0-9_]*)\(.*|\1 \2|' | sort)
exit $failed
