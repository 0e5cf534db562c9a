/* SPDX-License-Identifier: MIT */
/*
 * topo.h - the stacks the fuzz targets drive: a host with two interfaces
 * and a default route (fuzz_stack, fuzz_input), a router with three, one
 * unnumbered (fuzz_router)
 */
#ifndef ICMPKIT_FUZZ_TOPO_H
#define ICMPKIT_FUZZ_TOPO_H

#include "script.h"

/** fz_host() - the host: 192.0.2.10/24 and 2001:db8:1::10/64 (MTU 1500),
 * 198.51.100.10/24 and 2001:db8:2::10/64 (MTU 576), default via 192.0.2.1
 * and fe80::1, refusing routes 198.18.{1,2,3}.0/24 and
 * 2001:db8:f{1,2,3}::/48 */
void fz_host(struct fz_topo *t);

/** fz_router() - the router: 192.0.2.1/24 and 2001:db8:1::1/64 (1500),
 * 198.51.100.1/24 and 2001:db8:2::1/64 (1280), unnumbered (576, no
 * IPv6), 203.0.113.0/25 via 192.0.2.254, 203.0.113.128/25 on the
 * unnumbered link, 2001:db8:3::/64 via fe80::fe, refusing routes
 * 198.18.{1,2,3}.0/24 and 2001:db8:f{1,2,3}::/48; it forwards both
 * versions */
void fz_router(struct fz_topo *t);

#endif
