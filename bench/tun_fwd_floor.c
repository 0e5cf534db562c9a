// SPDX-License-Identifier: MIT
/*
 * tun_fwd_floor.c - the floor of any user-space router on TUN devices: a
 * forwarder with no stack at all, for bench_router.py to measure beside
 * `icmpkit router` and the Linux kernel in the same run (as tun_floor.c is
 * for echo).
 *
 * usage: tun_fwd_floor --iface NAME,NETNS,PEER/LEN --iface NAME,NETNS,PEER/LEN
 *                      [--mtu N] [--busy-poll]
 *
 * It opens two TUN devices, each inside its network namespace NETNS (the
 * name `ip netns` gives it, /var/run/netns/NETNS), gives each kernel side
 * PEER/LEN and brings it up (as `icmpkit host` does with its one TUN), then
 * prints "ready: ..." and, until SIGINT or SIGTERM, reads each datagram
 * from one TUN and writes it unchanged to the other. Nothing is looked at:
 * no route lookup, no TTL, no checksum, one read() and one write() per
 * datagram, the least work a user-space forwarder can do. Without
 * --busy-poll each direction has a thread of its own blocked in read() on
 * its TUN (so a datagram costs exactly one read and one write, no poll());
 * with --busy-poll one thread spins over both TUNs with non-blocking reads.
 * What this reaches is what the TUN path itself allows on the machine;
 * bench_router.py prints it as "floor".
 *
 * On exit it prints {"Forwarded": {"0to1": N, "1to0": N, "WriteErrors": N}}
 * (0 is the first --iface).
 *
 * Exit status: 0 after SIGINT/SIGTERM, 1 when a TUN cannot be set up, 2
 * for bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
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

/** struct dir - one direction: read from @in into @buf, write to @out */
struct dir {
	int in, out;
	uint8_t *buf;
	unsigned long fwd, werr;
	pthread_t th;
	atomic_bool done; /* its pump has returned */
};

static volatile sig_atomic_t stop;

/** on_stop() - SIGINT/SIGTERM (and the wake-up signal): end the loops. @signo: unused */
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
 * pump() - one direction, blocking: read a datagram, write it, until stop
 * @arg: struct dir
 *
 * Return: NULL.
 */
static void *pump(void *arg)
{
	struct dir *d = arg;
	uint8_t *buf = d->buf;

	while (!stop) {
		ssize_t n = ik_tun_read(d->in, buf, 0);

		if (n > 0) {
			if (ik_tun_write(d->out, buf, (size_t)n) >= 0)
				d->fwd++;
			else
				d->werr++;
		} else if (n < 0 && n != -EAGAIN && n != -EINTR && n != -EMSGSIZE) {
			break;
		}
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
	while (!stop) {
		for (int i = 0; i < 2; i++) {
			ssize_t n = ik_tun_read(d[i].in, d[i].buf, 0);

			if (n > 0) {
				if (ik_tun_write(d[i].out, d[i].buf, (size_t)n) >= 0)
					d[i].fwd++;
				else
					d[i].werr++;
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct side s[2] = { { .t = { .fd = -1 } }, { .t = { .fd = -1 } } };
	struct sigaction sa = { .sa_handler = on_stop };
	struct dir d[2] = { { 0 }, { 0 } };
	char err[300];
	unsigned mtu = 1500;
	int nif = 0, home;
	bool busy = false, bad = false;
	sigset_t mask, old;

	for (int i = 1; i < argc && !bad; i++) {
		if (!strcmp(argv[i], "--iface") && i + 1 < argc && nif < 2)
			bad = parse_iface(argv[++i], &s[nif++]) < 0;
		else if (!strcmp(argv[i], "--mtu") && i + 1 < argc)
			bad = (mtu = (unsigned)strtoul(argv[++i], NULL, 10)) < 68 || mtu > 65535;
		else if (!strcmp(argv[i], "--busy-poll"))
			busy = true;
		else
			bad = true;
	}
	if (bad || nif != 2) {
		fprintf(stderr, "usage: tun_fwd_floor --iface NAME,NETNS,PEER/LEN --iface "
			"NAME,NETNS,PEER/LEN [--mtu N] [--busy-poll]\n");
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
		d[i].buf = malloc(IK_TUN_SLOT);
		if (!d[i].buf || ik_tun_set_blocking(d[i].in, !busy) < 0)
			return 1;
	}
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: a waiting read fails with EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	printf("ready: tun_fwd_floor %s (netns %s) <-> %s (netns %s) %s\n", s[0].name, s[0].netns,
	       s[1].name, s[1].netns, busy ? "busy-poll" : "blocking, a thread per direction");
	fflush(stdout);
	if (busy) {
		spin(d);
	} else {
		/* the pumps never take SIGINT/SIGTERM: main does, then wakes them */
		sigemptyset(&mask);
		sigaddset(&mask, SIGINT);
		sigaddset(&mask, SIGTERM);
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
	free(d[0].buf);
	free(d[1].buf);
	return 0;
}
