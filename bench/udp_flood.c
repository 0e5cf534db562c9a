// SPDX-License-Identifier: MIT
/*
 * udp_flood.c - a bounded UDP flood and the receiver that counts it, for
 * bench_router.py (datagrams forwarded per second from namespace A to C).
 *
 * usage: udp_flood send --dst ADDR --port P --seconds S --count N
 *                       [--size OCTETS] [--batch N] [--run ID] [--ttl N]
 *        udp_flood recv --port P --seconds S [--size OCTETS] [--run ID]
 *                       [--idle S]
 *
 * send: a UDP socket connected to ADDR:P sends datagrams of OCTETS octets
 * of payload (64) with sendmmsg() in batches of N (64), as fast as the
 * kernel takes them, and stops after N datagrams or S seconds, whichever
 * comes first (both bounds always hold: the time is checked after every
 * batch and a blocked send gives up after 100 ms). Each payload starts with
 * "IKFL", the run ID (32 bits) and a sequence number (64 bits), the rest a
 * fixed pattern; --ttl sets the datagrams' TTL (the kernel's default,
 * 64, otherwise). Prints {"sent": N, "seconds": T, "errors": N}.
 *
 * recv: a UDP socket bound to port P (any address) with a large receive
 * buffer reads with recvmmsg() and checks every datagram: OCTETS long,
 * "IKFL", the run ID, the pattern; it notes the TTL it arrived with
 * (IP_RECVTTL), the socket's own drop count (SO_RXQ_OVFL) and the
 * sequence numbers seen out of order. It prints "ready" once bound, and
 * ends S seconds after starting, or IDLE seconds (1) after the last
 * datagram once one came. Prints {"received": N, "bad": N, "window": T,
 * "ttl_min": N, "ttl_max": N, "drops": N, "reordered": N, "max_seq": N};
 * window is the time from the first datagram to the last (CLOCK_MONOTONIC).
 *
 * Exit status: 0, 1 when a socket cannot be set up, 2 for bad arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 256
#define MAX_SIZE  1472
#define HDR       16 /* "IKFL", run ID, sequence number */

/** struct opts - the command line */
struct opts {
	bool send;
	const char *dst;
	unsigned port;
	double seconds, idle;
	unsigned long long count;
	unsigned size, batch, ttl;
	uint32_t run;
};

/**
 * mono() - CLOCK_MONOTONIC
 *
 * Return: seconds.
 */
static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/**
 * pattern() - the filler octet at payload offset @i
 * @i: offset (>= HDR)
 *
 * Return: the octet.
 */
static uint8_t pattern(unsigned i)
{
	return (uint8_t)(0x5a ^ (i * 7u));
}

/**
 * put_be() - @n octets of @v, most significant first
 * @p: output; @v: value; @n: octets
 */
static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

/**
 * get_be() - @n octets, most significant first
 * @p: input; @n: octets
 *
 * Return: the value.
 */
static uint64_t get_be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/**
 * do_send() - the flood
 * @o: options
 *
 * Return: exit status.
 */
static int do_send(const struct opts *o)
{
	static uint8_t buf[MAX_BATCH][MAX_SIZE];
	struct mmsghdr msg[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port) };
	struct timeval tv = { .tv_usec = 100000 };
	unsigned long long sent = 0, errors = 0;
	double t0, end, t1;
	int fd;

	if (inet_pton(AF_INET, o->dst, &sin.sin_addr) != 1) {
		fprintf(stderr, "udp_flood: bad address %s\n", o->dst);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    (o->ttl && setsockopt(fd, IPPROTO_IP, IP_TTL, &(int){ (int)o->ttl }, sizeof(int)) < 0)) {
		perror("udp_flood: send socket");
		return 1;
	}
	memset(msg, 0, sizeof(msg));
	for (unsigned k = 0; k < o->batch; k++) {
		memcpy(buf[k], "IKFL", 4);
		put_be(buf[k] + 4, o->run, 4);
		for (unsigned i = HDR; i < o->size; i++)
			buf[k][i] = pattern(i);
		iov[k] = (struct iovec){ .iov_base = buf[k], .iov_len = o->size };
		msg[k].msg_hdr.msg_iov = &iov[k];
		msg[k].msg_hdr.msg_iovlen = 1;
	}
	t0 = mono();
	end = t0 + o->seconds;
	while (sent < o->count && mono() < end) {
		unsigned n = o->batch;
		int r;

		if (o->count - sent < n)
			n = (unsigned)(o->count - sent);
		for (unsigned k = 0; k < n; k++)
			put_be(buf[k] + 8, sent + k, 8);
		r = sendmmsg(fd, msg, n, 0);
		if (r > 0)
			sent += (unsigned)r;
		else if (r < 0 && errno != EAGAIN && errno != EINTR && errno != ENOBUFS &&
			 errno != ECONNREFUSED && errno != EHOSTUNREACH && errno != ENETUNREACH)
			break;
		else
			errors++;
	}
	t1 = mono();
	printf("{\"sent\": %llu, \"seconds\": %.6f, \"errors\": %llu}\n", sent, t1 - t0, errors);
	close(fd);
	return 0;
}

/**
 * check() - is @p a datagram of this flood
 * @o: options; @p: payload; @len: its length
 *
 * Return: true when so.
 */
static bool check(const struct opts *o, const uint8_t *p, size_t len)
{
	if (len != o->size || memcmp(p, "IKFL", 4) || get_be(p + 4, 4) != o->run)
		return false;
	for (unsigned i = HDR; i < len; i++)
		if (p[i] != pattern(i))
			return false;
	return true;
}

/**
 * do_recv() - count and check what arrives
 * @o: options
 *
 * Return: exit status.
 */
static int do_recv(const struct opts *o)
{
	static uint8_t buf[MAX_BATCH][2048];
	static uint8_t ctl[MAX_BATCH][128];
	struct mmsghdr msg[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port) };
	struct timeval tv = { .tv_usec = 100000 };
	unsigned long long got = 0, bad = 0, reord = 0, max_seq = 0;
	int one = 1, rcvbuf = 32 << 20, fd;
	unsigned ttl_min = 256, ttl_max = 0;
	uint32_t drops = 0;
	double t0 = mono(), first = 0, last = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)) < 0) {
		perror("udp_flood: receive socket");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (unsigned k = 0; k < MAX_BATCH; k++) {
		iov[k] = (struct iovec){ .iov_base = buf[k], .iov_len = sizeof(buf[k]) };
		msg[k].msg_hdr = (struct msghdr){ .msg_iov = &iov[k], .msg_iovlen = 1 };
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		double now = mono();
		int r;

		if (now >= t0 + o->seconds || (got + bad && now >= last + o->idle))
			break;
		for (unsigned k = 0; k < MAX_BATCH; k++) {
			msg[k].msg_hdr.msg_control = ctl[k];
			msg[k].msg_hdr.msg_controllen = sizeof(ctl[k]);
		}
		r = recvmmsg(fd, msg, MAX_BATCH, MSG_WAITFORONE, NULL);
		if (r <= 0)
			continue;
		last = mono();
		if (!(got + bad))
			first = last;
		for (int k = 0; k < r; k++) {
			struct msghdr *h = &msg[k].msg_hdr;

			for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
				if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
					int t;

					memcpy(&t, CMSG_DATA(c), sizeof(t));
					if ((unsigned)t < ttl_min)
						ttl_min = (unsigned)t;
					if ((unsigned)t > ttl_max)
						ttl_max = (unsigned)t;
				} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
					memcpy(&drops, CMSG_DATA(c), sizeof(drops));
				}
			}
			if (!check(o, buf[k], msg[k].msg_len)) {
				bad++;
				continue;
			}
			{
				unsigned long long seq = get_be(buf[k] + 8, 8);

				if (got && seq < max_seq)
					reord++;
				if (seq > max_seq)
					max_seq = seq;
			}
			got++;
		}
	}
	printf("{\"received\": %llu, \"bad\": %llu, \"window\": %.6f, \"ttl_min\": %u, "
	       "\"ttl_max\": %u, \"drops\": %u, \"reordered\": %llu, \"max_seq\": %llu}\n", got, bad,
	       last - first, ttl_max ? ttl_min : 0, ttl_max, drops, reord, max_seq);
	close(fd);
	return 0;
}

/**
 * main() - parse the command line, then send or receive
 * @argc/@argv: arguments
 *
 * Return: exit status (0, 1 when a socket cannot be set up, 2 for bad
 * arguments).
 */
int main(int argc, char **argv)
{
	struct opts o = { .seconds = 0, .idle = 1.0, .count = 0, .size = 64, .batch = 64 };
	bool bad = argc < 2;

	if (!bad && !strcmp(argv[1], "send"))
		o.send = true;
	else if (bad || strcmp(argv[1], "recv"))
		bad = true;
	for (int i = 2; i < argc && !bad; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			bad = true;
		else if (!strcmp(argv[i], "--dst"))
			o.dst = v;
		else if (!strcmp(argv[i], "--port"))
			o.port = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(argv[i], "--seconds"))
			o.seconds = strtod(v, NULL);
		else if (!strcmp(argv[i], "--idle"))
			o.idle = strtod(v, NULL);
		else if (!strcmp(argv[i], "--count"))
			o.count = strtoull(v, NULL, 10);
		else if (!strcmp(argv[i], "--size"))
			o.size = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(argv[i], "--batch"))
			o.batch = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(argv[i], "--ttl"))
			o.ttl = (unsigned)strtoul(v, NULL, 10);
		else if (!strcmp(argv[i], "--run"))
			o.run = (uint32_t)strtoul(v, NULL, 0);
		else
			bad = true;
	}
	/* every flood is bounded: a time limit always, a count too for send */
	if (bad || !o.port || o.port > 65535 || o.seconds <= 0 || o.seconds > 3600 ||
	    o.size < HDR || o.size > MAX_SIZE || !o.batch || o.batch > MAX_BATCH || o.ttl > 255 ||
	    (o.send && (!o.dst || !o.count))) {
		fprintf(stderr, "usage: udp_flood send --dst ADDR --port P --seconds S --count N "
			"[--size OCTETS] [--batch N] [--run ID] [--ttl N]\n"
			"       udp_flood recv --port P --seconds S [--size OCTETS] [--run ID] "
			"[--idle S]\n");
		return 2;
	}
	return o.send ? do_send(&o) : do_recv(&o);
}
