// SPDX-License-Identifier: MIT
/* harness.c - stack under test with a capturing device, packet builders */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "harness.h"

static int cap_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		    uint64_t now)
{
	struct ikt_cap *c = ctx;
	struct ikt_pkt *p;

	if (c->n >= IKT_MAXPKT) {
		c->dropped++;
		return 0;
	}
	p = &c->pkts[c->n++];
	p->ifindex = ifindex;
	p->next_hop = next_hop;
	p->now = now;
	p->len = len;
	p->bytes = malloc(len ? len : 1);
	if (!p->bytes)
		abort();
	memcpy(p->bytes, pkt, len);
	return 0;
}

static int cap_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
		     size_t len, uint64_t now)
{
	struct ikt_cap *c = ctx;
	size_t i = c->n;

	cap_xmit(ctx, ifindex, 0, pkt, len, now);
	if (i < c->n)
		memcpy(c->pkts[i].next_hop6, next_hop, 16);
	return 0;
}

static const struct ik_dev_ops cap_ops = { .xmit = cap_xmit, .xmit6 = cap_xmit6 };

struct ikt *ikt_new(const struct ik_stack_config *cfg)
{
	struct ikt *t = calloc(1, sizeof(*t));
	int ifx;

	if (!t)
		abort();
	t->s = ik_stack_new(cfg, &cap_ops, &t->cap);
	if (!t->s) {
		fprintf(stderr, "ikt_new: ik_stack_new failed\n");
		abort();
	}
	ifx = ik_stack_add_iface(t->s, "eth0", IKT_A, 24, 1500);
	if (ifx < 1) {
		fprintf(stderr, "ikt_new: add_iface: %d\n", ifx);
		abort();
	}
	t->ifindex = (unsigned)ifx;
	if (ik_stack_add_route(t->s, 0xcb007100u, 24, IKT_GW, t->ifindex) < 0) {
		fprintf(stderr, "ikt_new: add_route failed\n");
		abort();
	}
	return t;
}

void ikt_clear(struct ikt *t)
{
	for (size_t i = 0; i < t->cap.n; i++)
		free(t->cap.pkts[i].bytes);
	t->cap.n = 0;
	t->cap.dropped = 0;
}

void ikt_free(struct ikt *t)
{
	if (!t)
		return;
	ikt_clear(t);
	ik_stack_free(t->s);
	free(t);
}

int ikt_input(struct ikt *t, const uint8_t *pkt, size_t len, uint64_t now)
{
	return ik_stack_input(t->s, t->ifindex, pkt, len, 0, now);
}

struct ik_ipv4_repr ikt_ip_defaults(uint32_t src, uint32_t dst, uint8_t proto)
{
	struct ik_ipv4_repr ip;

	memset(&ip, 0, sizeof(ip));
	ip.src = src;
	ip.dst = dst;
	ip.proto = proto;
	ip.ttl = 64;
	ip.ident = 0x1234;
	return ip;
}

size_t ikt_ip(uint8_t *buf, struct ik_ipv4_repr *ip, const void *payload, size_t len)
{
	int h;

	ip->payload_len = len;
	h = ik_ipv4_emit(ip, buf, IK_IPV4_HDR_MAX + len);
	if (h < 0) {
		fprintf(stderr, "ikt_ip: emit: %s\n", ik_strerror(h));
		abort();
	}
	if (len && buf + h != payload)
		memmove(buf + h, payload, len);
	return (size_t)h + len;
}

size_t ikt_udp(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
	       const void *data, size_t len)
{
	uint8_t l4[65536];
	struct ik_udp_repr u = { .sport = sport, .dport = dport, .payload = data, .payload_len = len };
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, dst, IK_IPPROTO_UDP);
	int n = ik_udp_emit(&u, src, dst, l4, sizeof(l4));

	if (n < 0)
		abort();
	return ikt_ip(buf, &ip, l4, (size_t)n);
}

/**
 * icmp_dgram() - an ICMP message from @src to @dst in an IPv4 datagram
 * @buf: output; @src/@dst: addresses; @m: the message
 * Return: total length (aborts when the message cannot be emitted).
 */
static size_t icmp_dgram(uint8_t *buf, uint32_t src, uint32_t dst, const struct ik_icmp_repr *m)
{
	uint8_t l4[65536];
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, dst, IK_IPPROTO_ICMP);
	int n = ik_icmp_emit(m, l4, sizeof(l4));

	if (n < 0)
		abort();
	return ikt_ip(buf, &ip, l4, (size_t)n);
}

size_t ikt_echo(uint8_t *buf, uint8_t type, uint32_t src, uint32_t dst, uint16_t ident,
		uint16_t seq, const void *data, size_t len)
{
	struct ik_icmp_repr m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.u.echo.ident = ident;
	m.u.echo.seq = seq;
	m.data = data;
	m.data_len = len;
	return icmp_dgram(buf, src, dst, &m);
}

size_t ikt_icmp_error(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t type, uint8_t code,
		      uint32_t info, const uint8_t *quote, size_t qlen)
{
	struct ik_icmp_repr m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.code = code;
	if (type == IK_ICMP_UNREACH)
		m.u.unreach.mtu = (uint16_t)info;
	else if (type == IK_ICMP_PARAMPROB)
		m.u.param.pointer = (uint8_t)info;
	m.data = quote;
	m.data_len = qlen;
	return icmp_dgram(buf, src, dst, &m);
}

int ikt_parse(const struct ikt *t, size_t i, struct ik_ipv4_repr *ip, struct ik_icmp_repr *icmp)
{
	const struct ikt_pkt *p;
	int h;

	if (i >= t->cap.n)
		return -IK_EINVAL;
	p = &t->cap.pkts[i];
	h = ik_ipv4_parse(p->bytes, p->len, 0, ip, NULL);
	if (h < 0)
		return h;
	if (icmp) {
		int r = ik_icmp_parse(p->bytes + h, ip->total_len - (size_t)h, 0, icmp, NULL);

		if (r < 0)
			return r;
	}
	return 0;
}

/**
 * ikt_tmp_path() - a fresh temporary file, created empty
 * @out: at least 64 octets; @tag: part of its name
 */
void ikt_tmp_path(char *out, const char *tag)
{
	int fd;

	snprintf(out, 64, "/tmp/ik-test-%s-XXXXXX", tag);
	fd = mkstemp(out);
	if (fd < 0)
		abort();
	close(fd);
}

/**
 * ikt_read_file() - a whole file into @buf
 * @path: file; @buf: output; @cap: its size
 *
 * Return: octets read.
 */
size_t ikt_read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		abort();
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/**
 * ikt_fsize_limit() - the largest file this process may write, or no limit
 * @bytes: the limit, or 0 for none
 */
void ikt_fsize_limit(unsigned long bytes)
{
	static struct rlimit saved;
	static bool have;
	struct rlimit rl;

	if (!have) {
		getrlimit(RLIMIT_FSIZE, &saved);
		have = true;
	}
	signal(SIGXFSZ, bytes ? SIG_IGN : SIG_DFL);
	rl = saved;
	if (bytes)
		rl.rlim_cur = bytes;
	setrlimit(RLIMIT_FSIZE, &rl);
}

/**
 * ikt_pcap_count() - packets libpcap reads from @path, and a clean end
 * @path: file; @clean: filled
 *
 * Return: packets, or -1 when it cannot be opened.
 */
long ikt_pcap_count(const char *path, bool *clean)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p = pcap_open_offline(path, errbuf);
	long n = 0;
	int r;

	*clean = false;
	if (!p)
		return -1;
	while ((r = pcap_next_ex(p, &h, &data)) == 1)
		n++;
	*clean = r == PCAP_ERROR_BREAK;
	pcap_close(p);
	return n;
}
