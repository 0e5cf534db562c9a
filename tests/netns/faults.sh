#!/bin/bash
# faults.sh - `icmpkit host` and `icmpkit router` meeting device and disk
# faults (issue 13 item 9).
#
# Usage: faults.sh PATH_TO_ICMPKIT
#
# In namespaces of this run (RFC 5737 addresses, no default route):
#   host, its TUN set down: one line "TUN NAME was set down", counters
#     printed ("stopped: ..."), exit 1, the pcap opens in tshark with every
#     echo and reply of the pings before;
#   host, its TUN deleted: the same with "was deleted";
#   host killed by SIGKILL 1.5 s after its last packet: the pcap written so
#     far (flushed once a second) opens and holds every packet;
#   host with --pcap on a 32 KiB tmpfs, flooded: exactly one warning, the
#     host still answers afterwards, Host.PcapDropped = packets in and out -
#     packets in the file, and the file opens with nothing cut short;
#   host whose stdout is closed (`| head -1`): gone within 5 s (its
#     --duration is 30 s; 5 s leaves room for a start on a loaded machine,
#     about 250 ms when idle), exit 1,
#     "stdout closed";
#   router between namespaces A and C, C's TUN deleted: "TUN NAME was
#     deleted", exit 1, its pcapng opens; on the full tmpfs: one warning,
#     forwarding goes on, Router.PcapDropped exact; SIGKILLed: the pcapng
#     opens with what came before the last flush.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v tshark >/dev/null || ik_skip "tshark not installed"
command -v ping >/dev/null || ik_skip "iputils ping not installed"

MNT=""
cleanup_mnt() {
	[ -n "$MNT" ] && mountpoint -q "$MNT" && umount "$MNT"
	ik_cleanup
}
trap cleanup_mnt EXIT

# packets FILE - how many packets tshark reads from FILE (its errors in FILE.tshark)
packets() {
	tshark -r "$1" 2>"$1.tshark" | wc -l
}

# clean FILE - tshark read FILE without complaint
clean() {
	! grep -qiv "running as user" "$1.tshark"
}

# wait_gone PID SECONDS - PID ends within SECONDS; its status in WAIT_RC
wait_gone() {
	local pid=$1 i
	for ((i = 0; i < $2 * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		WAIT_RC=255
		return 1
	fi
	wait "$pid"
	WAIT_RC=$?
}

ik_ns_new H fh || exit 1

# ---- host: TUN set down, then deleted --------------------------------------
for fault in down del; do
	pcap="$IK_TMP/host-$fault.pcap"
	ik_start_host "$H" "h$fault" --tun ikf0 --addr 192.0.2.2/24 --pcap "$pcap" --duration 60 || {
		ik_fail "host ($fault): starts"
		continue
	}
	pid=$IK_HOST_PID
	ip netns exec "$H" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null
	if [ $fault = down ]; then
		ip -n "$H" link set ikf0 down
		want="TUN ikf0 was set down"
	else
		ip -n "$H" link del ikf0
		want="TUN ikf0 was deleted"
	fi
	wait_gone "$pid" 3
	ik_check "host, TUN $fault: exit 1 within 3 s (rc $WAIT_RC)" test "$WAIT_RC" = 1
	ik_check "host, TUN $fault: one line '$want'" \
		test "$(cat "$IK_TMP/h$fault.err")" = "icmpkit host: $want"
	ik_check "host, TUN $fault: counters printed with the reason" \
		grep -q "^stopped: $want after" "$IK_TMP/h$fault.out"
	n=$(packets "$pcap")
	ik_check "host, TUN $fault: the pcap opens, all 6 packets of the pings in it ($n)" \
		test "$n" -ge 6 -a "$n" -le 7 -a "$(tshark -r "$pcap" -Y icmp 2>/dev/null | wc -l)" -ge 6
done

# ---- host: SIGKILL ------------------------------------------------------------
pcap="$IK_TMP/host-kill.pcap"
if ik_start_host "$H" hkill --tun ikf0 --addr 192.0.2.2/24 --pcap "$pcap" --duration 60; then
	ip netns exec "$H" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null
	sleep 1.5
	kill -KILL "$IK_HOST_PID"
	wait "$IK_HOST_PID" 2>/dev/null
	n=$(packets "$pcap")
	ik_check "host, SIGKILL: the pcap written so far opens, the 6 packets in it ($n)" \
		test "$n" -ge 6 -a "$(tshark -r "$pcap" -Y icmp 2>/dev/null | wc -l)" -ge 6
	ik_check "host, SIGKILL: tshark finds nothing cut short" clean "$pcap"
	ip -n "$H" link del ikf0 2>/dev/null
else
	ik_fail "host (kill): starts"
fi

# ---- host: a full file system -------------------------------------------------
MNT="$IK_TMP/small"
mkdir -p "$MNT"
if mount -t tmpfs -o size=32k tmpfs "$MNT"; then
	pcap="$MNT/host.pcap"
	if ik_start_host "$H" hfull --tun ikf0 --addr 192.0.2.2/24 --pcap "$pcap" --duration 60; then
		pid=$IK_HOST_PID
		ip netns exec "$H" ping -q -f -c 2000 192.0.2.2 >/dev/null
		sleep 1.3 # the tick notices
		ip netns exec "$H" ping -c 2 -i 0.2 -W 1 192.0.2.2 >"$IK_TMP/after.txt"
		ik_check "host, full disk: still answers afterwards" grep -q " 2 received" "$IK_TMP/after.txt"
		ik_stop_host "$pid" hfull
		ik_check "host, full disk: exit 0 after SIGTERM (rc $IK_HOST_RC)" test "$IK_HOST_RC" = 0
		ik_check "host, full disk: exactly one warning, naming the file and the counter" \
			test "$(grep -c "warning: --pcap $pcap: No space left on device: .*Host.PcapDropped" "$IK_TMP/hfull.err")" = 1
		rx=$(awk '$1 == "Host.RxPackets" { print $2 }' "$IK_TMP/hfull.out")
		tx=$(awk '$1 == "Host.TxPackets" { print $2 }' "$IK_TMP/hfull.out")
		dr=$(awk '$1 == "Host.PcapDropped" { print $2 }' "$IK_TMP/hfull.out")
		n=$(packets "$pcap")
		ik_check "host, full disk: PcapDropped $dr = $rx in + $tx out - $n recorded" \
			test -n "$dr" -a "$dr" -gt 0 -a "$((rx + tx - n))" = "$dr"
		ik_check "host, full disk: the file opens, nothing cut short" clean "$pcap"
	else
		ik_fail "host (full): starts"
	fi
	rm -f "$MNT"/*
else
	echo "SKIP full-disk cases: cannot mount a tmpfs"
fi

# ---- host: stdout closed --------------------------------------------------------
t0=$(date +%s%N)
ip netns exec "$H" timeout 10 "$ICMPKIT" host --tun ikf0 --addr 192.0.2.2/24 --stats-interval 0.2 \
	--duration 30 2>"$IK_TMP/hpipe.err" | head -1 >/dev/null
rc=${PIPESTATUS[0]}
dt=$((($(date +%s%N) - t0) / 1000000))
ik_check "host, stdout closed: gone within 5 s (${dt} ms), exit 1 (rc $rc)" test "$dt" -lt 5000 -a "$rc" = 1
ik_check "host, stdout closed: says so on stderr" \
	test "$(cat "$IK_TMP/hpipe.err")" = "icmpkit host: stdout closed"

# ---- router ----------------------------------------------------------------------
ik_ns_new A fa || exit 1
ik_ns_new C fc || exit 1
ik_ns_new R fr || exit 1
router() {
	ik_start_icmpkit "$R" "$1" router --iface "tun:ra,addr=192.0.2.254/24,peer=192.0.2.1/24,netns=$A" \
		--iface "tun:rc,addr=198.51.100.254/24,peer=198.51.100.1/24,netns=$C" \
		--pcap "$2" --duration 60 || return 1
	ip -n "$A" route replace 198.51.100.0/24 via 192.0.2.254 &&
		ip -n "$C" route replace 192.0.2.0/24 via 198.51.100.254
}

pcap="$IK_TMP/router-del.pcapng"
if router rdel "$pcap"; then
	pid=$IK_HOST_PID
	ip netns exec "$A" ping -c 3 -i 0.2 -W 1 198.51.100.1 >/dev/null
	ip -n "$C" link del rc
	wait_gone "$pid" 3
	ik_check "router, a TUN deleted: exit 1 within 3 s (rc $WAIT_RC)" test "$WAIT_RC" = 1
	ik_check "router, a TUN deleted: one line 'TUN rc was deleted'" \
		test "$(cat "$IK_TMP/rdel.err")" = "icmpkit router: TUN rc was deleted"
	ik_check "router, a TUN deleted: counters printed" grep -q "^stopped: TUN rc was deleted" "$IK_TMP/rdel.out"
	n=$(packets "$pcap")
	ik_check "router, a TUN deleted: the pcapng opens, 12 packets (3 echoes and replies, in and out)" \
		test "$n" = 12
	ip -n "$A" link del ra 2>/dev/null
else
	ik_fail "router (del): starts"
fi

if mountpoint -q "$MNT"; then
	pcap="$MNT/router.pcapng"
	if router rfull "$pcap"; then
		pid=$IK_HOST_PID
		ip netns exec "$A" ping -q -f -c 2000 198.51.100.1 >/dev/null
		sleep 1.3
		ip netns exec "$A" ping -c 2 -i 0.2 -W 1 198.51.100.1 >"$IK_TMP/after.txt"
		ik_check "router, full disk: still forwards afterwards" grep -q " 2 received" "$IK_TMP/after.txt"
		ik_stop_host "$pid" rfull
		ik_check "router, full disk: exit 0 after SIGTERM (rc $IK_HOST_RC)" test "$IK_HOST_RC" = 0
		ik_check "router, full disk: exactly one warning" \
			test "$(grep -c "warning: --pcap $pcap: No space left on device" "$IK_TMP/rfull.err")" = 1
		rx=$(awk '$1 == "Router.RxPackets" { print $2 }' "$IK_TMP/rfull.out")
		tx=$(awk '$1 == "Router.TxPackets" { print $2 }' "$IK_TMP/rfull.out")
		dr=$(awk '$1 == "Router.PcapDropped" { print $2 }' "$IK_TMP/rfull.out")
		n=$(packets "$pcap")
		ik_check "router, full disk: PcapDropped $dr = $rx in + $tx out - $n recorded" \
			test -n "$dr" -a "$dr" -gt 0 -a "$((rx + tx - n))" = "$dr"
		ik_check "router, full disk: the file opens, nothing cut short" clean "$pcap"
	else
		ik_fail "router (full): starts"
	fi
fi

pcap="$IK_TMP/router-kill.pcapng"
if router rkill "$pcap"; then
	ip netns exec "$A" ping -c 3 -i 0.2 -W 1 198.51.100.1 >/dev/null
	sleep 1.5
	kill -KILL "$IK_HOST_PID"
	wait "$IK_HOST_PID" 2>/dev/null
	n=$(packets "$pcap")
	ik_check "router, SIGKILL: the pcapng written so far opens with the 12 packets ($n)" test "$n" = 12
	ik_check "router, SIGKILL: nothing cut short" clean "$pcap"
else
	ik_fail "router (kill): starts"
fi

ik_finish
