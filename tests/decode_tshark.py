#!/usr/bin/python3
"""decode_tshark.py - `icmpkit decode --json` and tshark agree on every IP, ICMP
and UDP field both print.

Usage: decode_tshark.py ICMPKIT [MKCAPTURE] [KEEP_DIR]

The packets: every tests/data/corpus/NAME.bin (hand-made and malformed
datagrams: options, quotes, RFC 4884 extensions, bad lengths and checksums)
written to one raw-IPv4 pcap, and, when MKCAPTURE (bench/mkcapture) is given,
its first 3000 packets (the mix `make bench` decodes). Both files are read by
`icmpkit decode -p FILE --json` and by `tshark -T json`; for each packet, each
field below is compared occurrence by occurrence (the outer header first,
then the quoted datagram, as both nest it), wherever both print it:

  IPv4  version ihl dscp ecn total_length identification flags
        fragment_offset ttl protocol header_checksum source destination
  ICMP  type code checksum identifier sequence next_hop_mtu pointer gateway
        originate receive transmit address_mask
  UDP   source_port destination_port length checksum

(For a header with a source route option, our destination is compared with
tshark's ip.cur_rt: see theirs().) A value that differs fails the test
(exit 1) with the packet and both values.
A field one side prints more often than the other (tshark stops at a
malformed header where we go on, or the reverse) is counted and listed, not
failed: the comparison covers what both print. Exits 77 (meson: skipped) with
a SKIP line when tshark is not installed.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tsharkjson import walk  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "corpus")
# (our layer key, our field key) -> (tshark field, our value to tshark's)
MAP = {
    ("ipv4", "version"): ("ip.version", None),
    ("ipv4", "ihl"): ("ip.hdr_len", lambda v: v * 4),
    ("ipv4", "dscp"): ("ip.dsfield.dscp", None),
    ("ipv4", "ecn"): ("ip.dsfield.ecn", None),
    ("ipv4", "total_length"): ("ip.len", None),
    ("ipv4", "identification"): ("ip.id", None),
    ("ipv4", "flags"): ("ip.flags", None),
    ("ipv4", "fragment_offset"): ("ip.frag_offset", None),
    ("ipv4", "ttl"): ("ip.ttl", None),
    ("ipv4", "protocol"): ("ip.proto", None),
    ("ipv4", "header_checksum"): ("ip.checksum", None),
    ("ipv4", "source"): ("ip.src", None),
    ("ipv4", "destination"): ("ip.dst", None),
    ("icmp", "type"): ("icmp.type", None),
    ("icmp", "code"): ("icmp.code", None),
    ("icmp", "checksum"): ("icmp.checksum", None),
    ("icmp", "identifier"): ("icmp.ident", None),
    ("icmp", "sequence"): ("icmp.seq", None),
    ("icmp", "next_hop_mtu"): ("icmp.mtu", None),
    ("icmp", "pointer"): ("icmp.pointer", None),
    ("icmp", "gateway"): ("icmp.redir_gw", None),
    ("icmp", "originate"): ("icmp.originate_timestamp", None),
    ("icmp", "receive"): ("icmp.receive_timestamp", None),
    ("icmp", "transmit"): ("icmp.transmit_timestamp", None),
    ("icmp", "address_mask"): ("icmp.address_mask", None),
    ("udp", "source_port"): ("udp.srcport", None),
    ("udp", "destination_port"): ("udp.dstport", None),
    ("udp", "length"): ("udp.length", None),
    ("udp", "checksum"): ("udp.checksum", None),
}
ADDR_FIELDS = {"ip.src", "ip.dst", "icmp.redir_gw", "icmp.address_mask"}
# fields whose value in our JSON is text, compared as text (IPv6 addresses,
# tests/decode6_tshark.py)
TEXT_FIELDS = set()


def write_pcap(path, packets):
    """A pcap of raw IPv4 datagrams (LINKTYPE_RAW), 1 ms apart."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(packets):
            f.write(struct.pack("<IIII", 1700000000 + i // 1000, (i % 1000) * 1000,
                                len(p), len(p)))
            f.write(p)


def dotted(v):
    """A 32-bit value as a dotted quad."""
    return "%d.%d.%d.%d" % (v >> 24, v >> 16 & 255, v >> 8 & 255, v & 255)


def ours(pkt, mapping=None):
    """tshark field -> [our values as tshark prints them], in packet order
    (@mapping: MAP by default; an address given as text is kept as text)."""
    out = {}
    for layer in pkt.get("layers", []):
        for f in layer.get("fields", []):
            m = (mapping or MAP).get((layer.get("key"), f["key"]))
            if not m or not isinstance(f.get("value"), (int, str)):
                continue
            if isinstance(f["value"], str) and m[0] not in TEXT_FIELDS:
                continue
            name, conv = m
            v = conv(f["value"]) if conv else f["value"]
            out.setdefault(name, []).append(dotted(v) if name in ADDR_FIELDS else v)
    return out


def theirs(frame):
    """tshark field -> [values], in document order. A header with a source
    route option has its Destination Address field in ip.cur_rt ("Current
    Route"): tshark's ip.dst is then the route's last address, the final
    destination. ip.cur_rt stands in for that header's ip.dst here."""
    pairs = []
    walk(frame["_source"]["layers"], pairs)
    out, cur_rt = {}, {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
        if k == "ip.cur_rt":
            cur_rt[len(out.get("ip.version", [])) - 1] = v
    for hdr, v in cur_rt.items():
        if 0 <= hdr < len(out.get("ip.dst", [])):
            out["ip.dst"][hdr] = v
    return out


def tval(name, v):
    """tshark's text of a field in the form ours() gives."""
    if name in ADDR_FIELDS or name in TEXT_FIELDS:
        return v
    try:
        return int(v, 0)
    except ValueError:
        return v


def compare(pcap, icmpkit, tshark, names, env, report, per_field, mapping=None, their=None,
            mine_fn=None, targs=()):
    """Decode @pcap both ways and compare (values compared per tshark field
    added to @per_field; @mapping for ours() or @mine_fn in its place, @their
    for theirs(), @targs more tshark arguments); return (values compared,
    failures)."""
    dec = subprocess.run([icmpkit, "decode", "-p", pcap, "--json"], capture_output=True,
                         text=True)
    if dec.returncode not in (0, 1):
        return 0, ["icmpkit decode exited %d: %s" % (dec.returncode, dec.stderr.strip())]
    mine = json.loads(dec.stdout)
    ts = subprocess.run([tshark, "-n", "-r", pcap, "-T", "json", "--no-duplicate-keys", *targs],
                        capture_output=True, text=True, env=env)
    if ts.returncode != 0:
        return 0, ["tshark exited %d: %s" % (ts.returncode, ts.stderr.strip())]
    frames = json.loads(ts.stdout)
    fails = []
    if len(frames) != len(mine):
        fails.append("%s: tshark read %d packets, icmpkit %d" % (pcap, len(frames), len(mine)))
    n = 0
    for i, (pk, fr) in enumerate(zip(mine, frames)):
        a, b = (mine_fn or ours)(pk, mapping), (their or theirs)(fr)
        for name, vals in a.items():
            tv = [tval(name, v) for v in b.get(name, [])]
            if len(tv) != len(vals):
                report.setdefault(name, []).append("%s: %d by icmpkit, %d by tshark"
                                                   % (names[i], len(vals), len(tv)))
            for k, (x, y) in enumerate(zip(vals, tv)):
                n += 1
                per_field[name] = per_field.get(name, 0) + 1
                if x != y:
                    fails.append("%s: %s #%d: icmpkit %r, tshark %r" % (names[i], name, k + 1,
                                                                       x, y))
    return n, fails


def main():
    if len(sys.argv) < 2:
        print("usage: decode_tshark.py ICMPKIT [MKCAPTURE] [KEEP_DIR]", file=sys.stderr)
        return 2
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIP: tshark not installed")
        return 77
    icmpkit = sys.argv[1]
    mk = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    keep = sys.argv[3] if len(sys.argv) > 3 else None
    tmp = keep or tempfile.mkdtemp(prefix="ik-dects-")
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, HOME=tmp)  # no user profile or preferences
    names = sorted(f for f in os.listdir(CORPUS) if f.endswith(".bin"))
    pkts = []
    for f in names:
        with open(os.path.join(CORPUS, f), "rb") as fh:
            pkts.append(fh.read())
    corpus = os.path.join(tmp, "corpus.pcap")
    write_pcap(corpus, pkts)
    report, per_field = {}, {}
    total, fails = compare(corpus, icmpkit, tshark, names, env, report, per_field)
    if mk:
        mix = os.path.join(tmp, "mix.pcap")
        subprocess.run([mk, mix, "3000"], check=True)
        n, f2 = compare(mix, icmpkit, tshark, ["mix packet %d" % (i + 1) for i in range(3000)],
                        env, report, per_field)
        total += n
        fails += f2
    for name in sorted(report):
        r = report[name]
        print("note: %s printed a different number of times in %d packets (first: %s)"
              % (name, len(r), r[0]))
    print("compared: " + ", ".join("%s %d" % (m[0], per_field.get(m[0], 0))
                                   for m in MAP.values()))
    for f in fails:
        print("FAIL: " + f)
    print("decode_tshark: %d corpus packets%s, %d field values compared, %d differ"
          % (len(names), " + 3000 mkcapture packets" if mk else "", total, len(fails)))
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
