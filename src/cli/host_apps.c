// SPDX-License-Identifier: MIT
/* host_apps.c - `icmpkit host`: UDP echo, UDP sink and raw printers */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"

#include "host.h"

#define APP_BUF 65536

static const char *const kind_names[] = {
	[HOST_APP_ECHO] = "--udp-echo", [HOST_APP_SINK] = "--udp-sink", [HOST_APP_RAW] = "--raw",
};

/**
 * open_one() - open one socket; UDP ones are bound to @param on any address
 * (and with @v6, an IPv6 twin on the same port)
 * @apps: table; @s: stack; @kind: what it does; @param: port or protocol;
 * @v6: the stack has IPv6; @err / @errlen: message
 *
 * Return: 0, or a negative errno.
 */
static int open_one(struct host_apps *apps, struct ik_stack *s, enum host_app_kind kind,
		    unsigned param, bool v6, char *err, size_t errlen)
{
	struct host_app *app = &apps->app[apps->n];
	int fd, r;

	int fd6 = -1;

	if (kind == HOST_APP_RAW)
		fd = ik_sock_open(s, IK_SOCK_RAW, (uint8_t)param);
	else
		fd = ik_sock_open(s, IK_SOCK_UDP, 0);
	if (fd >= 0 && kind != HOST_APP_RAW && v6) {
		/* the same port over IPv6, a socket of its own (IPV6_V6ONLY) */
		fd6 = ik_sock_open(s, IK_SOCK_UDP6, 0);
		if (fd6 >= 0 && (r = ik_sock_bind6(s, fd6, NULL, (uint16_t)param)) < 0) {
			snprintf(err, errlen, "%s %u: cannot bind over IPv6: %s", kind_names[kind],
				 param, strerror(-r));
			ik_sock_close(s, fd6);
			ik_sock_close(s, fd);
			return r;
		}
		if (fd6 < 0) {
			ik_sock_close(s, fd);
			fd = fd6;
		}
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s %u: cannot open a socket: %s", kind_names[kind], param,
			 strerror(-fd));
		return fd;
	}
	if (kind != HOST_APP_RAW && (r = ik_sock_bind(s, fd, 0, (uint16_t)param)) < 0) {
		snprintf(err, errlen, "%s %u: cannot bind: %s", kind_names[kind], param,
			 strerror(-r));
		ik_sock_close(s, fd);
		if (fd6 >= 0)
			ik_sock_close(s, fd6);
		return r;
	}
	memset(app, 0, sizeof(*app));
	app->fd = fd;
	app->fd6 = fd6;
	app->kind = kind;
	app->param = param;
	apps->n++;
	return 0;
}

/**
 * host_apps_open() - open every socket the arguments ask for
 * @apps: filled; @s: stack; @a: arguments; @err / @errlen: message
 *
 * Return: 0, or a negative errno.
 */
int host_apps_open(struct host_apps *apps, struct ik_stack *s, const struct host_args *a,
		   char *err, size_t errlen)
{
	int r = 0;

	apps->n = 0;
	apps->buf = malloc(APP_BUF);
	if (!apps->buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < a->necho && !r; i++)
		r = open_one(apps, s, HOST_APP_ECHO, a->echo[i], a->have6, err, errlen);
	for (unsigned i = 0; i < a->nsink && !r; i++)
		r = open_one(apps, s, HOST_APP_SINK, a->sink[i], a->have6, err, errlen);
	for (unsigned i = 0; i < a->nraw && !r; i++)
		r = open_one(apps, s, HOST_APP_RAW, a->raw[i], a->have6, err, errlen);
	return r;
}

/**
 * serve_echo() - send every queued datagram back where it came from
 * @app: socket; @s: stack; @buf: APP_BUF octets; @now: time
 */
static void serve_echo(struct host_app *app, struct ik_stack *s, uint8_t *buf, uint64_t now)
{
	uint8_t from6[16];
	uint32_t from;
	uint16_t port;
	ssize_t n;

	while ((n = ik_sock_recvfrom(s, app->fd, buf, APP_BUF, &from, &port)) >= 0) {
		app->in++;
		app->in_octets += (uint64_t)n;
		if (ik_sock_sendto(s, app->fd, buf, (size_t)n, from, port, now) < 0)
			app->out_errors++;
		else
			app->out++;
	}
	while (app->fd6 >= 0 &&
	       (n = ik_sock_recvfrom6(s, app->fd6, buf, APP_BUF, from6, &port)) >= 0) {
		app->in++;
		app->in_octets += (uint64_t)n;
		if (ik_sock_sendto6(s, app->fd6, buf, (size_t)n, from6, port, now) < 0)
			app->out_errors++;
		else
			app->out++;
	}
}

/**
 * serve_sink() - read and count every queued datagram
 * @app: socket; @s: stack; @buf: APP_BUF octets
 */
static void serve_sink(struct host_app *app, struct ik_stack *s, uint8_t *buf)
{
	ssize_t n;

	while ((n = ik_sock_recvfrom(s, app->fd, buf, APP_BUF, NULL, NULL)) >= 0) {
		app->in++;
		app->in_octets += (uint64_t)n;
	}
	while (app->fd6 >= 0 && (n = ik_sock_recvfrom6(s, app->fd6, buf, APP_BUF, NULL, NULL)) >= 0) {
		app->in++;
		app->in_octets += (uint64_t)n;
	}
}

/**
 * serve_raw() - one "raw:" line per queued datagram
 * @app: socket; @s: stack; @buf: APP_BUF octets; @out: output
 *
 * Return: lines written.
 */
static unsigned serve_raw(struct host_app *app, struct ik_stack *s, uint8_t *buf, FILE *out)
{
	char src[16], dst[16];
	unsigned lines = 0;
	uint32_t from;
	ssize_t n;

	while ((n = ik_sock_recvfrom(s, app->fd, buf, APP_BUF, &from, NULL)) >= 0) {
		app->in++;
		app->in_octets += (uint64_t)n;
		if (n >= 20)
			ik_ipv4_addr_str(ik_get32(buf + 16), dst);
		else
			strcpy(dst, "?");
		fprintf(out, "raw: proto %u from %s to %s len %zd\n", app->param,
			ik_ipv4_addr_str(from, src), dst, n);
		lines++;
	}
	return lines;
}

/**
 * host_apps_drain() - serve every socket until its queue is empty
 * @apps: sockets; @s: stack; @now: time; @out: raw printers' output
 *
 * Return: lines written to @out.
 */
unsigned host_apps_drain(struct host_apps *apps, struct ik_stack *s, uint64_t now, FILE *out)
{
	unsigned lines = 0;

	for (unsigned i = 0; i < apps->n; i++) {
		struct host_app *app = &apps->app[i];

		switch (app->kind) {
		case HOST_APP_ECHO: serve_echo(app, s, apps->buf, now); break;
		case HOST_APP_SINK: serve_sink(app, s, apps->buf); break;
		case HOST_APP_RAW: lines += serve_raw(app, s, apps->buf, out); break;
		}
	}
	return lines;
}

/**
 * host_apps_close() - close every socket, free the buffer
 * @apps: sockets; @s: stack
 */
void host_apps_close(struct host_apps *apps, struct ik_stack *s)
{
	for (unsigned i = 0; i < apps->n; i++) {
		ik_sock_close(s, apps->app[i].fd);
		if (apps->app[i].fd6 >= 0)
			ik_sock_close(s, apps->app[i].fd6);
	}
	apps->n = 0;
	free(apps->buf);
	apps->buf = NULL;
}
