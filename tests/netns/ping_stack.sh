#!/bin/bash
# ping_stack.sh - `icmpkit ping --stack`: the ping sent by a ping socket of
# icmpkit's own stack, over a TUN whose kernel side answers or routes it.
#
# Usage: ping_stack.sh PATH_TO_ICMPKIT
#
# Namespace K runs the command (the TUN is made there: the stack at
# 192.0.2.2/24, the kernel at 192.0.2.1/24) and, with ip_forward=1, routes
# on over a veth to namespace C (198.51.100.2/24; K is 198.51.100.1). No
# default route anywhere. Checks:
#   - -c 3 to the kernel: the header, three reply lines (ttl=64, time=),
#     the statistics in iputils' shape, exit 0; the TUN is gone after
#   - -v / --trace (and -v alone: the ping layer's events only): the
#     stack's ping.deliver event hands every reply to the socket owning our
#     Identifier, none to the bystander (its own Identifier, sends
#     nothing); the footer counts say so
#   - an Echo Reply forged from K's kernel with the bystander's Identifier
#     is handed to the bystander, not to us (demultiplexing both ways)
#   - --json lines parse (replies, summary)
#   - through the kernel to C: ttl=63; -t 1: "From 192.0.2.1 icmp_seq=N
#     Time to live exceeded" (and in --json); a net without a route:
#     Destination Net Unreachable from 192.0.2.1
#   - total loss (forwarding off in a second run): exit 1
#   - --pcap: tshark reads the requests and replies that crossed the TUN
#   - SIGINT: the statistics, exit 0
#   - tun=NAME and netns=NS: the TUN made by name in another namespace
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root

ik_ns_new K pk || exit 1
ik_ns_new C pc || exit 1
ip link add vk netns "$K" type veth peer name vc netns "$C"
ip -n "$K" addr add 198.51.100.1/24 dev vk
ip -n "$C" addr add 198.51.100.2/24 dev vc
ip -n "$K" link set vk up
ip -n "$C" link set vc up
ip -n "$C" route add 192.0.2.0/24 via 198.51.100.1
ip netns exec "$K" sysctl -qw net.ipv4.ip_forward=1

SPEC=192.0.2.2/24,peer=192.0.2.1
# pk ARGS... - icmpkit ping --stack SPEC ARGS... in K, bounded
pk() {
	ip netns exec "$K" timeout 30 "$ICMPKIT" ping --stack "$SPEC" "$@"
}
# show FILE - the output, for a failure
show() {
	sed 's/^/#   /' "$1"
}

# 1. three replies from the kernel, iputils' lines
pk -c 3 -i 0.2 192.0.2.1 >"$IK_TMP/a.out" 2>&1
rc=$?
shape_ok() {
	local f=$1
	[ "$(sed -n 1p "$f")" = "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data." ] &&
		[ "$(grep -cE '^64 bytes from 192\.0\.2\.1: icmp_seq=[123] ttl=64 time=[0-9]+\.[0-9]+ ms$' "$f")" -eq 3 ] &&
		grep -qx -- '--- 192.0.2.1 ping statistics ---' "$f" &&
		grep -qE '^3 packets transmitted, 3 received, 0% packet loss, time [0-9]+ms$' "$f" &&
		grep -qE '^rtt min/avg/max/mdev = [0-9]+\.[0-9]{3}/[0-9]+\.[0-9]{3}/[0-9]+\.[0-9]{3}/[0-9]+\.[0-9]{3} ms$' "$f" &&
		[ "$(sed -n 5p "$f")" = "" ] && [ "$(wc -l <"$f")" -eq 8 ]
}
if [ $rc -eq 0 ] && shape_ok "$IK_TMP/a.out"; then
	ik_ok "-c 3 192.0.2.1: header, 3 replies, statistics in iputils' shape, exit 0"
else
	ik_fail "-c 3 192.0.2.1 (exit $rc)"
	show "$IK_TMP/a.out"
fi
for s in 1 2 3; do
	grep -q "icmp_seq=$s " "$IK_TMP/a.out" || ik_fail "-c 3: no reply for icmp_seq=$s"
done
ik_check "the TUN is gone after the run" \
	bash -c '! ip -n "$1" -br link | grep -q "^ikping"' _ "$K"

# 2. --trace -v: the demultiplexing by Identifier
pk -c 2 -i 0.2 -v --trace 192.0.2.1 >"$IK_TMP/t.out" 2>&1
rc=$?
ours=$(sed -nE 's/^trace: ping socket ([0-9]+) \(Identifier ([0-9]+)\) sends the requests; ping socket ([0-9]+) \(Identifier ([0-9]+)\) is a bystander that sends nothing$/\1 \2 \3 \4/p' "$IK_TMP/t.out")
read -r OFD OID BFD BID <<<"$ours"
demux_ok() {
	local f=$1
	[ -n "$OID" ] && [ -n "$BID" ] && [ "$OID" != "$BID" ] || return 1
	# the stack's own event: each reply to the socket owning our Identifier
	[ "$(grep -cE "^trace: [0-9.]+ ping deliver ping\.deliver: Echo Reply id $OID seq [12] from 192\.0\.2\.1 -> ping socket $OFD \(owns identifier $OID\)$" "$f")" -eq 2 ] &&
		! grep -qE "ping\.deliver: .*-> ping socket $BFD " "$f" &&
		grep -qE "^trace: Echo Reply from 192\.0\.2\.1 id=$OID seq=1 matched by Identifier and Sequence: read from ping socket $OFD of the stack; bystander ping socket $BFD \(Identifier $BID\) has 0 queued$" "$f" &&
		grep -qx "trace: ping socket $OFD (Identifier $OID): the stack handed it 2 Echo Replies, 2 datagrams read" "$f" &&
		grep -qx "trace: bystander ping socket $BFD (Identifier $BID): sent nothing, the stack handed it 0 Echo Replies, 0 datagrams read" "$f" &&
		grep -qE "^64 bytes from 192\.0\.2\.1: icmp_seq=1 ident=$OID ttl=64 time=" "$f" &&
		grep -qx "ping socket $OFD of icmpkit's stack, Identifier $OID: replies are ours by Identifier" "$f" &&
		grep -qE "^trace: sent Echo Request id=$OID seq=1 \(64 octets\) from ping socket $OFD of the stack$" "$f"
}
if [ $rc -eq 0 ] && demux_ok "$IK_TMP/t.out"; then
	ik_ok "--trace -v: every reply handed to socket $OFD (Identifier $OID), none to the bystander $BFD (Identifier $BID)"
else
	ik_fail "--trace -v: demultiplexing not shown as expected (exit $rc)"
	show "$IK_TMP/t.out"
fi

# -v alone: the ping layer's decisions and the counts, not every event
pk -c 1 -v 192.0.2.1 >"$IK_TMP/v.out" 2>&1
ik_check "-v: ping.deliver to our socket and the bystander's count, no IP-layer events" \
	bash -c 'grep -qE "^trace: [0-9.]+ ping deliver ping\.deliver: Echo Reply id [0-9]+ seq 1 from 192\.0\.2\.1 -> ping socket [0-9]+ " "$1" && grep -qE "^trace: bystander ping socket [0-9]+ \(Identifier [0-9]+\): sent nothing, the stack handed it 0 Echo Replies, 0 datagrams read$" "$1" && ! grep -qE "^trace: [0-9.]+ ip " "$1" && ! grep -q "^trace: sent Echo Request" "$1"' _ "$IK_TMP/v.out" ||
	show "$IK_TMP/v.out"

# 3. a reply with the bystander's Identifier goes to the bystander
pk -c 4 -i 0.5 --trace 192.0.2.1 >"$IK_TMP/b.out" 2>&1 &
bpid=$!
IK_PIDS+=("$bpid")
BID=""
for ((i = 0; i < 100; i++)); do
	BID=$(sed -nE 's/^trace: ping socket [0-9]+ \(Identifier [0-9]+\) sends the requests; ping socket [0-9]+ \(Identifier ([0-9]+)\) is a bystander.*/\1/p' "$IK_TMP/b.out")
	[ -n "$BID" ] && break
	sleep 0.05
done
if [ -n "$BID" ]; then
	ip netns exec "$K" /usr/bin/python3 -c '
import socket, struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
m = struct.pack("!BBHHH", 0, 0, 0, int(sys.argv[1]), 7) + b"bystander"[:8]
m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.sendto(m, ("192.0.2.2", 0))
' "$BID"
fi
wait "$bpid"
rc=$?
forged_ok() {
	local f=$1
	[ -n "$BID" ] &&
		grep -qE "^trace: [0-9.]+ ping deliver ping\.deliver: Echo Reply id $BID seq 7 from 192\.0\.2\.1 -> ping socket [0-9]+ \(owns identifier $BID\)$" "$f" &&
		grep -qE "^trace: bystander ping socket [0-9]+ \(Identifier $BID\): 16 octets from 192\.0\.2\.1$" "$f" &&
		grep -qE "^trace: bystander ping socket [0-9]+ \(Identifier $BID\): sent nothing, the stack handed it 1 Echo Replies, 1 datagrams read$" "$f" &&
		grep -qE '^trace: ping socket [0-9]+ \(Identifier [0-9]+\): the stack handed it 4 Echo Replies, 4 datagrams read$' "$f" &&
		[ "$(grep -cE '^64 bytes from 192\.0\.2\.1: icmp_seq=[1-4] ttl=64 ' "$f")" -eq 4 ] &&
		! grep -q 'icmp_seq=7' "$f"
}
if [ $rc -eq 0 ] && forged_ok "$IK_TMP/b.out"; then
	ik_ok "an Echo Reply with the bystander's Identifier $BID reaches the bystander, not our socket"
else
	ik_fail "forged Echo Reply to the bystander (Identifier '${BID}', exit $rc)"
	show "$IK_TMP/b.out"
fi

# 4. --json
pk --json -c 2 -i 0.2 192.0.2.1 >"$IK_TMP/j.out" 2>"$IK_TMP/j.err"
rc=$?
ik_check "--json: replies and a summary, numbers as numbers (exit $rc)" /usr/bin/python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
r = [e for e in ev if e["type"] == "reply"]
s = ev[-1]
assert len(r) == 2 and all(isinstance(e["time"], float) and e["ttl"] == 64 and e["bytes"] == 64 and e["host"] == "192.0.2.1" for e in r), r
assert [e["seq"] for e in r] == [1, 2], r
assert s["type"] == "summary" and s["transmitted"] == 2 and s["received"] == 2 and s["loss"] == 0, s
assert set(s["rtt"]) == {"min", "avg", "max", "mdev"}
' "$IK_TMP/j.out" || show "$IK_TMP/j.out"

# 5. routed on by the kernel: ttl=63; -t 1: Time Exceeded from the kernel
pk -c 2 -i 0.2 198.51.100.2 >"$IK_TMP/f.out" 2>&1
rc=$?
ik_check "through the kernel to 198.51.100.2: 2 replies with ttl=63, exit 0 (exit $rc)" \
	bash -c '[ '$rc' -eq 0 ] && [ "$(grep -cE "^64 bytes from 198\.51\.100\.2: icmp_seq=[12] ttl=63 time=" "$1")" -eq 2 ] && grep -q "^2 packets transmitted, 2 received, 0% packet loss" "$1"' _ "$IK_TMP/f.out" ||
	show "$IK_TMP/f.out"
pk -c 2 -i 0.2 -t 1 198.51.100.2 >"$IK_TMP/x.out" 2>&1
rc=$?
ik_check "-t 1 through the kernel: From 192.0.2.1 Time to live exceeded, +2 errors, exit 1 (exit $rc)" \
	bash -c '[ '$rc' -eq 1 ] && grep -qx "From 192.0.2.1 icmp_seq=1 Time to live exceeded" "$1" && grep -qx "From 192.0.2.1 icmp_seq=2 Time to live exceeded" "$1" && grep -qE "^2 packets transmitted, 0 received, \+2 errors, 100% packet loss, time [0-9]+ms$" "$1" && ! grep -q "^rtt" "$1"' _ "$IK_TMP/x.out" ||
	show "$IK_TMP/x.out"
pk -c 1 -t 1 --trace 198.51.100.2 >"$IK_TMP/xt.out" 2>&1
ik_check "-t 1 --trace: the stack reported the Time Exceeded to our socket's error queue" \
	grep -qE "^trace: ICMP type 11 code 0 from 192\.0\.2\.1 matched to seq=1 by the stack: its quote holds Identifier [0-9]+ \(ping socket [0-9]+'s error queue\)$" "$IK_TMP/xt.out" ||
	show "$IK_TMP/xt.out"
pk -j -c 1 -t 1 198.51.100.2 >"$IK_TMP/xj.out" 2>&1
ik_check "-j -t 1: an error event" /usr/bin/python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
e = [x for x in ev if x["type"] == "error"]
assert e and e[0]["icmp_type"] == 11 and e[0]["icmp_code"] == 0 and e[0]["host"] == "192.0.2.1" and e[0]["error"] == "Time to live exceeded" and e[0]["seq"] == 1, ev
assert ev[-1]["errors"] == 1 and ev[-1]["received"] == 0 and ev[-1]["rtt"] is None, ev
' "$IK_TMP/xj.out" || show "$IK_TMP/xj.out"
pk -c 1 203.0.113.9 >"$IK_TMP/u.out" 2>&1
rc=$?
ik_check "no route in the kernel: From 192.0.2.1 Destination Net Unreachable, exit 1 (exit $rc)" \
	bash -c '[ '$rc' -eq 1 ] && grep -qx "From 192.0.2.1 icmp_seq=1 Destination Net Unreachable" "$1"' _ "$IK_TMP/u.out" ||
	show "$IK_TMP/u.out"

# 6. total loss: the kernel no longer forwards
ip netns exec "$K" sysctl -qw net.ipv4.ip_forward=0
pk -c 2 -i 0.2 -W 1 198.51.100.2 >"$IK_TMP/l.out" 2>&1
rc=$?
ik_check "total loss (forwarding off): 0 received, exit 1 (exit $rc)" \
	bash -c '[ '$rc' -eq 1 ] && grep -qE "^2 packets transmitted, 0 received, 100% packet loss, time [0-9]+ms$" "$1" && ! grep -q "bytes from" "$1"' _ "$IK_TMP/l.out" ||
	show "$IK_TMP/l.out"
ip netns exec "$K" sysctl -qw net.ipv4.ip_forward=1

# 7. --pcap: what crossed the TUN
pk -q -c 2 -i 0.2 --pcap "$IK_TMP/p.pcap" 192.0.2.1 >/dev/null 2>&1
if command -v tshark >/dev/null; then
	n=$(tshark -r "$IK_TMP/p.pcap" -Y "icmp.type == 8 && ip.src == 192.0.2.2" 2>/dev/null | wc -l)
	m=$(tshark -r "$IK_TMP/p.pcap" -Y "icmp.type == 0 && ip.src == 192.0.2.1" 2>/dev/null | wc -l)
	ik_check "--pcap: 2 requests from the stack, 2 replies from the kernel (got $n, $m)" \
		[ "$n" -eq 2 ] && [ "$m" -eq 2 ]
else
	echo "# SKIP --pcap check: tshark not installed"
fi

# 8. SIGINT: the statistics, exit 0
ip netns exec "$K" timeout 30 "$ICMPKIT" ping --stack "$SPEC" -i 0.2 192.0.2.1 >"$IK_TMP/s.out" 2>&1 &
spid=$!
IK_PIDS+=("$spid")
sleep 1
kill -INT "$spid"
wait "$spid"
rc=$?
ik_check "SIGINT: the statistics, exit 0 (exit $rc)" \
	bash -c '[ '$rc' -eq 0 ] && grep -qx -- "--- 192.0.2.1 ping statistics ---" "$1" && grep -q "^rtt min/avg/max/mdev" "$1"' _ "$IK_TMP/s.out" ||
	show "$IK_TMP/s.out"

# 9. tun=NAME, netns=NS: the TUN in another namespace, by name; the
# command runs in C, which has no route to 192.0.2.0/24 of its own
ip netns exec "$C" timeout 30 "$ICMPKIT" ping --stack "192.0.2.2/24,tun=iksx$$,netns=$K" \
	-c 2 -i 0.2 198.51.100.2 >"$IK_TMP/n.out" 2>&1
rc=$?
ik_check "tun=iksx$$,netns=K: 2 replies from 198.51.100.2 through K's kernel (exit $rc)" \
	bash -c '[ '$rc' -eq 0 ] && [ "$(grep -cE "^64 bytes from 198\.51\.100\.2: icmp_seq=[12] ttl=63 " "$1")" -eq 2 ]' _ "$IK_TMP/n.out" ||
	show "$IK_TMP/n.out"

ik_finish
