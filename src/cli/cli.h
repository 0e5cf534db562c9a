/* SPDX-License-Identifier: MIT */
/* cli.h - subcommands of the icmpkit command */
#ifndef ICMPKIT_CLI_H
#define ICMPKIT_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses shared by every subcommand. */
#define IK_EXIT_OK    0 /* done, every packet valid */
#define IK_EXIT_FAIL  1 /* ran, but something failed or was invalid */
#define IK_EXIT_USAGE 2 /* bad command line */

/**
 * cli_usage_error() - print "icmpkit CMD: MSG" and a hint on one line
 * @cmd: subcommand name
 * @fmt: printf format
 *
 * Return: IK_EXIT_USAGE.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct ik_tun;
struct cli_link_watch;
struct cli_link6;

/**
 * cli_tun_up_in() - a TUN made (or attached) inside namespace @netns ("" for
 * the current one), its kernel side configured there
 * @t: the device; @netns: namespace; @name / @mtu / @peer / @peer_prefix:
 * as ik_tun_bring_up(); @l6: the link's IPv6 ends (the kernel side gets
 * @l6->peer), or NULL; @watch: a cli_link_watch opened on it there, or
 * NULL; @err / @errlen: message
 *
 * Return: 0, or a negative errno.
 */
int cli_tun_up_in(struct ik_tun *t, const char *netns, const char *name, unsigned mtu,
		  uint32_t peer, unsigned peer_prefix, const struct cli_link6 *l6,
		  struct cli_link_watch *watch, char *err, size_t errlen);

/** cmd_demo() - `icmpkit demo`. Return: exit status. */
int cmd_demo(int argc, char **argv);
/** cmd_decode() - `icmpkit decode`. Return: exit status. */
int cmd_decode(int argc, char **argv);
/** cmd_report() - `icmpkit report`. Return: exit status. */
int cmd_report(int argc, char **argv);
/** cmd_host() - `icmpkit host`. Return: exit status. */
int cmd_host(int argc, char **argv);
/** cmd_router() - `icmpkit router`. Return: exit status. */
int cmd_router(int argc, char **argv);
/** cmd_ping() - `icmpkit ping`. Return: exit status. */
int cmd_ping(int argc, char **argv);
/** cmd_traceroute() - `icmpkit traceroute`. Return: exit status. */
int cmd_traceroute(int argc, char **argv);

#endif
