#!/usr/bin/python3
"""probes6.py - the crafted IPv6 probes of diff_linux6.py, and their prober.

As a module: build_probes(), the list of probes (probes.Probe: a name, a
description, the IPv6 datagrams to send and how long to listen). The fixed
header is scapy's IPv6(); extension headers and upper layers are built here
octet by octet (checksums over the pseudo-header with pktlib.csum), so the
malformed ones reach the target as built.

As a program, inside the prober's namespace:

    probes6.py run IFNAME MAC|tun [PROBE...]   as probes.py run, for IPv6
                                               (EtherType 0x86dd; Neighbor
                                               Discovery and MLD the targets
                                               send are not answers)
    probes6.py echo-server PORT...             UDP echo on [::]:PORT...

The prober is probes.run(): an AF_PACKET SOCK_DGRAM socket on the link (a
veth with static neighbours on both ends, or the TUN, which has no link
header), answers read from the same socket.
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probes as p4  # noqa: E402  (Probe, pattern, the prober)
from probes import Probe, csum, pattern  # noqa: E402

TARGET = "2001:db8:1::2"
PROBER = "2001:db8:1::1"
PROBER_LL = "fe80::1"
PROBER_PTB = "2001:db8:1::99"  # the sources of the Packet Too Big probes only
PROBER_PTB2 = "2001:db8:1::98"
OTHER = "2001:db8:1::3"
ALL_NODES = "ff02::1"
SOL_NODE = "ff02::1:ff00:2"    # the target's solicited-node group
SPORT = p4.SPORT
CLOSED = 33434
FRAG_TIME = 1                  # ip6frag_time on both targets, seconds
WAIT = 0.35                     # listening time after a probe
SLOW = FRAG_TIME + 1.5
ETH_P_IPV6 = 0x86dd
NH_HOP, NH_TCP, NH_UDP, NH_RT, NH_FRAG, NH_ICMP, NH_NONE, NH_DST = 0, 6, 17, 43, 44, 58, 59, 60


def a6(s):
    """Address text -> 16 octets."""
    return socket.inet_pton(socket.AF_INET6, s)


def l4sum(src, dst, nh, body):
    """The upper-layer checksum of @body (RFC 8200 §8.1)."""
    ph = a6(src) + a6(dst) + struct.pack("!IxxxB", len(body), nh)
    return csum(ph + body)


def ip6(chain, nh, src=PROBER, dst=TARGET, tc=0, fl=0, hlim=64, plen=None):
    """One IPv6 datagram: scapy's fixed header, then the raw octets @chain
    (extension headers and upper layer) named by @nh."""
    from scapy.all import IPv6, Raw, raw  # pylint: disable=import-outside-toplevel
    b = bytearray(raw(IPv6(src=src, dst=dst, nh=nh, tc=tc, fl=fl, hlim=hlim) / Raw(chain)))
    if plen is not None:
        b[4:6] = struct.pack("!H", plen)
    return bytes(b)


def icmp6(typ, code, rest, data, src=PROBER, dst=TARGET, bad=False):
    """An ICMPv6 message, its checksum right unless @bad."""
    m = struct.pack("!BBH", typ, code, 0) + rest + data
    c = l4sum(src, dst, NH_ICMP, m) ^ (0x5a5a if bad else 0)
    return m[:2] + struct.pack("!H", c) + m[4:]


def echo(data=b"", ident=0x6b01, seq=1, code=0, src=PROBER, dst=TARGET, bad=False):
    """An Echo Request (RFC 4443 §4.1)."""
    return icmp6(128, code, struct.pack("!HH", ident, seq), data, src, dst, bad)


def udp(dport, data=b"", src=PROBER, dst=TARGET, sport=SPORT, zero=False, bad=False):
    """A UDP datagram; checksum 0 if @zero, wrong if @bad."""
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = 0 if zero else (l4sum(src, dst, NH_UDP, u) or 0xffff) ^ (0x5a5a if bad else 0)
    return u[:6] + struct.pack("!H", c) + u[8:]


def ext(nh, body):
    """A Hop-by-Hop, Destination Options or Routing header: @nh, the length
    octet, then @body (6 + 8n octets)."""
    assert (len(body) + 2) % 8 == 0
    return bytes([nh, (len(body) + 2) // 8 - 1]) + body


def opts(*options):
    """An options header's body: @options (raw), padded with PadN to 6 + 8n."""
    b = b"".join(options)
    pad = (6 - len(b)) % 8
    if pad == 1:
        b += b"\0"
    elif pad:
        b += bytes([1, pad - 2]) + b"\0" * (pad - 2)
    return b


def rthdr(nh, rtype, segleft, addrs):
    """A Routing header of @rtype with the addresses @addrs."""
    return ext(nh, bytes([rtype, segleft]) + b"\0" * 4 + b"".join(a6(a) for a in addrs))


def frag_hdr(nh, off, more, ident):
    """A Fragment header (RFC 8200 §4.5)."""
    return struct.pack("!BBHI", nh, 0, off | (1 if more else 0), ident)


_fid = [0x6b000000]


def fid():
    """A fresh fragment Identification."""
    _fid[0] += 1
    return _fid[0]


def fragments(nh, payload, cuts, src=PROBER, dst=TARGET, unfrag=b"", unfrag_nh=None,
              ident=None, more_last=False):
    """The fragments of @payload (upper layer @nh) at the (offset, length)
    pairs @cuts; @unfrag: headers before the Fragment header (their first
    Next Header @unfrag_nh, the last naming NH_FRAG)."""
    ident = ident if ident is not None else fid()
    out = []
    end = max(o + n for o, n in cuts)
    for o, n in cuts:
        more = o + n < end or more_last
        chain = unfrag + frag_hdr(nh, o, more, ident) + payload[o:o + n]
        out.append(ip6(chain, unfrag_nh if unfrag else NH_FRAG, src=src, dst=dst))
    return out


def build_probes():
    """Return the list of probes (fresh fragment Identifications each call)."""
    P = []

    def add(name, desc, pkts, wait=WAIT):
        P.append(Probe(name, desc, pkts, wait))

    def e(data=b"", dst=TARGET, src=PROBER, **kw):
        return echo(data, src=src, dst=dst, **kw)

    pat = pattern
    # ---- Echo (RFC 4443 §4)
    add("echo-0", "Echo Request, no data", ip6(e(), NH_ICMP))
    add("echo-56", "Echo Request, 56 octets (ping -6)", ip6(e(pat(56)), NH_ICMP))
    add("echo-57", "Echo Request, 57 octets (odd length)", ip6(e(pat(57)), NH_ICMP))
    add("echo-1452", "Echo Request, 1452 octets (a 1500-octet datagram)",
        ip6(e(pat(1452)), NH_ICMP))
    add("echo-code-1", "Echo Request with Code 1", ip6(e(pat(16), code=1), NH_ICMP))
    add("echo-bad-csum", "Echo Request with a wrong checksum", ip6(e(pat(16), bad=True), NH_ICMP))
    add("echo-short", "ICMPv6 Echo Request of 4 octets (no Identifier)",
        ip6(icmp6(128, 0, b"", b""), NH_ICMP))
    add("echo-tc-dscp", "Echo Request, Traffic Class 0xb8 (DSCP 46)",
        ip6(e(pat(16)), NH_ICMP, tc=0xb8))
    add("echo-tc-ecn", "Echo Request, Traffic Class 0xb9 (DSCP 46, ECT(1))",
        ip6(e(pat(16)), NH_ICMP, tc=0xb9))
    add("echo-flow", "Echo Request, Flow Label 0x12345", ip6(e(pat(16)), NH_ICMP, fl=0x12345))
    add("echo-hlim-0", "Echo Request, Hop Limit 0", ip6(e(pat(16)), NH_ICMP, hlim=0))
    add("echo-hlim-1", "Echo Request, Hop Limit 1", ip6(e(pat(16)), NH_ICMP, hlim=1))
    add("echo-all-nodes", "Echo Request to ff02::1",
        ip6(e(pat(8), dst=ALL_NODES), NH_ICMP, dst=ALL_NODES))
    add("echo-solicited-node", "Echo Request to the target's solicited-node group",
        ip6(e(pat(8), dst=SOL_NODE), NH_ICMP, dst=SOL_NODE))
    g = "ff02::1:ff00:99"
    add("echo-group-not-joined", "Echo Request to a group the target has not joined",
        ip6(e(pat(8), dst=g), NH_ICMP, dst=g))
    add("echo-mcast-scope-0", "Echo Request to ff00::1 (reserved scope 0)",
        ip6(e(pat(8), dst="ff00::1"), NH_ICMP, dst="ff00::1"))
    add("echo-mcast-if-local", "Echo Request to ff01::1 (interface-local) from the link",
        ip6(e(pat(8), dst="ff01::1"), NH_ICMP, dst="ff01::1"))
    add("echo-other", "Echo Request to 2001:db8:1::3 (not the target)",
        ip6(e(pat(8), dst=OTHER), NH_ICMP, dst=OTHER))
    add("echo-src-ll", "Echo Request from fe80::1",
        ip6(e(pat(8), src=PROBER_LL), NH_ICMP, src=PROBER_LL))
    add("echo-src-mcast", "Echo Request from ff02::1 (a multicast source)",
        ip6(e(pat(8), src=ALL_NODES), NH_ICMP, src=ALL_NODES))
    add("echo-src-unspec", "Echo Request from ::",
        ip6(e(pat(8), src="::"), NH_ICMP, src="::"))
    add("echo-reply-unsolicited", "Echo Reply no one asked for",
        ip6(icmp6(129, 0, struct.pack("!HH", 1, 1), pat(8)), NH_ICMP))
    add("icmp6-info-200", "ICMPv6 informational type 200 (unknown)",
        ip6(icmp6(200, 0, b"\0" * 4, pat(8)), NH_ICMP))

    # ---- extension headers (RFC 8200 §4)
    pl = e(pat(16))
    add("hbh-padn", "Hop-by-Hop with PadN, then Echo Request",
        ip6(ext(NH_ICMP, opts()) + pl, NH_HOP))
    add("hbh-router-alert", "Hop-by-Hop with Router Alert (RFC 2711), then Echo Request",
        ip6(ext(NH_ICMP, opts(b"\x05\x02\0\0")) + pl, NH_HOP))
    add("dst-padn", "Destination Options with PadN, then Echo Request",
        ip6(ext(NH_ICMP, opts()) + pl, NH_DST))
    for bits, t in (("00", 0x1e), ("01", 0x5e), ("10", 0x9e), ("11", 0xde)):
        add("dst-opt-" + bits, "Destination Options, unknown option 0x%02x (action %s)"
            % (t, bits), ip6(ext(NH_ICMP, opts(b"\x01\x00", bytes([t, 2, 0xab, 0xcd]))) + pl,
                             NH_DST))
    for bits, t in (("10", 0x9e), ("11", 0xde)):
        pm = e(pat(16), dst=ALL_NODES)
        add("dst-opt-%s-mcast" % bits, "Unknown option 0x%02x (action %s), to ff02::1"
            % (t, bits), ip6(ext(NH_ICMP, opts(bytes([t, 2, 0xab, 0xcd]))) + pm, NH_DST,
                             dst=ALL_NODES))
    add("hbh-opt-10", "Hop-by-Hop, unknown option 0x9e (action 10)",
        ip6(ext(NH_ICMP, opts(bytes([0x9e, 2, 0, 0]))) + pl, NH_HOP))
    add("dst-padn-long", "Destination Options padded with one PadN of 14 octets",
        ip6(ext(NH_ICMP, b"\x01\x0c" + b"\0" * 12) + pl, NH_DST))
    add("dst-padn-nonzero", "Destination Options, PadN whose padding is not zero",
        ip6(ext(NH_ICMP, b"\x01\x04\xde\xad\xbe\xef") + pl, NH_DST))
    add("dst-opt-9-skipped", "Destination Options with 9 unknown options of action 00",
        ip6(ext(NH_ICMP, b"\x1e\x00" * 9 + b"\x01\x02\0\0") + pl, NH_DST))
    add("hbh-jumbo-small", "Hop-by-Hop Jumbo Payload (RFC 2675) of 100 with Payload Length 0",
        ip6(ext(NH_ICMP, b"\xc2\x04" + struct.pack("!I", 100)) + pl, NH_HOP, plen=0))
    add("dst-opt-past-end", "An option whose length runs past its header",
        ip6(ext(NH_ICMP, b"\x1e\x09" + b"\0" * 4) + pl, NH_DST))
    add("dst-hdr-past-end", "Destination Options whose length runs past the datagram",
        ip6(bytes([NH_ICMP, 4]) + b"\x01\x04\0\0\0\0", NH_DST))
    add("hbh-not-first", "Destination Options, then Hop-by-Hop (not first)",
        ip6(ext(NH_HOP, opts()) + ext(NH_ICMP, opts()) + pl, NH_DST))
    add("hbh-twice", "Hop-by-Hop, then Hop-by-Hop again",
        ip6(ext(NH_HOP, opts()) + ext(NH_ICMP, opts()) + pl, NH_HOP))
    add("chain-long", "Hop-by-Hop, Destination Options, Routing (Segments Left 0), "
        "Destination Options, Echo Request",
        ip6(ext(NH_DST, opts()) + ext(NH_RT, opts()) + rthdr(NH_DST, 0, 0, [OTHER])
            + ext(NH_ICMP, opts()) + pl, NH_HOP))
    add("nh-253", "Next Header 253 (unknown), 16 octets", ip6(pat(16), 253))
    add("dst-nh-253", "Destination Options, then Next Header 253",
        ip6(ext(253, opts()) + pat(16), NH_DST))
    add("nh-59", "Next Header 59 (No Next Header), nothing after", ip6(b"", NH_NONE))
    add("nh-59-trailing", "Next Header 59 with 16 octets after it", ip6(pat(16), NH_NONE))
    add("dst-nh-59", "Destination Options naming 59, 8 octets after",
        ip6(ext(NH_NONE, opts()) + pat(8), NH_DST))
    add("rh0-segleft", "Routing Type 0 with Segments Left 1 (RFC 5095)",
        ip6(rthdr(NH_ICMP, 0, 1, [OTHER]) + pl, NH_RT))
    add("rh0-segleft-0", "Routing Type 0 with Segments Left 0",
        ip6(rthdr(NH_ICMP, 0, 0, [OTHER]) + pl, NH_RT))
    add("rh-253-segleft", "Routing Type 253 (unknown) with Segments Left 1",
        ip6(rthdr(NH_ICMP, 253, 1, [OTHER]) + pl, NH_RT))
    add("rh-253-segleft-0", "Routing Type 253 with Segments Left 0 (ignored)",
        ip6(rthdr(NH_ICMP, 253, 0, [OTHER]) + pl, NH_RT))
    add("plen-long", "Payload Length 8 more than the octets sent",
        ip6(pl, NH_ICMP, plen=len(pl) + 8))
    add("plen-short", "Payload Length 8 less than the octets sent (the rest is padding)",
        ip6(e(pat(8)) + pat(8, 5), NH_ICMP, plen=16))
    b = bytearray(ip6(pl, NH_ICMP))
    b[0] = 0x40
    add("version-4", "Version 4 in an IPv6 datagram", bytes(b))

    # ---- UDP (RFC 768, RFC 8200 §8.1)
    add("udp-open", "UDP, 32 octets to port 7 (echo)", ip6(udp(7, pat(32)), NH_UDP))
    add("udp-open-0", "UDP, no data to port 7", ip6(udp(7), NH_UDP))
    add("udp-closed", "UDP to a closed port", ip6(udp(CLOSED, pat(20)), NH_UDP))
    add("udp-closed-big", "UDP, 1400 octets to a closed port (the 1280 quote limit)",
        ip6(udp(CLOSED, pat(1400)), NH_UDP))
    add("udp-closed-tc", "UDP to a closed port, Traffic Class 0x28",
        ip6(udp(CLOSED, pat(8)), NH_UDP, tc=0x28))
    add("udp-closed-hlim-1", "UDP to a closed port, Hop Limit 1",
        ip6(udp(CLOSED, pat(8)), NH_UDP, hlim=1))
    add("udp-zero-csum", "UDP with checksum 0 to port 7 (not allowed in IPv6)",
        ip6(udp(7, pat(8), zero=True), NH_UDP))
    add("udp-closed-bad-csum", "UDP with a wrong checksum to a closed port",
        ip6(udp(CLOSED, pat(8), bad=True), NH_UDP))
    add("udp-closed-mcast", "UDP to a closed port at ff02::1",
        ip6(udp(CLOSED, pat(8), dst=ALL_NODES), NH_UDP, dst=ALL_NODES))
    add("udp-closed-src-unspec", "UDP to a closed port from ::",
        ip6(udp(CLOSED, pat(8), src="::"), NH_UDP, src="::"))
    add("udp-closed-src-mcast", "UDP to a closed port from ff02::1",
        ip6(udp(CLOSED, pat(8), src=ALL_NODES), NH_UDP, src=ALL_NODES))
    add("udp-closed-dst-opt", "Destination Options (PadN), UDP to a closed port (quote)",
        ip6(ext(NH_UDP, opts()) + udp(CLOSED, pat(8)), NH_DST))

    # ---- fragments (RFC 8200 §4.5, RFC 5722, RFC 6946, RFC 7112)
    def efrag(seq, n=1000):
        return e(pat(n, seq), ident=0x6b10, seq=seq)

    cuts3 = ((0, 400), (400, 400), (800, 208))
    add("frag-in-order", "Echo Request in 3 fragments", fragments(NH_ICMP, efrag(1), cuts3))
    add("frag-reverse", "Echo Request in 3 fragments, last first",
        fragments(NH_ICMP, efrag(2), cuts3)[::-1])
    add("frag-overlap-same", "Fragments 0-400, 392-800 (overlap with equal data), 800-1008",
        fragments(NH_ICMP, efrag(12), ((0, 400), (392, 408), (800, 208))), wait=SLOW)
    f = fragments(NH_ICMP, efrag(3), cuts3)
    add("frag-duplicate", "Echo Request in 3 fragments, the middle one twice",
        [f[0], f[1], f[1], f[2]])
    add("frag-overlap", "Fragments 0-400, 200-600 (overlap), 400-1008 (RFC 5722)",
        fragments(NH_ICMP, efrag(4), ((0, 400), (200, 400), (400, 608))), wait=SLOW)
    add("frag-atomic", "Echo Request in an atomic fragment (offset 0, M 0; RFC 6946)",
        fragments(NH_ICMP, efrag(5, 16), ((0, 24),)))
    add("frag-atomic-udp-closed", "UDP to a closed port in an atomic fragment",
        fragments(NH_UDP, udp(CLOSED, pat(8)), ((0, 16),)))
    d = efrag(6, 64)
    add("frag-tiny-8", "Echo Request (64 octets) in 8-octet fragments",
        fragments(NH_ICMP, d, [(o, 8) for o in range(0, len(d), 8)]))
    d = ext(NH_ICMP, opts()) + efrag(7, 64)
    add("frag-first-no-ulh", "First fragment holds Destination Options only, the ICMPv6 "
        "header in the second (RFC 7112)", fragments(NH_DST, d, ((0, 8), (8, len(d) - 8))))
    add("frag-m-not-8", "A fragment with M set and 100 octets of data",
        fragments(NH_ICMP, efrag(8), ((0, 100),), more_last=True))
    add("frag-past-65535", "A fragment at offset 65528 with 16 octets (past 65,535)",
        [ip6(frag_hdr(NH_ICMP, 65528, False, fid()) + pat(16), NH_FRAG)])
    add("frag-missing-last", "Fragments 1 and 2 of 3 (time-out: Time Exceeded code 1)",
        fragments(NH_ICMP, efrag(9), cuts3)[:2], wait=SLOW)
    add("frag-missing-first", "Fragments 2 and 3 of 3 (time-out, no error)",
        fragments(NH_ICMP, efrag(10), cuts3)[1:], wait=SLOW)
    add("frag-udp-closed", "UDP to a closed port in 2 fragments (the error quotes the first)",
        fragments(NH_UDP, udp(CLOSED, pat(600)), ((0, 304), (304, 304))))
    f = fragments(NH_ICMP, efrag(11), cuts3, unfrag=ext(NH_FRAG, opts()), unfrag_nh=NH_DST)
    add("frag-after-dst", "Destination Options, then 3 fragments of an Echo Request", f)

    # ---- errors: about errors (RFC 4443 §2.4(e)), and quoting us
    quoted = ip6(udp(SPORT, pat(8), src=TARGET, dst=PROBER, sport=7), NH_UDP, src=TARGET,
                 dst=PROBER)
    err = icmp6(1, 4, b"\0" * 4, quoted)
    add("err-unreach-ours", "Port Unreachable quoting a datagram of ours (no socket)",
        ip6(err, NH_ICMP))
    add("err-unreach-garbage", "Destination Unreachable quoting garbage",
        ip6(icmp6(1, 0, b"\0" * 4, pat(48, 3)), NH_ICMP))
    add("err-unknown-type-100", "ICMPv6 error type 100 (unknown)",
        ip6(icmp6(100, 0, b"\0" * 4, quoted), NH_ICMP))
    add("err-dst-opt-10", "Port Unreachable behind an unknown option of action 10",
        ip6(ext(NH_ICMP, opts(bytes([0x9e, 2, 0, 0]))) + err, NH_DST))
    add("err-hbh-not-first", "Port Unreachable behind Dst Opts then Hop-by-Hop",
        ip6(ext(NH_HOP, opts()) + ext(NH_ICMP, opts()) + err, NH_DST))
    add("err-frag-first-only", "First fragment only of a Port Unreachable (time-out)",
        fragments(NH_ICMP, icmp6(1, 4, b"\0" * 4, quoted + pat(600)),
                  ((0, 304), (304, 352)))[:1], wait=SLOW)
    add("info-dst-opt-10", "Echo Request (informational) behind option action 10, "
        "from a multicast source", ip6(ext(NH_ICMP, opts(bytes([0x9e, 2, 0, 0])))
                                        + e(pat(8), src=ALL_NODES), NH_DST, src=ALL_NODES))
    add("nd-ns-target", "Neighbor Solicitation for the target (Hop Limit 255)",
        ip6(icmp6(135, 0, b"\0" * 4, a6(TARGET), dst=SOL_NODE), NH_ICMP, dst=SOL_NODE,
            hlim=255))

    # Packet Too Big quoting our Echo Reply: Linux keeps 1280 for an MTU
    # below it (RFC 8201 §4); these come last, from a source of their own,
    # so no other probe's answer meets the learned path MTU
    def ptb(mtu, src):
        rep = ip6(icmp6(129, 0, struct.pack("!HH", 0x6b20, 1), pat(1400), src=TARGET,
                        dst=src), NH_ICMP, src=TARGET, dst=src)
        return ip6(icmp6(2, 0, struct.pack("!I", mtu), rep[:1232], src=src), NH_ICMP, src=src)

    def big_echo(n, seq, src):
        return ip6(e(pat(n), src=src, seq=seq, ident=0x6b20), NH_ICMP, src=src)
    add("ptb-1000-then-echo-1400", "Packet Too Big MTU 1000 quoting our Echo Reply, then an "
        "Echo Request of 1400 octets", [ptb(1000, PROBER_PTB), big_echo(1400, 2, PROBER_PTB)])
    add("ptb-then-echo-1000", "After that Packet Too Big: an Echo Request of 1000 octets",
        big_echo(1000, 3, PROBER_PTB))
    add("ptb-1280-then-echo-1400", "Packet Too Big MTU 1280 quoting our Echo Reply (another "
        "source), then an Echo Request of 1400 octets",
        [ptb(1280, PROBER_PTB2), big_echo(1400, 4, PROBER_PTB2)])
    return P


def link_addr6(pkt, mac):
    """The link-layer destination for @pkt: @mac, or 33:33 + the group's
    last 32 bits (RFC 2464 §7); none on a TUN."""
    if mac is None:
        return b""
    if pkt[24] == 0xff:
        return b"\x33\x33" + pkt[36:40]
    return mac


def noise(pkt):
    """MLD reports and Router Solicitations a target sends of itself
    (ICMPv6 130-133, 143, after the fixed header or a Hop-by-Hop header):
    not an answer to a probe."""
    noisy = (130, 131, 132, 133, 143)
    return (len(pkt) > 40 and pkt[6] == NH_ICMP and pkt[40] in noisy) or \
        (len(pkt) > 48 and pkt[6] == NH_HOP and pkt[40] == NH_ICMP and pkt[48] in noisy)


def main(argv):
    """Command dispatch; see the module doc."""
    if len(argv) >= 3 and argv[0] == "run":
        mac = None if argv[2] == "tun" else bytes.fromhex(argv[2].replace(":", ""))
        p4.run(argv[1], mac, set(argv[3:]), probes=build_probes(), ethertype=ETH_P_IPV6,
               link=link_addr6, hold_addr=(socket.AF_INET6, "::"), noise=noise)
        return 0
    if len(argv) >= 2 and argv[0] == "echo-server":
        p4.echo_server([int(a) for a in argv[1:]], socket.AF_INET6)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
