// SPDX-License-Identifier: MIT
/*
 * tun_fwd_floor.c - the floor of any user-space router on TUN devices: a
 * forwarder with no stack at all, for bench_router.py to measure beside
 * `icmpkit router` and the Linux kernel in the same run (as tun_floor.c is
 * for echo).
 *
 * usage: tun_fwd_floor --iface NAME,NETNS,PEER/LEN --iface NAME,NETNS,PEER/LEN
 *                      [--mtu N] [--busy-poll | --poll] [--batch N] [--duration S]
 *
 * It opens two TUN devices, each inside its network namespace NETNS (the
 * name `ip netns` gives it, /var/run/netns/NETNS), gives each kernel side
 * PEER/LEN and brings it up (as `icmpkit host` does with its one TUN), then
 * prints "ready: ..." and, until SIGINT or SIGTERM, reads each datagram
 * from one TUN and writes it unchanged to the other. Nothing is looked at:
 * no route lookup, no TTL, no checksum: one read() and one write() per
 * datagram, the least work a user-space forwarder can do. Datagrams are
 * read in bursts, as a router's loop does (icmpkit's reads until the TUN
 * is empty, 64 at most, then sends): up to N (--batch, 64; 1: each one
 * written as soon as read) are read while more are queued, then all
 * written, which keeps the kernel's read path and its write path (the
 * whole receive into the other namespace) each hot in the caches for a
 * burst. Without --busy-poll each direction has a thread of its own, whose
 * first read of a burst waits in read() on its TUN and the rest do not
 * (preadv2 RWF_NOWAIT), so there is no poll() at all; with --busy-poll one
 * thread spins over both TUNs with non-blocking reads; with --poll one
 * thread sleeps in poll() over both and reads a burst from each that is
 * ready, the shape of a single-threaded router's loop (icmpkit router's
 * without --busy-poll).
 * What this reaches is what the TUN path itself allows on the machine;
 * bench_router.py prints it as "floor".
 *
 * --duration S stops it by itself after S seconds (SIGALRM), so a driver
 * that dies cannot leave it running.
 *
 * On exit it prints {"Forwarded": {"0to1": N, "1to0": N, "WriteErrors": N}}
 * (0 is the first --iface).
 *
 * Exit status: 0 after SIGINT/SIGTERM, 1 when a TUN cannot be set up, 2
 * for bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"
#include "icmpkit/tun.h"

/** struct side - one TUN and the namespace it lives in */
struct side {
	const char *name;
	char netns[256];
	uint32_t peer;
	unsigned prefix;
	struct ik_tun t;
};

/** struct dir - one direction: read bursts from @in into @buf, write them to @out */
struct dir {
	int in, out;
	uint8_t *buf;      /* batch slots of IK_TUN_SLOT octets */
	size_t *len;       /* the length read into each */
	unsigned batch;
	bool nowait;       /* ik_tun_read(IK_TUN_NOWAIT) works */
	unsigned long fwd, werr;
	pthread_t th;
	atomic_bool done; /* its pump has returned */
};

static volatile sig_atomic_t stop;

/** on_stop() - SIGINT/SIGTERM/SIGALRM (and the wake-up signal): end the loops. @signo: unused */
static void on_stop(int signo)
{
	(void)signo;
	stop = 1;
}

/**
 * parse_iface() - NAME,NETNS,PEER/LEN
 * @arg: the argument; @s: filled
 *
 * Return: 0, or -1 when malformed.
 */
static int parse_iface(const char *arg, struct side *s)
{
	static char copy[2][300];
	static int used;
	char *c1, *c2, *buf;

	if (used >= 2 || strlen(arg) >= sizeof(copy[0]))
		return -1;
	buf = copy[used++];
	strcpy(buf, arg);
	c1 = strchr(buf, ',');
	c2 = c1 ? strchr(c1 + 1, ',') : NULL;
	if (!c1 || !c2)
		return -1;
	*c1 = *c2 = 0;
	s->name = buf;
	if (!ik_tun_name_valid(buf) || !c1[1] || strchr(c1 + 1, '/') ||
	    strlen(c1 + 1) >= sizeof(s->netns))
		return -1;
	strcpy(s->netns, c1 + 1);
	if (ik_ipv4_prefix_parse(c2 + 1, &s->peer, &s->prefix) < 0 || !s->prefix)
		return -1;
	return 0;
}

/**
 * open_in_netns() - bring the TUN of @s up inside its namespace, then come
 * back to the namespace the process started in
 * @s: side; @home: descriptor of the starting namespace; @mtu: MTU
 * @err/@errlen: one line on failure
 *
 * The TUN device stays in the namespace it was created in; its descriptor
 * works from anywhere.
 *
 * Return: 0, or -1 with @err set.
 */
static int open_in_netns(struct side *s, int home, unsigned mtu, char *err, size_t errlen)
{
	char path[300];
	int fd, r;

	snprintf(path, sizeof(path), "/var/run/netns/%s", s->netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "netns %s: %s", s->netns, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		snprintf(err, errlen, "setns %s: %s", s->netns, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	r = ik_tun_bring_up(&s->t, s->name, mtu, s->peer, s->prefix, err, errlen);
	if (setns(home, CLONE_NEWNET) < 0) {
		snprintf(err, errlen, "setns back: %s", strerror(errno));
		return -1;
	}
	return r < 0 ? -1 : 0;
}

/**
 * burst() - read what is queued (the first read as @flags says, the others
 * never waiting, @d->batch at most), then write it all
 * @d: direction; @flags: 0 (the first read may wait) or IK_TUN_NOWAIT
 *
 * Return: datagrams read, or a negative errno from the first read.
 */
static int burst(struct dir *d, unsigned flags)
{
	unsigned k = 0;
	ssize_t n = ik_tun_read(d->in, d->buf, flags);

	if (n < 0)
		return (int)n;
	d->len[k++] = (size_t)n;
	while (k < d->batch) {
		n = ik_tun_read(d->in, d->buf + (size_t)k * IK_TUN_SLOT,
				d->nowait ? IK_TUN_NOWAIT : 0);
		if (n == -EOPNOTSUPP) {
			d->nowait = false; /* a kernel without RWF_NOWAIT on TUN */
			d->batch = 1;
			break;
		}
		if (n < 0)
			break;
		d->len[k++] = (size_t)n;
	}
	for (unsigned i = 0; i < k; i++) {
		if (ik_tun_write(d->out, d->buf + (size_t)i * IK_TUN_SLOT, d->len[i]) >= 0)
			d->fwd++;
		else
			d->werr++;
	}
	return (int)k;
}

/**
 * pump() - one direction, its first read of a burst blocking, until stop
 * @arg: struct dir
 *
 * Return: NULL.
 */
static void *pump(void *arg)
{
	struct dir *d = arg;

	while (!stop) {
		int n = burst(d, 0);

		if (n < 0 && n != -EAGAIN && n != -EINTR && n != -EMSGSIZE)
			break;
	}
	atomic_store(&d->done, true);
	return NULL;
}

/**
 * spin() - both directions in one thread, non-blocking reads, until stop
 * @d: the two directions
 */
static void spin(struct dir d[2])
{
	while (!stop)
		for (int i = 0; i < 2; i++)
			burst(&d[i], 0);
}

/**
 * main() - parse, open both TUNs in their namespaces, forward until a
 * signal, print the counts
 * @argc/@argv: arguments
 *
 * Return: exit status (0, 1 when a TUN cannot be set up, 2 for bad
 * arguments).
 */
/**
 * poll_loop() - both directions in one thread sleeping in poll(), until stop
 * @d: the two directions
 */
static void poll_loop(struct dir d[2])
{
	struct pollfd pfd[2] = { { .fd = d[0].in, .events = POLLIN },
				 { .fd = d[1].in, .events = POLLIN } };

	while (!stop) {
		if (poll(pfd, 2, -1) < 0)
			continue; /* EINTR: stop is looked at */
		for (int i = 0; i < 2; i++)
			if (pfd[i].revents & POLLIN)
				burst(&d[i], 0);
	}
}

int main(int argc, char **argv)
{
	struct side s[2] = { { .t = { .fd = -1 } }, { .t = { .fd = -1 } } };
	struct sigaction sa = { .sa_handler = on_stop };
	struct dir d[2] = { { 0 }, { 0 } };
	char err[300];
	unsigned mtu = 1500, batch = 64, duration = 0;
	int nif = 0, home;
	bool busy = false, use_poll = false, bad = false;
	sigset_t mask, old;

	for (int i = 1; i < argc && !bad; i++) {
		if (!strcmp(argv[i], "--iface") && i + 1 < argc && nif < 2)
			bad = parse_iface(argv[++i], &s[nif++]) < 0;
		else if (!strcmp(argv[i], "--mtu") && i + 1 < argc)
			bad = (mtu = (unsigned)strtoul(argv[++i], NULL, 10)) < 68 || mtu > 65535;
		else if (!strcmp(argv[i], "--busy-poll"))
			busy = true;
		else if (!strcmp(argv[i], "--poll"))
			use_poll = true;
		else if (!strcmp(argv[i], "--duration") && i + 1 < argc)
			bad = (duration = (unsigned)strtoul(argv[++i], NULL, 10)) < 1;
		else if (!strcmp(argv[i], "--batch") && i + 1 < argc)
			bad = (batch = (unsigned)strtoul(argv[++i], NULL, 10)) < 1 || batch > 1024;
		else
			bad = true;
	}
	if (bad || nif != 2 || (busy && use_poll)) {
		fprintf(stderr, "usage: tun_fwd_floor --iface NAME,NETNS,PEER/LEN --iface "
			"NAME,NETNS,PEER/LEN [--mtu N] [--busy-poll | --poll] [--batch N] "
			"[--duration S]\n");
		return 2;
	}
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		perror("tun_fwd_floor: /proc/self/ns/net");
		return 1;
	}
	for (int i = 0; i < 2; i++)
		if (open_in_netns(&s[i], home, mtu, err, sizeof(err)) < 0) {
			fprintf(stderr, "tun_fwd_floor: %s\n", err);
			ik_tun_close(&s[0].t);
			ik_tun_close(&s[1].t);
			return 1;
		}
	close(home);
	for (int i = 0; i < 2; i++) {
		d[i].in = s[i].t.fd;
		d[i].out = s[1 - i].t.fd;
		d[i].batch = batch;
		d[i].nowait = !busy && !use_poll; /* else the descriptor itself never waits */
		d[i].buf = malloc((size_t)batch * IK_TUN_SLOT);
		d[i].len = malloc(batch * sizeof(*d[i].len));
		if (!d[i].buf || !d[i].len || ik_tun_set_blocking(d[i].in, !busy && !use_poll) < 0)
			return 1;
	}
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: a waiting read fails with EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	printf("ready: tun_fwd_floor %s (netns %s) <-> %s (netns %s) %s, bursts of %u\n",
	       s[0].name, s[0].netns, s[1].name, s[1].netns,
	       busy ? "busy-poll" : use_poll ? "poll(), one thread" :
	       "blocking, a thread per direction", batch);
	fflush(stdout);
	if (duration)
		alarm(duration);
	if (busy) {
		spin(d);
	} else if (use_poll) {
		poll_loop(d);
	} else {
		/* the pumps never take SIGINT/SIGTERM: main does, then wakes them */
		sigemptyset(&mask);
		sigaddset(&mask, SIGINT);
		sigaddset(&mask, SIGTERM);
		sigaddset(&mask, SIGALRM);
		pthread_sigmask(SIG_BLOCK, &mask, &old);
		for (int i = 0; i < 2; i++)
			if (pthread_create(&d[i].th, NULL, pump, &d[i])) {
				fprintf(stderr, "tun_fwd_floor: cannot start a thread\n");
				return 1;
			}
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		while (!stop)
			pause();
		/* again and again: a pump between its check of stop and its
		 * read() would miss a single signal */
		for (int i = 0; i < 2; i++) {
			while (!atomic_load(&d[i].done)) {
				pthread_kill(d[i].th, SIGUSR1);
				usleep(10000);
			}
			pthread_join(d[i].th, NULL);
		}
	}
	printf("{\"Forwarded\": {\"0to1\": %lu, \"1to0\": %lu, \"WriteErrors\": %lu}}\n", d[0].fwd,
	       d[1].fwd, d[0].werr + d[1].werr);
	ik_tun_close(&s[0].t);
	ik_tun_close(&s[1].t);
	for (int i = 0; i < 2; i++) {
		free(d[i].buf);
		free(d[i].len);
	}
	return 0;
}
