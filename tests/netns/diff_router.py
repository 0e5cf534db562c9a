#!/usr/bin/python3
"""diff_router.py - differential test: `icmpkit router` against a Linux router.

Usage: diff_router.py ICMPKIT [--against icmpkit|linux] [--keep] [--verbose]
                      [PROBE...]

The topology, built twice in network namespaces made for this run (and
removed on exit), once per router under test:

    S 192.0.2.1/24 ---- 192.0.2.254 ROUTER 203.0.113.1 ---- 203.0.113.2/24 D
         MTU 1500       (S2 192.0.2.3 on      MTU 1280
                         S's link)

  linux    the router is a namespace with ip_forward=1 and two veths;
  icmpkit  the router is `icmpkit router --iface tun:s0,...,netns=S
           --iface tun:d0,...,netns=D`: its TUN links are S's and D's
           interfaces.

Both have the same addresses, MTUs and routes (none by default):
    198.51.100.0/28   via 192.0.2.3 (S2, on S's own link: the redirect case)
    198.51.100.16/28  unreachable        198.51.100.32/28  prohibit
    198.51.100.48/28  blackhole          198.51.100.64/28  via 203.0.113.99
and the same settings by their Linux sysctl names (ICMP rate limits off,
icmp_echo_ignore_broadcasts 1, and per phase bc_forwarding,
accept_source_route, send_redirects). The datagrams mostly go to
203.0.113.99 on D's link, which D does not own (D's kernel drops them
silently: what arrives at D is exactly what the router forwarded).

The probes (build_probes(), over 90 kinds in four phases of settings) are
crafted with scapy and tests/netns/probes.py's helpers and sent from S
below IP (AF_PACKET: as built, bad checksums included). One prober per
router (run at the same time) holds a packet socket in S's and one in D's
namespace (setns) and records, per probe, what arrives at D (the forwarded
datagram or its fragments) and what comes back to S (errors, redirects,
a datagram sent back on S's link). Each packet is parsed into fields
(diff_linux.parse: the IP header, options with timestamps as "T" when
plausible, ICMP fields, the quoted datagram's fields and octets, UDP/TCP);
the IP identification is compared for forwarded datagrams and fragments
(it must be kept) and left out for the router's own messages. Checksums must
be right on both sides (except where a probe sends a wrong one and that
datagram arrives: it never should) and are then left out. The packets of a
side are compared in a canonical order (the router's messages, then the
others by fragment offset), not in arrival order.

Before comparing, the Linux reference answers are checked against what each
probe is meant to provoke (its `expect`: e.g. S gets ICMP 3/13, D gets
nothing), so that a probe that does not exercise its case is caught.

A table probe | linux | icmpkit | verdict is printed, then the differing
fields. Every difference must be in ALLOWED below (probe -> field -> reason,
the reason naming its row in docs/differences.md, "Router: icmpkit router
against a Linux router"); any other fails the test.

While `icmpkit router` does not exist yet (or with --against linux) the
candidate is a second Linux router built the same way: the harness checks
itself (no difference may appear between two Linux routers) and the Linux
expectations still run. Exit 0: no unlisted difference, expectations met;
1: otherwise; 77: not root or no scapy (SKIP).
"""
import ctypes
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diff_linux  # noqa: E402  (the host's differential test: parse, sh, cleanup)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
PY = "/usr/bin/python3"
SELF = os.path.abspath(__file__)
READY_WAIT = 10
PROBE_TIMEOUT = 150

# addresses (RFC 5737 only)
S, S2, RS = "192.0.2.1", "192.0.2.3", "192.0.2.254"
RD, D, DX = "203.0.113.1", "203.0.113.2", "203.0.113.99"
SBC, DBC = "192.0.2.255", "203.0.113.255"
REDIR = "198.51.100.5"      # via S2, on S's own link
UNR, PROH, BH = "198.51.100.17", "198.51.100.33", "198.51.100.49"
GWNET = "198.51.100.70"     # via 203.0.113.99 (a gateway on D's link)
NOROUTE = "198.51.100.200"
ROUTER_ADDRS = (RS, RD, "192.0.0.8")
MTU_D = 1280
ROUTES = [
    ("198.51.100.0/28", "via", S2),
    ("198.51.100.16/28", "unreachable", None),
    ("198.51.100.32/28", "prohibit", None),
    ("198.51.100.48/28", "blackhole", None),
    ("198.51.100.64/28", "via", DX),
]
MAC_S, MAC_RS, MAC_S2 = "02:00:5e:10:00:01", "02:00:5e:10:00:fe", "02:00:5e:10:00:03"
MAC_RD, MAC_D = "02:00:5e:10:01:01", "02:00:5e:10:01:02"

# settings the same on both routers, and those that change per phase
SETTINGS = {
    "icmp_ratelimit": 0,
    "icmp_msgs_per_sec": 100000,
    "icmp_msgs_burst": 100000,
    "icmp_echo_ignore_broadcasts": 1,
    "ip_default_ttl": 64,
}
PHASES = {
    "base": {"bc_forwarding": 0, "accept_source_route": 0, "send_redirects": 1},
    "bc1": {"bc_forwarding": 1, "accept_source_route": 0, "send_redirects": 1},
    "srr1": {"bc_forwarding": 0, "accept_source_route": 1, "send_redirects": 1},
    "noredir": {"bc_forwarding": 0, "accept_source_route": 0, "send_redirects": 0},
}
CONF_KEYS = ("bc_forwarding", "accept_source_route", "send_redirects")

# Differences allowed: probe -> {field (without its "#N " index): reason}.
# Each reason names its row under "Router: icmpkit router against a Linux
# router" in docs/differences.md. Fill in from what the icmpkit router
# does, never to hide a bug (a bug is fixed in the stack).
R_OPTS_ERR = "docs/differences.md, router row 'options in errors': the error carries no " \
    "options and quotes the header as sent (RFC 1812 4.3.2.3, CONFORMANCE G7)"
R_REDIRECT = "docs/differences.md, router row 'Redirect quote': the datagram as received, " \
    "TTL not yet decremented (RFC 792, RFC 1812 4.3.2.3)"
ALLOWED = {
    "opt-ts1": {"d ip.opts": "docs/differences.md, router row 'Timestamp flag 1 address': the "
                "outgoing interface's address, as for Record Route (RFC 791 3.1, RFC 1812 "
                "5.3.13.6 names no interface)"},
    "opt-rr-ttl1": {k: R_OPTS_ERR for k in ("s ip.ihl", "s ip.len", "s ip.opts",
                                            "s quote.ip.opts", "s quote.ip.csum",
                                            "s quote.hex")},
    "df-1281-rr": {k: R_OPTS_ERR for k in ("s ip.ihl", "s ip.len", "s ip.opts", "s quote.len",
                                           "s quote.ip.opts", "s quote.ip.csum",
                                           "s quote.hex")},
    "redirect-echo": {"s quote.ip.ttl": R_REDIRECT, "s quote.hex": R_REDIRECT},
    "redirect-udp": {"s quote.ip.ttl": R_REDIRECT, "s quote.hex": R_REDIRECT},
    "redirect-tos": {"s quote.ip.ttl": R_REDIRECT, "s quote.hex": R_REDIRECT},
    "src-sbcast": {"d count": "docs/differences.md, router row 'broadcast source': not "
                   "forwarded (RFC 1812 5.3.7, 4.2.2.11: not a unicast source)"},
}

WAIT = 0.2      # listening time after each probe


def alt_src(i):
    """A source of its own on S's link for probe @i of the route errors:
    Linux limits the errors of a failed route lookup (ip_error(): 1 a second,
    burst 5, per source, whatever icmp_ratelimit says, and any other error
    to the same source empties that bucket), so each gets a fresh source."""
    return "192.0.2.%d" % (100 + i)


ALT_SRCS = [alt_src(i) for i in range(12)]


# --- probes ------------------------------------------------------------------

class RProbe:
    """A probe: @name, @phase, @desc, @pkts, @expect (S side, D side), @wait."""

    def __init__(self, name, phase, desc, pkts, expect, wait=WAIT):
        self.name, self.phase, self.desc = name, phase, desc
        self.pkts = pkts if isinstance(pkts, list) else [pkts]
        self.expect = expect
        self.wait = wait


def srr(typ, route, ptr=4):
    """A Loose (0x83) or Strict (0x89) Source Route option over @route."""
    body = b"".join(socket.inet_aton(a) for a in route)
    return bytes([typ, 3 + len(body), ptr]) + body


def build_probes():
    """Every probe, in order (the IP identifications follow the order)."""
    import probes as pb  # pylint: disable=import-outside-toplevel
    P = []

    def add(name, desc, pkts, expect, phase="base", wait=WAIT):
        P.append(RProbe(name, phase, desc, pkts, expect, wait))

    ip, udp, echo, pat = pb.ip, pb.udp, pb.echo, pb.pattern

    def u(dst=DX, n=16, src=S, **kw):
        return ip(udp(33434, pat(n)), src=src, dst=dst, **kw)

    def e(dst=DX, n=16, src=S, **kw):
        return ip(echo(pat(n), ident=0x4b20), src=src, dst=dst, **kw)

    def t(dst=DX, src=S, **kw):
        return pb.iptcp(pb.tcp(80, "S", src=src, dst=dst), src=src, dst=dst, **kw)

    TE, FWD, NONE = ["icmp 11/0"], ["fwd"], []
    # ---- TTL: 0 and 1 expire here, 2 and 255 go on (decremented)
    for kind, mk in (("udp", u), ("echo", e), ("tcp", t)):
        for ttl in (0, 1, 2, 255):
            exp = (TE, NONE) if ttl <= 1 else (NONE, FWD)
            add("%s-ttl%d" % (kind, ttl), "%s to 203.0.113.99 with TTL %d" % (kind, ttl),
                mk(ttl=ttl), exp)
    # ---- protocols the router does not know: forwarded unchanged
    for proto in (47, 132, 253):
        add("proto-%d" % proto, "IP protocol %d through the router" % proto,
            ip(pb.raw_l4(pat(24)), proto=proto, src=S, dst=DX), (NONE, FWD))
    # ---- options on forwarded datagrams
    add("opt-rr", "Record Route, 9 slots (the router records its address)",
        e(opts=pb.rr_opt(9)), (NONE, FWD))
    rr_full = bytearray(pb.rr_opt(2))
    rr_full[2] = 12
    add("opt-rr-full", "Record Route already full (pointer 12 of 11)",
        e(opts=bytes(rr_full)), (NONE, FWD))
    add("opt-ts0", "Timestamp flag 0, 4 slots", e(opts=pb.ts_opt(0, 4)), (NONE, FWD))
    add("opt-ts1", "Timestamp flag 1, 3 address+stamp pairs", e(opts=pb.ts_opt(1, 3)),
        (NONE, FWD))
    add("opt-ts3-in", "Timestamp flag 3, prespecified: router's inbound address, then DX",
        e(opts=pb.ts_opt(3, 2, (RS, DX))), (NONE, FWD))
    add("opt-ts3-out", "Timestamp flag 3, prespecified: router's outbound address",
        e(opts=pb.ts_opt(3, 2, (RD, DX))), (NONE, FWD))
    add("opt-ts3-other", "Timestamp flag 3, first prespecified address is not the router's",
        e(opts=pb.ts_opt(3, 2, (DX, RS))), (NONE, FWD))
    ts_full = bytearray(pb.ts_opt(0, 2))
    ts_full[2] = 13
    add("opt-ts-full", "Timestamp full, overflow 0 (incremented on the way)",
        e(opts=bytes(ts_full)), (NONE, FWD))
    ts_full[3] = 0xf0
    add("opt-ts-oflw15", "Timestamp full, overflow 15 (cannot count more)",
        e(opts=bytes(ts_full)), (["icmp 12/0"], NONE))
    add("opt-nop-eol", "Options NOP NOP NOP EOL", e(opts=b"\x01\x01\x01\x00"), (NONE, FWD))
    add("opt-ra", "Router Alert (RFC 2113)", e(opts=b"\x94\x04\x00\x00"), (NONE, FWD))
    add("opt-unknown", "Unknown option type 0x1e, length 4", e(opts=b"\x1e\x04\xab\xcd"),
        (NONE, FWD))
    add("opt-rr-ttl1", "Record Route with TTL 1 (Time Exceeded quoting the option)",
        e(opts=pb.rr_opt(9), ttl=1), (TE, NONE))
    add("opt-bad-len", "Record Route of length 2 (Parameter Problem)",
        e(opts=b"\x07\x02\x00\x00"), (["icmp 12/0"], NONE))
    add("opt-rr-udp", "UDP with Record Route, 2 slots", u(opts=pb.rr_opt(2)), (NONE, FWD))
    # ---- DF and the 1280-octet link towards D
    for tot, exp in ((MTU_D - 1, (NONE, FWD)), (MTU_D, (NONE, FWD)),
                     (MTU_D + 1, (["icmp 3/4"], NONE)), (1500, (["icmp 3/4"], NONE))):
        add("df-%d" % tot, "UDP with DF, %d octets in all (link MTU 1280)" % tot,
            u(n=tot - 28, flags="DF"), exp)
    add("df-1281-ttl1", "UDP with DF, 1281 octets, TTL 1 (which error?)",
        u(n=MTU_D + 1 - 28, flags="DF", ttl=1), (TE, NONE))
    add("df-1281-rr", "UDP with DF and Record Route, 1281 octets",
        u(n=MTU_D + 1 - 28 - 12, flags="DF", opts=pb.rr_opt(2)), (["icmp 3/4"], NONE))
    # ---- fragmentation by the router (no DF)
    add("frag-1500", "UDP, 1500 octets, no DF: fragmented for the 1280 link",
        u(n=1472), (NONE, ["frag", "frag"]))
    add("frag-1281", "UDP, 1281 octets, no DF", u(n=MTU_D + 1 - 28), (NONE, ["frag", "frag"]))
    add("frag-echo-1400", "Echo Request, 1400 octets, no DF", e(n=1372),
        (NONE, ["frag", "frag"]))
    add("frag-rr", "UDP 1400 octets with Record Route (not copied into fragments)",
        u(n=1360, opts=pb.rr_opt(2)), (NONE, ["frag", "frag"]))
    add("frag-ra", "UDP 1400 octets with Router Alert (copied into every fragment)",
        u(n=1368, opts=b"\x94\x04\x00\x00"), (NONE, ["frag", "frag"]))
    add("frag-ts", "UDP 1400 octets with Timestamp flag 0 (not copied)",
        u(n=1360, opts=pb.ts_opt(0, 2)), (NONE, ["frag", "frag"]))
    big = u(n=2952)     # a 2980-octet datagram, fragmented by its sender at 1400
    add("refrag-first", "First fragment (1400 octets, MF) of a bigger datagram: re-fragmented",
        pb.frag(big, 0, 1376, True), (NONE, ["frag", "frag"]))
    add("refrag-last", "Last fragment (offset 1376, 1400 octets): re-fragmented, last MF clear",
        pb.frag(big, 1376, 1380, False), (NONE, ["frag", "frag"]))
    first = pb.frag(big, 0, 1376, True)
    add("refrag-df", "A first fragment of 1396 octets with DF also set (Frag Needed)",
        pb.put16(first, 6, 0x4000 | 0x2000), (["icmp 3/4"], NONE))
    mid = pb.frag(big, 1376, 1376, True)
    add("refrag-df-nonfirst", "A middle fragment of 1396 octets with DF: dropped, no error "
        "about a non-first fragment", pb.put16(mid, 6, 0x4000 | 0x2000 | (1376 // 8)),
        (NONE, NONE))
    add("frag-small", "A small non-first fragment: forwarded as it is",
        pb.frag(big, 2752, 200, False), (NONE, ["frag"]))
    add("frag-nonfirst-ttl1", "A non-first fragment with TTL 1 (no error)",
        pb.frag(u(n=600, ttl=1), 304, 304, False), (NONE, NONE))
    add("frag-first-ttl1", "A first fragment with TTL 1 (Time Exceeded)",
        pb.frag(u(n=600, ttl=1), 0, 304, True), (TE, NONE))
    # ---- routes
    add("noroute-udp", "UDP to 198.51.100.200: no route (no default)",
        u(dst=NOROUTE, src=alt_src(0)), (["icmp 3/0"], NONE))
    add("noroute-echo", "Echo Request with no route", e(dst=NOROUTE, src=alt_src(1)),
        (["icmp 3/0"], NONE))
    add("noroute-tcp", "TCP SYN with no route", t(dst=NOROUTE, src=alt_src(2)),
        (["icmp 3/0"], NONE))
    add("rt-unreachable", "UDP to a route of type unreachable", u(dst=UNR, src=alt_src(3)),
        (["icmp 3/1"], NONE))
    add("rt-prohibit", "UDP to a route of type prohibit", u(dst=PROH, src=alt_src(4)),
        (["icmp 3/13"], NONE))
    add("rt-blackhole", "UDP to a route of type blackhole", u(dst=BH, src=alt_src(5)),
        (NONE, NONE))
    add("rt-via-gw", "UDP to 198.51.100.70, via a gateway on D's link", u(dst=GWNET),
        (NONE, FWD))
    add("dst-240", "UDP to 240.0.0.1 (class E destination)", u(dst="240.0.0.1", src=alt_src(6)),
        (["icmp 3/0"], NONE))
    add("dst-127", "UDP to 127.0.0.1 arriving from the link (martian destination)",
        u(dst="127.0.0.1"), (NONE, NONE))
    add("dst-0", "UDP to 0.0.0.0 arriving from the link", u(dst="0.0.0.0"), (NONE, NONE))
    # ---- broadcast and multicast destinations
    for ph, bc in (("base", 0), ("bc1", 1)):
        fw = FWD if bc else NONE
        add("dbcast-echo-bc%d" % bc, "Echo Request to D's subnet broadcast, bc_forwarding %d" % bc,
            e(dst=DBC), (NONE, fw), phase=ph)
        add("dbcast-udp-bc%d" % bc, "UDP to 203.0.113.255, bc_forwarding %d" % bc,
            u(dst=DBC), (NONE, fw), phase=ph)
        add("lbcast-udp-bc%d" % bc, "UDP to 255.255.255.255, bc_forwarding %d" % bc,
            u(dst="255.255.255.255"), (NONE, NONE), phase=ph)
        add("sbcast-udp-bc%d" % bc, "UDP to S's own subnet broadcast 192.0.2.255, "
            "bc_forwarding %d" % bc, u(dst=SBC), (NONE, NONE), phase=ph)
    add("mcast-echo", "Echo Request to 224.0.0.1", e(dst="224.0.0.1"), (NONE, NONE))
    add("mcast-udp", "UDP to 239.1.2.3 (no multicast routing)", u(dst="239.1.2.3"),
        (NONE, NONE))
    # ---- martian sources, towards 203.0.113.99
    for tag, src, exp in (("0", "0.0.0.0", NONE), ("127", "127.0.0.1", NONE),
                          ("224", "224.0.0.1", NONE), ("240", "240.0.0.1", FWD),
                          # Linux (rp_filter 0) checks no more than these
                          ("lbcast", "255.255.255.255", NONE), ("sbcast", SBC, FWD),
                          ("router-in", RS, NONE), ("router-out", RD, NONE),
                          ("dlink", "203.0.113.50", FWD)):
        add("src-" + tag, "UDP from %s to 203.0.113.99" % src, u(src=src), (NONE, exp))
    # ---- source routes (accept_source_route 0 and 1)
    lsrr_r = e(dst=RS, opts=srr(0x83, [DX]))
    add("lsrr-srr0", "Loose Source Route via the router to DX, accept_source_route 0",
        lsrr_r, (NONE, NONE))
    add("lsrr-transit-srr0", "LSRR in transit (destination DX), accept_source_route 0",
        e(dst=DX, opts=srr(0x83, [GWNET])), (NONE, NONE))
    add("lsrr-srr1", "Loose Source Route via the router to DX", e(dst=RS, opts=srr(0x83, [DX])),
        (NONE, FWD), phase="srr1")
    add("lsrr-2hop-srr1", "Loose Source Route via the router to 198.51.100.70 (via gateway)",
        e(dst=RS, opts=srr(0x83, [GWNET])), (NONE, FWD), phase="srr1")
    add("ssrr-srr1", "Strict Source Route via the router to DX (on-link)",
        e(dst=RS, opts=srr(0x89, [DX])), (NONE, FWD), phase="srr1")
    add("ssrr-fail-srr1", "Strict Source Route to 198.51.100.70, not on-link (SR failed)",
        e(dst=RS, opts=srr(0x89, [GWNET])), (["icmp 3/5"], NONE), phase="srr1")
    add("lsrr-transit-srr1", "LSRR in transit: destination DX, next address not the router",
        e(dst=DX, opts=srr(0x83, [GWNET])), (NONE, FWD), phase="srr1")
    add("lsrr-done-srr1", "LSRR exhausted (pointer past the end), destination DX",
        e(dst=DX, opts=srr(0x83, [RS], ptr=8)), (NONE, FWD), phase="srr1")
    add("lsrr-local-srr1", "LSRR exhausted, destination the router: Echo Reply",
        e(dst=RS, opts=srr(0x83, [S], ptr=8)), (["icmp 0/0"], NONE), phase="srr1")
    # ---- redirects: the next hop is on the sender's own link
    REDIRECT = ["icmp 5/1", "fwd"]
    add("redirect-echo", "Echo Request to 198.51.100.5 (next hop 192.0.2.3 on S's link)",
        e(dst=REDIR), (REDIRECT, NONE))
    add("redirect-udp", "UDP to 198.51.100.5", u(dst=REDIR), (REDIRECT, NONE))
    add("redirect-tos", "UDP to 198.51.100.5 with TOS 0x10", u(dst=REDIR, tos=0x10),
        (REDIRECT, NONE))
    add("redirect-offlink-src", "From 203.0.113.77 (not on S's link) to 198.51.100.5: no Redirect",
        u(dst=REDIR, src="203.0.113.77"), (FWD, NONE))
    add("redirect-ttl1", "To 198.51.100.5 with TTL 1: Time Exceeded, no Redirect",
        u(dst=REDIR, ttl=1), (TE, NONE))
    add("redirect-off", "UDP to 198.51.100.5, send_redirects 0", u(dst=REDIR), (FWD, NONE),
        phase="noredir")
    # ---- header errors
    b = bytearray(u())
    b[10] ^= 0x11
    add("bad-ip-csum", "Wrong IP header checksum (silently dropped)", bytes(b), (NONE, NONE))
    b = bytearray(u(ttl=1))
    b[10] ^= 0x11
    add("bad-ip-csum-ttl1", "Wrong IP header checksum and TTL 1", bytes(b), (NONE, NONE))
    add("bad-ip-totlen-long", "Total Length 8 more than the octets sent",
        pb.put16(u(), 2, len(u()) + 8), (NONE, NONE))
    # ---- no error about an error (or a fragment), about to expire
    quoted = ip(udp(40000, pat(8)), src=DX, dst=S)
    add("icmperr-unreach-ttl1", "Port Unreachable with TTL 1 (no error about it)",
        pb.ipicmp(pb.icmp(3, 3, data=quoted[:28]), src=S, dst=DX, ttl=1), (NONE, NONE))
    add("icmperr-timxceed-ttl1", "Time Exceeded with TTL 1 (no error about it)",
        pb.ipicmp(pb.icmp(11, 0, data=quoted[:28]), src=S, dst=DX, ttl=1), (NONE, NONE))
    add("icmperr-redirect-ttl1", "Redirect with TTL 1 (no error about it)",
        pb.ipicmp(pb.icmp(5, 1, rest=socket.inet_aton(S2), data=quoted[:28]), src=S, dst=DX,
                  ttl=1), (NONE, NONE))
    add("icmperr-unreach-fwd", "Port Unreachable forwarded (TTL 64)",
        pb.ipicmp(pb.icmp(3, 3, data=quoted[:28]), src=S, dst=DX), (NONE, FWD))
    add("icmp-echoreply-ttl1", "Echo Reply with TTL 1 (not an error: Time Exceeded)",
        ip(echo(pat(8), typ=0), src=S, dst=DX, ttl=1), (TE, NONE))
    add("icmp-type99-ttl1", "ICMP type 99 (unknown) with TTL 1",
        pb.ipicmp(pb.icmp(99, data=pat(8)), src=S, dst=DX, ttl=1), (NONE, NONE))
    # ---- TOS and ECN
    add("echo-ttl1-tos28", "Echo Request, TTL 1, TOS 0x28 (the error's TOS)",
        e(ttl=1, tos=0x28), (TE, NONE))
    add("udp-ttl1-tosb9", "UDP, TTL 1, TOS 0xb9 (DSCP 46, ECN 01)", u(ttl=1, tos=0xb9),
        (TE, NONE))
    add("noroute-tos28", "UDP with no route, TOS 0x28", u(dst=NOROUTE, tos=0x28, src=alt_src(7)),
        (["icmp 3/0"], NONE))
    add("ecn-ce", "Echo Request with ECN CE (TOS 0x03)", e(tos=0x03), (NONE, FWD))
    add("ecn-ect0", "UDP with ECT(0) (TOS 0x02)", u(tos=0x02), (NONE, FWD))
    add("tos-b9", "UDP with TOS 0xb9", u(tos=0xb9), (NONE, FWD))
    add("udp-ttl1-big", "UDP of 1200 octets with TTL 1 (how much is quoted)",
        u(n=1172, ttl=1), (TE, NONE))
    # ---- the router as a host
    add("local-echo-in", "Echo Request to the router's inbound address", e(dst=RS),
        (["icmp 0/0"], NONE))
    add("local-echo-out", "Echo Request to the router's far address 203.0.113.1", e(dst=RD),
        (["icmp 0/0"], NONE))
    add("local-echo-ttl1", "Echo Request to the router with TTL 1 (delivered, not expired)",
        e(dst=RS, ttl=1), (["icmp 0/0"], NONE))
    add("local-udp-closed", "UDP to a closed port of the router", u(dst=RS),
        (["icmp 3/3"], NONE))
    return P


# --- namespaces ---------------------------------------------------------------

class Run:
    """What this run made, to be removed on exit."""

    def __init__(self):
        self.tag = "%d" % os.getpid()
        self.namespaces = []
        self.procs = []

    def ns(self, name):
        """Create namespace ikr-PID-@name (lo up, IPv6 off); return its name."""
        full = "ikr-%s-%s" % (self.tag, name)
        sh("ip", "netns", "add", full)
        self.namespaces.append(full)
        sh("ip", "-n", full, "link", "set", "lo", "up")
        for k in ("all", "default"):
            sh("sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=1" % k, ns=full)
            sh("sysctl", "-qw", "net.ipv4.conf.%s.rp_filter=0" % k, ns=full)
        return full

    cleanup = diff_linux.Run.cleanup


sh = diff_linux.sh


class Side:
    """One router under test with its S and D: names, and how to set it."""

    def __init__(self, kind, ns_s, ns_d, mac):
        self.kind, self.ns_s, self.ns_d, self.mac = kind, ns_s, ns_d, mac
        self.ns_r = None
        self.proc = None
        self.out = None
        self.log = ""


def setup_linux(run, tag):
    """S, R (Linux, ip_forward=1) and D joined by veths; return the Side."""
    ns_s, ns_r, ns_d = run.ns(tag + "s"), run.ns(tag + "r"), run.ns(tag + "d")
    side = Side("linux", ns_s, ns_d, MAC_RS)
    side.ns_r = ns_r
    sh("ip", "-n", ns_s, "link", "add", "s0", "address", MAC_S, "type", "veth",
       "peer", "name", "rs", "netns", ns_r, "address", MAC_RS)
    sh("ip", "-n", ns_r, "link", "add", "rd", "address", MAC_RD, "type", "veth",
       "peer", "name", "d0", "netns", ns_d, "address", MAC_D)
    for ns, dev, addr, mtu in ((ns_s, "s0", S, 1500), (ns_r, "rs", RS, 1500),
                               (ns_r, "rd", RD, MTU_D), (ns_d, "d0", D, MTU_D)):
        sh("ip", "-n", ns, "addr", "add", addr + "/24", "dev", dev)
        sh("ip", "-n", ns, "link", "set", dev, "mtu", str(mtu), "up")
        sh(PY, os.path.join(HERE, "probes.py"), "txcsum-off", dev, ns=ns)
    for ns, dev, addr, mac in ([(ns_s, "s0", RS, MAC_RS), (ns_r, "rs", S, MAC_S),
                                (ns_r, "rs", S2, MAC_S2), (ns_r, "rd", D, MAC_D),
                                (ns_r, "rd", DX, MAC_D), (ns_d, "d0", RD, MAC_RD)]
                               + [(ns_r, "rs", a, MAC_S) for a in ALT_SRCS]):
        sh("ip", "-n", ns, "neigh", "replace", addr, "lladdr", mac, "dev", dev,
           "nud", "permanent")
    for dst, how, gw in ROUTES:
        if how == "via":
            sh("ip", "-n", ns_r, "route", "add", dst, "via", gw)
        else:
            sh("ip", "-n", ns_r, "route", "add", how, dst)
    sh("sysctl", "-qw", "net.ipv4.ip_forward=1", ns=ns_r)
    for ns in (ns_s, ns_r, ns_d):
        for k, v in SETTINGS.items():
            sh("sysctl", "-qw", "net.ipv4.%s=%d" % (k, v), ns=ns)
    return side


def linux_phase(side, phase):
    """Apply @phase's settings to a Linux router (all, default, each link)."""
    for k, v in PHASES[phase].items():
        for dev in ("all", "default", "rs", "rd"):
            sh("sysctl", "-qw", "net.ipv4.conf.%s.%s=%d" % (dev, k, v), ns=side.ns_r)


def setup_icmpkit(run, tag):
    """S and D namespaces, and the one the router process runs in."""
    side = Side("icmpkit", run.ns(tag + "s"), run.ns(tag + "d"), None)
    side.ns_r = run.ns(tag + "r")
    for ns in (side.ns_s, side.ns_d):
        for k, v in SETTINGS.items():
            sh("sysctl", "-qw", "net.ipv4.%s=%d" % (k, v), ns=ns)
    return side


def icmpkit_start(run, side, icmpkit, phase, tmpdir):
    """Start `icmpkit router` with @phase's settings; wait for ready:."""
    args = ["ip", "netns", "exec", side.ns_r, icmpkit, "router",
            "--iface", "tun:s0,addr=%s/24,peer=%s/24,mtu=1500,netns=%s" % (RS, S, side.ns_s),
            "--iface", "tun:d0,addr=%s/24,peer=%s/24,mtu=%d,netns=%s" % (RD, D, MTU_D,
                                                                         side.ns_d)]
    for dst, how, gw in ROUTES:
        args += ["--route", "%s via %s" % (dst, gw) if how == "via" else "%s %s" % (dst, how)]
    for k, v in list(SETTINGS.items()) + list(PHASES[phase].items()):
        args += ["--set", "%s=%d" % (k, v)]
    args += ["--duration", "200"]
    side.out = os.path.join(tmpdir, "router-%s.out" % phase)
    out = open(side.out, "w+")  # pylint: disable=consider-using-with
    side.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    run.procs.append(side.proc)
    t_end = time.monotonic() + READY_WAIT
    while time.monotonic() < t_end:
        out.seek(0)
        text = out.read()
        if any(line.startswith("ready:") for line in text.splitlines()):
            return next(ln for ln in text.splitlines() if ln.startswith("ready:"))
        if side.proc.poll() is not None:
            raise RuntimeError("icmpkit router exited %d before ready:\n%s\n(%s)"
                               % (side.proc.returncode, text, " ".join(args)))
        time.sleep(0.05)
    raise RuntimeError("icmpkit router: no ready: line within %ds" % READY_WAIT)


def icmpkit_stop(side):
    """SIGTERM; return an error text unless it stopped with exit 0."""
    side.proc.terminate()
    try:
        rc = side.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        side.proc.kill()
        side.proc.wait(timeout=5)
        rc = "killed"
    with open(side.out, encoding="utf-8", errors="replace") as fh:
        side.log += fh.read()
    return None if rc == 0 else "icmpkit router: exit %s after SIGTERM" % rc


# --- the prober (a subprocess per router, in the root namespace) -------------

CLONE_NEWNET = 0x40000000
ETH_P_ALL, ETH_P_IP, PACKET_OUTGOING = 0x0003, 0x0800, 4


def setns(name):
    """Move this (single-threaded) process into network namespace @name."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "setns %s: %s" % (name, os.strerror(e)))
    finally:
        os.close(fd)


def packet_socket(ns, ifname):
    """An AF_PACKET socket on @ifname inside @ns (all protocols: we filter)."""
    setns(ns)
    sk = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
    sk.bind((ifname, ETH_P_ALL))
    sk.setblocking(False)
    return sk


def link_dst(pkt, mac):
    """The link destination for a datagram sent from S: broadcast and
    multicast MACs for S's broadcasts and group addresses, else the router's."""
    if mac is None:
        return b""
    dst = pkt[16:20]
    if dst in (b"\xff\xff\xff\xff", socket.inet_aton(SBC)):
        return b"\xff" * 6
    if dst[0] & 0xf0 == 0xe0:
        return bytes([1, 0, 0x5e, dst[1] & 0x7f, dst[2], dst[3]])
    return bytes.fromhex(mac.replace(":", ""))


def drain(sk):
    """What is waiting on @sk: incoming IPv4 packets as result entries."""
    out = []
    while True:
        try:
            data, addr = sk.recvfrom(70000)
        except BlockingIOError:
            return out
        if addr[1] == ETH_P_IP and addr[2] != PACKET_OUTGOING:
            out.append({"hex": data.hex(), "t": time.time()})


def prober(ns_s, ns_d, mac, spec):
    """Send the probes of file @spec (JSON [[name, [hex...], wait]...]) from
    S, record what S and D receive; JSON out."""
    mac = None if mac == "tun" else mac
    with open(spec, encoding="utf-8") as fh:
        probes = json.load(fh)
    sk_d = packet_socket(ns_d, "d0")
    sk_s = packet_socket(ns_s, "s0")
    res, prev = {}, None
    t0 = time.monotonic()
    for name, pkts, wait in probes:
        late_s, late_d = drain(sk_s), drain(sk_d)
        if prev is not None:
            res[prev]["late"] += len(late_s) + len(late_d)
        entry = {"s": [], "d": [], "late": 0}
        for h in pkts:
            pkt = bytes.fromhex(h)
            sk_s.sendto(pkt, ("s0", ETH_P_IP, 0, 0, link_dst(pkt, mac)))
            time.sleep(0.002)
        deadline = time.monotonic() + wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([sk_s, sk_d], [], [], left)
            if sk_s in r:
                entry["s"] += drain(sk_s)
            if sk_d in r:
                entry["d"] += drain(sk_d)
        res[name] = entry
        prev = name
    time.sleep(0.2)
    if prev is not None:
        res[prev]["late"] += len(drain(sk_s)) + len(drain(sk_d))
    json.dump({"results": res, "elapsed": time.monotonic() - t0}, sys.stdout)
    sys.stdout.write("\n")


def run_probers(run, sides, probes, tmpdir):
    """One prober per side at once, both sending @probes; their results."""
    spec = os.path.join(tmpdir, "probes.json")
    with open(spec, "w", encoding="utf-8") as fh:
        json.dump([[p.name, [b.hex() for b in p.pkts], p.wait] for p in probes], fh)
    procs = []
    for sd in sides:
        cmd = [PY, SELF, "--prober", sd.ns_s, sd.ns_d, sd.mac or "tun", spec]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        run.procs.append(p)
        procs.append(p)
    out = []
    for sd, p in zip(sides, procs):
        try:
            o, err = p.communicate(timeout=PROBE_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            p.kill()
            raise RuntimeError("prober (%s) took more than %ds" % (sd.kind, PROBE_TIMEOUT)) from e
        if p.returncode:
            raise RuntimeError("prober (%s) failed (%d): %s" % (sd.kind, p.returncode, err))
        out.append(json.loads(o)["results"])
    return out


# --- comparing ------------------------------------------------------------------

def fields_of(hexpkt, t):
    """One packet's fields (diff_linux.parse), with the IP identification of
    every datagram that is not the router's own message."""
    b = bytes.fromhex(hexpkt)
    f = diff_linux.parse(b, t)
    if len(b) >= 20 and socket.inet_ntoa(b[12:16]) not in ROUTER_ADDRS:
        f["ip.id"] = struct.unpack("!H", b[4:6])[0]
    return f


def kind_of(f):
    """'icmp T/C' for the router's own ICMP, 'frag' / 'fwd' for the others."""
    if f.get("ip.src") in ROUTER_ADDRS and "icmp.type" in f:
        return "icmp %d/%d" % (f["icmp.type"], f["icmp.code"])
    if f.get("ip.off") or "MF" in str(f.get("ip.flags", "")):
        return "frag"
    return "fwd"


def canonical(lst):
    """Packets of one side in a canonical order: router messages first (by
    type), then the others by fragment offset."""
    return sorted(lst, key=lambda f: (0 if kind_of(f).startswith("icmp") else 1, kind_of(f),
                                      f.get("ip.off", 0), json.dumps(f, sort_keys=True)))


def summary(lst):
    """A short text for one side, for the table."""
    if not lst:
        return "-"
    parts = []
    for f in lst:
        k = kind_of(f)
        if k == "icmp 3/4":
            k += " mtu=%s" % f.get("icmp.mtu")
        if k.startswith("icmp") and "quote.len" in f:
            k += " q=%d" % f["quote.len"]
        if k in ("fwd", "frag"):
            k += " ttl=%s len=%s" % (f.get("ip.ttl"), f.get("ip.len"))
            if k.startswith("frag"):
                k += " off=%s%s" % (f.get("ip.off"), " MF" if "MF" in f.get("ip.flags") else "")
        parts.append(k)
    return ", ".join(parts)


def compare(a, b):
    """Differences between the parsed answers @a and @b of one probe."""
    d = []
    for side in ("s", "d"):
        la, lb = a[side], b[side]
        if len(la) != len(lb):
            d.append(("%s count" % side, "%d: %s" % (len(la), summary(la)),
                      "%d: %s" % (len(lb), summary(lb))))
            continue
        for i, (x, y) in enumerate(zip(la, lb)):
            for k in dict.fromkeys(list(x) + list(y)):
                if k.startswith("csum."):
                    continue
                if x.get(k) != y.get(k):
                    key = "%s %s" % (side, k) if len(la) == 1 else "%s#%d %s" % (side, i + 1, k)
                    d.append((key, x.get(k, "(absent)"), y.get(k, "(absent)")))
    return d


def bad_csums(ans):
    """Wrong checksums in the parsed answers of one probe."""
    return ["%s %s" % (side, k) for side in ("s", "d") for f in ans[side]
            for k, v in f.items() if k.startswith("csum.") and v == "BAD"]


def parse_all(raw):
    """{probe: {"s": [fields...], "d": [...], "late": n}} from a prober's JSON."""
    out = {}
    for n, e in raw.items():
        out[n] = {side: canonical([fields_of(x["hex"], x["t"]) for x in e[side]])
                  for side in ("s", "d")}
        out[n]["late"] = e["late"]
    return out


def short(v, n=44):
    """@v as text, cut to @n characters."""
    s = str(v)
    return s if len(s) <= n else s[:n - 3] + "..."


def main(argv):
    """See the module doc."""
    if argv and argv[0] == "--prober":
        prober(argv[1], argv[2], argv[3], argv[4])
        return 0
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces)")
        return 77
    if not argv or not os.access(argv[0], os.X_OK):
        sys.stderr.write("usage: diff_router.py ICMPKIT [--against icmpkit|linux] [--keep] "
                         "[--verbose] [PROBE...]\n")
        return 2
    icmpkit = os.path.abspath(argv[0])
    keep, verbose = "--keep" in argv, "--verbose" in argv
    against = None
    rest = []
    it = iter(argv[1:])
    for a in it:
        if a == "--against":
            against = next(it, "")
        elif not a.startswith("--"):
            rest.append(a)
    try:
        probes = build_probes()
    except ImportError as e:
        print("SKIP: scapy not importable by %s (%s)" % (PY, e))
        return 77
    descs = {p.name: p for p in probes}
    if len(descs) != len(probes):
        print("FAIL: duplicate probe names")
        return 1
    unknown = [n for n in rest if n not in descs]
    if unknown:
        sys.stderr.write("unknown probe(s): %s\n" % " ".join(unknown))
        return 2
    typos = sorted(n for n in ALLOWED if n not in descs)
    have_router = subprocess.run([icmpkit, "router", "--help"], capture_output=True,
                                 check=False).returncode == 0
    if against is None:
        against = "icmpkit" if have_router else "linux"
        if not have_router:
            print("# SKIP variant icmpkit: '%s router' is not built yet; the candidate is a "
                  "second Linux router (the harness checks itself)" % icmpkit)
    elif against == "icmpkit" and not have_router:
        print("SKIP: '%s router' is not built yet" % icmpkit)
        return 77
    if against not in ("icmpkit", "linux"):
        sys.stderr.write("--against icmpkit|linux\n")
        return 2
    cand_name = "icmpkit" if against == "icmpkit" else "linux2"
    names = [p.name for p in probes if not rest or p.name in rest]

    t0 = time.monotonic()
    run = Run()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmpdir = tempfile.mkdtemp(prefix="ikr-%d-" % os.getpid())
    failed = None
    ref_raw, cand_raw = {}, {}
    cand = None
    try:
        ref = setup_linux(run, "l")
        cand = setup_icmpkit(run, "i") if against == "icmpkit" else setup_linux(run, "m")
        print("# linux router: %s; %s router: %s" % (ref.ns_r, cand_name, cand.ns_r))
        for phase in PHASES:
            pn = [descs[n] for n in names if descs[n].phase == phase]
            if not pn:
                continue
            linux_phase(ref, phase)
            if cand.kind == "linux":
                linux_phase(cand, phase)
            else:
                print("# %s: %s" % (phase, icmpkit_start(run, cand, icmpkit, phase, tmpdir)))
            try:
                r1, r2 = run_probers(run, [ref, cand], pn, tmpdir)
            finally:
                if cand.kind == "icmpkit":
                    err = icmpkit_stop(cand)
                    if err:
                        raise RuntimeError(err)
            ref_raw.update(r1)
            cand_raw.update(r2)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        failed = "FAIL: setup or probing: %s" % e
    finally:
        if not keep or failed:
            run.cleanup()
        subprocess.run(["rm", "-rf", tmpdir], check=False)
    if cand is not None and cand.kind == "icmpkit" and (failed or verbose):
        print("# icmpkit router said (last lines):")
        print("".join("#   " + ln + "\n" for ln in cand.log.splitlines()[-30:]), end="")
    if failed:
        print(failed)
        return 1
    if keep:
        print("# kept namespaces %s (ip netns del them)" % " ".join(run.namespaces))

    ref_p, cand_p = parse_all(ref_raw), parse_all(cand_raw)
    rows, details, unlisted, badck, unexpected, stale = [], [], [], [], [], []
    for n in names:
        a, b = ref_p[n], cand_p[n]
        diffs = compare(a, b)
        for side_i, who in ((0, "linux"), (1, cand_name)):
            late = (a, b)[side_i]["late"]
            if late:
                diffs.append(("late (%s)" % who, late, ""))
        bad = bad_csums(a) + bad_csums(b)
        exp_s, exp_d = descs[n].expect
        got = ([kind_of(f) for f in a["s"]], [kind_of(f) for f in a["d"]])
        expect_ok = sorted(got[0]) == sorted(exp_s) and sorted(got[1]) == sorted(exp_d)
        ok = ALLOWED.get(n, {})
        extra = [k for k, _, _ in diffs if re.sub(r"#\d+ ", " ", k) not in ok and k not in ok]
        if bad:
            verdict = "BAD CHECKSUM"
            badck.append(n)
        elif extra:
            verdict = "DIFFERENT"
            unlisted.append(n)
        elif diffs:
            verdict = "different (allowed)"
        else:
            verdict = "same"
            if n in ALLOWED:
                stale.append(n)
        if not expect_ok:
            verdict += ", linux UNEXPECTED"
            unexpected.append(n)
        sa = "S: %s | D: %s" % (summary(a["s"]), summary(a["d"]))
        sb = "S: %s | D: %s" % (summary(b["s"]), summary(b["d"]))
        rows.append((n, sa, sb if sb != sa else "(same)", verdict))
        if diffs or bad or verbose or not expect_ok:
            details.append((n, diffs, bad, a, b, extra, expect_ok, got))

    hdr = ("probe", "linux", cand_name, "verdict")
    w = [min(60, max(len(r[i]) for r in rows + [hdr])) for i in range(4)]
    fmt = "| %%-%ds | %%-%ds | %%-%ds | %%-%ds |" % tuple(w)
    print(fmt % hdr)
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for r in rows:
        print(fmt % r)
    print()
    for n, diffs, bad, a, b, extra, expect_ok, got in details:
        print("## %s [%s]: %s" % (n, descs[n].phase, descs[n].desc))
        if not expect_ok:
            print("   linux answered S: %s, D: %s; the probe expects S: %s, D: %s"
                  % (got[0], got[1], descs[n].expect[0], descs[n].expect[1]))
        for k, x, y in diffs:
            why = ALLOWED.get(n, {}).get(re.sub(r"#\d+ ", " ", k))
            print("   %-24s linux=%s  %s=%s%s" % (k, short(x), cand_name, short(y),
                                                 "   <- not allowed" if k in extra
                                                 else "   (allowed: %s)" % short(why, 60)))
        for x in bad:
            print("   wrong checksum: %s" % x)
        if verbose:
            for tag, ans in (("linux", a), (cand_name, b)):
                for side in ("s", "d"):
                    for f in ans[side]:
                        print("   %s %s: %s" % (tag, side, json.dumps(f)))
    if typos:
        print("ALLOWED names probes that do not exist: %s" % " ".join(typos))
    ndiff = sum(1 for r in rows if not r[3].startswith("same"))
    print("probes: %d, same: %d, different: %d (allowed: %d), unlisted: %d, bad checksums: %d, "
          "linux not as expected: %d" % (len(rows), len(rows) - ndiff, ndiff,
                                         ndiff - len(unlisted) - len(badck), len(unlisted),
                                         len(badck), len(unexpected)))
    if stale:
        print("note: allowed but the same in this run: %s" % " ".join(stale))
    print("runtime: %.1f s" % (time.monotonic() - t0))
    if unlisted or badck or typos or unexpected:
        print("FAIL: %s" % " ".join(unlisted + badck + typos + unexpected))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
