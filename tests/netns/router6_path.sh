#!/bin/bash
# router6_path.sh - `icmpkit router` forwarding IPv6 between two Linux
# namespaces (issue 15 items 5 and 8), RFC 3849 addresses only:
#
#   A: 2001:db8:1::2/64 --ik6a-- [2001:db8:1::1  router  2001:db8:2::1] --ik6c-- C: 2001:db8:2::2/64
#                                                          MTU 1280 on C's link
#
# The router runs in a namespace R of its own and opens its TUNs inside A
# and C (netns=). A and C route each other's prefix through their TUN.
# Checks: ping -6 A->C through the router with the Hop Limit one lower;
# Linux traceroute -6 (UDP) shows the router, then C; tracepath -6 reports
# "pmtu 1280" (the router's Packet Too Big: IPv6 routers never fragment);
# a 1400-octet ping -6 -M do... is answered after the path MTU dropped
# (the kernel re-sends in fragments); SIGTERM stops the router with exit 0
# and its counters (Ip6.OutForwDatagrams, Icmp6.OutTimeExcds,
# Icmp6.OutPktTooBigs) are above 0; the pcapng passes tshark.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
for t in ping traceroute tracepath tshark; do
	command -v $t >/dev/null 2>&1 || ik_skip "needs $t"
done
ik_ns_new NS_A a6
ik_ns_new NS_C c6
ik_ns_new NS_R r6
PCAP=$IK_TMP/router6.pcapng
ik_start_icmpkit "$NS_R" router6 router \
	--iface "tun:ik6a,addr6=2001:db8:1::1/64,netns=$NS_A" \
	--iface "tun:ik6c,addr6=2001:db8:2::1/64,mtu=1280,netns=$NS_C" \
	--set icmpv6_ratelimit=0 --pcap "$PCAP" --duration 120 || exit 1
RPID=$IK_HOST_PID
ip -n "$NS_A" -6 route add 2001:db8:2::/64 dev ik6a
ip -n "$NS_C" -6 route add 2001:db8:1::/64 dev ik6c

out=$(ip netns exec "$NS_A" ping -6 -n -c 2 -i 0.2 -W 2 2001:db8:2::2 2>&1)
ik_check "ping -6 A->C through the router" grep -q " 2 received" <<<"$out"
ik_check "the reply's hop limit is one lower (63)" grep -q "ttl=63" <<<"$out"

out=$(ip netns exec "$NS_A" traceroute -6 -n -q 1 -w 2 -m 4 2001:db8:2::2 2>&1)
echo "$out" | sed 's/^/#   /'
ik_check "traceroute -6: hop 1 is the router" grep -qE "^ *1 +2001:db8:1::1 " <<<"$out"
ik_check "traceroute -6: hop 2 is C" grep -qE "^ *2 +2001:db8:2::2 " <<<"$out"

out=$(ip netns exec "$NS_A" tracepath -6 -n -m 4 2001:db8:2::2 2>&1)
echo "$out" | sed 's/^/#   /'
ik_check "tracepath -6 reports pmtu 1280" grep -q "pmtu 1280" <<<"$out"

out=$(ip netns exec "$NS_A" ping -6 -n -c 2 -i 0.3 -W 2 -s 1400 2001:db8:2::2 2>&1)
ik_check "a 1400-octet ping -6 is answered through the 1280 link (fragments after Packet Too Big)" \
	grep -q " received" <<<"$out"

ik_check "SIGTERM stops the router with exit 0" ik_stop_host "$RPID" router6
for c in Ip6.OutForwDatagrams Icmp6.OutTimeExcds Icmp6.OutPktTooBigs; do
	v=$(awk -v k="$c" '$1 == k { print $2 }' "$IK_TMP/router6.out")
	ik_check "$c ${v:-0} > 0" test "${v:-0}" -gt 0
done
ik_check "tshark passes the router's pcapng" ik_pcap_check "$PCAP"
ik_finish
