#!/bin/bash
# traceroute_names.sh - `icmpkit traceroute` without -n: each hop's name by
# a reverse lookup, as traceroute 2.x prints it (issue 12).
#
# Usage: traceroute_names.sh PATH_TO_ICMPKIT
#
# A (192.0.2.10/24) - R (a Linux router, 192.0.2.1 / 198.51.100.1) - C
# (198.51.100.10/24), RFC 5737 addresses, no default route. The names come
# from a hosts file of A's own: `ip netns exec` mounts /etc/netns/A/hosts
# over /etc/hosts (and /etc/netns/A/resolv.conf over /etc/resolv.conf: a
# name server on A's loopback that is not there, so a lookup that is not in
# the file fails at once). The real /etc/hosts is never touched;
# /etc/netns/A is removed on exit, also on failure. Checks:
#   - the header "traceroute to c.example.net (198.51.100.10), ..." for a
#     name target, and "NAME (ADDR)" per hop: the same names and addresses
#     as Linux traceroute without -n;
#   - an address without a name: "ADDR (ADDR)", as traceroute 2.x;
#   - -n: no names;
#   - --json: "name" beside "addr" (none with -n);
#   - --report: mtr's host column shows the names (and mtr -r's, when
#     installed, the same).
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v traceroute >/dev/null || ik_skip "traceroute not installed (traceroute)"

ik_ns_new A na || exit 1
ik_ns_new R nr || exit 1
ik_ns_new C nc || exit 1
ETC_NETNS_MADE=""
names_cleanup() {
	rm -rf "/etc/netns/$A"
	[ -n "$ETC_NETNS_MADE" ] && rmdir /etc/netns 2>/dev/null
}
trap 'names_cleanup; ik_cleanup' EXIT
[ -d /etc/netns ] || { mkdir /etc/netns && ETC_NETNS_MADE=1; }
mkdir "/etc/netns/$A" || { ik_fail "mkdir /etc/netns/$A"; ik_finish; }

ip link add va netns "$A" type veth peer name vra netns "$R"
ip link add vrc netns "$R" type veth peer name vc netns "$C"
ip -n "$A" addr add 192.0.2.10/24 dev va
ip -n "$R" addr add 192.0.2.1/24 dev vra
ip -n "$R" addr add 198.51.100.1/24 dev vrc
ip -n "$C" addr add 198.51.100.10/24 dev vc
for x in "$A va" "$R vra" "$R vrc" "$C vc"; do
	set -- $x
	ip -n "$1" link set "$2" up
done
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
# no ICMP rate limit: every probe of both tools is answered
for ns in "$R" "$C"; do
	ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 \
		net.ipv4.icmp_msgs_burst=100000
done
ip -n "$A" route add 198.51.100.0/24 via 192.0.2.1
ip -n "$C" route add 192.0.2.0/24 via 198.51.100.1

HOSTS="/etc/netns/$A/hosts"
hosts_all() {
	printf '127.0.0.1\tlocalhost\n192.0.2.1\tr1.example.net\n198.51.100.10\tc.example.net\n' >"$HOSTS"
}
hosts_all
echo "nameserver 127.0.0.1" >"/etc/netns/$A/resolv.conf"
ip netns exec "$A" ping -c 1 -W 2 -n 198.51.100.10 >/dev/null

X() { ip netns exec "$A" timeout 30 "$@"; }

# hopnames FILE - "TTL NAME ADDR" of each hop line (its first responder)
hopnames() {
	awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1, $2, $3 }' "$1"
}

# same_names LINUX ICMPKIT WANT - both list WANT (lines "TTL NAME (ADDR)")
same_names() {
	if [ "$(hopnames "$1")" = "$3" ] && [ "$(hopnames "$2")" = "$3" ]; then
		return 0
	fi
	echo "#   expected:"; printf '%s\n' "$3" | sed 's/^/#     /'
	echo "#   traceroute said:"; sed 's/^/#     /' "$1"
	echo "#   icmpkit traceroute said:"; sed 's/^/#     /' "$2"
	return 1
}

X traceroute -w 1 -q 1 -m 5 c.example.net >"$IK_TMP/l.txt" 2>&1
X "$ICMPKIT" traceroute -w 1 -m 5 c.example.net >"$IK_TMP/k.txt" 2>&1
ik_check "header for a name target: 'traceroute to c.example.net (198.51.100.10), 5 hops max, 60 byte packets'" \
	grep -qx "traceroute to c.example.net (198.51.100.10), 5 hops max, 60 byte packets" "$IK_TMP/k.txt"
ik_check "the same header as traceroute's" \
	test "$(head -1 "$IK_TMP/l.txt")" = "$(head -1 "$IK_TMP/k.txt")"
ik_check "hops by name as traceroute prints them: r1.example.net (192.0.2.1), c.example.net (198.51.100.10)" \
	same_names "$IK_TMP/l.txt" "$IK_TMP/k.txt" "$(printf '1 r1.example.net (192.0.2.1)\n2 c.example.net (198.51.100.10)')"
ik_check "three RTTs after the name, the name once per line" \
	grep -qE '^ 1  r1\.example\.net \(192\.0\.2\.1\)  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms$' "$IK_TMP/k.txt"

# R without a name: its address twice
printf '127.0.0.1\tlocalhost\n198.51.100.10\tc.example.net\n' >"$HOSTS"
X traceroute -w 1 -q 1 -m 5 198.51.100.10 >"$IK_TMP/l2.txt" 2>&1
X "$ICMPKIT" traceroute -w 1 -m 5 198.51.100.10 >"$IK_TMP/k2.txt" 2>&1
ik_check "an address without a name: '192.0.2.1 (192.0.2.1)', as traceroute" \
	same_names "$IK_TMP/l2.txt" "$IK_TMP/k2.txt" "$(printf '1 192.0.2.1 (192.0.2.1)\n2 c.example.net (198.51.100.10)')"
ik_check "header for an address target: 'traceroute to 198.51.100.10 (198.51.100.10), ...'" \
	grep -qx "traceroute to 198.51.100.10 (198.51.100.10), 5 hops max, 60 byte packets" "$IK_TMP/k2.txt"
hosts_all

X "$ICMPKIT" traceroute -n -w 1 -m 5 c.example.net >"$IK_TMP/n.txt" 2>&1
ik_check "-n: addresses only, no name on a hop line" \
	test "$(awk 'NR > 1 { print $1, $2, $3 }' "$IK_TMP/n.txt")" = \
	"$(printf '1 192.0.2.1 %s\n2 198.51.100.10 %s' "$(awk 'NR == 2 { print $3 }' "$IK_TMP/n.txt")" \
	"$(awk 'NR == 3 { print $3 }' "$IK_TMP/n.txt")")" -a "$(sed 1d "$IK_TMP/n.txt" | grep -c example)" = 0

X "$ICMPKIT" traceroute --json -w 1 -m 5 c.example.net >"$IK_TMP/j.txt" 2>&1
ik_check "--json: \"name\" beside \"addr\"" /usr/bin/python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev[0]["host"] == "c.example.net" and ev[0]["dst"] == "198.51.100.10", ev[0]
hops = [e for e in ev if e["type"] == "hop"]
assert [(p["addr"], p["name"]) for h in hops for p in h["probes"]] == \
    [("192.0.2.1", "r1.example.net")] * 3 + [("198.51.100.10", "c.example.net")] * 3, hops
' "$IK_TMP/j.txt"
X "$ICMPKIT" traceroute -n --json -w 1 -m 5 c.example.net >"$IK_TMP/jn.txt" 2>&1
ik_check "-n --json: no \"name\"" bash -c '! grep -q "\"name\"" "$1"' _ "$IK_TMP/jn.txt"

X "$ICMPKIT" traceroute --report --report-cycles 3 -w 1 -m 5 c.example.net >"$IK_TMP/r.txt" 2>&1
ik_check "--report: the host column by name" \
	test "$(awk '$1 ~ /^[0-9]+\.\|--$/ { print $1, $2 }' "$IK_TMP/r.txt")" = \
	"$(printf '1.|-- r1.example.net\n2.|-- c.example.net')"
if command -v mtr >/dev/null; then
	X mtr -r -c 3 -i 0.2 c.example.net >"$IK_TMP/m.txt" 2>&1
	ik_check "--report: the hosts of mtr -r (names)" \
		test "$(awk '$1 ~ /^[0-9]+\.\|--$/ { print $1, $2 }' "$IK_TMP/m.txt")" = \
		"$(awk '$1 ~ /^[0-9]+\.\|--$/ { print $1, $2 }' "$IK_TMP/r.txt")"
fi
ik_finish
