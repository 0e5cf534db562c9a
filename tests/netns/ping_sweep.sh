#!/bin/bash
# ping_sweep.sh - `icmpkit ping` over many targets (fping's mode) against
# a Linux namespace that answers every address of two /24s.
#
# Usage: ping_sweep.sh PATH_TO_ICMPKIT
#
# Namespace A (the sweeper, 198.51.100.1/24) and B (198.51.100.2/24) over
# veth; B holds `local` routes for 192.0.2.0/24 and 203.0.113.0/24, so its
# kernel answers an Echo to any of their 508 host addresses, except a set
# chosen at random per run that blackhole routes in B's local table make
# drop. (RFC 5737 has three /24s and no larger block; the link takes the
# third. The sweep is the issue's /22 as large as the documentation
# addresses allow.) Checked, for both socket kinds (raw, and the ICMP
# datagram socket with ping_group_range opened):
#   --alive lists exactly the answering addresses, --unreachable exactly
#   the dropped ones, each once; fping -a on the same ranges agrees;
#   exit 1 when one is unreachable, 0 when all answered;
#   -c 3: every alive target 3/3/0%, every dropped one 3/0/100%;
#   --json: one "target" object per address and a summary with the counts;
#   -v: one line per reply naming the Sequence and the target it went to;
#   --targets FILE with names from /etc/netns/A/hosts.
. "$(dirname "$0")/lib.sh"

ICMPKIT=${1:-}
ik_require_root

ik_ns_new A sa || exit 1
ik_ns_new B sb || exit 1
ip link add va netns "$A" type veth peer name vb netns "$B"
ip -n "$A" addr add 198.51.100.1/24 dev va
ip -n "$B" addr add 198.51.100.2/24 dev vb
ip -n "$A" link set va up
ip -n "$B" link set vb up
ip -n "$A" route add 192.0.2.0/24 via 198.51.100.2
ip -n "$A" route add 203.0.113.0/24 via 198.51.100.2
ip -n "$B" route add local 192.0.2.0/24 dev lo
ip -n "$B" route add local 203.0.113.0/24 dev lo

# the dropped set: 12 random host addresses of the two blocks
all=$IK_TMP/all
for n in 192.0.2 203.0.113; do
	for i in $(seq 1 254); do echo "$n.$i"; done
done >"$all"
# (192.0.2.253 and .254 are kept out: the error case below uses them)
grep -vx '192\.0\.2\.25[34]' "$all" | shuf -n 12 | sort -V >"$IK_TMP/dropped"
while read -r a; do
	ip -n "$B" route add blackhole "$a/32" table local
done <"$IK_TMP/dropped"
grep -vxF -f "$IK_TMP/dropped" "$all" | sort -V >"$IK_TMP/alive"
nalive=$(wc -l <"$IK_TMP/alive")

SWEEP=(-g 192.0.2.0/24 -g 203.0.113.0/24 --rate 20000 -W 0.3 --retries 1)

sweep_checks() {
	local kind=$1 rc
	ip netns exec "$A" "$ICMPKIT" ping "${SWEEP[@]}" --alive >"$IK_TMP/out" 2>"$IK_TMP/err"
	rc=$?
	sort -V "$IK_TMP/out" >"$IK_TMP/got"
	ik_check "$kind: --alive lists exactly the $nalive answering addresses" \
		cmp -s "$IK_TMP/got" "$IK_TMP/alive"
	ik_check "$kind: --alive prints each once" \
		test "$(wc -l <"$IK_TMP/out")" = "$nalive"
	ik_check "$kind: exit 1 with unreachable targets" test "$rc" = 1
	ik_check "$kind: summary on stderr says 508 targets, $nalive alive, 12 unreachable" \
		grep -q "^--- 508 targets: $nalive alive, 12 unreachable ---" "$IK_TMP/err"

	ip netns exec "$A" "$ICMPKIT" ping "${SWEEP[@]}" --unreachable 2>/dev/null | sort -V >"$IK_TMP/got"
	ik_check "$kind: --unreachable lists exactly the dropped addresses" \
		cmp -s "$IK_TMP/got" "$IK_TMP/dropped"

	ip netns exec "$A" "$ICMPKIT" ping -g 203.0.113.0/28 --rate 20000 >"$IK_TMP/out" 2>&1
	rc=$?
	if sed -n '/^203\.0\.113\.\([1-9]\|1[0-4]\)$/p' "$IK_TMP/dropped" | grep -q .; then
		ik_check "$kind: /28 holding a dropped address: exit 1" test "$rc" = 1
	else
		ik_check "$kind: /28 all answering: 14 'is alive' lines, exit 0" \
			test "$rc" = 0 -a "$(grep -c ' is alive$' "$IK_TMP/out")" = 14
	fi

	ip netns exec "$A" "$ICMPKIT" ping "${SWEEP[@]}" -c 3 -i 0.05 -q >"$IK_TMP/out" 2>&1
	ik_check "$kind: -c 3: every alive target 3/3/0%" \
		test "$(grep -cE ' : xmt/rcv/%loss = 3/3/0%, min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+$' "$IK_TMP/out")" = "$nalive"
	ik_check "$kind: -c 3: every dropped target 3/0/100%" \
		test "$(grep -cE ' : xmt/rcv/%loss = 3/0/100%$' "$IK_TMP/out")" = 12
	ik_check "$kind: -c 3: totals $((508 * 3)) sent, $((nalive * 3)) received" \
		grep -q "^$((508 * 3)) requests transmitted, $((nalive * 3)) received, time" "$IK_TMP/out"

	ip netns exec "$A" "$ICMPKIT" ping "${SWEEP[@]}" --json >"$IK_TMP/json" 2>&1
	ik_check "$kind: --json: a target object per address, alive as listed, summary counts" \
		/usr/bin/python3 - "$IK_TMP/json" "$IK_TMP/alive" <<-'EOF'
		import json, sys
		objs = [json.loads(l) for l in open(sys.argv[1])]
		alive = set(open(sys.argv[2]).read().split())
		tg = [o for o in objs if o["type"] == "target"]
		sm = [o for o in objs if o["type"] == "summary"]
		rp = [o for o in objs if o["type"] == "reply"]
		ok = (len(tg) == 508 and {o["host"] for o in tg if o["alive"]} == alive
		      and all((o["received"] >= 1) == o["alive"] for o in tg)
		      and len(sm) == 1 and sm[0]["alive"] == len(alive) and sm[0]["unreachable"] == 12
		      and {o["host"] for o in rp} == alive
		      and all(isinstance(o["time"], float) and o["time"] >= 0 for o in rp))
		sys.exit(0 if ok else 1)
		EOF

	ip netns exec "$A" "$ICMPKIT" ping -g 192.0.2.0/24 --rate 20000 -W 0.3 --retries 0 -v >"$IK_TMP/out" 2>&1
	ik_check "$kind: -v: each reply handed to its target by Sequence, one line per answering address" \
		test "$(grep -cE '^trace: Echo Reply id=[0-9]+ seq=[0-9]+ from (192\.0\.2\.[0-9]+): Identifier ours, Sequence [0-9]+ was request 1 to target [0-9]+ \(\1\)$' "$IK_TMP/out")" \
		= "$(grep -c '^192\.0\.2\.' "$IK_TMP/alive")"
}

sweep_checks raw
ip netns exec "$A" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
sweep_checks dgram

# fping on the same ranges agrees (when installed)
if command -v fping >/dev/null; then
	for r in 192.0.2.0/24 203.0.113.0/24; do
		ip netns exec "$A" fping -a -q -r 1 -t 300 -g "$r" 2>/dev/null
	done | sort -V >"$IK_TMP/got"
	ik_check "fping -a on the same ranges lists the same addresses" cmp -s "$IK_TMP/got" "$IK_TMP/alive"
else
	echo "SKIP fping comparison: fping not installed"
fi

# ICMP errors: B forwards, and an unreachable route in its local table
# makes it answer Destination Host Unreachable for two addresses
ip netns exec "$B" sysctl -qw net.ipv4.ip_forward=1
ip -n "$B" route add unreachable 192.0.2.253/32 table local
ip -n "$B" route add unreachable 192.0.2.254/32 table local
a1=$(sed -n 1p "$IK_TMP/alive")
ip netns exec "$A" "$ICMPKIT" ping -c 1 "$a1" 192.0.2.253 192.0.2.254 -W 0.5 >"$IK_TMP/out" 2>&1
rc=$?
ik_check "errors: a Host Unreachable line for each, matched to its target, 1/0/100%, exit 1" \
	test "$rc" = 1 -a \
	"$(grep -cE '^Destination Host Unreachable from 198\.51\.100\.2 for ICMP Echo sent to 192\.0\.2\.25[34] \[0\]$' "$IK_TMP/out")" = 2 -a \
	"$(grep -cE '^192\.0\.2\.25[34] +: xmt/rcv/%loss = 1/0/100%$' "$IK_TMP/out")" = 2
ik_check "errors: counted in the summary" grep -q '^3 requests transmitted, 1 received, +2 errors' "$IK_TMP/out" ||
	sed 's/^/#   /' "$IK_TMP/out"

# targets by name, from the namespace's own hosts file
mkdir -p "/etc/netns/$A"
trap 'rm -rf "/etc/netns/$A"; ik_cleanup' EXIT INT TERM
d1=$(sed -n 1p "$IK_TMP/dropped")
printf '%s sweep-alive.test\n%s sweep-dropped.test\n' "$a1" "$d1" >"/etc/netns/$A/hosts"
printf '# names\nsweep-alive.test\n\nsweep-dropped.test\n' >"$IK_TMP/targets"
ip netns exec "$A" "$ICMPKIT" ping --targets "$IK_TMP/targets" -W 0.3 --retries 1 >"$IK_TMP/out" 2>&1
ik_check "--targets with names: 'sweep-alive.test is alive', 'sweep-dropped.test is unreachable'" \
	test "$(grep -c '^sweep-alive.test is alive$\|^sweep-dropped.test is unreachable$' "$IK_TMP/out")" = 2

ik_finish
