#!/bin/bash
# ping_tool.sh - `icmpkit ping` against iputils ping on the same targets.
#
# Usage: ping_tool.sh PATH_TO_ICMPKIT
#
# Namespaces A and B over veth (192.0.2.1/24, 192.0.2.2/24) and A - R - C
# through a Linux router R (198.51.100.0/24, then 203.0.113.0/24 with a
# 1280 MTU). Each case runs iputils ping and `icmpkit ping` with the same
# options; every output line is classified by a regex per kind (header,
# reply, RR, error, local error, statistics, rtt, blank) and the kinds,
# their counts and the exit codes must be equal. Both socket kinds are
# covered: raw (the namespace default ping_group_range "1 0") and the ICMP
# datagram socket (range opened to group 0). --json lines are parsed; the
# no-permission line is checked with every capability dropped. Flood
# -f -c 10000 is compared too. Then the same comparisons against two
# `icmpkit host` stacks on TUNs in namespace H (success, total loss, a
# closed path, -M do above the MTU, -R, fragments, flood -c 10000).
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v ping >/dev/null || ik_skip "iputils ping not installed"

ik_ns_new A pa || exit 1
ik_ns_new B pb || exit 1
ik_ns_new R pr || exit 1
ik_ns_new C pc || exit 1
ip link add va netns "$A" type veth peer name vb netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev va
ip -n "$B" addr add 192.0.2.2/24 dev vb
ip link add var netns "$A" type veth peer name vra netns "$R"
ip link add vrc netns "$R" type veth peer name vcr netns "$C"
ip -n "$A" addr add 198.51.100.1/24 dev var
ip -n "$R" addr add 198.51.100.254/24 dev vra
ip -n "$R" addr add 203.0.113.254/24 dev vrc
ip -n "$C" addr add 203.0.113.2/24 dev vcr
ip -n "$R" link set vrc mtu 1280
ip -n "$C" link set vcr mtu 1280
for x in "$A va" "$B vb" "$A var" "$R vra" "$R vrc" "$C vcr"; do
	set -- $x
	ip -n "$1" link set "$2" up
done
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
ip -n "$A" route add 203.0.113.0/24 via 198.51.100.254
ip -n "$C" route add 198.51.100.0/24 via 203.0.113.254
# total loss: R drops 203.0.113.77 silently (a blackhole route)
ip -n "$R" route add blackhole 203.0.113.77/32
ip netns exec "$A" ping -c 1 -W 2 -n 192.0.2.2 >/dev/null
ip netns exec "$A" ping -c 1 -W 2 -n 203.0.113.2 >/dev/null

# shape FILE - one kind per line
shape() {
	sed -E \
		-e 's/^PING [0-9.]+ \([0-9.]+\) [0-9]+\([0-9]+\) bytes of data\.$/HEADER/' \
		-e 's/^(\[[0-9]+\.[0-9]{6}\] )?[0-9]+ bytes from [0-9.]+: icmp_seq=[0-9]+( ttl=[0-9]+)?( time=[0-9.]+ ms)?( \(DUP!\))?$/REPLY/' \
		-e 's/^(\[[0-9]+\.[0-9]{6}\] )?[0-9]+ bytes from [0-9.]+: icmp_seq=[0-9]+( ttl=[0-9]+)?( time=[0-9.]+ ms)?\t\(same route\)$/REPLY-SAME/' \
		-e 's/^RR: \t[0-9.]+$/RR/' -e 's/^\t[0-9.]+$/RR-ADDR/' \
		-e 's/^From [0-9.]+ icmp_seq=[0-9]+ (.*)$/FROM \1/' \
		-e 's/^From [0-9.]+: icmp_seq=[0-9]+ (.*)$/FROM: \1/' \
		-e 's/^(icmpkit )?ping: local error: message too long, mtu=[0-9]+$/LOCAL-EMSGSIZE/' \
		-e 's/^--- [0-9.]+ ping statistics ---$/STATS/' \
		-e 's/^[0-9]+ packets transmitted, [0-9]+ received(, \+[0-9]+ errors)?, [0-9.]+% packet loss, time [0-9]+ms$/COUNTS\1/' \
		-e 's/^COUNTS, \+[0-9]+ errors$/COUNTS+ERRORS/' \
		-e 's/^rtt min\/avg\/max\/mdev = [0-9.]+\/[0-9.]+\/[0-9.]+\/[0-9.]+ ms(, pipe [0-9]+)?(, ipg\/ewma [0-9.]+\/[0-9.]+ ms)?$/RTT/' \
		-e 's/^[.\x08 ]+$//' -e 's/^$/BLANK/' "$1"
}

# counts FILE - "transmitted received errors" of the statistics line
counts() {
	sed -nE 's/^([0-9]+) packets transmitted, ([0-9]+) received(, \+([0-9]+) errors)?.*/\1 \2 \4/p' "$1"
}

# compare DESC NS TARGET OPTS... - iputils and icmpkit, shapes, counts, exit codes
compare() {
	local desc=$1 ns=$2 target=$3 ri rk
	shift 3
	ip -n "$A" route flush cache 2>/dev/null
	ip netns exec "$ns" timeout 30 ping -n "$@" "$target" >"$IK_TMP/i.out" 2>&1
	ri=$?
	ip -n "$A" route flush cache 2>/dev/null
	ip netns exec "$ns" timeout 30 "$ICMPKIT" ping -n "$@" "$target" >"$IK_TMP/k.out" 2>&1
	rk=$?
	shape "$IK_TMP/i.out" >"$IK_TMP/i.shape"
	shape "$IK_TMP/k.out" >"$IK_TMP/k.shape"
	if [ "$ri" -eq "$rk" ] && cmp -s "$IK_TMP/i.shape" "$IK_TMP/k.shape" &&
		[ "$(counts "$IK_TMP/i.out")" = "$(counts "$IK_TMP/k.out")" ]; then
		ik_ok "$desc: same lines, counts and exit code ($rk) as iputils"
	else
		ik_fail "$desc: iputils exit $ri, icmpkit exit $rk"
		paste -d'|' "$IK_TMP/i.out" "$IK_TMP/k.out" | sed 's/^/#   /'
		diff "$IK_TMP/i.shape" "$IK_TMP/k.shape" | sed 's/^/#   /'
	fi
}

# compare_flood DESC NS TARGET - flood -c 10000: the same line kinds and exit
# codes, 10000 transmitted by both, every one answered unless iputils lost
# some too (the same shape of loss)
compare_flood() {
	local desc=$1 ns=$2 target=$3 ri rk ci ck
	ip netns exec "$ns" timeout 60 ping -n -f -c 10000 "$target" >"$IK_TMP/i.out" 2>&1
	ri=$?
	ip netns exec "$ns" timeout 60 "$ICMPKIT" ping -n -f -c 10000 "$target" >"$IK_TMP/k.out" 2>&1
	rk=$?
	shape "$IK_TMP/i.out" >"$IK_TMP/i.shape"
	shape "$IK_TMP/k.out" >"$IK_TMP/k.shape"
	read -r ti ci _ <<<"$(counts "$IK_TMP/i.out")"
	read -r tk ck _ <<<"$(counts "$IK_TMP/k.out")"
	if [ "$ri" -eq "$rk" ] && cmp -s "$IK_TMP/i.shape" "$IK_TMP/k.shape" &&
		[ "${ti:-0}" -eq 10000 ] && [ "${tk:-0}" -eq 10000 ] &&
		{ [ "$ck" -eq 10000 ] || [ "$ci" -lt 10000 ]; }; then
		ik_ok "$desc: 10000 transmitted, $ck received (iputils $ci), exit $rk, same lines"
	else
		ik_fail "$desc: iputils exit $ri ($ti/$ci), icmpkit exit $rk ($tk/$ck)"
		tail -n 4 "$IK_TMP/i.out" "$IK_TMP/k.out" | sed 's/^/#   /'
		diff "$IK_TMP/i.shape" "$IK_TMP/k.shape" | sed 's/^/#   /'
	fi
}

for mode in raw dgram; do
	if [ $mode = dgram ]; then
		ip netns exec "$A" sysctl -qw net.ipv4.ping_group_range="0 0"
	fi
	compare "$mode: success -c 3" "$A" 192.0.2.2 -c 3 -i 0.2
	compare "$mode: -s 8 (no time)" "$A" 192.0.2.2 -c 2 -i 0.2 -s 8
	compare "$mode: -D" "$A" 192.0.2.2 -c 2 -i 0.2 -D
	compare "$mode: total loss (blackhole route)" "$A" 203.0.113.77 -c 2 -i 0.2 -W 1
	compare "$mode: -t 1 through a router" "$A" 203.0.113.2 -c 2 -i 0.2 -t 1
	compare "$mode: -M do -s 1300 over the 1280 link" "$A" 203.0.113.2 -c 3 -i 0.2 -M do -s 1300
	compare "$mode: -M do -s 1600 above the local MTU" "$A" 198.51.100.254 -c 2 -i 0.2 -M do -s 1600
	compare "$mode: -R" "$A" 203.0.113.2 -c 2 -i 0.2 -R
	compare "$mode: -q" "$A" 192.0.2.2 -c 2 -i 0.2 -q
	compare "$mode: flood -f -c 500" "$A" 192.0.2.2 -f -c 500
	compare_flood "$mode: flood -f -c 10000" "$A" 192.0.2.2
	# SIGINT: the statistics, exit 0 after replies
	ip netns exec "$A" timeout 30 "$ICMPKIT" ping -i 0.2 192.0.2.2 >"$IK_TMP/s.out" 2>&1 &
	spid=$!
	sleep 1
	kill -INT "$spid"
	wait "$spid"
	src=$?
	ik_check "$mode: SIGINT prints the statistics, exit 0" \
		bash -c '[ '$src' -eq 0 ] && grep -q "^--- 192.0.2.2 ping statistics ---" "$1" && grep -q "^rtt min/avg/max/mdev" "$1"' _ "$IK_TMP/s.out"
	compare "$mode: -w 1 deadline" "$A" 192.0.2.2 -i 0.3 -w 1
	# --json: one object per line, numbers as numbers
	ip netns exec "$A" timeout 30 "$ICMPKIT" ping --json -c 2 -i 0.2 192.0.2.2 >"$IK_TMP/j.out"
	ik_check "$mode: --json lines parse, replies and a summary" /usr/bin/python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
r = [e for e in ev if e["type"] == "reply"]
s = ev[-1]
assert len(r) == 2 and all(isinstance(e["time"], float) and e["ttl"] == 64 and e["bytes"] == 64 and e["host"] == "192.0.2.2" for e in r), r
assert s["type"] == "summary" and s["transmitted"] == 2 and s["received"] == 2 and s["loss"] == 0, s
assert set(s["rtt"]) == {"min", "avg", "max", "mdev"}
' "$IK_TMP/j.out"
	ip netns exec "$A" timeout 30 "$ICMPKIT" ping -j -c 1 -t 1 203.0.113.2 >"$IK_TMP/j2.out"
	ik_check "$mode: -j error event for TTL exceeded" /usr/bin/python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
e = [x for x in ev if x["type"] == "error"]
assert e and e[0]["icmp_type"] == 11 and e[0]["host"] == "198.51.100.254" and e[0]["error"] == "Time to live exceeded", ev
assert ev[-1]["errors"] == 1 and ev[-1]["rtt"] is None
' "$IK_TMP/j2.out"
	# --trace and -v: the Identifier demultiplexing
	ip netns exec "$A" timeout 30 "$ICMPKIT" ping --trace -v -c 1 192.0.2.2 >"$IK_TMP/t.out" 2>&1
	ik_check "$mode: --trace names the match by Identifier and Sequence" \
		grep -q "^trace: Echo Reply from 192.0.2.2 id=[0-9]* seq=1 matched by Identifier and Sequence" "$IK_TMP/t.out"
	# --pcap: what was sent and received
	ip netns exec "$A" timeout 30 "$ICMPKIT" ping -q -c 2 -i 0.2 --pcap "$IK_TMP/p.pcap" 192.0.2.2 >/dev/null
	if command -v tshark >/dev/null; then
		n=$(tshark -r "$IK_TMP/p.pcap" -Y icmp 2>/dev/null | wc -l)
		ik_check "$mode: --pcap holds 2 requests and 2 replies (got $n)" [ "$n" -eq 4 ]
	fi
done

# The same against `icmpkit host` (issue 12 item 10) in namespace H: one
# stack at 192.0.2.2/24 on ikt0 (a plain host: 192.0.2.77 on its link is
# answered by nobody), one at 198.51.100.2/24 on ikt1 with ip_forward=1 and
# no route beyond its link, where H routes 203.0.113.0/24: Destination Net
# Unreachable from it.
ik_ns_new H ph || exit 1
if ik_start_host "$H" host1 --tun ikt0 --addr 192.0.2.2/24 --duration 200 &&
	ik_start_host "$H" host2 --tun ikt1 --addr 198.51.100.2/24 --set ip_forward=1 --duration 200; then
	ip -n "$H" route add 203.0.113.0/24 via 198.51.100.2 dev ikt1
	for mode in raw dgram; do
		ip netns exec "$H" sysctl -qw net.ipv4.ping_group_range="$([ $mode = raw ] && echo "1 0" || echo "0 0")"
		compare "$mode host: success -c 3" "$H" 192.0.2.2 -c 3 -i 0.2
		compare "$mode host: total loss (nobody at 192.0.2.77)" "$H" 192.0.2.77 -c 2 -i 0.2 -W 1
		compare "$mode host: closed path (Net Unreachable from the stack)" "$H" 203.0.113.9 -c 2 -i 0.2 -W 1
		compare "$mode host: Redirect from the stack (198.51.100.77 on its link)" "$H" 198.51.100.77 -c 2 -i 0.2 -W 1
		compare "$mode host: -M do -s 1600 above the TUN MTU" "$H" 192.0.2.2 -c 2 -i 0.2 -M do -s 1600
		compare "$mode host: -R" "$H" 192.0.2.2 -c 2 -i 0.2 -R
		compare "$mode host: -s 8000 (fragments both ways)" "$H" 192.0.2.2 -c 2 -i 0.2 -s 8000
		compare_flood "$mode host: flood -f -c 10000" "$H" 192.0.2.2
	done
else
	ik_fail "icmpkit host started on ikt0 and ikt1"
fi

ip netns exec "$A" sysctl -qw net.ipv4.ping_group_range="1 0"
if command -v setpriv >/dev/null; then
	ip netns exec "$A" setpriv --inh-caps=-all --bounding-set=-all -- \
		"$ICMPKIT" ping -c 1 192.0.2.2 >"$IK_TMP/n.out" 2>&1
	rc=$?
	ik_check "no socket allowed: one line naming ping_group_range and CAP_NET_RAW, exit 2" \
		bash -c '[ '$rc' -eq 2 ] && [ $(wc -l <"$1") -eq 1 ] && grep -q "net.ipv4.ping_group_range.*CAP_NET_RAW" "$1"' _ "$IK_TMP/n.out"
fi
ik_finish
