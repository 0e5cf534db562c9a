#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""ipv6_corpus.py - IPv6 packets built with scapy for the dissector's
checks (tests/decode6_tshark.py, tests/report_cli.py): extension-header
chains (Hop-by-Hop, Destination Options, Routing, Fragment), every ICMPv6
error quoting a packet that has a chain of its own (whole and cut short),
echo request and reply, NS/NA/RS/RA/Redirect with options, UDP and TCP,
wrong checksums, a chain over the cap of 8, a Payload Length past the end.
Addresses: 2001:db8::/32 (RFC 3849) and fe80::/10 only (Neighbor Discovery
sent unicast to a link-local address, as RFC 4861 allows).

packets() -> [(name, bytes)]; raises ImportError without scapy. Run with a
folder to write them there as NAME.bin (tests/data/corpus6 was made so).
"""
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")


def packets():
    from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6DestUnreach,
                                    ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem,
                                    ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6ND_RS, ICMPv6ND_RA,
                                    ICMPv6ND_Redirect, ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr,
                                    ICMPv6NDOptPrefixInfo, ICMPv6NDOptMTU,
                                    ICMPv6NDOptRedirectedHdr, IPv6ExtHdrHopByHop,
                                    IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrRouting,
                                    RouterAlert, PadN)
    from scapy.layers.inet import UDP, TCP
    from scapy.packet import Raw
    a, b, r = "2001:db8::1", "2001:db8:0:1::2", "2001:db8:0:2::fe"
    ll, ll2 = "fe80::200:5eff:fe00:5301", "fe80::1"
    fwd = lambda **k: IPv6(src=a, dst=b, **k)
    back = lambda **k: IPv6(src=r, dst=a, **k)
    chain = (IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) /
             IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) /
             IPv6ExtHdrRouting(addresses=["2001:db8:0:3::1"], segleft=1) /
             IPv6ExtHdrFragment(offset=0, m=0, id=0x1234))
    udp = fwd() / UDP(sport=40000, dport=8080) / Raw(b"hello, world")
    chained = fwd() / chain / UDP(sport=40001, dport=33434) / Raw(b"probe" * 4)
    echo = fwd(hlim=1) / IPv6ExtHdrDestOpt() / ICMPv6EchoRequest(id=0x4242, seq=7, data=b"ping")
    out = [
        ("echo_request", fwd() / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"p" * 56)),
        ("echo_reply", IPv6(src=b, dst=a, tc=0xb8, fl=0x12345) /
         ICMPv6EchoReply(id=0x1234, seq=1, data=b"p" * 56)),
        ("echo_hbh_ra", fwd() / IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) /
         ICMPv6EchoRequest(id=2, seq=2)),
        ("chain_4_echo", fwd() / chain / ICMPv6EchoRequest(id=3, seq=3, data=b"chain")),
        ("frag_first", fwd() / IPv6ExtHdrFragment(offset=0, m=1, id=0xbeef, nh=58) /
         Raw(bytes(range(48)))),
        ("frag_later", fwd() / IPv6ExtHdrDestOpt() /
         IPv6ExtHdrFragment(offset=181, m=0, id=0xbeef, nh=17) / Raw(b"z" * 24)),
        ("udp", udp),
        ("udp_chain", chained),
        ("tcp_syn", fwd() / TCP(sport=50000, dport=80, flags="S", seq=1000,
                                options=[("MSS", 1440), ("NOP", None), ("WScale", 7)])),
        ("nonext", fwd(nh=59)),
        ("unknown_nh", fwd(nh=253) / Raw(b"experiment")),
    ]
    for name, err in (("unreach_noroute", ICMPv6DestUnreach(code=0)),
                      ("unreach_admin", ICMPv6DestUnreach(code=1)),
                      ("unreach_addr", ICMPv6DestUnreach(code=3)),
                      ("unreach_port", ICMPv6DestUnreach(code=4)),
                      ("ptb", ICMPv6PacketTooBig(mtu=1280)),
                      ("timex_hlim", ICMPv6TimeExceeded(code=0)),
                      ("timex_reass", ICMPv6TimeExceeded(code=1)),
                      ("param_field", ICMPv6ParamProblem(code=0, ptr=4)),
                      ("param_nh", ICMPv6ParamProblem(code=1, ptr=40)),
                      ("param_opt", ICMPv6ParamProblem(code=2, ptr=50))):
        out.append((name + "_chain", back() / err / chained))
    out += [
        ("unreach_port_plain", back() / ICMPv6DestUnreach(code=4) / udp),
        ("timex_echo", back() / ICMPv6TimeExceeded(code=0) / echo),
        # quotes cut short: inside the quoted Routing header, inside UDP
        ("unreach_cut_chain", back() / ICMPv6DestUnreach(code=4) / Raw(bytes(chained)[:70])),
        ("unreach_cut_udp", back() / ICMPv6DestUnreach(code=4) / Raw(bytes(chained)[:100])),
        ("ns_slla", IPv6(src=ll, dst=ll2, hlim=255) /
         ICMPv6ND_NS(tgt="2001:db8:0:1::2") / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")),
        ("na_tlla", IPv6(src=ll2, dst=ll, hlim=255) / ICMPv6ND_NA(tgt="2001:db8:0:1::2", R=1, S=1, O=0) /
         ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")),
        ("rs_slla", IPv6(src=ll, dst=ll2, hlim=255) / ICMPv6ND_RS() /
         ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:03")),
        ("ra_prefix_mtu", IPv6(src=ll2, dst=ll, hlim=255) /
         ICMPv6ND_RA(chlim=64, M=1, O=0, routerlifetime=1800, reachabletime=30000,
                     retranstimer=1000) /
         ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::", prefixlen=64, L=1, A=1,
                               validlifetime=86400, preferredlifetime=14400) /
         ICMPv6NDOptMTU(mtu=1280) / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:04")),
        ("redirect", IPv6(src=ll2, dst=ll, hlim=255) /
         ICMPv6ND_Redirect(tgt="fe80::2", dst="2001:db8:0:1::2") /
         ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:05") /
         ICMPv6NDOptRedirectedHdr(pkt=bytes(udp)[:48])),
    ]
    pkts = [(n, bytes(p)) for n, p in out]
    bad = bytearray(bytes(fwd() / ICMPv6EchoRequest(id=9, seq=9, data=b"bad")))
    bad[42] ^= 0xff  # the ICMPv6 checksum
    pkts.append(("bad_icmpv6_csum", bytes(bad)))
    bad = bytearray(bytes(udp))
    bad[46] ^= 0x55  # the UDP checksum
    pkts.append(("bad_udp_csum", bytes(bad)))
    bad = bytearray(bytes(udp))
    bad[46:48] = b"\0\0"  # none: not allowed over IPv6
    pkts.append(("udp_csum0", bytes(bad)))
    bad = bytearray(bytes(out[8][1]))  # tcp_syn
    bad[56] ^= 1  # the TCP checksum
    pkts.append(("bad_tcp_csum", bytes(bad)))
    nine = fwd()
    for _ in range(9):
        nine = nine / IPv6ExtHdrDestOpt()
    pkts.append(("chain_over_cap", bytes(nine / ICMPv6EchoRequest(id=5, seq=5))))
    long_plen = bytearray(bytes(fwd() / ICMPv6EchoRequest(id=6, seq=6, data=b"abcd")))
    long_plen[5] += 16  # the Payload Length 16 past the end
    pkts.append(("bad_plen", bytes(long_plen)))
    return pkts


if __name__ == "__main__":
    # ipv6_corpus.py [DIR]: the packets as DIR/NAME.bin (tests/data/corpus6),
    # or as "NAME HEX" lines
    if len(sys.argv) > 1:
        import os
        for n, p in packets():
            with open(os.path.join(sys.argv[1], n + ".bin"), "wb") as f:
                f.write(p)
    else:
        for n, p in packets():
            print(n, p.hex())
