# shellcheck shell=bash
# router_lib.sh - the chain A — R1 — R2 — C for the router tests, each router
# a parameter: `linux` (a namespace with ip_forward=1 and veth links) or
# `icmpkit` (an `icmpkit router` process whose TUN links it opens inside the
# neighbours' namespaces with netns=NS). Source it after lib.sh.
#
#   link A-R1  192.0.2.0/24     MTU 1500  A .10   R1 .1
#   link R1-R2 198.51.100.0/24  MTU 1280  R1 .1   R2 .2
#   link R2-C  203.0.113.0/24   MTU 1500  R2 .1   C .10
#
# Static routes both ways, no default route anywhere. The chain variants
# are (linux,linux) - the reference -, (icmpkit,linux), (linux,icmpkit) and
# (icmpkit,icmpkit): two icmpkit routers joined by a wire (an AF_UNIX
# datagram link between the two processes, `--iface wire:`), since a TUN
# joins a process to a kernel and there is no kernel between them.
#
#   ikr_router_available       0 when $ICMPKIT has a working `router`
#   ikr_variants               the variants to run, one per line: $IKR_VARIANTS
#                              (e.g. "linux,linux icmpkit,linux") or all four;
#                              icmpkit ones are left out, with a visible
#                              "# SKIP variant" line, while the router is not
#                              built
#   ikr_chain_up VARIANT       build the chain; sets IKR_NS_A, IKR_NS_C,
#                              IKR_NS_R1, IKR_NS_R2 (the router's own namespace,
#                              for an icmpkit router the one its process runs
#                              in), IKR_IF_A / IKR_IF_C (A's and C's interface),
#                              IKR_KIND_R1/R2, IKR_PID_R1/R2 (icmpkit only) and
#                              IKR_PCAP_R1/R2 (its --pcap file)
#   ikr_chain_down             stop the icmpkit routers (SIGTERM: exit 0 and
#                              counters checked), delete the chain's namespaces
#   ikr_pcap_check FILE        tshark reads an icmpkit router's pcapng: no
#                              malformed packet, no bad IP/ICMP/UDP/TCP checksum
#                              (pcap_check.py --tcp)
#
# IKR_ROUTER_ARGS (array) is passed to every icmpkit router in addition.

IKR_A=192.0.2.10
IKR_R1A=192.0.2.1
IKR_R1B=198.51.100.1
IKR_R2B=198.51.100.2
IKR_R2C=203.0.113.1
IKR_C=203.0.113.10
IKR_MTU_MID=1280
IKR_ROUTER_ARGS=()
IKR_BG_PIDS=()
IKR_DURATION=${IKR_DURATION:-120}
# settings every router gets, Linux sysctl names (the icmpkit router takes
# the same names with --set)
IKR_SETTINGS="icmp_ratelimit=0 icmp_msgs_per_sec=100000 icmp_msgs_burst=100000"

ikr_router_available() {
	[ -n "${ICMPKIT:-}" ] && [ -x "$ICMPKIT" ] || return 1
	"$ICMPKIT" router --help >/dev/null 2>&1
}

ikr_variants() {
	local v
	for v in ${IKR_VARIANTS:-linux,linux icmpkit,linux linux,icmpkit icmpkit,icmpkit}; do
		case $v in
		linux,linux) echo "$v" ;;
		icmpkit,linux | linux,icmpkit | icmpkit,icmpkit)
			if ikr_router_available; then
				echo "$v"
			else
				echo "# SKIP variant $v: '$ICMPKIT router' is not built yet" >&2
			fi ;;
		*) echo "# unknown variant $v (linux,linux icmpkit,linux linux,icmpkit icmpkit,icmpkit)" >&2 ;;
		esac
	done
}

# ikr_kernel_ns VAR TAG - a kernel namespace of the chain, IPv6 off (no
# ND/MLD noise), rp_filter off, rate limits off.
ikr_kernel_ns() {
	local var=$1 tag=$2 ns s
	ik_ns_new "$var" "$tag" || return 1
	ns=${!var}
	IKR_NS_ALL+=("$ns")
	for s in net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0; do
		ip netns exec "$ns" sysctl -qw "$s" || return 1
	done
	for s in $IKR_SETTINGS; do
		ip netns exec "$ns" sysctl -qw "net.ipv4.$s" || return 1
	done
}

# ikr_veth NS1 IF1 ADDR1 NS2 IF2 ADDR2 MTU - a veth pair between two
# namespaces, /24 addresses, up.
ikr_veth() {
	ip -n "$1" link add "$2" type veth peer name "$5" netns "$4" || return 1
	ip -n "$1" addr add "$3/24" dev "$2" && ip -n "$4" addr add "$6/24" dev "$5" &&
		ip -n "$1" link set "$2" mtu "$7" up && ip -n "$4" link set "$5" mtu "$7" up || return 1
	# checksums complete and segments cut to the MTU before the veth (no
	# TSO), as on a real wire and as a TUN has them
	ip netns exec "$1" /usr/bin/python3 "$IK_LIBDIR/probes.py" txcsum-off "$2" &&
		ip netns exec "$4" /usr/bin/python3 "$IK_LIBDIR/probes.py" txcsum-off "$5"
}

# ikr_tun R NAME ADDR NS PEER MTU - a TUN link of icmpkit router R (1 or 2):
# its address ADDR, the kernel side PEER inside namespace NS.
ikr_tun() {
	local var="IKR_ARGS_R$1"
	eval "$var+=(--iface tun:$2,addr=$3/24,peer=$5/24,mtu=$6,netns=$4)"
	IKR_TUNS+=("$4 $2 $5 $6")
}

ikr_chain_up() {
	local variant=$1 k s
	IKR_KIND_R1=${variant%,*}
	IKR_KIND_R2=${variant#*,}
	IKR_NS_ALL=()
	IKR_TUNS=()
	IKR_ARGS_R1=()
	IKR_ARGS_R2=()
	IKR_PID_R1="" IKR_PID_R2="" IKR_PCAP_R1="" IKR_PCAP_R2=""
	ikr_kernel_ns IKR_NS_A A || return 1
	ikr_kernel_ns IKR_NS_C C || return 1
	for k in 1 2; do
		local kind="IKR_KIND_R$k"
		if [ "${!kind}" = linux ]; then
			ikr_kernel_ns "IKR_NS_R$k" "R$k" || return 1
			ip netns exec "$(eval echo "\$IKR_NS_R$k")" sysctl -qw net.ipv4.ip_forward=1 || return 1
		else
			# the icmpkit router's process runs in a namespace of its own
			ik_ns_new "IKR_NS_R$k" "R$k" || return 1
			IKR_NS_ALL+=("$(eval echo "\$IKR_NS_R$k")")
		fi
	done
	# link A-R1
	if [ "$IKR_KIND_R1" = linux ]; then
		ikr_veth "$IKR_NS_A" a0 $IKR_A "$IKR_NS_R1" r1a $IKR_R1A 1500 || return 1
	else
		ikr_tun 1 a0 $IKR_R1A "$IKR_NS_A" $IKR_A 1500
	fi
	IKR_IF_A=a0
	# link R1-R2
	if [ "$IKR_KIND_R1" = linux ] && [ "$IKR_KIND_R2" = linux ]; then
		ikr_veth "$IKR_NS_R1" r1b $IKR_R1B "$IKR_NS_R2" r2b $IKR_R2B $IKR_MTU_MID || return 1
	elif [ "$IKR_KIND_R1" = icmpkit ] && [ "$IKR_KIND_R2" = icmpkit ]; then
		IKR_ARGS_R1+=(--iface "wire:r1b,sock=$IK_TMP/wire-r1.sock,to=$IK_TMP/wire-r2.sock,addr=$IKR_R1B/24,mtu=$IKR_MTU_MID")
		IKR_ARGS_R2+=(--iface "wire:r2b,sock=$IK_TMP/wire-r2.sock,to=$IK_TMP/wire-r1.sock,addr=$IKR_R2B/24,mtu=$IKR_MTU_MID")
	elif [ "$IKR_KIND_R1" = icmpkit ]; then
		ikr_tun 1 r2b $IKR_R1B "$IKR_NS_R2" $IKR_R2B $IKR_MTU_MID
	else
		ikr_tun 2 r1b $IKR_R2B "$IKR_NS_R1" $IKR_R1B $IKR_MTU_MID
	fi
	# link R2-C
	if [ "$IKR_KIND_R2" = linux ]; then
		ikr_veth "$IKR_NS_R2" r2c $IKR_R2C "$IKR_NS_C" c0 $IKR_C 1500 || return 1
	else
		ikr_tun 2 c0 $IKR_R2C "$IKR_NS_C" $IKR_C 1500
	fi
	IKR_IF_C=c0
	# the icmpkit routers: their routes, then start (they make the TUNs)
	for k in 1 2; do
		local kind="IKR_KIND_R$k"
		[ "${!kind}" = icmpkit ] || continue
		local -a args
		eval "args=(\"\${IKR_ARGS_R$k[@]}\")"
		if [ $k = 1 ]; then
			args+=(--route "203.0.113.0/24 via $IKR_R2B")
		else
			args+=(--route "192.0.2.0/24 via $IKR_R1B")
		fi
		for s in $IKR_SETTINGS; do
			args+=(--set "$s")
		done
		printf -v "IKR_PCAP_R$k" '%s' "$IK_TMP/R$k-$RANDOM.pcapng"
		args+=(--pcap "$(eval echo "\$IKR_PCAP_R$k")" --duration "$IKR_DURATION")
		args+=("${IKR_ROUTER_ARGS[@]}")
		echo "# R$k: icmpkit router ${args[*]}"
		ik_start_icmpkit "$(eval echo "\$IKR_NS_R$k")" "R$k" router "${args[@]}" || return 1
		printf -v "IKR_PID_R$k" '%s' "$IK_HOST_PID"
	done
	# the kernel side of every TUN: as configured by the router (check it)
	local t ns dev addr mtu
	for t in "${IKR_TUNS[@]}"; do
		read -r ns dev addr mtu <<<"$t"
		if ! ip -n "$ns" -4 addr show dev "$dev" 2>/dev/null | grep -q "inet $addr/24"; then
			echo "# TUN $dev in $ns has not got $addr/24:" >&2
			ip -n "$ns" addr show dev "$dev" >&2
			return 1
		fi
		ip -n "$ns" link set "$dev" mtu "$mtu" up || return 1
	done
	# kernel routes, both ways
	ip -n "$IKR_NS_A" route add 198.51.100.0/24 via $IKR_R1A || return 1
	ip -n "$IKR_NS_A" route add 203.0.113.0/24 via $IKR_R1A || return 1
	ip -n "$IKR_NS_C" route add 198.51.100.0/24 via $IKR_R2C || return 1
	ip -n "$IKR_NS_C" route add 192.0.2.0/24 via $IKR_R2C || return 1
	if [ "$IKR_KIND_R1" = linux ]; then
		ip -n "$IKR_NS_R1" route add 203.0.113.0/24 via $IKR_R2B || return 1
	fi
	if [ "$IKR_KIND_R2" = linux ]; then
		ip -n "$IKR_NS_R2" route add 192.0.2.0/24 via $IKR_R1B || return 1
	fi
	# no default route anywhere
	for ns in "${IKR_NS_ALL[@]}"; do
		if ip -n "$ns" route show default | grep -q .; then
			echo "# $ns has a default route" >&2
			return 1
		fi
	done
	echo "# chain $variant: A $IKR_NS_A, R1 $IKR_KIND_R1 $IKR_NS_R1, R2 $IKR_KIND_R2 $IKR_NS_R2, C $IKR_NS_C"
}

# ikr_chain_down - stop the icmpkit routers (checked), delete the namespaces.
ikr_chain_down() {
	local k pid ns p rc=0
	for pid in "${IKR_BG_PIDS[@]}"; do
		{ kill -KILL "$pid" && wait "$pid"; } 2>/dev/null
	done
	IKR_BG_PIDS=()
	for k in 1 2; do
		pid="IKR_PID_R$k"
		[ -n "${!pid}" ] || continue
		if ik_stop_host "${!pid}" "R$k"; then
			ik_ok "$IKR_KIND_R1,$IKR_KIND_R2: R$k (icmpkit router) stops on SIGTERM with exit 0"
		else
			ik_fail "$IKR_KIND_R1,$IKR_KIND_R2: R$k (icmpkit router) stops on SIGTERM with exit 0 (rc $IK_HOST_RC)"
			sed 's/^/#   /' "$IK_TMP/R$k.err" | tail -20
			rc=1
		fi
		printf -v "$pid" '%s' ""
	done
	for ns in "${IKR_NS_ALL[@]}"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	IKR_NS_ALL=()
	return $rc
}

# ikr_bg NS NAME CMD... - start CMD in namespace NS in the background (killed
# by the cleanup trap); its output in $IK_TMP/NAME.log; pid in IKR_BG_PID.
ikr_bg() {
	local ns=$1 name=$2
	shift 2
	ip netns exec "$ns" "$@" >"$IK_TMP/$name.log" 2>&1 &
	IKR_BG_PID=$!
	IK_PIDS+=("$IKR_BG_PID")
	IKR_BG_PIDS+=("$IKR_BG_PID")
}

# ikr_wait_line FILE REGEX SECONDS - wait (bounded) for a line in FILE.
ikr_wait_line() {
	local i
	for ((i = 0; i < $3 * 20; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# ikr_pcap_check FILE - tshark finds nothing malformed and no bad checksum.
ikr_pcap_check() {
	/usr/bin/python3 "$IK_LIBDIR/pcap_check.py" --tcp "$@"
}
