# shellcheck shell=bash
# lib.sh - network-namespace helpers for the interoperability tests.
#
# Source it from a bash test:   . "$(dirname "$0")/lib.sh"
#
#   ik_require_root            exit 77 with a SKIP line unless root, `ip netns`
#                              and /dev/net/tun are usable
#   ik_ns_new VAR [TAG]        create a namespace with a unique name
#                              (ikt-TAG-PID-RANDOM), lo up; name stored in VAR
#   ik_start_host NS NAME ARGS...
#                              run `$ICMPKIT host ARGS...` inside NS (stdout to
#                              $IK_TMP/NAME.out, stderr to NAME.err) and wait at
#                              most $IK_READY_WAIT seconds for its "ready:" line;
#                              sets IK_HOST_PID. Returns 1 (with the output
#                              shown) when it dies or never gets ready.
#   ik_start_icmpkit NS NAME SUB ARGS...
#                              the same for any subcommand (`router`)
#   ik_stop_host PID [NAME]    SIGTERM, wait at most $IK_STOP_WAIT seconds
#                              (then SIGKILL), set IK_HOST_RC; returns 0 when
#                              it exited 0
#   ik_check DESC CMD...       run CMD; count and print "ok"/"FAIL" for DESC;
#                              returns CMD's success
#   ik_ok DESC / ik_fail DESC  count a result by hand
#   ik_finish                  print "NAME: N passed, N failed", exit 0 or 1
#
# Everything made here (namespaces, processes started here and inside the
# namespaces, the temporary directory) is removed by a trap on EXIT, INT
# and TERM, also when a test fails half-way. IK_KEEP=1 keeps $IK_TMP
# (pcaps, outputs) for a post-mortem.

IK_NAME=${IK_NAME:-$(basename "$0" .sh)}
IK_READY_WAIT=${IK_READY_WAIT:-10}
IK_STOP_WAIT=${IK_STOP_WAIT:-10}
IK_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IK_NS_LIST=()
IK_PIDS=()
IK_PASSED=0
IK_FAILED=0
IK_TMP=""

# ik_cleanup - kill what we started, delete our namespaces and temp dir.
ik_cleanup() {
	local pid ns p
	trap - EXIT INT TERM
	for pid in "${IK_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for ns in "${IK_NS_LIST[@]}"; do
		# anything still running inside a namespace this test made is ours
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
	done
	for pid in "${IK_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for ns in "${IK_NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "$IK_TMP" ] && [ -d "$IK_TMP" ]; then
		if [ -n "${IK_KEEP:-}" ]; then
			echo "# kept $IK_TMP"
		else
			rm -rf "$IK_TMP"
		fi
	fi
}

trap ik_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ik_skip - print the SKIP line and exit 77 (meson: skipped).
ik_skip() {
	echo "SKIP: $*"
	exit 77
}

# ik_require_root - skip unless we can make namespaces and TUN devices.
ik_require_root() {
	[ "$(id -u)" -eq 0 ] || ik_skip "needs root (network namespaces)"
	command -v ip >/dev/null 2>&1 || ik_skip "needs iproute2 (ip)"
	[ -c /dev/net/tun ] || ik_skip "needs /dev/net/tun"
	if [ -z "${ICMPKIT:-}" ] || [ ! -x "$ICMPKIT" ]; then
		echo "$IK_NAME: ICMPKIT (path of the icmpkit command) not set or not executable" >&2
		exit 2
	fi
	IK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ikt-$IK_NAME.XXXXXX") || exit 1
}

# ik_ns_new VAR [TAG] - make a namespace with a name unique to this run.
ik_ns_new() {
	local var=$1 tag=${2:-n} name
	name="ikt-$tag-$$-$RANDOM"
	ip netns add "$name" || ik_skip "cannot create network namespaces (ip netns add failed)"
	IK_NS_LIST+=("$name")
	ip -n "$name" link set lo up || return 1
	printf -v "$var" '%s' "$name"
}

# ik_start_host NS NAME ARGS... - start the stack inside NS, wait for ready:.
ik_start_host() {
	local ns=$1 name=$2
	shift 2
	ik_start_icmpkit "$ns" "$name" host "$@"
}

# ik_start_icmpkit NS NAME SUBCOMMAND ARGS... - as ik_start_host, for any
# long-running subcommand (`host`, `router`) printing a "ready:" line.
ik_start_icmpkit() {
	local ns=$1 name=$2 sub=$3 out err i
	shift 3
	out="$IK_TMP/$name.out"
	err="$IK_TMP/$name.err"
	: >"$out"
	: >"$err"
	ip netns exec "$ns" "$ICMPKIT" "$sub" "$@" >"$out" 2>"$err" &
	IK_HOST_PID=$!
	IK_PIDS+=("$IK_HOST_PID")
	# bounded wait: IK_READY_WAIT seconds in 50 ms steps
	for ((i = 0; i < IK_READY_WAIT * 20; i++)); do
		if grep -q '^ready:' "$out"; then
			echo "# $name: $(grep -m1 '^ready:' "$out")"
			return 0
		fi
		if ! kill -0 "$IK_HOST_PID" 2>/dev/null; then
			wait "$IK_HOST_PID"
			echo "# $name: icmpkit $sub exited with $? before ready:" >&2
			sed 's/^/#   /' "$err" "$out" >&2
			return 1
		fi
		sleep 0.05
	done
	echo "# $name: no ready: line within ${IK_READY_WAIT}s" >&2
	sed 's/^/#   /' "$err" "$out" >&2
	return 1
}

# ik_stop_host PID [NAME] - SIGTERM, bounded wait, exit status in IK_HOST_RC.
ik_stop_host() {
	local pid=$1 name=${2:-} i
	IK_HOST_RC=255
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < IK_STOP_WAIT * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "# ${name:-host}: still running ${IK_STOP_WAIT}s after SIGTERM, killed" >&2
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 1
	fi
	wait "$pid"
	IK_HOST_RC=$?
	[ "$IK_HOST_RC" -eq 0 ]
}

# ik_ok DESC - count a passed check.
ik_ok() {
	IK_PASSED=$((IK_PASSED + 1))
	echo "ok   - $*"
}

# ik_fail DESC - count a failed check.
ik_fail() {
	IK_FAILED=$((IK_FAILED + 1))
	echo "FAIL - $*"
}

# ik_check DESC CMD... - run CMD, count its success or failure under DESC.
ik_check() {
	local desc=$1
	shift
	if "$@"; then
		ik_ok "$desc"
	else
		ik_fail "$desc"
		return 1
	fi
}

# ik_pcap_check FILE... - tshark judges the capture(s) (pcap_check.py).
ik_pcap_check() {
	/usr/bin/python3 "$IK_LIBDIR/pcap_check.py" "$@"
}

# ik_finish - summary line, exit status 0 when nothing failed.
ik_finish() {
	echo "$IK_NAME: $IK_PASSED passed, $IK_FAILED failed"
	[ "$IK_FAILED" -eq 0 ] && [ "$IK_PASSED" -gt 0 ]
	exit $?
}
