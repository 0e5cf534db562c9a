#!/bin/bash
# router_path.sh - Linux's path tools through the chain A — R1 — R2 — C
# (router_lib.sh), every router either Linux or `icmpkit router`.
#
# Usage: router_path.sh PATH_TO_ICMPKIT      (IKR_VARIANTS="linux,linux ..."
#                                           to choose the chain variants)
#
# Links A-R1 192.0.2.0/24, R1-R2 198.51.100.0/24 with MTU 1280, R2-C
# 203.0.113.0/24; static routes both ways, no default route. For each chain
# variant, from A:
#   - `ping -M do -s 1400 -c 1 C` prints "Frag needed and DF set (mtu = 1280)"
#     from R1's inbound address 192.0.2.1 (the router before the 1280 link);
#     run first, while A has no path MTU cached yet;
#   - `traceroute -n` (UDP, -I, -T -p 8080 to a TCP listener on C) lists
#     hop 1 192.0.2.1 (R1 inbound), hop 2 198.51.100.2 (R2 inbound), hop 3 C
#     and nothing after;
#   - `mtr -n -r -c 3` lists the same three hops, none lost;
#   - `tracepath -n C` reports "pmtu 1280" (after `ip route flush cache`);
#   - and from C back to A: traceroute -n lists R2 203.0.113.1, R1
#     198.51.100.1, A;
#   - an icmpkit router stops on SIGTERM with exit 0, and its --pcap opens
#     in tshark with nothing malformed and every IP/ICMP/UDP/TCP checksum
#     good (pcap_check.py --tcp).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/router_lib.sh"

ICMPKIT=${1:-}
ik_require_root
for t in traceroute mtr tracepath ping; do
	command -v $t >/dev/null || ik_skip "$t not installed (traceroute mtr-tiny iputils-tracepath iputils-ping)"
done
PORT=8080

# listed_ok TOOL FILE WANT GOT - GOT (read from TOOL's output FILE) is WANT,
# or both are shown
listed_ok() {
	[ "$4" = "$3" ] && return 0
	echo "#   expected:"
	printf '%s\n' "$3" | sed 's/^/#     /'
	echo "#   $1 said:"
	sed 's/^/#     /' "$2"
	return 1
}

# hops_ok FILE HOP1 HOP2 HOP3 - traceroute's output lists exactly these hops
hops_ok() {
	local f=$1
	shift
	listed_ok traceroute "$f" "$(printf '1 %s\n2 %s\n3 %s' "$@")" \
		"$(awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 " " $2 }' "$f")"
}

# mtr_ok FILE HOP1 HOP2 HOP3 - mtr's report lists these hops, 0.0% loss
mtr_ok() {
	local f=$1
	shift
	listed_ok mtr "$f" "$(printf '1 %s 0.0%%\n2 %s 0.0%%\n3 %s 0.0%%' "$@")" \
		"$(awk '$1 ~ /^[0-9]+\.\|--$/ { sub(/\..*/, "", $1); print $1 " " $2 " " $3 }' "$f")"
}

# grep_show FILE REGEX - grep -q, showing FILE when it does not match
grep_show() {
	grep -q "$2" "$1" || {
		echo "#   no line matching '$2' in:"
		sed 's/^/#     /' "$1"
		return 1
	}
}

run_variant() {
	local v=$1 A C out
	ikr_chain_up "$v" || { ik_fail "$v: chain up"; ikr_chain_down; return; }
	A() { ip netns exec "$IKR_NS_A" "$@"; }
	C() { ip netns exec "$IKR_NS_C" "$@"; }
	# an open TCP port on C for traceroute -T
	ikr_bg "$IKR_NS_C" "listen-$v" /usr/bin/python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('$IKR_C', $PORT)); s.listen(16); print('listening', flush=True)
time.sleep(120)"
	ikr_wait_line "$IK_TMP/listen-$v.log" listening 5 || ik_fail "$v: TCP listener on C"

	out="$IK_TMP/$v-ping.txt"
	A timeout 10 ping -n -M do -s 1400 -c 1 -W 2 $IKR_C >"$out" 2>&1
	ik_check "$v: ping -M do -s 1400: Frag needed (mtu = 1280) from R1 $IKR_R1A" \
		grep_show "$out" "^From $IKR_R1A icmp_seq=1 Frag needed and DF set (mtu = 1280)"

	out="$IK_TMP/$v-tr-udp.txt"
	A timeout 20 traceroute -n -w 1 -q 1 -m 5 $IKR_C >"$out" 2>&1
	ik_check "$v: traceroute (UDP) A->C: $IKR_R1A, $IKR_R2B, $IKR_C" \
		hops_ok "$out" $IKR_R1A $IKR_R2B $IKR_C
	out="$IK_TMP/$v-tr-icmp.txt"
	A timeout 20 traceroute -n -I -w 1 -q 1 -m 5 $IKR_C >"$out" 2>&1
	ik_check "$v: traceroute -I (ICMP echo) A->C: $IKR_R1A, $IKR_R2B, $IKR_C" \
		hops_ok "$out" $IKR_R1A $IKR_R2B $IKR_C
	out="$IK_TMP/$v-tr-tcp.txt"
	A timeout 20 traceroute -n -T -p $PORT -w 1 -q 1 -m 5 $IKR_C >"$out" 2>&1
	ik_check "$v: traceroute -T -p $PORT (TCP SYN) A->C: $IKR_R1A, $IKR_R2B, $IKR_C" \
		hops_ok "$out" $IKR_R1A $IKR_R2B $IKR_C
	out="$IK_TMP/$v-tr-back.txt"
	C timeout 20 traceroute -n -w 1 -q 1 -m 5 $IKR_A >"$out" 2>&1
	ik_check "$v: traceroute (UDP) C->A: $IKR_R2C, $IKR_R1B, $IKR_A" \
		hops_ok "$out" $IKR_R2C $IKR_R1B $IKR_A

	out="$IK_TMP/$v-mtr.txt"
	A timeout 20 mtr -n -r -c 3 -i 0.2 $IKR_C >"$out" 2>&1
	ik_check "$v: mtr -n -r -c 3: $IKR_R1A, $IKR_R2B, $IKR_C, no loss" \
		mtr_ok "$out" $IKR_R1A $IKR_R2B $IKR_C

	A ip route flush cache
	out="$IK_TMP/$v-tracepath.txt"
	A timeout 20 tracepath -n -m 5 $IKR_C >"$out" 2>&1
	ik_check "$v: tracepath -n: pmtu 1280" grep_show "$out" "Resume: pmtu 1280 "
	ik_check "$v: tracepath: hop 3 reached C" grep_show "$out" "^ *3: *$IKR_C "

	local k
	ikr_chain_down
	for k in 1 2; do
		local kind="IKR_KIND_R$k" pcap="IKR_PCAP_R$k"
		[ "${!kind}" = icmpkit ] || continue
		ik_check "$v: R$k's --pcap: tshark finds nothing malformed, checksums good" \
			ikr_pcap_check --min 20 "${!pcap}"
	done
}

while read -r v; do
	run_variant "$v"
done < <(ikr_variants)
ik_finish
