#!/bin/bash
# router_smoke.sh - `icmpkit router` end to end across network namespaces.
#
# Usage: router_smoke.sh PATH_TO_ICMPKIT
#
# Namespaces A and C are two hosts; the router process runs in a third
# namespace R of its own and joins A and C with netns= (its TUN ikra is in
# A, ikrc in C), like a box with a port on each network:
#
#   A: 192.0.2.1/24 --ikra-- [192.0.2.254  router  198.51.100.254] --ikrc-- C: 198.51.100.1/24
#
# A and C route each other's prefix through the router's addresses.
# Checks, first run: the ready line; each kernel side's address and MTU,
# nothing made in R; no capability left; ping from A to the router's own
# address; ping A->C and C->A through the router, with TTL one lower; a
# big ping fragmented by the router (MTU 1400 on C's link); a UDP datagram
# from A to a closed port on C earns C's Port Unreachable, forwarded back
# (ConnectionRefusedError, and the ICMP error from C's address); trace lines
# name the interface; SIGTERM stops it with exit 0 and one JSON object whose
# Ip.ForwDatagrams counts the forwarded datagrams and whose per-interface
# counts add up; the pcapng file opens in tshark with both interface names,
# both directions, every packet, no malformed packet and correct checksums.
# Second run (--busy-poll, --stats-interval): an unnumbered interface
# (no addr=) to a third host B (203.0.113.1/32) is accepted and forwards:
# ping A->B through it; an unnumbered interface without peer= in R itself
# comes up with no address; stats lines name each interface. Third run:
# unreachable, prohibit and blackhole routes answer as Linux's do.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v ping >/dev/null || ik_skip "iputils ping not installed"

R_A=192.0.2.254
K_A=192.0.2.1
R_C=198.51.100.254
K_C=198.51.100.1
K_B=203.0.113.1

ik_ns_new NA ra
ik_ns_new NC rc
ik_ns_new NR rt
XA() { ip netns exec "$NA" "$@"; }
XC() { ip netns exec "$NC" "$@"; }

# ik_start_router NAME ARGS... - `icmpkit router ARGS` in namespace R
# (lib.sh's ik_start_icmpkit: output in $IK_TMP/NAME.out/.err, a bounded
# wait for the ready: line)
ik_start_router() {
	local name=$1
	shift
	ik_start_icmpkit "$NR" "$name" router "$@"
}

# last_json FILE - the last line of FILE (the final counters with --json)
last_json() { tail -n 1 "$1"; }

PCAP="$IK_TMP/router.pcapng"
OUT="$IK_TMP/main.out"
ik_start_router main --iface "tun:ikra,addr=$R_A/24,netns=$NA" \
	--iface "tun:ikrc,addr=$R_C/24,peer=$K_C/24,mtu=1400,netns=$NC" \
	--pcap "$PCAP" --json --trace --duration 60 || { ik_fail "start the router"; ik_finish; }
PID=$IK_HOST_PID

ik_check "ready line names both interfaces and addresses" \
	grep -qx "ready: router 2 interfaces ikra=$R_A/24 ikrc=$R_C/24" "$OUT"
ik_check "A's side of ikra has $K_A/24, up, MTU 1500" \
	sh -c "ip -n '$NA' -4 addr show dev ikra | grep -q 'inet $K_A/24' && ip -n '$NA' link show ikra | grep -q 'UP.*mtu 1500'"
ik_check "C's side of ikrc has $K_C/24 (peer=), up, MTU 1400" \
	sh -c "ip -n '$NC' -4 addr show dev ikrc | grep -q 'inet $K_C/24' && ip -n '$NC' link show ikrc | grep -q 'UP.*mtu 1400'"
ik_check "nothing made in the router's own namespace" \
	sh -c "[ \$(ip -n '$NR' -o link show | wc -l) -eq 1 ]"

caps_zero() {
	local f
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		grep -q "^$f:[[:space:]]*0000000000000000$" "/proc/$PID/status" || return 1
	done
	grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$PID/status"
}
ik_check "no capability held, no_new_privs set" caps_zero

# routes_ac - A and C route each other's prefix through the router (again
# after each start: a TUN's routes go with it when the router exits)
routes_ac() {
	ip -n "$NA" route add 198.51.100.0/24 via $R_A || ik_fail "route in A"
	ip -n "$NC" route add 192.0.2.0/24 via $R_C || ik_fail "route in C"
}
routes_ac

# ping_ttl NS DST TTL ARGS... - 3 echoes answered, every reply with TTL
ping_ttl() {
	local ns=$1 dst=$2 ttl=$3 out
	shift 3
	out=$(ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 "$@" "$dst" 2>&1)
	echo "$out" | grep -q ' 3 received' && [ "$(echo "$out" | grep -c "ttl=$ttl ")" -eq 3 ]
}
ik_check "ping A -> the router's own address ($R_A), TTL 64" ping_ttl "$NA" $R_A 64
ik_check "ping A -> the router's far address ($R_C), TTL 64" ping_ttl "$NA" $R_C 64
ik_check "ping A -> C through the router, TTL 63" ping_ttl "$NA" $K_C 63
ik_check "ping C -> A through the router, TTL 63" ping_ttl "$NC" $K_A 63
ik_check "ping A -> C of 3000 octets, fragmented again by the router for MTU 1400" \
	ping_ttl "$NA" $K_C 63 -s 3000 -M dont

ik_check "UDP A -> closed port on C: C's Port Unreachable comes back through the router" \
	XA /usr/bin/python3 -c "
import socket, sys
icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
icmp.settimeout(2)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect(('$K_C', 33434))
s.send(b'anyone?')
try:
    s.recv(100)
    sys.exit(1)
except ConnectionRefusedError:
    pass
while True:
    pkt, frm = icmp.recvfrom(2000)
    ihl = (pkt[0] & 15) * 4
    if pkt[ihl] == 3:
        break
ok = frm[0] == '$K_C' and pkt[ihl + 1] == 3 and pkt[8] == 63
print('# Port Unreachable from %s, ttl %d' % (frm[0], pkt[8]))
sys.exit(0 if ok else 1)"

ik_check "trace lines name the interface (ikra and ikrc)" \
	sh -c "grep -q '^trace: [0-9.]* ikra ' '$OUT' && grep -q '^trace: [0-9.]* ikrc ' '$OUT'"

ik_stop_host "$PID" main
ik_check "SIGTERM: exit 0" test "$IK_HOST_RC" -eq 0
ik_check "final counters: one JSON object on the last line" \
	/usr/bin/python3 -c "import json, sys; json.loads(sys.argv[1])" "$(last_json "$OUT")"
ik_check "JSON: interfaces with their namespaces, counts adding up, no write error" \
	/usr/bin/python3 -c "
import json, sys
j = json.loads(sys.argv[1])
f = {i['name']: i for i in j['ifaces']}
r = j['Router']
ok = (j['stopped'] == 'SIGTERM' and set(f) == {'ikra', 'ikrc'}
      and f['ikra']['netns'] == '$NA' and f['ikrc']['netns'] == '$NC'
      and f['ikra']['addr'] == '$R_A/24' and f['ikrc']['addr'] == '$R_C/24'
      and all(f[n][k] > 0 for n in f for k in ('RxPackets', 'RxOctets', 'TxPackets', 'TxOctets'))
      and r['RxPackets'] == sum(i['RxPackets'] for i in f.values()) == j['Ip']['InReceives']
      and r['TxPackets'] == sum(i['TxPackets'] for i in f.values())
      and r['TxErrors'] == 0 and 'apps' not in j)
sys.exit(0 if ok else 1)" "$(last_json "$OUT")"
ik_check "JSON: Ip.ForwDatagrams counts the forwarded datagrams (>= 18)" \
	/usr/bin/python3 -c "
import json, sys
j = json.loads(sys.argv[1])
print('# Ip.ForwDatagrams', j['Ip'].get('ForwDatagrams', 0))
sys.exit(0 if j['Ip'].get('ForwDatagrams', 0) >= 18 else 1)" "$(last_json "$OUT")"

pcap_names() { # both interface names, both directions on each, every packet
	command -v tshark >/dev/null || { echo "# tshark not installed"; return 0; }
	local fields rx tx
	fields=$(tshark -n -r "$PCAP" -T fields -e frame.interface_name -e frame.packet_flags_direction \
		-e ip.src 2>/dev/null) || return 1
	rx=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['Router']['RxPackets'])" "$(last_json "$OUT")")
	tx=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.argv[1])['Router']['TxPackets'])" "$(last_json "$OUT")")
	echo "$fields" | grep -qP "^ikra\t0x0*1\t$K_A$" &&
		echo "$fields" | grep -qP "^ikra\t0x0*2\t$K_C$" &&
		echo "$fields" | grep -qP "^ikrc\t0x0*1\t$K_C$" &&
		echo "$fields" | grep -qP "^ikrc\t0x0*2\t$K_A$" &&
		[ "$(echo "$fields" | wc -l)" -eq $((rx + tx)) ]
}
ik_check "pcapng: interface names, directions, every packet in and out" pcap_names
if command -v tshark >/dev/null; then
	ik_check "pcapng: tshark finds no malformed packet and no bad checksum" ik_pcap_check --min 30 "$PCAP"
fi

# Second run: unnumbered interfaces, --busy-poll, --stats-interval.
ik_ns_new NB rb
OUT2="$IK_TMP/unnum.out"
ik_start_router unnum --iface "tun:ikra,addr=$R_A/24,netns=$NA" \
	--iface "tun:ikrc,addr=$R_C/24,netns=$NC" \
	--iface "tun:ikrb,peer=$K_B/32,netns=$NB" --iface "tun:ikru,mtu=1400" \
	--busy-poll --stats-interval 0.5 --duration 60 || ik_fail "start the router with unnumbered interfaces"
PID=$IK_HOST_PID
ik_check "unnumbered: the ready line says so" \
	grep -qx "ready: router 4 interfaces ikra=$R_A/24 ikrc=$R_C/24 ikrb=unnumbered ikru=unnumbered" "$OUT2"
ik_check "unnumbered: B's side has $K_B/32; ikru in R is up with no address" \
	sh -c "ip -n '$NB' -4 addr show dev ikrb | grep -q 'inet $K_B/32' && ip -n '$NR' link show ikru | grep -q 'UP.*mtu 1400' && ! ip -n '$NR' -4 addr show dev ikru | grep -q inet"
routes_ac
ip -n "$NB" route add 192.0.2.0/24 dev ikrb || ik_fail "route in B"
ip -n "$NA" route add $K_B/32 via $R_A || ik_fail "route in A to B"
ik_check "unnumbered: ping A -> B through the unnumbered link, TTL 63" ping_ttl "$NA" $K_B 63
ik_check "--busy-poll: ping A -> C still answered" ping_ttl "$NA" $K_C 63
# RFC 7600, as Linux's selftest icmp.sh checks: the interface B's datagram
# came in on has no IPv4 address, nor has the one the error leaves by, so
# the Time Exceeded comes from 192.0.0.8
ik_check "unnumbered: TTL 1 from B earns Time Exceeded from 192.0.0.8 (RFC 7600)" \
	sh -c "ip netns exec '$NB' ping -c 1 -W 2 -t 1 $K_A | grep -q '^From 192.0.0.8 .*Time to live exceeded'"
sleep 1.1
ik_check "--stats-interval: stats lines with every interface's counts" \
	sh -c "grep '^stats: ' '$OUT2' | tail -n 1 | grep -q 'Iface.ikra.RxPackets=[1-9].* Iface.ikrb.RxPackets=[1-9].* Iface.ikru.RxPackets='"
ik_stop_host "$PID" unnum
ik_check "unnumbered: SIGTERM, exit 0, text counters" \
	sh -c "[ $IK_HOST_RC -eq 0 ] && grep -q '^stopped: SIGTERM after' '$OUT2' && grep -q '^Iface.ikrb.TxPackets [1-9]' '$OUT2' && grep -q '^Ip.ForwDatagrams [1-9]' '$OUT2'"

# Third run: route types.
OUT3="$IK_TMP/types.out"
if ik_start_router types --iface "tun:ikra,addr=$R_A/24,netns=$NA" \
	--iface "tun:ikrc,addr=$R_C/24,netns=$NC" \
	--route '203.0.113.64/26 unreachable' --route '203.0.113.128/26 prohibit' \
	--route '203.0.113.192/26 blackhole' --set icmp_ratelimit=0 --duration 60; then
	PID=$IK_HOST_PID
	routes_ac
	ip -n "$NA" route add 203.0.113.0/24 via $R_A || ik_fail "route in A to the typed prefixes"
	ik_check "unreachable route: Destination Host Unreachable from $R_A" \
		sh -c "ip netns exec '$NA' ping -c 1 -W 2 203.0.113.65 | grep -q 'From $R_A .*Destination Host Unreachable'"
	ik_check "prohibit route: Packet filtered (code 13) from $R_A" \
		sh -c "ip netns exec '$NA' ping -c 1 -W 2 203.0.113.129 | grep -q 'From $R_A .*Packet filtered'"
	ik_check "blackhole route: no answer at all" \
		sh -c "ip netns exec '$NA' ping -c 1 -W 1 203.0.113.193 | grep -q ' 0 received' && ! ip netns exec '$NA' ping -c 1 -W 1 203.0.113.193 | grep -q '^From'"
	ik_stop_host "$PID" types
	ik_check "route types: SIGTERM, exit 0" test "$IK_HOST_RC" -eq 0
else
	ik_fail "start the router with unreachable / prohibit / blackhole routes"
fi

ik_finish
