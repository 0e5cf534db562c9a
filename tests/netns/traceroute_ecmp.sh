#!/bin/bash
# traceroute_ecmp.sh - `icmpkit traceroute` through a per-flow load
# balancer: Paris flow identity keeps one path, --flows finds the branches.
#
# Usage: traceroute_ecmp.sh PATH_TO_ICMPKIT
#
#   A 192.0.2.10 — R1 192.0.2.1 ─┬─ .1 198.51.100.0/28  .2 R2a .1 203.0.113.0/28  .10 ─┬─ C
#                                └─ .17 198.51.100.16/28 .18 R2b .17 203.0.113.16/28 .26 ┘
#
# Linux routers, /28 links of the RFC 5737 blocks, MTU 1500; C answers for
# 203.0.113.100 (on its loopback); R1 reaches it by a multipath route over
# R2a and R2b with fib_multipath_hash_policy=1 (addresses, protocol and
# ports hashed). No default route anywhere. From A:
#   - UDP and -I, six runs each of -q 3: every run's hop 2 is one responder
#     (all the probes of a run are one flow), hop 3 the destination;
#   - UDP --flows 16 -q 1: hop 2 lists both R2a 198.51.100.2 and R2b
#     198.51.100.18 (16 destination ports: all on one branch with
#     probability 2^-15), --json marks each probe's flow.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
[ -x "$ICMPKIT" ] || ik_skip "no icmpkit binary given"
DST=203.0.113.100

# veth NS1 IF1 ADDR1 NS2 IF2 ADDR2 - a /28 veth pair, up
veth() {
	ip -n "$1" link add "$2" type veth peer name "$5" netns "$4" &&
		ip -n "$1" addr add "$3/28" dev "$2" && ip -n "$4" addr add "$6/28" dev "$5" &&
		ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up
}

setup() {
	local ns s
	for v in A R1 R2a R2b C; do
		ik_ns_new "NS_$v" "$v" || return 1
		ns="NS_$v"
		for s in net.ipv6.conf.all.disable_ipv6=1 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0 net.ipv4.icmp_ratelimit=0; do
			ip netns exec "${!ns}" sysctl -qw "$s" || return 1
		done
	done
	for ns in "$NS_R1" "$NS_R2a" "$NS_R2b"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 || return 1
	done
	ip netns exec "$NS_R1" sysctl -qw net.ipv4.fib_multipath_hash_policy=1 || return 1
	veth "$NS_A" a0 192.0.2.10 "$NS_R1" r1a 192.0.2.1 &&
		veth "$NS_R1" r1x 198.51.100.1 "$NS_R2a" xa 198.51.100.2 &&
		veth "$NS_R1" r1y 198.51.100.17 "$NS_R2b" yb 198.51.100.18 &&
		veth "$NS_R2a" xc 203.0.113.1 "$NS_C" cx 203.0.113.10 &&
		veth "$NS_R2b" yc 203.0.113.17 "$NS_C" cy 203.0.113.26 || return 1
	ip -n "$NS_C" addr add $DST/32 dev lo || return 1
	ip -n "$NS_A" route add 198.51.100.0/24 via 192.0.2.1 &&
		ip -n "$NS_A" route add 203.0.113.0/24 via 192.0.2.1 &&
		ip -n "$NS_R1" route add $DST/32 nexthop via 198.51.100.2 nexthop via 198.51.100.18 &&
		ip -n "$NS_R2a" route add 192.0.2.0/28 via 198.51.100.1 &&
		ip -n "$NS_R2a" route add $DST/32 via 203.0.113.10 &&
		ip -n "$NS_R2b" route add 192.0.2.0/28 via 198.51.100.17 &&
		ip -n "$NS_R2b" route add $DST/32 via 203.0.113.26 &&
		ip -n "$NS_C" route add 192.0.2.0/28 via 203.0.113.1 &&
		ip -n "$NS_C" route add 198.51.100.0/24 via 203.0.113.1
}

# hop_addrs FILE TTL - the addresses on hop TTL's line, one per line, sorted
hop_addrs() {
	awk -v t="$2" 'NR > 1 && $1 == t { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/) print $i }' "$1" | sort -u
}

setup || { ik_fail "topology up"; ik_finish; }
A() { ip netns exec "$NS_A" "$@"; }

for mode in udp icmp; do
	[ $mode = udp ] && m=() || m=(-I)
	ok=1
	seen=""
	for r in 1 2 3 4 5 6; do
		f="$IK_TMP/$mode-$r.txt"
		A timeout 20 "$ICMPKIT" traceroute -n "${m[@]}" -q 3 -w 1 -m 5 $DST >"$f" 2>&1
		h2=$(hop_addrs "$f" 2)
		h3=$(hop_addrs "$f" 3)
		seen="$seen $h2"
		if [ "$(printf '%s\n' "$h2" | grep -c .)" != 1 ] || [ "$h3" != $DST ]; then
			ok=0
			sed 's/^/#     /' "$f"
		fi
	done
	echo "# $mode: hop 2 over six runs:$(printf ' %s' $seen)"
	ik_check "${m[*]:-UDP}: six runs of -q 3: hop 2 one responder each run (one flow), hop 3 $DST" test $ok = 1
done

f="$IK_TMP/flows.txt"
A timeout 30 "$ICMPKIT" traceroute -n --flows 16 -q 1 -w 1 -m 5 $DST >"$f" 2>&1
sed 's/^/#   /' "$f"
ik_check "--flows 16: hop 2 lists both branches, 198.51.100.2 and 198.51.100.18" \
	test "$(hop_addrs "$f" 2 | tr '\n' ' ')" = "198.51.100.18 198.51.100.2 "
ik_check "--flows 16: hop 3 is $DST" test "$(hop_addrs "$f" 3)" = $DST
A timeout 30 "$ICMPKIT" traceroute -n --flows 16 -q 1 -w 1 -m 5 --json $DST >"$IK_TMP/flows.json" 2>&1
ik_check "--flows 16 --json: 16 probes per hop, flows 0..15, both branches at hop 2" \
	/usr/bin/python3 - "$IK_TMP/flows.json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
hops = [o for o in objs if o["type"] == "hop"]
assert objs[0]["flows"] == 16, objs[0]
for h in hops:
    assert [p["flow"] for p in h["probes"]] == list(range(16)), h
assert {p.get("addr") for p in hops[1]["probes"]} >= {"198.51.100.2", "198.51.100.18"}, hops[1]
assert objs[-1]["reached"] is True, objs[-1]
PY
ik_finish
