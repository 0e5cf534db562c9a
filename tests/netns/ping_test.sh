#!/bin/bash
# ping_test.sh - iputils ping against `icmpkit host` (issue #4 item 5).
#
# Usage: ping_test.sh PATH_TO_ICMPKIT
#
# One namespace, the stack at 192.0.2.2/24 on a TUN, the kernel at 192.0.2.1.
# Run 1 (defaults): payload sizes 0 8 56 1472 1473 8000 65507, each with
# -M do and -M dont, three echoes each: every reply arrives with TTL 64 and
# ping finds nothing wrong with its data; with -M do above the 1500 MTU the
# kernel refuses to send ("message too long"), which is right. ping -R gets
# the stack's address in the Record Route option; ping -T tsonly/tsandaddr
# gets the stack's timestamp (ms since midnight UT, within a second of the
# kernel's) and address in the Timestamp option; ping -b to 192.0.2.255
# gets no reply (icmp_echo_ignore_broadcasts=1). Run 2 with --set
# ip_default_ttl=77 --set icmp_echo_ignore_broadcasts=0: replies carry TTL
# 77, and the broadcast ping is answered. The captures (--pcap) are then
# checked: each request has one reply with the same identifier, sequence
# and data (echo_check.py), and tshark finds nothing malformed
# (pcap_check.py).
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root
command -v ping >/dev/null || ik_skip "iputils ping not installed"
command -v tshark >/dev/null || ik_skip "tshark not installed"

STACK=192.0.2.2
BCAST=192.0.2.255
SIZES="0 8 56 1472 1473 8000 65507"
PMTU_MODES="do dont" # ping -M
MTU=1500

ik_ns_new NS ping || exit 1

# ping_run OUT ARGS... - run ping inside the namespace, bounded; output in
# $IK_TMP/OUT, exit status in PING_RC
ping_run() {
	local out="$IK_TMP/$1"
	shift
	ip netns exec "$NS" timeout 40 ping -n "$@" >"$out" 2>&1
	PING_RC=$?
	PING_OUT=$out
	# every reply ping got, to compare with the host's Icmp.OutEchoReps
	local n
	n=$(sed -n 's/.* transmitted, \([0-9]*\) received.*/\1/p' "$out" | head -1)
	RECEIVED=$((RECEIVED + ${n:-0}))
}
RECEIVED=0

# replies_ok N SIZE TTL - PING_OUT has N reply lines of SIZE+8 octets from
# the stack with TTL, and no DUP or wrong data byte
replies_ok() {
	local n=$1 bytes=$(($2 + 8)) ttl=$3 got
	got=$(grep -c "^$bytes bytes from $STACK: icmp_seq=[0-9]* ttl=$ttl\b" "$PING_OUT")
	[ "$got" -eq "$n" ] &&
		grep -q "$n packets transmitted, $n received" "$PING_OUT" &&
		! grep -qi "DUP!\|wrong data\|wrong total length" "$PING_OUT" || {
		sed 's/^/#   /' "$PING_OUT"
		return 1
	}
}

# msgsize_ok - PING_OUT says the kernel refused locally, and nothing came back
msgsize_ok() {
	[ "$PING_RC" -ne 0 ] && grep -qi "message too long" "$PING_OUT" &&
		! grep -q "bytes from" "$PING_OUT" || {
		sed 's/^/#   /' "$PING_OUT"
		return 1
	}
}

# counter FILE NAME - a counter from the host's exit report ("Icmp.InEchos 3"
# lines, or "Icmp.InEchos: 3"), 0 when absent
counter() {
	awk -v n="$2" '{ sub(/:$/, "", $1) } $1 == n { print $2; f = 1; exit } END { if (!f) print 0 }' "$1"
}

#
# Run 1: defaults
#
PCAP1="$IK_TMP/ping1.pcap"
ik_start_host "$NS" host1 --tun ikp0 --addr $STACK/24 --pcap "$PCAP1" --duration 300 || {
	ik_fail "icmpkit host starts and prints ready:"
	ik_finish
}
H1=$IK_HOST_PID
for s in $SIZES; do
	for m in $PMTU_MODES; do
		ping_run "s$s-$m" -c 3 -i 0.2 -W 2 -w 15 -s "$s" -M "$m" $STACK
		if [ "$m" = "do" ] && [ $((s + 28)) -gt $MTU ]; then
			ik_check "ping -s $s -M do: kernel refuses locally (message too long)" msgsize_ok
		else
			ik_check "ping -s $s -M $m: 3 replies, TTL 64, data intact" replies_ok 3 "$s" 64
		fi
	done
done

# Record Route: the stack's address is in the option of the reply
ping_run rr -R -c 3 -i 0.2 -W 2 -w 15 $STACK
rr_ok() {
	replies_ok 3 56 64 || return 1
	# the RR: block of the first reply lists the stack's address
	awk '/^RR:/ { on = 1 } on && /^[[:space:]]*$/ { on = 0 } on' "$PING_OUT" | grep -q "\b$STACK\b" || {
		sed 's/^/#   /' "$PING_OUT"
		return 1
	}
}
ik_check "ping -R: 3 replies, the stack's address $STACK in the record route" rr_ok
awk '/^RR:/ { on = 1 } on && /^[[:space:]]*$/ { on = 0 } on' "$PING_OUT" | sed 's/^/#   /'

# Timestamp option (CONFORMANCE E4): the stack adds its entry, in ms since
# midnight UT, so ping shows it within a second of the kernel's (ping prints
# each entry after the first relative to the one before)
ts_first_block() {
	awk '/^TS:/ { on = 1 } on && /^[[:space:]]*$/ { exit } on' "$PING_OUT"
}
ts_ok() {
	local rel
	replies_ok 2 56 64 || return 1
	# second entry: the stack's, relative to the kernel's
	rel=$(ts_first_block | sed -n 2p | awk '{ print $NF }')
	[ -n "$rel" ] && [ "$rel" -eq "$rel" ] 2>/dev/null &&
		{ [ "${rel#-}" -le 1000 ] || [ $((86400000 - ${rel#-})) -le 1000 ]; } || {
		echo "#   the stack's timestamp is ${rel:-missing} ms from the kernel's"
		ts_first_block | sed 's/^/#   /'
		return 1
	}
}
ping_run ts -T tsonly -c 2 -i 0.2 -W 2 -w 15 $STACK
ik_check "ping -T tsonly: 2 replies, the stack's timestamp within 1 s of the kernel's" ts_ok
ping_run tsa -T tsandaddr -c 2 -i 0.2 -W 2 -w 15 $STACK
tsa_ok() {
	replies_ok 2 56 64 && ts_first_block | grep -q "\b$STACK\b" || {
		sed 's/^/#   /' "$PING_OUT"
		return 1
	}
}
ik_check "ping -T tsandaddr: 2 replies, the stack's address in the timestamp option" tsa_ok

# broadcast: ignored by default (CONFORMANCE E3)
ping_run bcast1 -b -c 3 -i 0.2 -W 1 -w 4 $BCAST
bcast_none() {
	# (with -w, ping goes on sending until the deadline when nothing comes back)
	grep -q "packets transmitted, 0 received" "$PING_OUT" && ! grep -q "bytes from" "$PING_OUT" || {
		sed 's/^/#   /' "$PING_OUT"
		return 1
	}
}
ik_check "ping -b $BCAST: no reply by default" bcast_none

ik_stop_host "$H1" host1
ik_check "host 1 exits 0 on SIGTERM (status $IK_HOST_RC)" test "$IK_HOST_RC" -eq 0
out_reps=$(counter "$IK_TMP/host1.out" Icmp.OutEchoReps)
ik_check "host 1 sent as many echo replies as ping received: $RECEIVED (Icmp.OutEchoReps $out_reps)" \
	test "$out_reps" -eq "$RECEIVED"
# (a reply to a broadcast echo would show up here as a reply to no request)
ik_check "capture 1: every request to $STACK answered once, same id, seq and data, TTL 64" \
	/usr/bin/python3 "$IK_LIBDIR/echo_check.py" "$PCAP1" $STACK 64
ik_check "capture 1 passes tshark" ik_pcap_check --min 40 "$PCAP1"

#
# Run 2: --set ip_default_ttl=77 --set icmp_echo_ignore_broadcasts=0
#
PCAP2="$IK_TMP/ping2.pcap"
ik_start_host "$NS" host2 --tun ikp0 --addr $STACK/24 --pcap "$PCAP2" --duration 300 \
	--set ip_default_ttl=77 --set icmp_echo_ignore_broadcasts=0 || {
	ik_fail "icmpkit host (run 2) starts and prints ready:"
	ik_finish
}
H2=$IK_HOST_PID
for s in 56 1473 8000; do
	ping_run "ttl77-$s" -c 3 -i 0.2 -W 2 -w 15 -s "$s" -M dont $STACK
	ik_check "ip_default_ttl=77: ping -s $s gets 3 replies with TTL 77" replies_ok 3 "$s" 77
done
ping_run bcast2 -b -c 3 -i 0.2 -W 2 -w 15 $BCAST
ik_check "icmp_echo_ignore_broadcasts=0: ping -b $BCAST is answered by $STACK (TTL 77)" \
	replies_ok 3 56 77
ik_stop_host "$H2" host2
ik_check "host 2 exits 0 on SIGTERM (status $IK_HOST_RC)" test "$IK_HOST_RC" -eq 0
ik_check "capture 2: every request (incl. broadcast) answered once, same id, seq and data, TTL 77" \
	/usr/bin/python3 "$IK_LIBDIR/echo_check.py" --bcast $BCAST "$PCAP2" $STACK 77
ik_check "capture 2 passes tshark" ik_pcap_check --min 20 "$PCAP2"
ik_finish
