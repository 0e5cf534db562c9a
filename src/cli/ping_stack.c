// SPDX-License-Identifier: MIT
/* ping_stack.c - `icmpkit ping --stack`: the --stack value, the TUN, the
 * stack and its two ping sockets, and the run from the PING line to the
 * statistics
 *
 * The requests leave from a ping socket of icmpkit's stack (ik_sock_*), go
 * out of a TUN device to the Linux kernel, which answers them itself (its
 * own address) or routes them on (ip_forward). What comes back is read from
 * the TUN and given to ik_stack_input(); the stack hands each Echo Reply to
 * the ping socket owning its Identifier, and each ICMP error quoting one of
 * our requests to that socket's error queue. A second ping socket with
 * another Identifier, the bystander, sends nothing: --trace and -v show
 * that no reply reaches it.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"
#include "icmpkit/netns.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/sock.h"

#include "cli.h"
#include "host.h"
#include "ping_stack.h"

#define SPEC_FORM "ADDR/LEN[,peer=ADDR][,tun=NAME][,netns=NS][,mtu=N]"

/** struct spec_seen - which keys the value gave */
struct spec_seen {
	bool peer, tun, netns, mtu;
};

/**
 * take_key() - check and store one key=value of --stack
 * @sp: the value so far; @seen: keys given; @key / @klen: the key; @val:
 * its value (NUL-terminated); @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int take_key(struct pstk_spec *sp, struct spec_seen *seen, const char *key, size_t klen,
		    const char *val, char *err, size_t errlen)
{
	unsigned long long v;
	bool *flag;

	if (klen == 4 && !strncmp(key, "peer", 4))
		flag = &seen->peer;
	else if (klen == 3 && !strncmp(key, "tun", 3))
		flag = &seen->tun;
	else if (klen == 5 && !strncmp(key, "netns", 5))
		flag = &seen->netns;
	else if (klen == 3 && !strncmp(key, "mtu", 3))
		flag = &seen->mtu;
	else
		return cli_arg_fail(err, errlen,
				    "--stack: unknown key '%.*s' (known: peer, tun, netns, mtu)",
				    (int)klen, key);
	if (*flag)
		return cli_arg_fail(err, errlen, "--stack: %.*s= given twice", (int)klen, key);
	*flag = true;
	if (flag == &seen->peer) {
		if (ik_ipv4_prefix_parse(val, &sp->peer, &sp->peer_prefix) < 0)
			return cli_arg_fail(err, errlen,
					    "--stack: peer= needs ADDR[/LEN] (e.g. 192.0.2.1), not '%s'",
					    val);
	} else if (flag == &seen->tun) {
		if (!ik_tun_name_valid(val))
			return cli_arg_fail(err, errlen,
					    "--stack: tun= needs an interface name (1..15 characters, no '/', ':' or spaces), not '%s'",
					    val);
		memcpy(sp->tun, val, strlen(val) + 1);
	} else if (flag == &seen->netns) {
		if (!ik_netns_name_valid(val) || strlen(val) >= sizeof(sp->netns))
			return cli_arg_fail(err, errlen,
					    "--stack: netns= needs a namespace name (as `ip netns` lists), not '%s'",
					    val);
		memcpy(sp->netns, val, strlen(val) + 1);
	} else {
		if (cli_parse_ulong(val, 68, 65535, &v) < 0)
			return cli_arg_fail(err, errlen, "--stack: mtu= needs 68..65535, not '%s'", val);
		sp->mtu = (unsigned)v;
	}
	return 0;
}

/**
 * ping_stack_parse() - check a --stack value
 * @spec: the text; @sp: filled; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int ping_stack_parse(const char *spec, struct pstk_spec *sp, char *err, size_t errlen)
{
	struct spec_seen seen = { 0 };
	struct cli_link k = { .addr_opt = "--stack", .peer_opt = "--stack peer=",
			      .peer_hint = "peer=ADDR" };
	const char *comma = strchr(spec, ',');
	size_t n = comma ? (size_t)(comma - spec) : strlen(spec);
	char val[300];
	int r;

	memset(sp, 0, sizeof(*sp));
	sp->mtu = 1500;
	memcpy(sp->tun, PSTK_TUN_DEFAULT, sizeof(PSTK_TUN_DEFAULT));
	if (n < sizeof(val)) {
		memcpy(val, spec, n);
		val[n] = '\0';
	}
	if (n >= sizeof(val) || ik_ipv4_prefix_parse(val, &sp->addr, &sp->prefix) < 0 ||
	    !sp->prefix)
		return cli_arg_fail(err, errlen,
				    "--stack needs %s, the stack's address with its prefix first (e.g. 192.0.2.2/24), not '%s'",
				    SPEC_FORM, spec);
	while (comma) {
		const char *key = comma + 1, *eq;
		size_t vl;

		comma = strchr(key, ',');
		n = comma ? (size_t)(comma - key) : strlen(key);
		eq = memchr(key, '=', n);
		if (!eq || eq == key || (size_t)(eq - key) + 1 == n)
			return cli_arg_fail(err, errlen, "--stack: '%.*s' is not key=value (%s)",
					    (int)n, key, SPEC_FORM);
		vl = n - (size_t)(eq - key) - 1;
		if (vl >= sizeof(val))
			return cli_arg_fail(err, errlen, "--stack: value of '%.*s' too long",
					    (int)(eq - key), key);
		memcpy(val, eq + 1, vl);
		val[vl] = '\0';
		if (take_key(sp, &seen, key, (size_t)(eq - key), val, err, errlen) < 0)
			return CLI_ARGS_ERROR;
	}
	k.addr = sp->addr;
	k.prefix = sp->prefix;
	k.peer = sp->peer;
	k.peer_prefix = sp->peer_prefix;
	k.peer_given = seen.peer;
	r = cli_check_link(&k, err, errlen);
	sp->peer = k.peer;
	sp->peer_prefix = k.peer_prefix;
	return r;
}

/**
 * open_tun() - the TUN, in --stack's netns= when given, its kernel side
 * given PEER and brought up
 * @k: the run; @err / @errlen: message
 *
 * Return: 0, or a negative errno.
 */
static int open_tun(struct pstk *k, char *err, size_t errlen)
{
	const struct pstk_spec *sp = &k->sp;

	return cli_tun_up_in(&k->tun, sp->netns, sp->tun, sp->mtu, sp->peer, sp->peer_prefix, NULL, NULL,
			     err, errlen);
}

/**
 * sock_opts() - -t, -Q and -M on the sending socket (IP_TTL, IP_TOS,
 * IP_MTU_DISCOVER of the stack)
 * @k: the run; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int sock_opts(struct pstk *k, char *err, size_t errlen)
{
	const struct ping_opts *o = &k->p->o;
	int r = 0;

	if (o->ttl >= 0)
		r = ik_sock_setopt(k->s, k->fd, IK_SO_TTL, o->ttl);
	if (!r && o->tos >= 0)
		r = ik_sock_setopt(k->s, k->fd, IK_SO_TOS, o->tos);
	if (!r && o->pmtu != PING_PMTU_NONE)
		r = ik_sock_setopt(k->s, k->fd, IK_SO_MTU_DISCOVER,
				   o->pmtu == IP_PMTUDISC_DO     ? IK_PMTUDISC_DO
				   : o->pmtu == IP_PMTUDISC_WANT ? IK_PMTUDISC_WANT
								 : IK_PMTUDISC_DONT);
	if (r < 0) {
		snprintf(err, errlen, "stack socket option: %s", strerror(-r));
		return -1;
	}
	return 0;
}

/**
 * open_socks() - the sending ping socket and the bystander, each bound to
 * an Identifier the stack picks free (so never the same)
 * @k: the run (fd, by, by_ident, p->ident filled); @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int open_socks(struct pstk *k, char *err, size_t errlen)
{
	int *fds[2] = { &k->fd, &k->by };
	uint16_t *ids[2] = { &k->p->ident, &k->by_ident };

	for (int i = 0; i < 2; i++) {
		int r;

		*fds[i] = ik_sock_open(k->s, IK_SOCK_PING, 0);
		if (*fds[i] < 0) {
			snprintf(err, errlen, "cannot open a ping socket of the stack: %s",
				 strerror(-*fds[i]));
			return -1;
		}
		r = ik_sock_bind(k->s, *fds[i], 0, 0);
		if (!r)
			r = ik_sock_local(k->s, *fds[i], NULL, ids[i]);
		if (r < 0) {
			snprintf(err, errlen, "cannot bind a ping socket of the stack: %s", strerror(-r));
			return -1;
		}
	}
	return sock_opts(k, err, errlen);
}

/**
 * make_stack() - the stack: one interface on the TUN with ADDR, PEER
 * on-link, everything else via PEER, and the two ping sockets
 * @k: the run (TUN open); @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int make_stack(struct pstk *k, char *err, size_t errlen)
{
	static const struct ik_dev_ops ops = { .xmit = ping_stack_xmit };
	const struct pstk_spec *sp = &k->sp;
	struct ik_stack_config cfg = { .max_socks = 8 };
	struct ik_route_spec dflt = { .gw = sp->peer, .type = IK_ROUTE_UNICAST };
	uint32_t smask = ik_ipv4_prefix_mask(sp->prefix), pmask = ik_ipv4_prefix_mask(sp->peer_prefix);
	int ifx;

	if (getrandom(&cfg.seed, sizeof(cfg.seed), 0) != (ssize_t)sizeof(cfg.seed))
		cfg.seed = ping_now_ns() ^ (uint64_t)time(NULL) << 20;
	k->s = ik_stack_new(&cfg, &ops, k);
	if (!k->s) {
		snprintf(err, errlen, "cannot create the stack: out of memory");
		return -1;
	}
	ifx = ik_stack_add_iface(k->s, k->tun.name, sp->addr, sp->prefix, sp->mtu);
	if (ifx < 0) {
		snprintf(err, errlen, "cannot add the stack's interface: %s", ik_strerror(ifx));
		return -1;
	}
	k->ifindex = (unsigned)ifx;
	dflt.ifindex = k->ifindex;
	/* a peer= outside the stack's prefix is still on the link */
	if ((sp->peer & smask) != (sp->addr & smask) &&
	    ik_stack_add_route(k->s, sp->peer & pmask, sp->peer_prefix, 0, k->ifindex) < 0) {
		snprintf(err, errlen, "cannot add the stack's route to peer=");
		return -1;
	}
	if (ik_stack_route_add(k->s, &dflt) < 0) {
		snprintf(err, errlen, "cannot add the stack's default route via the kernel");
		return -1;
	}
	ik_stack_set_wallclock(k->s, k->real_off);
	return open_socks(k, err, errlen);
}

/**
 * clock_offset() - CLOCK_REALTIME minus CLOCK_MONOTONIC
 *
 * Return: nanoseconds.
 */
static uint64_t clock_offset(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - ping_now_ns();
}

/**
 * setup() - the TUN, the pcap file, the stack and its sockets; then every
 * capability dropped (nothing needs one any more: closing the TUN removes
 * it)
 * @k: the run; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int setup(struct pstk *k, char *err, size_t errlen)
{
	struct ping *p = k->p;
	char perr[256], terr[512];

	k->buf = malloc(IK_TUN_SLOT);
	k->msg = malloc(IK_TUN_SLOT);
	p->sent_ns = calloc(PING_NSEQ, sizeof(*p->sent_ns));
	p->seen = calloc(PING_NSEQ / 8, 1);
	if (!k->buf || !k->msg || !p->sent_ns || !p->seen) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (open_tun(k, terr, sizeof(terr)) < 0) {
		snprintf(err, errlen, "--stack: %s", terr);
		return -1;
	}
	if (p->o.run.pcap && !(p->pcap = ik_pcap_writer_open(p->o.run.pcap, perr))) {
		snprintf(err, errlen, "--pcap %s: %s", p->o.run.pcap, perr);
		return -1;
	}
	k->real_off = clock_offset();
	if (make_stack(k, err, errlen) < 0)
		return -1;
	return host_drop_caps(err, errlen) < 0 ? -1 : 0;
}

/**
 * header() - the PING line; with -v the socket line; with -v or --trace
 * the stack's side of the link and who the bystander is
 * @k: the run
 */
static void header(struct pstk *k)
{
	struct ping *p = k->p;
	bool v = p->o.verbose;
	char a[16], b[16];

	p->o.verbose = false; /* the kernel mode's socket line is not ours */
	ping_out_header(p);
	p->o.verbose = v;
	if (v && !p->o.run.json)
		printf("ping socket %d of icmpkit's stack, Identifier %u: replies are ours by Identifier\n",
		       k->fd, p->ident);
	if (v || p->o.run.trace) {
		ping_out_trace(p, "stack %s/%u on TUN %s, kernel side %s/%u: requests to %s leave "
			       "by the stack's route via %s",
			       ik_ipv4_addr_str(k->sp.addr, a), k->sp.prefix, k->tun.name,
			       ik_ipv4_addr_str(k->sp.peer, b), k->sp.peer_prefix, p->dst_str, b);
		ping_out_trace(p, "ping socket %d (Identifier %u) sends the requests; ping socket %d "
			       "(Identifier %u) is a bystander that sends nothing",
			       k->fd, p->ident, k->by, k->by_ident);
	}
	fflush(stdout);
}

/**
 * footer() - with -v or --trace, what each socket was handed: the proof
 * that replies went by Identifier
 * @k: the run
 */
static void footer(struct pstk *k)
{
	struct ping *p = k->p;

	if (!p->o.verbose && !p->o.run.trace)
		return;
	ping_out_trace(p, "ping socket %d (Identifier %u): the stack handed it %llu Echo Replies, "
		       "%llu datagrams read",
		       k->fd, p->ident, k->handed[0], k->got[0]);
	ping_out_trace(p, "bystander ping socket %d (Identifier %u): sent nothing, the stack "
		       "handed it %llu Echo Replies, %llu datagrams read",
		       k->by, k->by_ident, k->handed[1], k->got[1]);
}

/**
 * check_args() - what --stack refuses besides its own value: -R (the
 * stack's ping sockets send no IP options), TARGET the stack's own address
 * @k: the run (sp filled); @numeric_dst: TARGET as a dotted quad, or 0;
 * @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int check_args(const struct pstk *k, uint32_t numeric_dst, char *err, size_t errlen)
{
	char a[16], b[16];

	if (k->p->o.rr) {
		snprintf(err, errlen, "-R is not available with --stack (the stack's ping sockets "
			 "send no IP options)");
		return -1;
	}
	if (numeric_dst && numeric_dst == k->sp.addr) {
		snprintf(err, errlen, "TARGET %s is the stack's own address (--stack): ping the "
			 "kernel's, %s, or beyond it", ik_ipv4_addr_str(numeric_dst, a),
			 ik_ipv4_addr_str(k->sp.peer, b));
		return -1;
	}
	return 0;
}

/**
 * cleanup() - everything setup() made (the TUN goes with its descriptor)
 * @k: the run
 */
static void cleanup(struct pstk *k)
{
	ik_pcap_writer_close(k->p->pcap);
	k->p->pcap = NULL;
	ik_tun_close(&k->tun);
	ik_stack_free(k->s);
	free(k->buf);
	free(k->msg);
	free(k->p->sent_ns);
	free(k->p->seen);
	k->p->sent_ns = NULL;
	k->p->seen = NULL;
}

/**
 * ping_stack_cmd() - `icmpkit ping --stack SPEC ... TARGET`
 * @p: the run, its options parsed
 *
 * Return: exit status.
 */
int ping_stack_cmd(struct ping *p)
{
	static struct pstk k;
	char err[1400];
	uint32_t nd = 0;
	sigset_t wait_mask;
	int rc;

	memset(&k, 0, sizeof(k));
	k.p = p;
	k.tun.fd = -1;
	k.fd = k.by = -1;
	k.rx_ttl = -1;
	if (ping_stack_parse(p->o.stack, &k.sp, err, sizeof(err)) < 0)
		return cli_usage_error("ping", "%s", err);
	if (ik_ipv4_addr_parse(p->o.target, &nd) < 0)
		nd = 0;
	if (check_args(&k, nd, err, sizeof(err)) < 0)
		return cli_usage_error("ping", "%s", err);
	if (ping_resolve(p, p->o.target, &p->dst, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		return IK_EXIT_USAGE;
	}
	ik_ipv4_addr_str(p->dst, p->dst_str);
	if (check_args(&k, p->dst, err, sizeof(err)) < 0)
		return cli_usage_error("ping", "%s", err);
	ping_stack_signals(&wait_mask);
	if (setup(&k, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		cleanup(&k);
		return IK_EXIT_USAGE;
	}
	p->dgram = true;
	p->fd = -1;
	p->src = k.sp.addr;
	p->timing = p->o.datalen >= 16;
	p->st.tmin = 0x7fffffffffffffffLL;
	header(&k);
	p->start_ns = p->last_ns = k.t0 = ping_now_ns();
	/* always: the replies' TTLs and who was handed them come from it */
	ik_stack_set_trace(k.s, ping_stack_trace, &k);
	rc = ping_stack_loop(&k, &wait_mask);
	ik_stack_set_trace(k.s, NULL, NULL);
	ping_timeouts_json(p);
	footer(&k);
	ping_out_summary(p, p->last_ns - p->start_ns);
	cleanup(&k);
	if (rc < 0)
		return IK_EXIT_USAGE;
	if (!p->st.received || (p->o.deadline_ns && p->o.count && p->st.received < (long)p->o.count))
		return IK_EXIT_FAIL;
	return IK_EXIT_OK;
}
