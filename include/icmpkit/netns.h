/* SPDX-License-Identifier: MIT */
/**
 * DOC: working inside another network namespace for a while
 * Layer: dev (include/icmpkit/README.md)
 *
 * A TUN device and a netlink socket belong to the network namespace they
 * were made in, and stay there when the process moves on. So one process
 * can hold devices in several namespaces: enter one (setns() into the
 * namespace `ip netns add NAME` made, /run/netns/NAME), open and configure
 * its device, and go back. Needs CAP_SYS_ADMIN; the process must be
 * single-threaded while inside (setns() moves only the calling thread).
 */
#ifndef ICMPKIT_NETNS_H
#define ICMPKIT_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_NETNS_DIR "/run/netns"

/**
 * ik_netns_name_valid() - whether @name can name a file in IK_NETNS_DIR
 * @name: namespace name, as given to `ip netns`
 *
 * Return: true for 1..255 octets with no '/', not "." or "..".
 */
bool ik_netns_name_valid(const char *name);

/**
 * ik_netns_enter() - move into the network namespace /run/netns/@name
 * @name:   namespace name
 * @back:   filled with a descriptor of the current namespace, for
 *          ik_netns_leave()
 * @err:    one line on failure ("netns NAME: no such namespace
 *          (/run/netns/NAME)", "netns NAME: cannot enter: needs
 *          CAP_SYS_ADMIN (run as root)")
 * @errlen: its size
 *
 * Return: 0 (inside @name), or a negative errno (still where it was).
 */
int ik_netns_enter(const char *name, int *back, char *err, size_t errlen);

/**
 * ik_netns_leave() - go back to the namespace ik_netns_enter() left, and
 * close its descriptor
 * @back: the descriptor ik_netns_enter() filled
 *
 * Return: 0, or a negative errno (the process is then still inside).
 */
int ik_netns_leave(int back);

#ifdef __cplusplus
}
#endif
#endif
