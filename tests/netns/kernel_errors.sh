#!/bin/bash
# kernel_errors.sh - the stack's own sockets receive ICMP errors generated
# by the Linux kernel and map them as CONFORMANCE R1-R5 says (issue #4 item 8).
#
# Usage: kernel_errors.sh PATH_TO_STACK_CLIENT
#
# One namespace: a TUN (the stack's link, kernel side 192.0.2.1/24), a veth
# pair with 198.51.100.1/24 and MTU 1280 (the kernel's onward hop),
# ip_forward=1, an "unreachable" route 203.0.113.0/26 and a "prohibit" route
# 203.0.113.128/26; 203.0.113.192/26 has no route. stack_client runs the
# stack on the TUN and checks each error; its pcap is then judged by tshark.
. "$(dirname "$0")/lib.sh"

CLIENT=${1:-}
ICMPKIT=$CLIENT # lib.sh checks that the program exists
ik_require_root
command -v tshark >/dev/null || ik_skip "tshark not installed (the capture is judged by it)"

ik_ns_new NS kerr || exit 1
TUN=ikc0
set -e
ip -n "$NS" tuntap add dev $TUN mode tun
ip -n "$NS" addr add 192.0.2.1/24 dev $TUN
ip -n "$NS" link set $TUN mtu 1500 up
# the onward hop: a veth pair whose far end is up with no address, so what
# the kernel forwards there (to MAC addresses nobody has) is dropped quietly
# (a dummy device would do, but not every kernel has the module)
ip -n "$NS" link add ikd0 type veth peer name ikd1
ip -n "$NS" addr add 198.51.100.1/24 dev ikd0
ip -n "$NS" link set ikd0 mtu 1280 up
ip -n "$NS" link set ikd1 mtu 1280 up
ip -n "$NS" neigh add 198.51.100.2 lladdr 02:00:5e:00:53:02 dev ikd0 nud permanent
ip -n "$NS" neigh add 198.51.100.3 lladdr 02:00:5e:00:53:03 dev ikd0 nud permanent
ip -n "$NS" route add unreachable 203.0.113.0/26
ip -n "$NS" route add prohibit 203.0.113.128/26
ip netns exec "$NS" sysctl -qw net.ipv4.ip_forward=1
# the kernel's per-destination ICMP rate limit would make the client wait
# for tokens between its probes; it resends, but this keeps the run short
ip netns exec "$NS" sysctl -qw net.ipv4.icmp_ratelimit=0
ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$TUN.disable_ipv6=1" 2>/dev/null || true
set +e

echo "# namespace $NS:"
ip -n "$NS" -4 route show table main | sed 's/^/#   /'

PCAP="$IK_TMP/kernel_errors.pcap"
ip netns exec "$NS" timeout 120 "$CLIENT" $TUN "$PCAP"
rc=$?
case $rc in
0) ik_ok "stack_client: every kernel-generated error mapped as CONFORMANCE says" ;;
*) ik_fail "stack_client exited $rc" ;;
esac

# the kernel's own counters agree that it sent these errors
snmp=$(ip netns exec "$NS" cat /proc/net/snmp)
out_du=$(echo "$snmp" | awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 } else print $n["OutDestUnreachs"] }')
out_te=$(echo "$snmp" | awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 } else print $n["OutTimeExcds"] }')
echo "# kernel Icmp OutDestUnreachs $out_du OutTimeExcds $out_te"
ik_check "the kernel counted Destination Unreachables it sent (${out_du:-?} >= 7)" \
	test "${out_du:-0}" -ge 7
ik_check "the kernel counted Time Exceededs it sent (${out_te:-?} >= 2)" test "${out_te:-0}" -ge 2

ik_check "the client's pcap passes tshark" ik_pcap_check --udp-data --min 20 "$PCAP"
ik_finish
