# bench/lib.sh: shell helpers for benchmarks against real FTP servers.
# Source it (`. bench/lib.sh`); it needs root and what .ci/run installs
# (vsftpd unpacked into $FTPLAB_PEERS_DIR, the account "ftp").
#
#   pid=$(vsftpd_start DIR PORT [PASV_MIN PASV_MAX])   # serve DIR/root anonymously
#   ... curl -s -o /dev/null ftp://127.0.0.1:PORT/file ...
#   vsftpd_stop "$pid"
#
#   VSFTPD_UPLOAD=1 vsftpd_start ...   # also DIR/root/upload, writable anonymously
#   pid=$(ftplab_start BIN ROOT PORT [serve flags...])   # ftplab serve --root ROOT
#   ftplab_stop "$pid"
#   port=$(free_port)                  # a loopback port nothing listens on
#   ftplab_build                       # $TMP/ftplab ($BENCH_FTPLAB_BIN or ./cmd/ftplab)
#   $(mib KIB)                         # KiB as MiB, one decimal
#
# The configuration is the one realnet/peertest uses in tests: listen
# on 127.0.0.1 only, anonymous read-only access rooted in DIR/root (which
# must not be writable by "ftp"), a private passive range, no seccomp
# sandbox or namespaces, ASCII transfers enabled, log in DIR/vsftpd.log.

FTPLAB_PEERS_DIR="${FTPLAB_PEERS_DIR:-/var/cache/ftplab-peers}"

# vsftpd_start DIR PORT [PASV_MIN PASV_MAX]: start vsftpd in the background
# serving DIR/root, wait (up to 5 s) until it greets, print its pid.
vsftpd_start() {
	local dir=$1 port=$2 pmin=${3:-29000} pmax=${4:-29099}
	local bin="$FTPLAB_PEERS_DIR/usr/sbin/vsftpd"
	[ -x "$bin" ] || { echo "vsftpd_start: no $bin; run bash .ci/run" >&2; return 1; }
	mkdir -p "$dir/root" "$dir/empty"
	chmod 0755 "$dir" "$dir/root" "$dir/empty"
	local write=NO
	if [ -n "${VSFTPD_UPLOAD:-}" ]; then
		# As realnet/peertest does for Upload: the root stays
		# read-only to the session, DIR/root/upload belongs to "ftp".
		write=YES
		mkdir -p "$dir/root/upload"
		chown ftp:ftp "$dir/root/upload"
		chmod 0755 "$dir/root/upload"
	fi
	cat >"$dir/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
pasv_enable=YES
pasv_min_port=$pmin
pasv_max_port=$pmax
port_enable=YES
connect_from_port_20=NO
anonymous_enable=YES
local_enable=NO
no_anon_password=YES
ftp_username=ftp
nopriv_user=nobody
anon_root=$dir/root
secure_chroot_dir=$dir/empty
ascii_upload_enable=YES
ascii_download_enable=YES
write_enable=$write
anon_upload_enable=$write
anon_mkdir_write_enable=$write
anon_umask=022
xferlog_enable=YES
vsftpd_log_file=$dir/vsftpd.log
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
max_clients=0
max_per_ip=0
CONF
	chmod 0600 "$dir/vsftpd.conf"
	setsid "$bin" "$dir/vsftpd.conf" </dev/null >>"$dir/vsftpd.out" 2>&1 &
	local pid=$! i
	for i in $(seq 250); do
		if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
			local greeting
			read -r -t 1 greeting <&3 || true
			exec 3<&- 3>&-
			case $greeting in 220*) echo "$pid"; return 0 ;; esac
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	echo "vsftpd_start: vsftpd did not greet on 127.0.0.1:$port; it logged:" >&2
	cat "$dir/vsftpd.out" >&2
	vsftpd_stop "$pid"
	return 1
}

# vsftpd_pids PID: the pids of the vsftpd started as PID and of all its
# sessions. Each session leader calls setsid, so it is not in PID's
# process group: it is found as PID's child, its helper in its group.
vsftpd_pids() {
	# One scan of the process table: a pgrep per session took longer
	# than a whole listing on a loaded machine, so samples were missed.
	ps -e -o pid=,ppid=,pgid= | awk -v p="$1" '
		{ pid[NR] = $1; ppid[NR] = $2; pg[NR] = $3 }
		$2 == p { kid[$1] = 1 }
		END { for (i = 1; i <= NR; i++) if (pid[i] == p || ppid[i] == p || (pg[i] in kid)) print pid[i] }'
}

# vsftpd_stop PID: stop the vsftpd started by vsftpd_start and its
# sessions (the children of PID and their process groups), waiting up
# to 2 s.
vsftpd_stop() {
	local pid=$1 i c kids
	kids=$(pgrep -P "$pid" || true)
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for c in $kids; do kill -TERM -- "-$c" 2>/dev/null || true; done
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
	for c in $kids; do kill -KILL -- "-$c" 2>/dev/null || true; done
	return 0
}

# greets PORT [TRIES]: succeed once something on 127.0.0.1:PORT sends a
# 220 greeting; each try waits at most 1 s, with 20 ms between tries.
greets() {
	local port=$1 tries=${2:-250} i greeting
	for i in $(seq "$tries"); do
		if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
			greeting=
			read -r -t 1 greeting <&3 || true
			exec 3<&- 3>&-
			case $greeting in 220*) return 0 ;; esac
		fi
		sleep 0.02
	done
	return 1
}

# free_port: print a loopback TCP port in 30000-32767 (below Linux's
# ephemeral range) on which nothing answers.
free_port() {
	local p i
	for i in $(seq 100); do
		p=$((30000 + RANDOM % 2768))
		if ! { exec 3<>"/dev/tcp/127.0.0.1/$p"; } 2>/dev/null; then
			echo "$p"
			return 0
		fi
		exec 3<&- 3>&-
	done
	echo "free_port: no free port found" >&2
	return 1
}

# ftplab_start BIN ROOT PORT [FLAGS...]: start "BIN serve --root ROOT
# --addr 127.0.0.1:PORT FLAGS..." in its own process group, log to
# ROOT/../ftplab.log, wait (up to 5 s) until it greets, print its pid.
ftplab_start() {
	local bin=$1 root=$2 port=$3
	shift 3
	local log
	log="$(dirname "$root")/ftplab.log"
	setsid "$bin" serve --root "$root" --addr "127.0.0.1:$port" "$@" </dev/null >>"$log" 2>&1 &
	local pid=$!
	if greets "$port" 250 && kill -0 "$pid" 2>/dev/null; then
		echo "$pid"
		return 0
	fi
	echo "ftplab_start: ftplab serve did not greet on 127.0.0.1:$port; it logged:" >&2
	cat "$log" >&2
	ftplab_stop "$pid"
	return 1
}

# ftplab_stop PID: stop the server started by ftplab_start (SIGTERM, then
# SIGKILL after 5 s), by its process group.
ftplab_stop() {
	local pid=$1 i
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 250); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.02
	done
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# stop_pid PID [SECONDS]: SIGTERM PID, wait up to SECONDS (default 5),
# then SIGKILL it.
stop_pid() {
	local pid=$1 secs=${2:-5} i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq $((secs * 50))); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.02
	done
	kill -KILL "$pid" 2>/dev/null || true
}

# wait_bounded PID SECONDS: wait for a child of this shell to exit, at
# most SECONDS, then kill it; return its exit status (137 if killed).
wait_bounded() {
	local pid=$1 secs=$2 i
	for i in $(seq $((secs * 50))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "wait_bounded: pid $pid still running after ${secs}s; killing it" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	local rc=0
	wait "$pid" 2>/dev/null || rc=$?
	return "$rc"
}

# rss_kib PID FIELD: print FIELD (VmRSS, VmHWM) of PID in KiB, or 0.
rss_kib() {
	awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# sample_rss PID OUT: every 100 ms, append "VmRSS_KiB" of PID to OUT
# (for ftplab, one process).
sample_rss() {
	while kill -0 "$1" 2>/dev/null; do
		rss_kib "$1" VmRSS >>"$2"
		sleep 0.1
	done
}

# sample_vsftpd PID OUT: every 50 ms (sessions last ~0.2 s), append
# "RSS_KiB ANON_KiB" summed over vsftpd's processes: the listener PID and
# each session's process group (vsftpd forks a session leader per
# connection, which calls setsid and forks again). Summed VmRSS counts
# the shared pages (binary, libraries) once per process; summed RssAnon
# counts only private memory. (Pss would be exact, but the sessions drop
# privileges and are not dumpable: their smaps are closed to us.)
sample_vsftpd() {
	local files
	while kill -0 "$1" 2>/dev/null; do
		# A session ending between the two pgreps fails the pipeline:
		# that must not end the sampler under set -e.
		files=$(vsftpd_pids "$1" | sed 's|.*|/proc/&/status|') || true
		# cat goes on past a session that just ended; awk would stop.
		# shellcheck disable=SC2086
		cat $files 2>/dev/null | awk '$1 == "VmRSS:" { r += $2 } $1 == "RssAnon:" { a += $2 } END { print r + 0, a + 0 }' >>"$2" || true
		sleep 0.05
	done
}

# bench_init NAME: a private directory in $TMP and a trap that, however the
# script ends, stops what it started by the PIDs it keeps (FTPLAB_PID,
# VSFTPD_PID, HELPER_PID: a raw TCP peer or an RSS sampler) and removes the
# directory unless BENCH_KEEP is set. Also has TARGET: whether TARGET is
# in $TARGETS.
bench_init() {
	TMP=$(mktemp -d "${BENCH_TMP:-/tmp}/ftplab-$1.XXXXXX")
	chmod 0755 "$TMP"
	FTPLAB_PID= VSFTPD_PID= HELPER_PID=
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup() {
	local rc=$?
	[ -n "$HELPER_PID" ] && stop_pid "$HELPER_PID" 2
	[ -n "$FTPLAB_PID" ] && ftplab_stop "$FTPLAB_PID"
	[ -n "$VSFTPD_PID" ] && vsftpd_stop "$VSFTPD_PID"
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
	exit "$rc"
}

has() { [[ $TARGETS == *" $1 "* ]]; }

# ftplab_build: put the ftplab under test at $TMP/ftplab: a copy of
# $BENCH_FTPLAB_BIN if set, else a build of ./cmd/ftplab.
ftplab_build() {
	if [ -n "${BENCH_FTPLAB_BIN:-}" ]; then
		cp "$BENCH_FTPLAB_BIN" "$TMP/ftplab"
	else
		go build -o "$TMP/ftplab" ./cmd/ftplab
	fi
}

# mib KIB: print KIB in MiB, one decimal.
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
