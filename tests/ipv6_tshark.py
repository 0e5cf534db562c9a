#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ipv6_tshark.py - the IPv6 and ICMPv6 wire parsers against tshark.

Builds IPv6 packets with scapy (documentation prefix 2001:db8::/32 only):
extension-header chains, fragments (first, later, atomic), every ICMPv6
error, echo, Neighbor Discovery with options, a wrong checksum, Traffic
Class and Flow Label, and gives them to tests/ipv6_probe (our parsers)
and to tshark; every field both read must agree.
Usage: ipv6_tshark.py IPV6_PROBE   (exit 77, a skip, without scapy or tshark)
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
FIELDS = ["ipv6.version", "ipv6.tclass", "ipv6.flow", "ipv6.plen", "ipv6.nxt", "ipv6.hlim",
          "ipv6.src", "ipv6.dst", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
          "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status", "icmpv6.echo.identifier",
          "icmpv6.echo.sequence_number", "icmpv6.mtu", "icmpv6.pointer", "icmpv6.nd.ns.target_address",
          "icmpv6.nd.ra.cur_hop_limit", "icmpv6.nd.ra.router_lifetime", "icmpv6.opt.type"]
# NA's target is a field of its own in tshark; ours shares the NS column
NA_TARGET = "icmpv6.nd.na.target_address"


def packets():
    from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6DestUnreach,
                                    ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem,
                                    ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6ND_RS, ICMPv6ND_RA,
                                    ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
                                    ICMPv6NDOptMTU, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
                                    IPv6ExtHdrFragment, IPv6ExtHdrRouting)
    from scapy.layers.inet import UDP
    from scapy.packet import Raw
    a, b, ll = "2001:db8::1", "2001:db8:0:1::2", "fe80::200:5eff:fe00:5301"
    ip = lambda **k: IPv6(src=a, dst=b, **k)
    inner = ip() / UDP(sport=40000, dport=8080) / Raw(b"hello")
    out = [
        ip() / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"p" * 56),
        ip(tc=0xb8, fl=0x12345, hlim=1) / ICMPv6EchoReply(id=7, seq=65535),
        ip() / ICMPv6EchoRequest(id=0, seq=0),
        IPv6(src=b, dst=a) / ICMPv6DestUnreach(code=4) / inner,
        IPv6(src=b, dst=a) / ICMPv6DestUnreach(code=0) / inner,
        IPv6(src=b, dst=a) / ICMPv6PacketTooBig(mtu=1280) / inner,
        IPv6(src=b, dst=a) / ICMPv6TimeExceeded(code=1) / inner,
        IPv6(src=b, dst=a) / ICMPv6ParamProblem(code=1, ptr=40) / inner,
        IPv6(src=b, dst=a) / ICMPv6ParamProblem(code=2, ptr=42) / inner,
        ip() / IPv6ExtHdrHopByHop() / ICMPv6EchoRequest(id=2, seq=2),
        ip() / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / ICMPv6EchoRequest(id=3, seq=3),
        ip() / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting(addresses=["2001:db8::9"], segleft=0) /
        ICMPv6EchoRequest(id=4, seq=4),
        ip() / IPv6ExtHdrFragment(offset=0, m=0, id=0xcafe) / ICMPv6EchoRequest(id=5, seq=5),
        ip() / IPv6ExtHdrFragment(offset=0, m=1, id=0xbeef, nh=58) / Raw(bytes(range(48))),
        ip() / IPv6ExtHdrFragment(offset=181, m=0, id=0xbeef, nh=58) / Raw(b"z" * 24),
        ip() / IPv6ExtHdrDestOpt() / IPv6ExtHdrFragment(offset=3, m=1, id=1, nh=17) / Raw(b"u" * 8),
        IPv6(src=ll, dst="ff02::1:ff00:2", hlim=255) / ICMPv6ND_NS(tgt="2001:db8:0:1::2") /
        ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01"),
        IPv6(src=ll, dst="ff02::1", hlim=255) / ICMPv6ND_NA(tgt="2001:db8::1", R=0, S=1, O=1) /
        ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02"),
        IPv6(src=ll, dst="ff02::2", hlim=255) / ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:03"),
        IPv6(src=ll, dst="ff02::1", hlim=255) / ICMPv6ND_RA(chlim=64, routerlifetime=1800) /
        ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::", prefixlen=64) / ICMPv6NDOptMTU(mtu=1280) /
        ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:04"),
        ip(nh=253) / Raw(b"experiment"),
        ip(nh=59),
        IPv6(src="::", dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt="fe80::1"),
    ]
    bad = bytearray(bytes(ip() / ICMPv6EchoRequest(id=9, seq=9, data=b"bad")))
    bad[42] ^= 0xff  # the checksum, wrong
    return [bytes(p) for p in out] + [bytes(bad)]


def norm(name, v):
    """tshark's value of @name in our form: the first occurrence (the
    outer header, not a quoted one), all of them for the option types"""
    if v == "":
        return "-"
    if name != "icmpv6.opt.type":
        v = v.split(",")[0]
    if name in ("ipv6.src", "ipv6.dst", "icmpv6.nd.ns.target_address"):
        return v
    if name == "icmpv6.checksum.status":
        return {"1": "1", "0": "0"}.get(v, v)
    if name == "icmpv6.opt.type":
        return ",".join(str(int(x, 0)) for x in v.split(","))
    if name == "ipv6.fraghdr.more":
        return "1" if v in ("1", "True") else "0"
    try:
        return str(int(v, 0))
    except ValueError:
        return v


def main():
    probe = sys.argv[1]
    if not shutil.which("tshark"):
        print("SKIP: tshark is not installed")
        return SKIP
    try:
        pkts = packets()
    except ImportError:
        print("SKIP: scapy is not installed for %s" % sys.executable)
        return SKIP
    from scapy.utils import wrpcap
    from scapy.layers.inet6 import IPv6
    tmp = tempfile.mkdtemp(prefix="ik-v6-")
    try:
        pcap = os.path.join(tmp, "v6.pcap")
        wrpcap(pcap, [IPv6(p) for p in pkts], linktype=101)
        ours = subprocess.run([probe], input="".join(p.hex() + "\n" for p in pkts), text=True,
                              capture_output=True, check=True).stdout.splitlines()
        cmd = ["tshark", "-r", pcap, "-o", "ipv6.defragment:FALSE", "-T", "fields", "-E", "separator=/t",
               "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in FIELDS + [NA_TARGET]:
            cmd += ["-e", f]
        theirs = subprocess.run(cmd, text=True, capture_output=True, check=True).stdout.splitlines()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len(ours) != len(pkts) or len(theirs) != len(pkts):
        print("FAIL: %d packets, ours %d lines, tshark %d" % (len(pkts), len(ours), len(theirs)))
        return 1
    diffs = compared = 0
    for i, (o, t) in enumerate(zip(ours, theirs)):
        ov, tv = o.split("\t"), t.split("\t")
        if ov[0] == "error":
            print("FAIL: packet %d: our parser refused it" % i)
            diffs += 1
            continue
        tv += [""] * (len(FIELDS) + 1 - len(tv))
        if tv[FIELDS.index("icmpv6.nd.ns.target_address")] == "":
            tv[FIELDS.index("icmpv6.nd.ns.target_address")] = tv[len(FIELDS)]
        ov += ["-"] * (len(FIELDS) - len(ov))
        for k, name in enumerate(FIELDS):
            a, b = ov[k], norm(name, tv[k])
            if a == "-" or b == "-":
                continue  # one side does not read it: not compared
            compared += 1
            if a != b:
                diffs += 1
                print("FAIL: packet %d %s: ours %s, tshark %s" % (i, name, a, b))
    print("ipv6_tshark: %d packets, %d values compared, %d differ" % (len(pkts), compared, diffs))
    return 1 if diffs or compared < 10 * len(pkts) else 0


if __name__ == "__main__":
    sys.exit(main())
