# bench/lib.sh: shell helpers for benchmarks against real FTP servers.
# Source it (`. bench/lib.sh`); it needs root and what .ci/run installs
# (vsftpd unpacked into $FTPLAB_PEERS_DIR, the account "ftp").
#
#   pid=$(vsftpd_start DIR PORT [PASV_MIN PASV_MAX])   # serve DIR/root anonymously
#   ... curl -s -o /dev/null ftp://127.0.0.1:PORT/file ...
#   vsftpd_stop "$pid"
#
# The configuration is the one realnet/internal/peer uses in tests: listen
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
write_enable=NO
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

# vsftpd_stop PID: stop the vsftpd started by vsftpd_start, and its
# sessions (its process group, which setsid made), waiting up to 2 s.
vsftpd_stop() {
	local pid=$1 i
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.02
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
}
