#!/usr/bin/python3
"""probes.py - the crafted probes of the differential test, and their prober.

As a module (imported by diff_linux.py): PROBES, the list of probes, each a
name, a description, the IPv4 datagrams to send (bytes, built with scapy
and then, for the malformed ones, changed octet by octet) and how long to
listen for answers.

As a program, run inside the prober's network namespace:

    probes.py run IFNAME MAC|tun [PROBE...]   send every probe (or those named)
                                              on IFNAME, print the answers as
                                              JSON on stdout
    probes.py echo-server PORT...             UDP echo on 0.0.0.0:PORT...
    probes.py txcsum-off IFNAME               turn off TX/RX checksum offload
                                              (ETHTOOL_STXCSUM/SRXCSUM ioctl)

The prober sends with an AF_PACKET SOCK_DGRAM socket, i.e. straight onto the
link below IP: an IPPROTO_RAW socket would have the kernel rewrite the
header checksum, the total length and a 0.0.0.0 source, and the malformed
probes must reach the target exactly as built. On a veth the link header is
made by the kernel from the MAC given (broadcast / multicast MACs for those
destinations); on a TUN there is none. Answers are read from the same
socket (incoming packets only), so on both targets the prober sees exactly
what came back over the link.
"""
import fcntl
import json
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pktlib import csum  # noqa: E402,F401  (probes.csum: the tests' one checksum)

TARGET = "192.0.2.2"
PROBER = "192.0.2.1"
DBCAST = "192.0.2.255"
LBCAST = "255.255.255.255"
OTHER = "192.0.2.3"
SPORT = 40000          # the prober's source port (held open by the prober)
CLOSED = 33434         # a closed UDP port on both targets
ECHO_PORTS = (7, 9)    # open UDP echo ports on both targets
FRAG_TIME = 2          # ipfrag_time on both targets, seconds
WAIT = 0.5             # listening time after a probe
SLOW = FRAG_TIME + 1.5  # listening time when a reassembly time-out is due

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


class Probe:
    """One probe: @name, @desc, @pkts (bytes to send in order), @wait (s)."""

    def __init__(self, name, desc, pkts, wait=WAIT):
        self.name = name
        self.desc = desc
        self.pkts = pkts if isinstance(pkts, list) else [pkts]
        self.wait = wait


# --- building --------------------------------------------------------------

def _scapy():
    """Import scapy lazily (the echo server and offload helper need none)."""
    from scapy.all import ICMP, IP, UDP, IPOption, Raw, raw  # pylint: disable=import-outside-toplevel
    return ICMP, IP, UDP, IPOption, Raw, raw


def fix_ip_csum(b):
    """Recompute the IPv4 header checksum of datagram @b."""
    b = bytearray(b)
    hl = (b[0] & 15) * 4
    b[10:12] = b"\0\0"
    b[10:12] = struct.pack("!H", csum(bytes(b[:hl])))
    return bytes(b)


def put16(b, off, v, fix=True):
    """@b with the 16-bit word at @off set to @v (and the IP checksum fixed)."""
    b = bytearray(b)
    b[off:off + 2] = struct.pack("!H", v & 0xffff)
    return fix_ip_csum(b) if fix else bytes(b)


_ipid = [0x2000]


def next_id():
    """A fresh IP identification, so that no two probes share a reassembly."""
    _ipid[0] += 1
    return _ipid[0]


def ip(l4, src=PROBER, dst=TARGET, opts=b"", **kw):
    """One IPv4 datagram: scapy header (with raw option octets @opts) + @l4."""
    _, IP, _, _, _, raw = _scapy()
    kw.setdefault("id", next_id())
    b = raw(IP(src=src, dst=dst, **kw) / l4)
    if not opts:
        return b
    # options inserted by hand (scapy would "fix" the malformed ones),
    # padded with EOL to a multiple of 4
    opts = opts + b"\0" * (-len(opts) % 4)
    h = bytearray(b[:20] + opts)
    h[0] = 0x40 | (len(h) // 4)
    h[2:4] = struct.pack("!H", len(b) + len(opts))
    return fix_ip_csum(bytes(h) + b[20:])


def echo(data=b"", code=0, ident=0x4b01, seq=1, typ=8):
    """An ICMP echo request (scapy layer)."""
    ICMP, _, _, _, Raw, _ = _scapy()
    return ICMP(type=typ, code=code, id=ident, seq=seq) / Raw(data)


def icmp(typ, code=0, rest=b"\0\0\0\0", data=b""):
    """Any ICMP message as raw octets with a correct checksum."""
    m = struct.pack("!BBH", typ, code, 0) + rest + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def udp(dport, data=b"", sport=SPORT):
    """A UDP datagram (scapy layer: checksum filled in by scapy)."""
    _, _, UDP, _, Raw, _ = _scapy()
    return UDP(sport=sport, dport=dport) / Raw(data)


def tcp(dport, flags, seq=1000, ack=0, data=b"", opts=b"", sport=SPORT, bad_csum=False,
        src=PROBER, dst=TARGET):
    """A TCP segment as raw octets (@flags: "S", "SA", "F", ... as tcpdump),
    its checksum over the pseudo-header right unless @bad_csum."""
    bits = {"F": 1, "S": 2, "R": 4, "P": 8, "A": 16, "U": 32}
    fl = 0
    for c in flags:
        fl |= bits[c]
    opts = opts + b"\0" * (-len(opts) % 4)
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (5 + len(opts) // 4) << 4, fl,
                    64240, 0, 0) + opts + data
    ph = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(h))
    c = csum(ph + h) ^ (0x5a5a if bad_csum else 0)
    return h[:16] + struct.pack("!H", c) + h[18:]


def iptcp(seg, **kw):
    """An IPv4 datagram carrying the raw TCP segment @seg."""
    return ip(raw_l4(seg), proto=6, **kw)


def raw_l4(b):
    """Raw octets as a scapy payload (give ip() its proto=)."""
    _, _, _, _, Raw, _ = _scapy()
    return Raw(b)


def ipicmp(msg, **kw):
    """An IPv4 datagram carrying the raw ICMP message @msg."""
    return ip(raw_l4(msg), proto=1, **kw)


def frag(dgram, off, length, mf, ident=None):
    """A fragment of the whole datagram @dgram: data octets [off, off+length)."""
    hl = (dgram[0] & 15) * 4
    data = dgram[hl:][off:off + length]
    h = bytearray(dgram[:hl])
    h[2:4] = struct.pack("!H", hl + len(data))
    fl = (0x2000 if mf else 0) | (off // 8)
    h[6:8] = struct.pack("!H", fl)
    if ident is not None:
        h[4:6] = struct.pack("!H", ident)
    return fix_ip_csum(bytes(h) + data)


def pattern(n, seed=0):
    """@n octets of a recognisable pattern."""
    return bytes((seed + i * 7 + (i >> 8)) & 0xff for i in range(n))


def rr_opt(slots=9):
    """Record Route with @slots empty slots (ping -R uses 9)."""
    n = 3 + 4 * slots
    return bytes([7, n, 4]) + b"\0" * (4 * slots)


def ts_opt(flag, slots, prespec=()):
    """Timestamp option, flag 0 (@slots stamps) or 1/3 (@slots pairs)."""
    if flag == 0:
        body = b"\0" * (4 * slots)
    else:
        body = b"".join(socket.inet_aton(a) + b"\0" * 4 for a in prespec)
        body += b"\0" * (8 * (slots - len(prespec)))
    return bytes([0x44, 4 + len(body), 5, flag]) + body


def build_probes():
    """Return the list of Probe objects (fresh IP identifications each call)."""
    P = []

    def add(name, desc, pkts, wait=WAIT):
        P.append(Probe(name, desc, pkts, wait))

    # ---- echo variants (E1-E5)
    add("echo-0", "Echo Request, no data", ip(echo(b"")))
    add("echo-1", "Echo Request, 1 data octet", ip(echo(b"\xa5")))
    add("echo-56", "Echo Request, 56 data octets (ping default)", ip(echo(pattern(56))))
    add("echo-1472", "Echo Request, 1472 data octets (1500-octet datagram)",
        ip(echo(pattern(1472))))
    add("echo-odd-57", "Echo Request, 57 data octets (odd ICMP length)", ip(echo(pattern(57))))
    add("echo-code-5", "Echo Request with Code 5", ip(echo(pattern(16), code=5)))
    b = bytearray(ip(echo(pattern(16))))
    b[22] ^= 0x5a
    add("echo-bad-icmp-csum", "Echo Request with a wrong ICMP checksum", bytes(b))
    add("echo-icmp-4-octets", "ICMP part of 4 octets (type 8), checksum right",
        ipicmp(b"\x08\x00" + struct.pack("!H", csum(b"\x08\0\0\0"))))
    add("echo-dst-dbcast", "Echo Request to 192.0.2.255", ip(echo(pattern(8)), dst=DBCAST))
    add("echo-dst-lbcast", "Echo Request to 255.255.255.255", ip(echo(pattern(8)), dst=LBCAST))
    add("echo-dst-mcast", "Echo Request to 224.0.0.1", ip(echo(pattern(8)), dst="224.0.0.1"))
    add("echo-dst-other", "Echo Request to 192.0.2.3 (not the target)",
        ip(echo(pattern(8)), dst=OTHER))
    add("echo-rr", "Echo Request with Record Route (9 slots, as ping -R)",
        ip(echo(pattern(56)), opts=rr_opt(9)))
    add("echo-ts-flag0", "Echo Request with Timestamp, flag 0 (9 stamps)",
        ip(echo(pattern(56)), opts=ts_opt(0, 9)))
    add("echo-ts-flag1", "Echo Request with Timestamp, flag 1 (4 address+stamp)",
        ip(echo(pattern(56)), opts=ts_opt(1, 4)))
    add("echo-ts-flag3", "Echo Request with Timestamp, flag 3 (prespecified target, prober)",
        ip(echo(pattern(56)), opts=ts_opt(3, 2, (TARGET, PROBER))))
    add("echo-ts-flag3-other", "Timestamp flag 3, first prespecified address not the target",
        ip(echo(pattern(56)), opts=ts_opt(3, 2, (OTHER, TARGET))))
    full_ts = bytearray(ts_opt(0, 2))
    full_ts[2] = 13  # pointer past the end: full
    add("echo-ts-full", "Timestamp option already full (overflow 0)",
        ip(echo(pattern(8)), opts=bytes(full_ts)))
    add("echo-tos", "Echo Request with TOS 0x10", ip(echo(pattern(16)), tos=0x10))
    add("echo-tos-ecn", "Echo Request with TOS 0xb9 (DSCP 46, ECN 01)",
        ip(echo(pattern(16)), tos=0xb9))
    add("echo-df", "Echo Request with DF", ip(echo(pattern(16)), flags="DF"))
    add("echo-ttl1", "Echo Request with TTL 1", ip(echo(pattern(16)), ttl=1))
    add("echo-router-alert", "Echo Request with Router Alert",
        ip(echo(pattern(16)), opts=b"\x94\x04\x00\x00"))
    add("echo-unknown-opt", "Echo Request with an unknown option (type 0x1e, len 4)",
        ip(echo(pattern(16)), opts=b"\x1e\x04\xab\xcd"))
    add("echo-nop-eol", "Echo Request with options NOP NOP NOP EOL",
        ip(echo(pattern(16)), opts=b"\x01\x01\x01\x00"))
    add("echo-lsrr", "Echo Request with Loose Source Route (via 192.0.2.1)",
        ip(echo(pattern(16)), opts=b"\x83\x07\x04" + socket.inet_aton(PROBER) + b"\x00"))

    # ---- TCP to a closed port (RFC 9293 3.10.7.1; issue 10)
    syn_opts = (b"\x02\x04\x05\xb4" b"\x04\x02" b"\x08\x0a\x00\x00\x30\x39\x00\x00\x00\x00"
                b"\x01\x03\x03\x07")  # MSS 1460, SACK-perm, TS, NOP, WS 7: as Linux
    add("tcp-syn", "TCP SYN to closed port 80", iptcp(tcp(80, "S")))
    add("tcp-syn-opts", "TCP SYN with MSS, SACK-perm, timestamps, window scale",
        iptcp(tcp(80, "S", opts=syn_opts)))
    add("tcp-syn-data", "TCP SYN carrying 10 data octets", iptcp(tcp(80, "S", data=pattern(10))))
    add("tcp-syn-fin", "TCP SYN+FIN with 3 data octets", iptcp(tcp(80, "SF", data=b"abc")))
    add("tcp-ack", "TCP ACK (no connection)", iptcp(tcp(80, "A", seq=5000, ack=0xdeadbeef)))
    add("tcp-psh-ack-data", "TCP PSH+ACK with 16 data octets",
        iptcp(tcp(80, "PA", seq=5000, ack=777, data=pattern(16))))
    add("tcp-fin", "TCP FIN without ACK", iptcp(tcp(80, "F", seq=42)))
    add("tcp-fin-ack", "TCP FIN+ACK", iptcp(tcp(80, "FA", seq=42, ack=4242)))
    add("tcp-null", "TCP segment with no flags (nmap -sN)", iptcp(tcp(80, "", seq=9)))
    add("tcp-xmas", "TCP FIN+PSH+URG (nmap -sX)", iptcp(tcp(80, "FPU", seq=9)))
    add("tcp-rst", "TCP RST", iptcp(tcp(80, "R", seq=1)))
    add("tcp-rst-ack", "TCP RST+ACK", iptcp(tcp(80, "RA", seq=1, ack=2)))
    add("tcp-bad-csum", "TCP SYN with a wrong checksum", iptcp(tcp(80, "S", bad_csum=True)))
    add("tcp-syn-dbcast", "TCP SYN to 192.0.2.255",
        iptcp(tcp(80, "S", dst=DBCAST), dst=DBCAST))
    add("tcp-syn-lbcast", "TCP SYN to 255.255.255.255",
        iptcp(tcp(80, "S", dst=LBCAST), dst=LBCAST))
    add("tcp-syn-tos", "TCP SYN with TOS 0xb9 (DSCP 46, ECN 01)", iptcp(tcp(80, "S"), tos=0xb9))
    add("tcp-syn-port-7", "TCP SYN to port 7 (UDP echo open there, TCP closed)",
        iptcp(tcp(7, "S")))

    # an ICMP error quoting a TCP segment "we" (the target) sent: no
    # connection matches it, and nobody answers an error
    q = ip(raw_l4(tcp(443, "S", src=TARGET, dst=PROBER)), proto=6, src=TARGET, dst=PROBER)
    add("tcp-quoted-unreach", "Port Unreachable quoting a TCP SYN from the target",
        ipicmp(icmp(3, 3, data=q[:28])))
    add("tcp-quoted-timxceed", "Time Exceeded quoting a whole TCP SYN from the target",
        ipicmp(icmp(11, 0, data=q)))

    # ---- informational
    add("timestamp-req", "Timestamp Request",
        ipicmp(icmp(13, rest=struct.pack("!HH", 0x4b02, 1),
                       data=struct.pack("!III", 12345678, 0, 0))))
    add("timestamp-req-short", "Timestamp Request with 8 data octets (too short)",
        ipicmp(icmp(13, rest=struct.pack("!HH", 0x4b02, 2),
                       data=struct.pack("!II", 12345678, 0))))
    add("addrmask-req", "Address Mask Request",
        ipicmp(icmp(17, rest=struct.pack("!HH", 0x4b03, 1), data=b"\0\0\0\0")))
    add("info-req", "Information Request", ipicmp(icmp(15, rest=struct.pack("!HH", 0x4b04, 1))))
    add("icmp-type-99", "ICMP type 99 (unknown)", ipicmp(icmp(99, data=pattern(8))))

    # ---- G9 control and G5 sources, G2 destinations
    add("udp-closed", "UDP to a closed port (control: Port Unreachable)",
        ip(udp(CLOSED, pattern(20))))
    add("udp-closed-big", "UDP with 1000 octets to a closed port (quote limit)",
        ip(udp(CLOSED, pattern(1000))))
    add("udp-closed-ttl1", "UDP to a closed port, TTL 1", ip(udp(CLOSED, pattern(8)), ttl=1))
    add("udp-closed-tos", "UDP to a closed port, TOS 0x28", ip(udp(CLOSED, pattern(8)), tos=0x28))
    add("udp-closed-df", "UDP to a closed port, DF", ip(udp(CLOSED, pattern(8)), flags="DF"))
    for tag, src in (("0", "0.0.0.0"), ("127", "127.0.0.1"), ("mcast", "224.0.0.1"),
                     ("240", "240.0.0.1"), ("dbcast", DBCAST), ("lbcast", LBCAST)):
        add("udp-closed-src-" + tag, "UDP to a closed port from " + src,
            ip(udp(CLOSED, pattern(8)), src=src))
    add("udp-closed-dst-dbcast", "UDP to a closed port at 192.0.2.255",
        ip(udp(CLOSED, pattern(8)), dst=DBCAST))
    add("udp-closed-dst-lbcast", "UDP to a closed port at 255.255.255.255",
        ip(udp(CLOSED, pattern(8)), dst=LBCAST))
    add("udp-closed-dst-mcast", "UDP to a closed port at 224.0.0.1",
        ip(udp(CLOSED, pattern(8)), dst="224.0.0.1"))
    whole = ip(udp(CLOSED, pattern(40)))
    add("udp-closed-nonfirst-frag", "Last fragment alone (offset 24) of UDP to a closed port",
        frag(whole, 24, 24, False), wait=SLOW)

    # ---- G1: ICMP errors and unknown types are never answered with errors
    quoted = ip(udp(SPORT, pattern(8)), src=TARGET, dst="198.51.100.9")
    add("icmp-err-quote-garbage", "Port Unreachable sent to us quoting garbage",
        ipicmp(icmp(3, 3, data=pattern(28, 99))))
    add("icmp-err-quote-ours", "Port Unreachable quoting a datagram of ours (no socket)",
        ipicmp(icmp(3, 3, data=quoted[:28])))
    badrr = b"\x07\x02\x00\x00"   # RR with length 2: Parameter Problem material
    add("echo-opt-rr-len2", "Echo Request with Record Route of length 2 (control for G1)",
        ip(echo(pattern(8)), opts=badrr))
    add("icmp-err-bad-opt", "Port Unreachable with Record Route of length 2",
        ipicmp(icmp(3, 3, data=quoted[:28]), opts=badrr))
    add("icmp-99-bad-opt", "ICMP type 99 with Record Route of length 2",
        ipicmp(icmp(99, data=pattern(8)), opts=badrr))
    add("icmp-99-ttl1-bad-opt", "ICMP type 99, TTL 1, Record Route of length 2",
        ipicmp(icmp(99, data=pattern(8)), opts=badrr, ttl=1))
    errd = ipicmp(icmp(3, 3, data=quoted[:28] + pattern(40)))
    add("icmp-err-frag-missing-last", "First fragment only of a Port Unreachable (time-out)",
        frag(errd, 0, 24, True), wait=SLOW)

    # ---- G6: header validation
    good = ip(udp(CLOSED, pattern(8)))
    b = bytearray(good)
    b[10] ^= 0x11
    add("bad-ip-csum", "UDP to a closed port, wrong IP header checksum", bytes(b))
    b = bytearray(good)
    b[0] = 0x55
    add("bad-ip-version-5", "UDP to a closed port, IP version 5", fix_ip_csum(b))
    b = bytearray(good)
    b[0] = 0x44
    add("bad-ip-ihl-4", "UDP to a closed port, IHL 4", fix_ip_csum(b))
    add("bad-ip-totlen-short", "Total Length 16 (less than the header)", put16(good, 2, 16))
    add("bad-ip-totlen-long", "Total Length 8 more than the octets sent",
        put16(good, 2, len(good) + 8))
    add("bad-ip-rf", "Reserved flag (evil bit) set, UDP to a closed port",
        put16(good, 6, 0x8000))
    e = ip(echo(pattern(56)))
    add("truncated-echo", "Echo Request cut 20 octets short of its Total Length", e[:-20])
    add("padded-echo", "Echo Request followed by 6 octets of link padding", e + b"\0" * 6)

    # ---- G10: protocol numbers nobody claims
    for proto in (47, 132, 253):
        add("proto-%d" % proto, "IP protocol %d, 20 octets" % proto,
            ip(raw_l4(pattern(20)), proto=proto))
    add("proto-253-dbcast", "IP protocol 253 to 192.0.2.255",
        ip(raw_l4(pattern(20)), proto=253, dst=DBCAST))

    # ---- options on errors (G7, G18)
    add("udp-closed-rr", "UDP to a closed port with Record Route (is it quoted as sent?)",
        ip(udp(CLOSED, pattern(8)), opts=rr_opt(9)))
    add("udp-closed-ts", "UDP to a closed port with Timestamp flag 0",
        ip(udp(CLOSED, pattern(8)), opts=ts_opt(0, 2)))
    add("udp-closed-opt-len-over", "Option length beyond the header (RR len 11 in 8)",
        ip(udp(CLOSED, pattern(8)), opts=b"\x07\x0b\x04\x00\x00\x00\x00\x00"))
    add("udp-closed-rr-ptr-bad", "Record Route with pointer 3",
        ip(udp(CLOSED, pattern(8)), opts=b"\x07\x07\x03\x00\x00\x00\x00\x00"))
    add("udp-closed-rr-twice", "Record Route given twice",
        ip(udp(CLOSED, pattern(8)), opts=b"\x07\x07\x04\0\0\0\0\x07\x07\x04\0\0\0\0\0\0"))
    ts15 = bytearray(ts_opt(0, 2))
    ts15[2] = 13
    ts15[3] = 0xf0
    add("udp-closed-ts-oflw15", "Full Timestamp option with overflow 15",
        ip(udp(CLOSED, pattern(8)), opts=bytes(ts15)))
    tsbad = bytearray(ts_opt(0, 2))
    tsbad[3] = 2
    add("echo-ts-flag2", "Timestamp option with flag 2 (undefined)",
        ip(echo(pattern(8)), opts=bytes(tsbad)))
    add("udp-closed-lsrr", "UDP to a closed port with Loose Source Route",
        ip(udp(CLOSED, pattern(8)), opts=b"\x83\x07\x04" + socket.inet_aton(PROBER) + b"\x00"))

    # ---- fragments of an echo request (E6, G15)
    def echo_frags(seq):
        d = ip(echo(pattern(1000, seq), ident=0x4b10, seq=seq))
        return [frag(d, o, n, o + n < len(d) - 20) for o, n in ((0, 400), (400, 400), (800, 208))]
    f = echo_frags(1)
    add("frag-in-order", "Echo Request in 3 fragments, in order", f)
    f = echo_frags(2)
    add("frag-reverse", "Echo Request in 3 fragments, last first", f[::-1])
    f = echo_frags(3)
    f3 = f[1]
    add("frag-duplicate", "Echo Request in 3 fragments, the middle one twice",
        [f[0], f3, f3, f[2]])
    d = ip(echo(pattern(1000, 4), ident=0x4b10, seq=4))
    add("frag-overlap", "Echo Request in fragments 0-400, 200-600 (overlap), 400-1008",
        [frag(d, 0, 400, True), frag(d, 200, 400, True), frag(d, 400, 608, False)], wait=SLOW)
    d = ip(echo(pattern(1000, 5), ident=0x4b10, seq=5))
    add("frag-overlap-same", "Echo Request fragments, a later one overlapping with equal data",
        [frag(d, 0, 400, True), frag(d, 392, 408, True), frag(d, 800, 208, False)], wait=SLOW)
    f = echo_frags(6)
    add("frag-missing-first", "Echo Request fragments 2 and 3 only (time-out, no fragment 0)",
        f[1:], wait=SLOW)
    f = echo_frags(7)
    add("frag-missing-last", "Echo Request fragments 1 and 2 only (time-out: Time Exceeded)",
        f[:2], wait=SLOW)
    f = echo_frags(8)
    add("frag-first-only-df", "First fragment alone with DF also set (time-out)",
        [put16(f[0], 6, 0x6000)], wait=SLOW)
    d = ip(echo(pattern(64, 9), ident=0x4b10, seq=9))
    add("frag-tiny-8", "Echo Request in 8-octet fragments, in order",
        [frag(d, o, 8, o + 8 < len(d) - 20) for o in range(0, len(d) - 20, 8)])

    # ---- UDP
    add("udp-open-7", "UDP with 32 octets to open port 7", ip(udp(7, pattern(32))))
    add("udp-open-9", "UDP with 0 octets to open port 9", ip(udp(9, b"")))
    add("udp-open-1472", "UDP with 1472 octets to port 7", ip(udp(7, pattern(1472))))
    b = bytearray(ip(udp(7, pattern(32))))
    b[26] ^= 0x33
    add("udp-open-bad-csum", "UDP with a wrong checksum to open port 7", bytes(b))
    b = bytearray(ip(udp(CLOSED, pattern(32))))
    b[26] ^= 0x33
    add("udp-closed-bad-csum", "UDP with a wrong checksum to a closed port", bytes(b))
    b = bytearray(ip(udp(7, pattern(32))))
    b[26:28] = b"\0\0"
    add("udp-open-zero-csum", "UDP with checksum 0 (none) to open port 7", bytes(b))
    b = bytearray(ip(udp(CLOSED, pattern(32))))
    b[26:28] = b"\0\0"
    add("udp-closed-zero-csum", "UDP with checksum 0 (none) to a closed port", bytes(b))
    b = ip(udp(7, pattern(32)))
    add("udp-len-long", "UDP length 8 more than the IP payload, port 7",
        put16(b, 24, 48, fix=False))
    data = pattern(32)
    short = bytes(ip(udp(7, data[:16])))
    add("udp-len-short", "UDP length 24 but 40 octets of IP payload, port 7 (checksum of 24)",
        fix_ip_csum(put16(short, 2, len(short) + 16, fix=False) + data[16:]))
    add("udp-len-7", "UDP length 7 (less than the header), port 7",
        put16(ip(udp(7, b"")), 24, 7, fix=False))
    add("udp-open-dbcast", "UDP to 192.0.2.255 port 7", ip(udp(7, pattern(8)), dst=DBCAST))
    add("udp-open-lbcast", "UDP to 255.255.255.255 port 7", ip(udp(7, pattern(8)), dst=LBCAST))
    add("udp-open-tos", "UDP to open port 7 with TOS 0x28", ip(udp(7, pattern(8)), tos=0x28))
    add("udp-open-rr", "UDP to open port 7 with Record Route", ip(udp(7, pattern(8)),
                                                                  opts=rr_opt(9)))
    return P


def names():
    """The probe names, in order."""
    return [p.name for p in build_probes()]


# --- the prober ------------------------------------------------------------

def link_addr(pkt, mac):
    """The link-layer destination for @pkt: @mac, or broadcast/multicast MACs."""
    if mac is None:
        return b""
    dst = pkt[16:20]
    if dst == b"\xff\xff\xff\xff" or dst == socket.inet_aton(DBCAST):
        return b"\xff" * 6
    if dst[0] & 0xf0 == 0xe0:
        return bytes([1, 0, 0x5e, dst[1] & 0x7f, dst[2], dst[3]])
    return mac


def drain(sk, noise=None):
    """Read what is waiting (incoming only, and not @noise(packet)); return
    it as result entries."""
    out = []
    while True:
        try:
            data, addr = sk.recvfrom(70000)
        except BlockingIOError:
            return out
        if addr[2] != PACKET_OUTGOING and not (noise and noise(data)):
            out.append({"hex": data.hex(), "t": time.time()})


def run(ifname, mac, only, probes=None, ethertype=ETH_P_IP, link=None, hold_addr=None,
        noise=None):
    """Send every probe on @ifname, listen, print the answers as JSON.

    IPv4 by default; probes6.py gives its own @probes, @ethertype, @link
    (packet, mac -> link-layer destination), @hold_addr (family, address)
    and @noise (a packet -> true for what is not an answer: Neighbor
    Discovery and MLD)."""
    probes = probes if probes is not None else build_probes()
    link = link or link_addr
    family, addr = hold_addr or (socket.AF_INET, PROBER)
    if only:
        probes = [p for p in probes if p.name in only]
    sk = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ethertype))
    sk.bind((ifname, ethertype))
    sk.setblocking(False)
    # hold the source port, so the prober's kernel answers no UDP reply
    # with a Port Unreachable of its own
    hold = socket.socket(family, socket.SOCK_DGRAM)
    hold.bind((addr, SPORT))
    t_start = time.monotonic()
    res = {}
    prev = None
    for p in probes:
        late = drain(sk, noise)
        if prev is not None and late:
            res[prev]["late"].extend(late)
        try:
            while True:
                hold.recv(70000, socket.MSG_DONTWAIT)
        except BlockingIOError:
            pass
        entry = {"rx": [], "late": [], "sent": len(p.pkts)}
        for pkt in p.pkts:
            sk.sendto(pkt, (ifname, ethertype, 0, 0, link(pkt, mac)))
            time.sleep(0.002)
        deadline = time.monotonic() + p.wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([sk], [], [], left)
            if r:
                entry["rx"].extend(drain(sk, noise))
        res[p.name] = entry
        prev = p.name
    time.sleep(0.2)
    late = drain(sk, noise)
    if prev is not None and late:
        res[prev]["late"].extend(late)
    json.dump({"results": res, "elapsed": time.monotonic() - t_start}, sys.stdout)
    sys.stdout.write("\n")


def echo_server(ports, family=socket.AF_INET):
    """UDP echo on every port of @ports (IPv4, or IPv6 only), until killed."""
    socks = []
    for port in ports:
        s = socket.socket(family, socket.SOCK_DGRAM)
        if family == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        else:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", port))
        socks.append(s)
    print("ready", flush=True)
    while True:
        r, _, _ = select.select(socks, [], [])
        for s in r:
            try:
                data, addr = s.recvfrom(70000)
                s.sendto(data, addr)
            except OSError:
                pass


def txcsum_off(ifname):
    """Turn TX and RX checksum offload off on @ifname (what `ethtool -K` does)."""
    import ctypes  # pylint: disable=import-outside-toplevel
    sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for cmd in (0x17, 0x15):  # ETHTOOL_STXCSUM, ETHTOOL_SRXCSUM
        val = ctypes.create_string_buffer(struct.pack("II", cmd, 0))
        ifr = struct.pack("16sP", ifname.encode(), ctypes.addressof(val))
        ifr += b"\0" * (40 - len(ifr))
        fcntl.ioctl(sk.fileno(), 0x8946, ifr)  # SIOCETHTOOL


def main(argv):
    """Command dispatch; see the module doc."""
    if len(argv) >= 3 and argv[0] == "run":
        mac = None if argv[2] == "tun" else bytes.fromhex(argv[2].replace(":", ""))
        run(argv[1], mac, set(argv[3:]))
        return 0
    if len(argv) >= 2 and argv[0] == "echo-server":
        echo_server([int(a) for a in argv[1:]])
        return 0
    if len(argv) == 2 and argv[0] == "txcsum-off":
        txcsum_off(argv[1])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
