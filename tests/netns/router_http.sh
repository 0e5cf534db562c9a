#!/bin/bash
# router_http.sh - 10 MB over HTTP through A — R1 — R2 — C (router_lib.sh)
# with the 1280-octet middle link, done by path MTU discovery.
#
# Usage: router_http.sh PATH_TO_ICMPKIT     (IKR_VARIANTS to choose variants)
#
# C serves a 10 MB random file (http_peer.py serve, bound to C's address);
# A downloads it with curl (C sends: R2 is the router before the narrow
# link) and uploads it back with PUT (A sends: R1 is), each bounded by
# --max-time. Checks, per chain variant:
#   - the SHA-256 of what arrived matches, both ways;
#   - no MSS clamping: no iptables/nft rule in any namespace (when the
#     tools are installed at all), A's and C's interfaces have MTU 1500, and
#     both SYNs carry MSS 1460 (capture on A and on C);
#   - PMTUD did it: the capture on the sender holds an ICMP Destination
#     Unreachable code 4 with next-hop MTU 1280 from the router before the
#     narrow link (R2 203.0.113.1 at C, R1 192.0.2.1 at A); afterwards
#     `ip route get` in the sender's namespace shows the cached "mtu 1280";
#     no TCP datagram larger than 1280 octets reached the receiver;
#   - an icmpkit router stops with exit 0 and its --pcap opens in tshark
#     with nothing malformed and every checksum good.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/router_lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v curl >/dev/null || ik_skip "curl not installed"
command -v tshark >/dev/null || ik_skip "tshark not installed"
PY=/usr/bin/python3
PEER="$IK_LIBDIR/http_peer.py"
PORT=8000
FILE="$IK_TMP/10M.bin"
head -c 10485760 /dev/urandom >"$FILE"
SUM=$(sha256sum "$FILE" | cut -d' ' -f1)

# show_fail MSG FILE... - print MSG and the files, return 1
show_fail() {
	echo "#   $1"
	shift
	sed 's/^/#     /' "$@"
	return 1
}

# no_clamping - no packet filter rule in any namespace of the chain
no_clamping() {
	local ns r
	for ns in "${IKR_NS_ALL[@]}"; do
		if command -v iptables-save >/dev/null; then
			r=$(ip netns exec "$ns" iptables-save 2>/dev/null | grep -v '^[#*:]\|^COMMIT')
			[ -z "$r" ] || { echo "#   iptables rules in $ns: $r"; return 1; }
		fi
		if command -v nft >/dev/null; then
			r=$(ip netns exec "$ns" nft list ruleset 2>/dev/null)
			[ -z "$r" ] || { echo "#   nft rules in $ns: $r"; return 1; }
		fi
	done
}

mtu_is() { # mtu_is NS DEV N
	ip -n "$1" link show "$2" | grep -q " mtu $3 "
}

# syn_mss PCAP - the first connection's SYN and SYN+ACK carry MSS 1460
syn_mss() {
	local got
	got=$(tshark -n -r "$1" -Y 'tcp.flags.syn == 1' -T fields -e tcp.flags.ack \
		-e tcp.options.mss_val 2>/dev/null | head -2)
	[ "$got" = "$(printf '0\t1460\n1\t1460')" ] || show_fail "SYNs (ack, mss): $got" /dev/null
}

# frag_needed PCAP FROM - an ICMP 3/4 with next-hop MTU 1280 from FROM
frag_needed() {
	local got
	got=$(tshark -n -r "$1" -Y 'icmp.type == 3 && icmp.code == 4' -T fields -E occurrence=f -e ip.src \
		-e icmp.mtu 2>/dev/null | sort -u)
	[ "$got" = "$(printf '%s\t1280' "$2")" ] || show_fail "Frag Needed (src, mtu): '$got'" /dev/null
}

pmtu_cached() { # pmtu_cached NS DST
	local r
	r=$(ip -n "$1" route get "$2")
	grep -q "mtu 1280" <<<"$r" || show_fail "ip route get $2: $r" /dev/null
}

max_in_le() { # max_in_le SNIFFLOG N
	local m
	m=$(sed -n 's/^max-tcp-in \([0-9]*\) .*/\1/p' "$1")
	[ -n "$m" ] && [ "$m" -gt 0 ] && [ "$m" -le "$2" ] || show_fail "largest TCP datagram in: '$m'" "$1"
}

max_out_is() { # max_out_is SNIFFLOG N
	local m
	m=$(sed -n 's/^max-tcp-in [0-9]* max-tcp-out \([0-9]*\) .*/\1/p' "$1")
	[ "$m" = "$2" ] || show_fail "largest TCP datagram out: '$m'" "$1"
}

run_variant() {
	local v=$1 got k
	ikr_chain_up "$v" || { ik_fail "$v: chain up"; ikr_chain_down; return; }
	ik_check "$v: no packet filter (no MSS clamping) in any namespace" no_clamping
	ik_check "$v: A's and C's interfaces have MTU 1500" \
		eval 'mtu_is "$IKR_NS_A" $IKR_IF_A 1500 && mtu_is "$IKR_NS_C" $IKR_IF_C 1500'
	ikr_bg "$IKR_NS_C" "server-$v" $PY "$PEER" serve $IKR_C $PORT "$FILE"
	ikr_bg "$IKR_NS_A" "sniff-A-$v" $PY "$PEER" sniff $IKR_IF_A "$IK_TMP/$v-A.pcap"
	local sniff_a=$IKR_BG_PID
	ikr_bg "$IKR_NS_C" "sniff-C-$v" $PY "$PEER" sniff $IKR_IF_C "$IK_TMP/$v-C.pcap"
	local sniff_c=$IKR_BG_PID
	for k in "server-$v" "sniff-A-$v" "sniff-C-$v"; do
		ikr_wait_line "$IK_TMP/$k.log" '^ready' 5 || ik_fail "$v: $k did not start"
	done

	ip netns exec "$IKR_NS_A" timeout 40 curl -sS --max-time 30 -o "$IK_TMP/$v-got.bin" \
		"http://$IKR_C:$PORT/" 2>"$IK_TMP/$v-curl-get.err"
	got=$(sha256sum "$IK_TMP/$v-got.bin" 2>/dev/null | cut -d' ' -f1)
	ik_check "$v: download C->A: SHA-256 matches" test "$got" = "$SUM" ||
		sed 's/^/#   /' "$IK_TMP/$v-curl-get.err"
	rm -f "$IK_TMP/$v-got.bin"
	ik_check "$v: C caches path MTU 1280 to A (ip route get)" pmtu_cached "$IKR_NS_C" $IKR_A
	# forget the path MTU, or C's SYN+ACK would advertise MSS 1240 and A
	# would never send a segment too big
	ip -n "$IKR_NS_C" route flush cache
	ip -n "$IKR_NS_A" route flush cache
	got=$(ip netns exec "$IKR_NS_A" timeout 40 curl -sS --max-time 30 -T "$FILE" \
		"http://$IKR_C:$PORT/" 2>"$IK_TMP/$v-curl-put.err")
	ik_check "$v: upload A->C: SHA-256 matches" test "$got" = "$SUM" ||
		sed 's/^/#   /' "$IK_TMP/$v-curl-put.err"

	kill -TERM "$sniff_a" "$sniff_c" 2>/dev/null
	ikr_wait_line "$IK_TMP/sniff-A-$v.log" '^max-tcp-in' 3
	ikr_wait_line "$IK_TMP/sniff-C-$v.log" '^max-tcp-in' 3

	ik_check "$v: SYN and SYN+ACK carry MSS 1460 (seen at A)" syn_mss "$IK_TMP/$v-A.pcap"
	ik_check "$v: SYN and SYN+ACK carry MSS 1460 (seen at C)" syn_mss "$IK_TMP/$v-C.pcap"
	ik_check "$v: C (download sender) got Frag Needed, MTU 1280, from R2 $IKR_R2C" \
		frag_needed "$IK_TMP/$v-C.pcap" $IKR_R2C
	ik_check "$v: A (upload sender) got Frag Needed, MTU 1280, from R1 $IKR_R1A" \
		frag_needed "$IK_TMP/$v-A.pcap" $IKR_R1A
	ik_check "$v: A caches path MTU 1280 to C (ip route get)" pmtu_cached "$IKR_NS_A" $IKR_C
	ik_check "$v: C sent 1500-octet TCP datagrams (MSS 1460) before PMTUD" \
		max_out_is "$IK_TMP/sniff-C-$v.log" 1500
	ik_check "$v: A sent 1500-octet TCP datagrams (MSS 1460) before PMTUD" \
		max_out_is "$IK_TMP/sniff-A-$v.log" 1500
	ik_check "$v: no TCP datagram over 1280 octets reached A" \
		max_in_le "$IK_TMP/sniff-A-$v.log" 1280
	ik_check "$v: no TCP datagram over 1280 octets reached C" \
		max_in_le "$IK_TMP/sniff-C-$v.log" 1280

	ik_check "$v: the captures at A and C: tshark finds nothing malformed, checksums good" \
		/usr/bin/python3 "$IK_LIBDIR/pcap_check.py" --fields --min 3 "$IK_TMP/$v-A.pcap" "$IK_TMP/$v-C.pcap"

	ikr_chain_down
	for k in 1 2; do
		local kind="IKR_KIND_R$k" pcap="IKR_PCAP_R$k"
		[ "${!kind}" = icmpkit ] || continue
		ik_check "$v: R$k's --pcap: tshark finds nothing malformed, checksums good" \
			timeout 120 /usr/bin/python3 "$IK_LIBDIR/pcap_check.py" --fields --tcp --tcp-data --min 1000 "${!pcap}"
	done
}

while read -r v; do
	run_variant "$v"
done < <(ikr_variants)
ik_finish
