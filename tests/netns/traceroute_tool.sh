#!/bin/bash
# traceroute_tool.sh - `icmpkit traceroute` through the chain A — R1 — R2 — C
# (router_lib.sh), beside Linux's traceroute in the same run.
#
# Usage: traceroute_tool.sh PATH_TO_ICMPKIT   (IKR_VARIANTS="linux,linux ..."
#                                             to choose the chain variants)
#
# For each chain variant, from A (RFC 5737 addresses, no default route,
# every probe bounded by -m 5 and -w 1):
#   - UDP, -I and -T -p 8080 (a TCP listener on C): `icmpkit traceroute -n`
#     prints the same hop addresses as `traceroute -n`, three hops, the last
#     one C; its --json objects parse and list the same hops, and its
#     summary says the destination was reached;
#   - --pcap: tshark finds every packet well formed, checksums good, and
#     the probes one flow (UDP ports; ICMP checksum and Identifier; TCP
#     ports the same), each with its own key (UDP checksum, ICMP sequence,
#     TCP sequence);
#   - --mtu (UDP and -I): F=1500 at hop 1, F=1280 at hop 2 (R1's Frag
#     Needed before the 1280 link), the same marks as traceroute --mtu;
#   - --report (-c 3): the hops and 0.0% loss mtr -n -r -c 3 reports, in
#     its columns; --report --json: mtr's "hubs"; with R2 silent, hop 2
#     "???" at 100.0% loss;
#   - -s A -i a0 gives the same hops; -s with an address A has not: exit 1;
#   - -e prints no extension (Linux routers add none) and changes no hop;
#   - with R2 a Linux router, its own ICMP blackholed (a policy rule sends
#     the ICMP it originates, iif lo and unmarked, to a blackhole route,
#     while it still forwards): hop 2 is `* * *` for both tools and hop 3 is still C;
#   - with R2 silent and a responder in its place answering as an MPLS
#     router (mpls_responder.py: Time Exceeded with an RFC 4950 label stack
#     in an RFC 4884 extension), -e prints hop 2 as traceroute -e does:
#     "198.51.100.2 <MPLS:L=100,E=0,S=1,T=1>", and --json carries it;
#   - SIGINT during a trace to an address nobody has: exit 130, promptly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/router_lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v traceroute >/dev/null || ik_skip "traceroute not installed (traceroute)"
[ -x "$ICMPKIT" ] || ik_skip "no icmpkit binary given"
PORT=8080

# hops FILE - "TTL ADDR" per hop line of traceroute's text output (the
# first address of the line, or * when the hop did not answer)
hops() {
	awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1 " " $2 }' "$1"
}

# same_hops NAME LINUX_OUT ICMPKIT_OUT EXPECTED... - both list EXPECTED
same_hops() {
	local name=$1 lx=$2 ik=$3 want
	shift 3
	want=$(for ((i = 1; i <= $#; i++)); do echo "$i ${!i}"; done)
	if [ "$(hops "$lx")" = "$want" ] && [ "$(hops "$ik")" = "$want" ]; then
		return 0
	fi
	echo "#   $name: expected:"
	printf '%s\n' "$want" | sed 's/^/#     /'
	echo "#   traceroute said:"
	sed 's/^/#     /' "$lx"
	echo "#   icmpkit traceroute said:"
	sed 's/^/#     /' "$ik"
	return 1
}

# json_hops FILE EXPECTED... - --json: every line an object; hop objects in
# order with these first addresses ("*" when none answered); a summary
# that says reached
json_hops() {
	local f=$1
	shift
	/usr/bin/python3 - "$f" "$@" <<'PY' || { sed 's/^/#     /' "$f"; return 1; }
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want = sys.argv[2:]
hops = [o for o in objs if o["type"] == "hop"]
got = []
for h in hops:
    addrs = [p["addr"] for p in h["probes"] if "addr" in p]
    got.append(addrs[0] if addrs else "*")
assert objs[0]["type"] == "start", objs[0]
assert [h["ttl"] for h in hops] == list(range(1, len(hops) + 1)), hops
assert got == want, (got, want)
s = objs[-1]
assert s["type"] == "summary" and s["reached"] is True and s["hops"] == len(want), s
PY
}

# mtu_of FILE - "TTL ADDR F=N..." per hop line: the F= marks of --mtu
mtu_of() {
	awk 'NR > 1 && $1 ~ /^[0-9]+$/ { l = $1 " " $2; for (i = 3; i <= NF; i++) if ($i ~ /^F=/) l = l " " $i; print l }' "$1"
}

# same_mtu LINUX_OUT ICMPKIT_OUT - both mark hop 1 F=1500, hop 2 F=1280
same_mtu() {
	local want
	want=$(printf '1 %s F=1500\n2 %s F=1280\n3 %s' $IKR_R1A $IKR_R2B $IKR_C)
	[ "$(mtu_of "$1")" = "$want" ] && [ "$(mtu_of "$2")" = "$want" ] && return 0
	echo "#   traceroute --mtu said:"; sed 's/^/#     /' "$1"
	echo "#   icmpkit traceroute --mtu said:"; sed 's/^/#     /' "$2"
	return 1
}

# report_of FILE - "N.|-- HOST LOSS" per hop of an mtr-style report
report_of() {
	awk '$1 ~ /^[0-9]+\.\|--$/ { print $1 " " $2 " " $3 }' "$1"
}

# same_report MTR_OUT ICMPKIT_OUT - the same hops, hosts and loss
same_report() {
	local want
	want=$(printf '1.|-- %s 0.0%%\n2.|-- %s 0.0%%\n3.|-- %s 0.0%%' $IKR_R1A $IKR_R2B $IKR_C)
	[ "$(report_of "$1")" = "$want" ] && [ "$(report_of "$2")" = "$want" ] && return 0
	echo "#   mtr -r said:"; sed 's/^/#     /' "$1"
	echo "#   icmpkit traceroute --report said:"; sed 's/^/#     /' "$2"
	return 1
}

# same_mpls LINUX_OUT ICMPKIT_OUT - hop 2 of both: R2's address and the label
same_mpls() {
	local want=" 2  $IKR_R2B <MPLS:L=100,E=0,S=1,T=1>"
	grep -q "^$want  [0-9.]* ms\$" "$1" && grep -q "^$want  [0-9.]* ms\$" "$2" && return 0
	echo "#   traceroute -e said:"; sed 's/^/#     /' "$1"
	echo "#   icmpkit traceroute -e said:"; sed 's/^/#     /' "$2"
	return 1
}

# grep_all FILE REGEX... - every REGEX matches a line of FILE
grep_all() {
	local f=$1 r
	shift
	for r in "$@"; do
		grep -q "$r" "$f" || { echo "#   no line matching '$r' in:"; sed 's/^/#     /' "$f"; return 1; }
	done
}

# one_flow METHOD PCAP - the probes in PCAP share the fields a per-flow
# load balancer hashes (UDP ports; ICMP type, code, checksum, Identifier;
# TCP ports) and differ by their key (UDP checksum, ICMP sequence, TCP
# sequence)
one_flow() {
	local filter flow key n f k
	# probes only: not the copies quoted inside the ICMP errors
	local own="ip.src == $IKR_A && !(icmp.type == 11) && !(icmp.type == 3)"
	case $1 in
	udp) filter="$own && udp" flow="-e udp.srcport -e udp.dstport" key="-e udp.checksum" ;;
	icmp) filter="$own && icmp.type == 8" flow="-e icmp.checksum -e icmp.ident" key="-e icmp.seq" ;;
	tcp) filter="$own && tcp.flags.syn == 1 && tcp.flags.ack == 0" flow="-e tcp.srcport -e tcp.dstport" key="-e tcp.seq_raw" ;;
	esac
	# shellcheck disable=SC2086
	n=$(tshark -r "$2" -Y "$filter" -T fields -e frame.number 2>/dev/null | wc -l)
	# shellcheck disable=SC2086
	f=$(tshark -r "$2" -Y "$filter" -T fields $flow 2>/dev/null | sort -u | wc -l)
	# shellcheck disable=SC2086
	k=$(tshark -r "$2" -Y "$filter" -T fields $key 2>/dev/null | sort -u | wc -l)
	[ "$n" -ge 6 ] && [ "$f" = 1 ] && [ "$k" = "$n" ] || {
		echo "#   $1: $n probes, $f distinct flows, $k distinct keys"
		return 1
	}
}

run_variant() {
	local v=$1 m mode tag lx ik
	ikr_chain_up "$v" || { ik_fail "$v: chain up"; ikr_chain_down; return; }
	A() { ip netns exec "$IKR_NS_A" "$@"; }
	ikr_bg "$IKR_NS_C" "listen-$v" /usr/bin/python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('$IKR_C', $PORT)); s.listen(16); print('listening', flush=True)
time.sleep(120)"
	ikr_wait_line "$IK_TMP/listen-$v.log" listening 5 || ik_fail "$v: TCP listener on C"

	for m in udp icmp tcp; do
		case $m in
		udp) mode=() tag="UDP" ;;
		icmp) mode=(-I) tag="-I" ;;
		tcp) mode=(-T -p $PORT) tag="-T -p $PORT" ;;
		esac
		lx="$IK_TMP/$v-$m-linux.txt"
		ik="$IK_TMP/$v-$m-icmpkit.txt"
		A timeout 20 traceroute -n "${mode[@]}" -w 1 -q 1 -m 5 $IKR_C >"$lx" 2>&1
		A timeout 30 "$ICMPKIT" traceroute -n "${mode[@]}" -w 1 -m 5 \
			--pcap "$IK_TMP/$v-$m.pcap" $IKR_C >"$ik" 2>&1
		ik_check "$v: $tag: icmpkit traceroute -n and traceroute -n list $IKR_R1A, $IKR_R2B, $IKR_C" \
			same_hops "$tag" "$lx" "$ik" $IKR_R1A $IKR_R2B $IKR_C
		ik_check "$v: $tag: header line in traceroute 2.x's form" \
			grep -q "^traceroute to $IKR_C ($IKR_C), 5 hops max, 60 byte packets\$" "$ik"
		ik_check "$v: $tag: three RTTs on every hop line" \
			test "$(grep -cE '^ [0-9]  [0-9.]+  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms$' "$ik")" = 3
		ik_check "$v: $tag: --pcap well formed, checksums good" \
			ik_pcap_check --tcp --min 6 "$IK_TMP/$v-$m.pcap"
		ik_check "$v: $tag: one flow (the hashed fields the same in every probe), probes told apart" \
			one_flow $m "$IK_TMP/$v-$m.pcap"
		A timeout 30 "$ICMPKIT" traceroute -n "${mode[@]}" -w 1 -m 5 --json $IKR_C \
			>"$IK_TMP/$v-$m.json" 2>&1
		ik_check "$v: $tag: --json lists the same hops and says reached" \
			json_hops "$IK_TMP/$v-$m.json" $IKR_R1A $IKR_R2B $IKR_C
	done
	A timeout 30 "$ICMPKIT" traceroute -n -s $IKR_A -i $IKR_IF_A -w 1 -q 1 -m 5 $IKR_C \
		>"$IK_TMP/$v-si.txt" 2>&1
	ik_check "$v: -s $IKR_A -i $IKR_IF_A: the same hops" \
		same_hops "-s -i" "$IK_TMP/$v-udp-linux.txt" "$IK_TMP/$v-si.txt" $IKR_R1A $IKR_R2B $IKR_C
	A timeout 30 "$ICMPKIT" traceroute -n -s 192.0.2.99 -w 1 -q 1 -m 5 $IKR_C \
		>"$IK_TMP/$v-s-bad.txt" 2>&1
	ik_check "$v: -s with an address A has not: exit 1, one line" \
		grep -qx "icmpkit traceroute: -s 192.0.2.99: Cannot assign requested address" "$IK_TMP/$v-s-bad.txt"
	A timeout 30 "$ICMPKIT" traceroute -n -e -w 1 -q 1 -m 5 $IKR_C >"$IK_TMP/$v-e.txt" 2>&1
	ik_check "$v: -e: same hops, no extension from routers that add none" \
		same_hops "-e" "$IK_TMP/$v-udp-linux.txt" "$IK_TMP/$v-e.txt" $IKR_R1A $IKR_R2B $IKR_C
	A timeout 30 "$ICMPKIT" traceroute -n -q 1 -w 1 -m 5 --trace $IKR_C \
		>/dev/null 2>"$IK_TMP/$v-trace.txt"
	ik_check "$v: --trace: a matching line for each of probes 1..3" \
		grep_all "$IK_TMP/$v-trace.txt" \
		"^trace: Time Exceeded (11/0) from $IKR_R1A: probe 1 (ttl 1) [0-9.]* ms\$" \
		"^trace: Time Exceeded (11/0) from $IKR_R2B: probe 2 (ttl 2) [0-9.]* ms\$" \
		"^trace: Destination Unreachable (3/3) from $IKR_C: probe 3 (ttl 3) [0-9.]* ms, final\$"

	# --mtu: F=1500 at hop 1, F=1280 from R1's Frag Needed at hop 2, as
	# traceroute --mtu says (the kernel's path MTU cache flushed before each)
	for m in udp icmp; do
		[ $m = udp ] && mode=() || mode=(-I)
		A ip route flush cache
		A timeout 20 traceroute -n --mtu "${mode[@]}" -w 1 -q 1 -m 5 $IKR_C >"$IK_TMP/$v-mtu-$m-linux.txt" 2>&1
		A ip route flush cache
		A timeout 30 "$ICMPKIT" traceroute -n --mtu "${mode[@]}" -w 1 -m 5 $IKR_C \
			>"$IK_TMP/$v-mtu-$m.txt" 2>&1
		ik_check "$v: --mtu ${mode[*]:-(UDP)}: F=1500 at hop 1 and F=1280 at hop 2, as traceroute --mtu" \
			same_mtu "$IK_TMP/$v-mtu-$m-linux.txt" "$IK_TMP/$v-mtu-$m.txt"
	done

	# --report: the hops and the loss of mtr -r, in mtr's columns
	if command -v mtr >/dev/null; then
		A timeout 20 mtr -n -r -c 3 -i 0.2 $IKR_C >"$IK_TMP/$v-mtr.txt" 2>&1
		A timeout 30 "$ICMPKIT" traceroute -n --report --report-cycles 3 -w 1 -m 5 $IKR_C \
			>"$IK_TMP/$v-report.txt" 2>&1
		ik_check "$v: --report: the hops and 0.0% loss of mtr -n -r -c 3" \
			same_report "$IK_TMP/$v-mtr.txt" "$IK_TMP/$v-report.txt"
		A timeout 30 "$ICMPKIT" traceroute -n --report --report-cycles 3 -w 1 -m 5 --json $IKR_C \
			>"$IK_TMP/$v-report.json" 2>&1
		ik_check "$v: --report --json: mtr's hubs, 3 sent and 0 lost per hop" \
			/usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['report']
assert r['mtr']['tests'] == 3, r
assert [h['host'] for h in r['hubs']] == sys.argv[2:], r
assert all(h['Snt'] == 3 and h['Loss%'] == 0 and h['Best'] <= h['Avg'] <= h['Wrst'] for h in r['hubs']), r
" "$IK_TMP/$v-report.json" $IKR_R1A $IKR_R2B $IKR_C
	else
		echo "# SKIP --report beside mtr: mtr not installed (mtr-tiny)"
	fi

	if [ "$IKR_KIND_R2" = linux ]; then
		# R2 originates nothing from 198.51.100.2 any more; it still forwards
		ip -n "$IKR_NS_R2" route add blackhole default table 100 &&
			ip -n "$IKR_NS_R2" rule add iif lo ipproto icmp fwmark 0/0xffffffff lookup 100 pref 100
		lx="$IK_TMP/$v-silent-linux.txt"
		ik="$IK_TMP/$v-silent-icmpkit.txt"
		A timeout 20 traceroute -n -w 1 -q 1 -m 5 $IKR_C >"$lx" 2>&1
		A timeout 30 "$ICMPKIT" traceroute -n -w 1 -m 5 $IKR_C >"$ik" 2>&1
		ik_check "$v: R2 silent: hop 2 is * for both tools, hop 3 still C" \
			same_hops "silent" "$lx" "$ik" $IKR_R1A '*' $IKR_C
		ik_check "$v: R2 silent: icmpkit prints ' 2  * * *'" grep -qx ' 2  \* \* \*' "$ik"
		A timeout 30 "$ICMPKIT" traceroute -n -w 1 -m 5 --json $IKR_C >"$IK_TMP/$v-silent.json" 2>&1
		ik_check "$v: R2 silent: --json hop 2 has no address" \
			json_hops "$IK_TMP/$v-silent.json" $IKR_R1A '*' $IKR_C
		A timeout 30 "$ICMPKIT" traceroute -n --report --report-cycles 2 -w 1 -m 5 $IKR_C \
			>"$IK_TMP/$v-silent-report.txt" 2>&1
		ik_check "$v: R2 silent: --report hop 2 is ??? with 100.0% loss" \
			grep_all "$IK_TMP/$v-silent-report.txt" '^  2\.|-- ??? *100\.0% ' "^  3\.|-- $IKR_C *0\.0% "
		# an MPLS router's answer in R2's place: -e prints its label stack as
		# traceroute -e does
		ikr_bg "$IKR_NS_R2" "mpls-$v" /usr/bin/python3 "$IK_LIBDIR/mpls_responder.py" r2b $IKR_R2B 100
		if ikr_wait_line "$IK_TMP/mpls-$v.log" ready 5; then
			A timeout 20 traceroute -n -e -w 1 -q 1 -m 5 $IKR_C >"$IK_TMP/$v-mpls-linux.txt" 2>&1
			A timeout 30 "$ICMPKIT" traceroute -n -e -w 1 -q 1 -m 5 $IKR_C \
				>"$IK_TMP/$v-mpls.txt" 2>&1
			ik_check "$v: -e: hop 2 '$IKR_R2B <MPLS:L=100,E=0,S=1,T=1>', as traceroute -e prints it" \
				same_mpls "$IK_TMP/$v-mpls-linux.txt" "$IK_TMP/$v-mpls.txt"
			A timeout 30 "$ICMPKIT" traceroute -n -e -w 1 -q 1 -m 5 --json $IKR_C \
				>"$IK_TMP/$v-mpls.json" 2>&1
			ik_check "$v: -e --json: hop 2's extensions" grep -q \
				'"ttl":2,"probes":\[{"addr":"198.51.100.2","rtt_ms":[0-9.]*,"extensions":"<MPLS:L=100,E=0,S=1,T=1>"' \
				"$IK_TMP/$v-mpls.json"
		else
			ik_fail "$v: MPLS responder in R2"
		fi
		kill "$IKR_BG_PID" 2>/dev/null
		ip -n "$IKR_NS_R2" rule del pref 100
	fi

	# SIGINT while waiting on an address nothing answers (no host on C's
	# link has it: R2's neighbour resolution fails only after seconds)
	ip netns exec "$IKR_NS_A" "$ICMPKIT" traceroute -n -w 5 -m 3 203.0.113.99 \
		>"$IK_TMP/$v-int.txt" 2>&1 &
	local pid=$! rc t0=$SECONDS
	IK_PIDS+=("$pid")
	sleep 0.5
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	ik_check "$v: SIGINT: exit 130 within a second (rc $rc)" test "$rc" = 130 -a $((SECONDS - t0)) -le 2

	ikr_chain_down
}

while read -r v; do
	run_variant "$v"
done < <(ikr_variants)
ik_finish
