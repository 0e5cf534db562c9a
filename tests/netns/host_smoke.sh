#!/bin/bash
# host_smoke.sh - `icmpkit host` end to end in a namespace (issue #4 items 1-4).
#
# Usage: host_smoke.sh PATH_TO_ICMPKIT
#
# The stack at 192.0.2.2/24 on a TUN it creates, the kernel at 192.0.2.1/24.
# Checks: the ready line and the kernel side's address and MTU; ping;
# a UDP datagram to a closed port gives ConnectionRefusedError on a connected
# socket; --udp-echo sends data back; --udp-sink counts; --raw prints a line;
# big pings (8000 octets: fragmented both ways; 65507); ping -R carries the
# stack's address; the process holds no capability after setup; SIGTERM
# stops it with exit 0 and the counters (JSON with --json); the pcap is
# complete (tshark reads every packet); --duration stops it by itself; a
# second run attaches to an existing persistent TUN; a third, left idle,
# still keeps its timers: --stats-interval lines, and a lone first fragment
# timed out after ipfrag_time (trace line, ReasmTimeout, Time Exceeded sent),
# then SIGINT stops it with exit 0.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v ping >/dev/null || ik_skip "iputils ping not installed"

STACK=192.0.2.2
KERNEL=192.0.2.1

ik_ns_new NS host
X() { ip netns exec "$NS" "$@"; }

PCAP="$IK_TMP/smoke.pcap"
ik_start_host "$NS" smoke --tun ikt0 --addr $STACK/24 --udp-echo 7 --udp-sink 9 --raw 47 \
	--pcap "$PCAP" --json --duration 60 || { ik_fail "start"; ik_finish; }
PID=$IK_HOST_PID
OUT="$IK_TMP/smoke.out"

ik_check "ready line names tun, both addresses and the MTU" \
	grep -qx "ready: tun ikt0 stack $STACK/24 kernel $KERNEL/24 mtu 1500" "$OUT"
ik_check "kernel side has $KERNEL/24" sh -c "ip -n '$NS' -4 addr show dev ikt0 | grep -q 'inet $KERNEL/24'"
ik_check "kernel side is up with MTU 1500" sh -c "ip -n '$NS' link show ikt0 | grep -q 'UP.*mtu 1500'"

# no capability left after setup
caps_zero() {
	local f
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		grep -q "^$f:[[:space:]]*0000000000000000$" "/proc/$PID/status" || return 1
	done
	grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$PID/status"
}
ik_check "no capability held, no_new_privs set" caps_zero

ping_ok() { # ping_ok ARGS... - every echo answered
	X ping -q -c 3 -i 0.2 -W 2 "$@" $STACK 2>&1 | grep -q ' 3 received'
}
ik_check "ping" ping_ok
ik_check "ping -s 0" ping_ok -s 0
ik_check "ping -s 1472 -M do (largest unfragmented)" ping_ok -s 1472 -M do
ik_check "ping -s 8000 (fragments both ways)" ping_ok -s 8000
ik_check "ping -s 65507 (largest)" ping_ok -s 65507
ik_check "ping -R gets the stack's address in Record Route" \
	sh -c "ip netns exec '$NS' ping -c 1 -W 2 -R $STACK | grep -A3 '^RR:' | grep -q '$STACK'"

udp() { # udp CODE - run Python in the namespace, with STACK set
	X /usr/bin/python3 -c "import socket, sys
STACK = '$STACK'
$1"
}
ik_check "UDP to a closed port: ConnectionRefusedError" udp "
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((STACK, 4))
s.send(b'anyone?')
try:
    s.recv(100)
except ConnectionRefusedError:
    sys.exit(0)
sys.exit(1)"
ik_check "--udp-echo 7 sends 8000 octets back" udp "
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
data = bytes(range(256)) * 31 + b'x' * 64
s.sendto(data, (STACK, 7))
got, frm = s.recvfrom(65535)
sys.exit(0 if got == data and frm == (STACK, 7) else 1)"
ik_check "--udp-sink 9 and --raw 47 take datagrams" udp "
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(3):
    s.sendto(b'sink%d' % i, (STACK, 9))
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
r.sendto(b'\x00\x00\x08\x00' + b'\x45' + bytes(19), (STACK, 0))"

# the raw line arrives within 2 s
raw_line() {
	local i
	for ((i = 0; i < 40; i++)); do
		grep -q "^raw: proto 47 from $KERNEL to $STACK len 44$" "$OUT" && return 0
		sleep 0.05
	done
	return 1
}
ik_check "--raw 47 prints one line per datagram" raw_line

ik_stop_host "$PID" smoke
ik_check "SIGTERM: exit 0" test "$IK_HOST_RC" -eq 0
ik_check "final counters: one JSON object" /usr/bin/python3 -c "
import json, sys
last = open(sys.argv[1]).read().splitlines()[-1]
j = json.loads(last)
apps = {(a['kind'], a.get('port', a.get('proto'))): a for a in j['apps']}
ok = (j['stopped'] == 'SIGTERM' and j['Udp']['NoPorts'] >= 1
      and j['IcmpMsg']['OutType3'] >= 1 and j['Icmp']['InEchos'] >= 16
      and j['Ip']['ReasmOKs'] >= 6 and j['Ip']['FragCreates'] >= 6
      and apps[('udp-echo', 7)]['out'] == 1 and apps[('udp-sink', 9)]['in'] == 3
      and apps[('raw', 47)]['in'] == 1 and j['Host']['TxErrors'] == 0
      and j['Host']['RxPackets'] == j['Ip']['InReceives'])
sys.exit(0 if ok else 1)" "$OUT"

pcap_complete() { # every packet the loop counted is in the capture
	command -v tshark >/dev/null || return 0
	local n rx tx
	n=$(tshark -r "$PCAP" 2>/dev/null | wc -l)
	rx=$(/usr/bin/python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['Host']['RxPackets'])" "$OUT")
	tx=$(/usr/bin/python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])['Host']['TxPackets'])" "$OUT")
	[ "$n" -gt 0 ] && [ "$n" -eq $((rx + tx)) ]
}
ik_check "pcap holds every packet in and out" pcap_complete

# --duration stops it by itself; attaching to an existing persistent TUN
ip -n "$NS" tuntap add ikt1 mode tun || ik_fail "ip tuntap add"
ik_start_host "$NS" attach --tun ikt1 --addr 198.51.100.2/24 --mtu 9000 --duration 3 \
	|| ik_fail "start on an existing TUN"
PID=$IK_HOST_PID
ik_check "attached TUN: ping -s 8000 unfragmented at MTU 9000" \
	sh -c "ip netns exec '$NS' ping -q -c 2 -i 0.2 -M do -s 8000 198.51.100.2 | grep -q ' 2 received'"
stopped_alone() {
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	! kill -0 "$PID" 2>/dev/null && wait "$PID" && grep -q '^stopped: duration after' "$IK_TMP/attach.out"
}
ik_check "--duration 3 stops by itself with exit 0" stopped_alone

# Timers while idle: the loop sleeps in a blocking read, so these come only
# from its timer. One lone first fragment (never completed) from the kernel
# side, then nothing for 2.5 s.
ip -n "$NS" tuntap add ikt2 mode tun || ik_fail "ip tuntap add"
ik_start_host "$NS" timers --tun ikt2 --addr 203.0.113.2/24 --stats-interval 1 \
	--set ipfrag_time=1 --trace --duration 30 || ik_fail "start the idle host"
PID=$IK_HOST_PID
TOUT="$IK_TMP/timers.out"
X /usr/bin/python3 -c "import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
pay = struct.pack('!HHHH', 40000, 9, 8 + 64, 0) + bytes(64)
hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(pay), 0x4242, 1 << 13, 64, 17, 0,
                  socket.inet_aton('203.0.113.1'), socket.inet_aton('203.0.113.2'))
s.sendto(hdr + pay, ('203.0.113.2', 0))" || ik_fail "send a lone fragment"
sleep 2.5
ik_check "idle: --stats-interval 1 printed at least two lines" \
	sh -c "[ \$(grep -c '^stats: ' '$TOUT') -ge 2 ]"
ik_check "idle: the lone fragment timed out after ipfrag_time (trace)" \
	grep -q '^trace: .* frag.timeout' "$TOUT"
kill -INT "$PID" 2>/dev/null
stopped_int() {
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	! kill -0 "$PID" 2>/dev/null && wait "$PID" && grep -q '^stopped: SIGINT after' "$TOUT"
}
ik_check "idle: SIGINT stops it with exit 0" stopped_int
ik_check "idle: counters show the time-out and the Time Exceeded sent" \
	sh -c "grep -q '^Ip.ReasmTimeout 1$' '$TOUT' && grep -q '^IcmpMsg.OutType11 1$' '$TOUT'"

ik_finish
