#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""decode6_tshark.py - `icmpkit decode --json` and tshark agree on every
IPv6, extension header, ICMPv6, Neighbor Discovery, UDP and TCP field both
print, on the packets of tests/ipv6_corpus.py (extension chains, every
ICMPv6 error quoting a chained packet, quotes cut short, echo, NS/NA/RS/RA/
Redirect with options, wrong checksums, a chain over the cap).

Usage: decode6_tshark.py ICMPKIT [KEEP_DIR]

The checksum verdicts are compared with tshark's *.checksum.status (UDP
and TCP checksums verified: -o udp.check_checksum:TRUE and tcp's). Fields
are compared occurrence by occurrence, as tests/decode_tshark.py
does (its compare()); a field one side prints more often is listed, not
failed. Exits 77 (a skip) without tshark or scapy.
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decode_tshark  # noqa: E402
from tsharkjson import walk  # noqa: E402

X8 = lambda v: v * 8  # noqa: E731
MAP6 = {
    ("ipv6", "version"): ("ipv6.version", None),
    ("ipv6", "traffic_class"): ("ipv6.tclass", None),
    ("ipv6", "flow_label"): ("ipv6.flow", None),
    ("ipv6", "payload_length"): ("ipv6.plen", None),
    ("ipv6", "next_header"): ("ipv6.nxt", None),
    ("ipv6", "hop_limit"): ("ipv6.hlim", None),
    ("ipv6", "source"): ("ipv6.src", None),
    ("ipv6", "destination"): ("ipv6.dst", None),
    ("ipv6_hopopts", "next_header"): ("ipv6.hopopts.nxt", None),
    ("ipv6_hopopts", "length"): ("ipv6.hopopts.len", None),
    ("ipv6_dstopts", "next_header"): ("ipv6.dstopts.nxt", None),
    ("ipv6_dstopts", "length"): ("ipv6.dstopts.len", None),
    ("ipv6_routing", "next_header"): ("ipv6.routing.nxt", None),
    ("ipv6_routing", "length"): ("ipv6.routing.len", None),
    ("ipv6_routing", "routing_type"): ("ipv6.routing.type", None),
    ("ipv6_routing", "segments_left"): ("ipv6.routing.segleft", None),
    ("ipv6_fragment", "next_header"): ("ipv6.fraghdr.nxt", None),
    ("ipv6_fragment", "fragment_offset"): ("ipv6.fraghdr.offset", None),
    ("ipv6_fragment", "more"): ("ipv6.fraghdr.more", None),
    ("ipv6_fragment", "identification"): ("ipv6.fraghdr.ident", None),
    ("ipv6_option", "type"): ("ipv6.opt.type", None),
    ("ipv6_option_pad1", "type"): ("ipv6.opt.type", None),
    ("ipv6_option", "length"): ("ipv6.opt.length", None),
    ("icmpv6", "type"): ("icmpv6.type", None),
    ("icmpv6", "code"): ("icmpv6.code", None),
    ("icmpv6", "checksum"): ("icmpv6.checksum", None),
    ("icmpv6", "identifier"): ("icmpv6.echo.identifier", None),
    ("icmpv6", "sequence"): ("icmpv6.echo.sequence_number", None),
    ("icmpv6", "mtu"): ("icmpv6.mtu", None),
    ("icmpv6", "pointer"): ("icmpv6.pointer", None),
    ("icmpv6", "cur_hop_limit"): ("icmpv6.nd.ra.cur_hop_limit", None),
    ("icmpv6", "managed"): ("icmpv6.nd.ra.flag.m", None),
    ("icmpv6", "other"): ("icmpv6.nd.ra.flag.o", None),
    ("icmpv6", "home_agent"): ("icmpv6.nd.ra.flag.h", None),
    ("icmpv6", "preference"): ("icmpv6.nd.ra.flag.prf", None),
    ("icmpv6", "proxy"): ("icmpv6.nd.ra.flag.p", None),
    ("icmpv6", "router_lifetime"): ("icmpv6.nd.ra.router_lifetime", None),
    ("icmpv6", "reachable_time"): ("icmpv6.nd.ra.reachable_time", None),
    ("icmpv6", "retrans_timer"): ("icmpv6.nd.ra.retrans_timer", None),
    ("icmpv6", "router"): ("icmpv6.nd.na.flag.r", None),
    ("icmpv6", "solicited"): ("icmpv6.nd.na.flag.s", None),
    ("icmpv6", "override"): ("icmpv6.nd.na.flag.o", None),
    ("icmpv6", "target"): ("icmpv6.target", None),
    ("icmpv6", "destination"): ("icmpv6.rd.na.destination_address", None),
    ("ndp_prefix", "prefix_length"): ("icmpv6.opt.prefix.length", None),
    ("ndp_prefix", "on_link"): ("icmpv6.opt.prefix.flag.l", None),
    ("ndp_prefix", "autonomous"): ("icmpv6.opt.prefix.flag.a", None),
    ("ndp_prefix", "valid_lifetime"): ("icmpv6.opt.prefix.valid_lifetime", None),
    ("ndp_prefix", "preferred_lifetime"): ("icmpv6.opt.prefix.preferred_lifetime", None),
    ("ndp_prefix", "prefix"): ("icmpv6.opt.prefix", None),
    ("ndp_mtu", "mtu"): ("icmpv6.opt.mtu", None),
    ("udp", "source_port"): ("udp.srcport", None),
    ("udp", "destination_port"): ("udp.dstport", None),
    ("udp", "length"): ("udp.length", None),
    ("udp", "checksum"): ("udp.checksum", None),
    ("tcp", "source_port"): ("tcp.srcport", None),
    ("tcp", "destination_port"): ("tcp.dstport", None),
    ("tcp", "sequence_number"): ("tcp.seq_raw", None),
    ("tcp", "acknowledgment_number"): ("tcp.ack_raw", None),
    ("tcp", "data_offset"): ("tcp.hdr_len", lambda v: v * 4),
    ("tcp", "window"): ("tcp.window_size_value", None),
    ("tcp", "checksum"): ("tcp.checksum", None),
    ("tcp", "urgent_pointer"): ("tcp.urgent_pointer", None),
}
for _n in range(1, 9):
    MAP6[("ipv6_routing", "address_%d" % _n)] = ("ipv6.routing.src.addr", None)
for _k in ("ndp_lla", "ndp_prefix", "ndp_mtu", "ndp_redirected", "ndp_option"):
    MAP6[(_k, "type")] = ("icmpv6.opt.type", None)
    MAP6[(_k, "length")] = ("icmpv6.opt.length", None)
# tshark names the target of NS, NA and Redirect apart; ours is one field
TARGETS = {"icmpv6.nd.ns.target_address", "icmpv6.nd.na.target_address",
           "icmpv6.nd.rd.target_address"}
TEXT6 = {"ipv6.src", "ipv6.dst", "ipv6.routing.src.addr", "icmpv6.target", "icmpv6.rd.na.destination_address",
         "icmpv6.opt.prefix"}


# our checksum verdicts as tshark's *.checksum.status (0 bad, 1 good, 2 not
# verified, 3 not present, 4 illegal: UDP's 0 over IPv6)
STATUS = {"wrong": 0, "correct": 1, "not_verifiable": 2, "absent": 3}
CSUM_LAYERS = {"icmpv6": "icmpv6.checksum.status", "udp": "udp.checksum.status",
               "tcp": "tcp.checksum.status"}
TARGS = ("-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE")


# Differences explained (packet, field #occurrence) -> why; each must occur.
QUOTED_ROUTING = ("tshark checks a quoted UDP checksum with the quoted header's Destination "
                  "Address, not the final one of its Routing header (RFC 8200 8.1); the same "
                  "packet outside a quote (udp_chain) it judges correct, as we do")
KNOWN = {("%s_chain" % e, "udp.checksum.status #1"): QUOTED_ROUTING
         for e in ("unreach_noroute", "unreach_admin", "unreach_addr", "unreach_port", "ptb",
                   "timex_hlim", "timex_reass", "param_field", "param_nh", "param_opt")}
KNOWN[("timex_echo", "icmpv6.checksum.status #2")] = (
    "tshark does not verify the checksum of an ICMPv6 message quoted whole in an error; we do")
KNOWN[("bad_plen", "icmpv6.checksum.status #1")] = (
    "the Payload Length says 16 octets more than there are: we call the checksum not "
    "verifiable (as for an IPv4 Total Length past the end), tshark sums what is there")


def ours6(pkt, mapping):
    """decode_tshark.ours(), and each checksum verdict as tshark's status."""
    out = decode_tshark.ours(pkt, mapping)
    for layer in pkt.get("layers", []):
        name = CSUM_LAYERS.get(layer.get("kind"))
        for v in layer.get("verdicts", []) if name else []:
            if v.get("field") == "checksum":
                st = STATUS.get(v["status"], -1)
                if st == 0 and name == "udp.checksum.status" and v["value"] == 0:
                    st = 4
                out.setdefault(name, []).append(st)
    return out


def theirs6(frame):
    """tshark field -> [values], in document order, the three target fields
    as one."""
    pairs = []
    walk(frame["_source"]["layers"], pairs)
    out = {}
    for k, v in pairs:
        out.setdefault("icmpv6.target" if k in TARGETS else k, []).append(v)
    return out


def main():
    if len(sys.argv) < 2:
        print("usage: decode6_tshark.py ICMPKIT [KEEP_DIR]", file=sys.stderr)
        return 2
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIP: tshark not installed")
        return 77
    try:
        from ipv6_corpus import packets
        pkts = packets()
    except ImportError:
        print("SKIP: scapy is not installed for %s" % sys.executable)
        return 77
    keep = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = keep or tempfile.mkdtemp(prefix="ik-dec6-")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, HOME=tmp)
    pcap = os.path.join(tmp, "ipv6.pcap")
    decode_tshark.write_pcap(pcap, [p for _, p in pkts])
    decode_tshark.TEXT_FIELDS |= TEXT6
    report, per_field = {}, {}
    total, fails = decode_tshark.compare(pcap, sys.argv[1], tshark, [n for n, _ in pkts], env,
                                         report, per_field, MAP6, theirs6, ours6, TARGS)
    for name in sorted(report):
        r = report[name]
        print("note: %s printed a different number of times in %d packets (first: %s)"
              % (name, len(r), r[0]))
    print("compared: " + ", ".join("%s %d" % (f, n) for f, n in sorted(per_field.items())))
    known = []
    for key, why in KNOWN.items():
        hit = [f for f in fails if f.startswith("%s: %s:" % key)]
        if not hit:
            fails.append("%s: %s: the known difference did not occur" % key)
        for f in hit:
            fails.remove(f)
            known.append("%s (%s)" % (f, why))
    for k in known:
        print("known: " + k)
    for f in fails:
        print("FAIL: " + f)
    print("decode6_tshark: %d packets, %d field values compared (%d fields), %d differ, "
          "%d known differences" % (len(pkts), total, len(per_field), len(fails), len(known)))
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
