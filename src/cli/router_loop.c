// SPDX-License-Identifier: MIT
/* router_loop.c - `icmpkit router`: poll() over the TUNs, bursts to the
 * stack, the stack's output to the TUN of its interface
 *
 * The TUN descriptors stay non-blocking. The loop sleeps in poll() over all
 * of them; signals and the one timer carrying every deadline interrupt it
 * as they interrupt host's read (loop.c). A TUN that poll() says is
 * readable is read in a burst of up to HOST_BATCH_DEF datagrams (a read
 * that finds nothing ends it), handled together before the next TUN is
 * read, so one busy port cannot starve the others: a port with more queued
 * is served again at the next poll(), which then returns at once.
 *
 * With --busy-poll every TUN is read without waiting in turn, and the loop
 * sleeps in poll() only after 100 ms without a packet on any of them.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include "icmpkit/err.h"

#include "router.h"

#define BUSY_IDLE_NS 100000000u /* --busy-poll: sleep after 100 ms without a packet */

/**
 * router_port_of() - the port of a stack interface
 * @r: router; @ifindex: the stack's interface
 *
 * Return: the port, or NULL.
 */
struct router_port *router_port_of(struct router *r, unsigned ifindex)
{
	for (unsigned i = 0; i < r->nports; i++)
		if (r->port[i].ifindex == ifindex)
			return &r->port[i];
	return NULL;
}

/**
 * router_xmit6() - the stack's IPv6 device: as router_xmit() (a TUN or a
 * wire carries either version; the next hop is the link's other end)
 * @ctx: struct router; @ifindex: the port; @next_hop: ignored; @pkt / @len:
 * datagram; @now: time
 *
 * Return: as router_xmit().
 */
int router_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
		 size_t len, uint64_t now)
{
	(void)next_hop;
	return router_xmit(ctx, ifindex, 0, pkt, len, now);
}

/**
 * router_xmit() - write one datagram of the stack to the TUN (or wire) of
 * @ifindex
 * @ctx: struct router; @ifindex: interface; @next_hop: unused; @pkt /
 * @len: datagram; @now: time
 *
 * Return: 0, -IK_EINVAL or -IK_EAGAIN.
 */
int router_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		uint64_t now)
{
	struct router *r = ctx;
	struct router_port *p = router_port_of(r, ifindex);

	(void)next_hop;
	if (!p)
		return -IK_EINVAL;
	if ((p->arg->wire ? ik_wire_send(&p->wire, pkt, len) : ik_tun_write(p->fd, pkt, len)) < 0) {
		p->c.tx_errors++;
		r->c.tx_errors++;
		return -IK_EAGAIN;
	}
	p->c.tx_packets++;
	p->c.tx_octets += len;
	r->c.tx_packets++;
	r->c.tx_octets += len;
	if (r->pcap)
		ik_pcapng_put(r->pcap, p->pcap_id, pkt, len, now + r->pcap_off, IK_PCAPNG_OUT);
	return 0;
}

/**
 * router_trace() - one "trace:" line per stack event, naming the interface
 * @ctx: struct router; @ev: event
 */
void router_trace(void *ctx, const struct ik_event *ev)
{
	struct router *r = ctx;
	const struct router_port *p = ev->ifindex ? router_port_of(r, ev->ifindex) : NULL;

	r->lp.out_dirty = true;
	cli_trace_print(r->lp.out ? r->lp.out : stdout, r->lp.t0, ev, p ? p->arg->name : "-");
}

/**
 * router_report() - the counters at @now
 * @r: router; @rep: filled; @ifs: one per port, filled; @now: time
 */
void router_report(const struct router *r, struct host_report *rep,
		   struct host_iface_report *ifs, uint64_t now)
{
	memset(rep, 0, sizeof(*rep));
	for (unsigned i = 0; i < r->nports; i++) {
		const struct router_port *p = &r->port[i];

		ifs[i] = (struct host_iface_report){
			.name = p->arg->name, .netns = *p->arg->netns ? p->arg->netns : NULL,
			.addr = p->arg->addr, .prefix = p->arg->prefix, .c = &p->c,
		};
	}
	rep->mib = ik_stack_mib(r->s);
	rep->c = &r->c;
	rep->group = "Router";
	rep->ifaces = ifs;
	rep->nifaces = r->nports;
	rep->seconds = (double)(now - r->lp.t0) / 1e9;
	rep->reason = r->lp.reason;
}

/**
 * stats_line() - the --stats-interval line (struct cli_loop's stats_line)
 * @ctx: struct router; @out: output; @now: time
 */
static void stats_line(void *ctx, FILE *out, uint64_t now)
{
	const struct router *r = ctx;
	struct host_iface_report ifs[ROUTER_MAX_IFACES];
	struct host_report rep;

	router_report(r, &rep, ifs, now);
	rep.reason = NULL;
	host_stats_line(out, &rep, r->a->run.json);
}

/**
 * handle_one() - give one datagram read from @p to the stack
 * @r: router; @p: port; @now: time; @pkt / @len: datagram
 */
static void handle_one(struct router *r, struct router_port *p, uint64_t now, const uint8_t *pkt,
		       size_t len)
{
	p->c.rx_packets++;
	p->c.rx_octets += len;
	r->c.rx_packets++;
	r->c.rx_octets += len;
	if (r->pcap)
		ik_pcapng_put(r->pcap, p->pcap_id, pkt, len, now + r->pcap_off, IK_PCAPNG_IN);
	if (len < 1 || ((pkt[0] >> 4) != 4 && ((pkt[0] >> 4) != 6 || !p->arg->have6))) {
		p->c.rx_not_ipv4++;
		r->c.rx_not_ipv4++;
	} else if (ik_stack_input(r->s, p->ifindex, pkt, len, 0, now) < 0) {
		p->c.rx_dropped++;
		r->c.rx_dropped++;
	}
}

/**
 * read_port() - one burst from @p's TUN, to the stack
 * @r: router; @p: port
 *
 * Return: datagrams read (0 when none was queued), or a negative errno
 * (r->lp.reason set).
 */
static int read_port(struct router *r, struct router_port *p)
{
	struct ik_tun_batch *b = &r->batch;
	uint64_t trunc = b->trunc, now;
	int n = ik_tun_read_batch(p->fd, b);

	if (n < 0) {
		r->lp.reason = "TUN read";
		return n;
	}
	p->c.rx_truncated += b->trunc - trunc;
	r->c.rx_truncated += b->trunc - trunc;
	if (b->n == b->cap)
		r->c.full_batches++;
	now = cli_now();
	r->lp.now = now;
	for (unsigned i = 0; i < b->n; i++)
		handle_one(r, p, now, ik_tun_batch_pkt(b, i), b->len[i]);
	return n;
}

/**
 * read_ports() - a burst from every port @pfd says is readable (every port
 * when @pfd is NULL), then the stack's next timer and the output flushed
 * @r: router; @pfd: poll() results, or NULL
 *
 * Return: datagrams read, or a negative errno (r->lp.reason set).
 */
static int read_ports(struct router *r, const struct pollfd *pfd)
{
	int total = 0;

	for (unsigned i = 0; i < r->nports; i++) {
		int n;

		if (pfd && (pfd[i].revents & (POLLERR | POLLHUP | POLLNVAL))) {
			r->lp.reason = "TUN poll";
			return -EIO;
		}
		if (pfd && !(pfd[i].revents & POLLIN))
			continue;
		n = read_port(r, &r->port[i]);
		if (n < 0)
			return n;
		total += n;
	}
	if (total) {
		r->lp.deadline = ik_stack_deadline(r->s); /* fragments may have started timers */
		cli_loop_flush(&r->lp);
	}
	return total;
}

/**
 * wait_ports() - arm the timer, then sleep in poll() until a TUN is
 * readable or a signal comes
 * @r: router; @pfd: one entry per port (events set)
 *
 * Return: ports ready (0 when a signal came first), or a negative errno.
 */
static int wait_ports(struct router *r, struct pollfd *pfd)
{
	int n;

	if (cli_loop_before_wait(&r->lp))
		return 0;
	n = poll(pfd, r->nports, -1);
	if (n < 0 && errno != EINTR) {
		r->lp.reason = "poll";
		return -errno;
	}
	return n < 0 ? 0 : n;
}

/**
 * run() - housekeeping, a wait (or a busy poll), the ports' bursts; again
 * @r: router
 *
 * Return: 0 for a clean stop, or a negative errno.
 */
static int run(struct router *r)
{
	struct pollfd pfd[ROUTER_MAX_IFACES];
	uint64_t last = r->lp.now;
	bool idle = false;
	int n;

	for (unsigned i = 0; i < r->nports; i++)
		pfd[i] = (struct pollfd){ .fd = r->port[i].fd, .events = POLLIN };
	for (;;) {
		if (cli_loop_housekeeping(&r->lp))
			return 0;
		if (r->a->run.busy_poll && r->lp.now - last < BUSY_IDLE_NS) {
			n = read_ports(r, NULL);
			if (n < 0)
				return n;
			r->lp.now = cli_now();
			if (n && idle)
				r->c.wakeups++;
			idle = !n;
			if (n)
				last = r->lp.now;
			continue;
		}
		n = wait_ports(r, pfd);
		if (n < 0)
			return n;
		r->lp.now = cli_now();
		if (n == 0)
			continue;
		r->c.wakeups++;
		n = read_ports(r, pfd);
		if (n < 0)
			return n;
		last = r->lp.now;
		idle = false;
	}
}

/**
 * router_link_fault() - a port's TUN deleted or set down: the loop's stop
 * reason set (a fault)
 * @r: router
 *
 * Return: true when one is.
 */
bool router_link_fault(struct router *r)
{
	for (unsigned i = 0; i < r->nports; i++) {
		if (cli_link_fault(&r->port[i].watch, r->why, sizeof(r->why))) {
			r->lp.reason = r->why;
			r->lp.fault = true;
			return true;
		}
	}
	return false;
}

/**
 * router_pcap_account() - flush --pcap, warn once when it failed, count
 * what it could not record
 * @r: router
 */
void router_pcap_account(struct router *r)
{
	int err;

	if (!r->pcap)
		return;
	ik_pcapng_flush(r->pcap);
	err = ik_pcapng_status(r->pcap, &r->c.pcap_dropped);
	cli_pcap_warn("router", r->a->run.pcap, err, &r->pcap_warned);
}

/**
 * tick() - once a second (struct cli_loop's tick): --pcap flushed, every
 * TUN still there and up
 * @ctx: struct router; @now: time
 *
 * Return: true to stop (a TUN deleted or set down: a fault).
 */
static bool tick(void *ctx, uint64_t now)
{
	struct router *r = ctx;

	(void)now;
	router_pcap_account(r);
	return router_link_fault(r);
}

/**
 * router_loop_run() - the loop
 * @r: set-up router (SIGINT, SIGTERM, SIGALRM blocked on entry; blocked
 * again on return, and r->lp.out is stdout again)
 *
 * Return: 0 after a clean stop (r->lp.reason says why), or a negative errno.
 */
int router_loop_run(struct router *r)
{
	int rc;

	r->lp.s = r->s;
	r->lp.stats_ns = r->a->run.stats_ns;
	r->lp.duration_ns = r->a->run.duration_ns;
	r->lp.stats_line = stats_line;
	r->lp.tick = tick;
	r->lp.ctx = r;
	for (unsigned i = 0; i < r->nports; i++)
		if ((rc = ik_tun_set_blocking(r->port[i].fd, false)) < 0) {
			r->lp.reason = "fcntl";
			return rc;
		}
	rc = cli_loop_begin(&r->lp);
	if (rc == 0)
		rc = run(r);
	cli_loop_end(&r->lp);
	return rc < 0 ? rc : 0;
}
