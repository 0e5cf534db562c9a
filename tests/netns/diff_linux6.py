#!/usr/bin/python3
"""diff_linux6.py - differential test over IPv6: icmpkit host against Linux.

Usage: diff_linux6.py ICMPKIT [--keep] [--verbose] [PROBE...]

diff_linux.py's driver (drive(): namespaces made for this run and removed
on any exit, both probers at once, the table, the allow-list) with IPv6
probes (tests/netns/probes6.py) and these two targets:

  linux    namespace L: a veth to the prober's namespace P (IPv6 off, so
           P's kernel adds nothing to the link), 2001:db8:1::2/64 without
           DAD, static neighbours for the prober's addresses (2001:db8:1::1,
           fe80::1, 2001:db8:1::99 and ::98) so that no Neighbor Discovery is needed,
           a UDP echo server on [::]:7;
  icmpkit  namespace S: `icmpkit host --tun ... --addr 2001:db8:1::2/64
           --udp-echo 7`, the prober on the kernel side of the TUN
           (2001:db8:1::1/64; a TUN has no link layer, so no ND at all).

Comparable settings: ICMPv6 rate limit off (net.ipv6.icmp.ratelimit=0,
icmp_msgs_per_sec high), ip6frag_time 1 s, hop limit 64, echo to
multicast answered, no automatic or reflected flow labels on Linux
(auto_flowlabels=0, flowlabel_reflect=0: so the Flow Label is compared),
no Router Advertisements accepted, no Router Solicitations.

Every answer is parsed into fields: the IPv6 header (version, Traffic
Class, Flow Label, Payload Length, Next Header, Hop Limit, addresses), a
Fragment header's offset and M flag (not its Identification, random on
both), ICMPv6 type/code/pointer/MTU, echo identifier/sequence/data, the
quoted datagram's length, header fields and octets, UDP ports/length/data.
Checksums (ICMPv6 and UDP, over the pseudo-header) must be right on both
sides and are then left out; every answer (but those quoting a probe
tshark calls malformed, TSHARK_SKIP) is also written to a pcap that tshark
must read without a malformed packet or a bad checksum (pcap_check.py). MLD reports and Router Solicitations a target sends of
itself are not answers (probes6.noise).

Every field that differs must be listed for that probe in the section
"## IPv6 host:" of docs/differences.md (diff_linux.py's format); any other
difference fails. Exit 0: none unlisted; 1: some; 77: SKIP (not root, no
scapy, no tshark).
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import diff_linux as dl  # noqa: E402  (the driver, namespaces, table, allow-list)
import probes6  # noqa: E402  (FRAG_TIME; scapy is imported only to build)
from pktlib import csum, write_pcap  # noqa: E402

PROBES6_PY = os.path.join(HERE, "probes6.py")
PROBER_ADDRS = ("2001:db8:1::1", "fe80::1", "2001:db8:1::99", "2001:db8:1::98")
STACK_SETTINGS = {
    # the stack's names (Linux's sysctl names, net.ipv6.* for the v6 ones)
    "icmpv6_ratelimit": 0,
    "icmp_msgs_per_sec": 100000,
    "icmp_msgs_burst": 100000,
    "ip6frag_time": probes6.FRAG_TIME,
    "ipv6_hop_limit": 64,
    "icmpv6_echo_ignore_multicast": 0,
}
LINUX_SYSCTLS = {
    "net.ipv6.icmp.ratelimit": 0,
    "net.ipv4.icmp_msgs_per_sec": 100000,
    "net.ipv4.icmp_msgs_burst": 100000,
    "net.ipv6.ip6frag_time": probes6.FRAG_TIME,
    "net.ipv6.conf.all.hop_limit": 64,
    "net.ipv6.conf.default.hop_limit": 64,
    "net.ipv6.icmp.echo_ignore_multicast": 0,
    "net.ipv6.auto_flowlabels": 0,
    "net.ipv6.flowlabel_reflect": 0,
    "net.ipv6.conf.all.forwarding": 0,
}
# probes whose answer quotes a datagram tshark calls malformed by design
# (a Hop-by-Hop header out of place, Payload Length 0 without a Jumbo
# Payload option): tshark does not judge those answers
TSHARK_SKIP = ("hbh-not-first", "hbh-twice", "hbh-jumbo-small", "err-hbh-not-first")
CONF = {"accept_dad": 0, "accept_ra": 0, "router_solicitations": 0}


def setup_linux6(run):
    """Namespaces P (prober, IPv6 off) and L (Linux, 2001:db8:1::2/64) on a veth."""
    dl.new_ns(run, run.ns_p)
    dl.new_ns(run, run.ns_l, ipv6=True)
    for k, v in CONF.items():  # before the veth exists, so it inherits them
        for c in ("all", "default"):
            dl.sh("sysctl", "-qw", "net.ipv6.conf.%s.%s=%d" % (c, k, v), ns=run.ns_l)
    for k, v in LINUX_SYSCTLS.items():
        dl.sh("sysctl", "-qw", "%s=%d" % (k, v), ns=run.ns_l)
    dl.sh("ip", "-n", run.ns_p, "link", "add", run.veth_p, "address", dl.MAC_P, "type", "veth",
          "peer", "name", run.veth_l, "netns", run.ns_l, "address", dl.MAC_L)
    dl.sh("ip", "-n", run.ns_l, "-6", "addr", "add", "2001:db8:1::2/64", "dev", run.veth_l,
          "nodad")
    for ns, dev in ((run.ns_p, run.veth_p), (run.ns_l, run.veth_l)):
        dl.sh("ip", "-n", ns, "link", "set", dev, "mtu", "1500", "up")
        dl.sh(dl.PY, dl.PROBES_PY, "txcsum-off", dev, ns=ns)
    for a in PROBER_ADDRS:
        dl.sh("ip", "-n", run.ns_l, "-6", "neigh", "replace", a, "lladdr", dl.MAC_P, "dev",
              run.veth_l, "nud", "permanent")
    p = subprocess.Popen(["ip", "netns", "exec", run.ns_l, dl.PY, PROBES6_PY, "echo-server",
                          "7"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run.procs.append(p)
    if p.stdout.readline().strip() != "ready":
        raise RuntimeError("echo server did not start: " + p.stderr.read())


# --- parsing ---------------------------------------------------------------

def ntop(b):
    """16 octets as address text."""
    return socket.inet_ntop(socket.AF_INET6, bytes(b))


def l4ok(pkt, nh, body):
    """Does the upper-layer checksum of @body (in datagram @pkt) verify?"""
    ph = pkt[8:40] + struct.pack("!IxxxB", len(body), nh)
    return csum(ph + body) == 0


def parse_hdr(b, f, pfx):
    """The fixed header of @b into @f under @pfx; return (Next Header, offset
    after the extension headers but Fragment, payload end) or None."""
    if len(b) < 40:
        f[pfx + "short"] = b.hex()
        return None
    w = struct.unpack("!I", b[:4])[0]
    plen = struct.unpack("!H", b[4:6])[0]
    f[pfx + "ver"] = w >> 28
    f[pfx + "tc"] = "0x%02x" % ((w >> 20) & 0xff)
    f[pfx + "flow"] = "0x%05x" % (w & 0xfffff)
    f[pfx + "plen"] = plen
    f[pfx + "nh"] = b[6]
    f[pfx + "hlim"] = b[7]
    f[pfx + "src"] = ntop(b[8:24])
    f[pfx + "dst"] = ntop(b[24:40])
    nh, off, chain = b[6], 40, []
    while nh in (0, 43, 60) and off + 2 <= len(b):
        chain.append(nh)
        nh, off = b[off], off + (b[off + 1] + 1) * 8
    if chain:
        f[pfx + "ext"] = " ".join(str(x) for x in chain)
    return nh, off, 40 + plen


def parse6(pkt, t):
    """An answer as an ordered dict of fields; checksum verdicts under csum.*."""
    del t  # no timestamps in ICMPv6
    f = {}
    if len(pkt) >= 6:
        tot = 40 + struct.unpack("!H", pkt[4:6])[0]
        if len(pkt) < tot:
            f["ip6.truncated"] = "%d of %d" % (len(pkt), tot)
        elif len(pkt) > tot:
            f["link.padding"] = len(pkt) - tot
            pkt = pkt[:tot]
    h = parse_hdr(pkt, f, "ip6.")
    if h is None:
        return f
    nh, off, _ = h
    if nh == 44 and off + 8 <= len(pkt):
        fo = struct.unpack("!H", pkt[off + 2:off + 4])[0]
        f["frag.nh"], f["frag.off"], f["frag.more"] = pkt[off], fo & 0xfff8, fo & 1
        f["frag.data"] = pkt[off + 8:].hex()
        return f
    pl = pkt[off:]
    if nh == 58 and len(pl) >= 4:
        parse_icmp6(pkt, pl, f)
    elif nh == 17 and len(pl) >= 8:
        sport, dport, ulen, ck = struct.unpack("!HHHH", pl[:8])
        f["udp.sport"], f["udp.dport"], f["udp.len"] = sport, dport, ulen
        f["csum.udp"] = "BAD" if ck == 0 or not l4ok(pkt, 17, pl) else "ok"
        f["udp.data"] = pl[8:].hex()
    else:
        f["payload"] = pl.hex()
    return f


def parse_icmp6(pkt, pl, f):
    """ICMPv6 fields of message @pl (in datagram @pkt) into @f."""
    typ, code = pl[0], pl[1]
    f["icmp6.type"], f["icmp6.code"] = typ, code
    f["csum.icmp6"] = "ok" if l4ok(pkt, 58, pl) else "BAD"
    rest, data = pl[4:8], pl[8:]
    if typ in (128, 129) and len(pl) >= 8:
        f["icmp6.id"], f["icmp6.seq"] = struct.unpack("!HH", rest)
        f["icmp6.data.len"] = len(data)
        f["icmp6.data"] = data.hex()
        return
    if typ < 128 and len(pl) >= 8:
        if typ == 4:
            f["icmp6.pointer"] = struct.unpack("!I", rest)[0]
        elif typ == 2:
            f["icmp6.mtu"] = struct.unpack("!I", rest)[0]
        f["icmp6.rest"] = rest.hex()
        f["quote.len"] = len(data)
        parse_hdr(data, f, "quote.ip6.")
        f["quote.hex"] = data.hex()
        return
    f["icmp6.rest"] = rest.hex()
    f["icmp6.data"] = data.hex()


def summary6(fields):
    """A short text for the table."""
    if "icmp6.type" in fields:
        s = "icmp6 %d/%d" % (fields["icmp6.type"], fields["icmp6.code"])
        for k, tag in (("icmp6.pointer", "ptr"), ("icmp6.mtu", "mtu"), ("quote.len", "q"),
                       ("icmp6.data.len", "d")):
            if k in fields:
                s += " %s=%d" % (tag, fields[k])
        return s
    if "udp.sport" in fields:
        return "udp %d>%d d=%d" % (fields["udp.sport"], fields["udp.dport"],
                                    len(fields["udp.data"]) // 2)
    if "frag.off" in fields:
        return "frag off=%d%s" % (fields["frag.off"], " M" if fields["frag.more"] else "")
    return "nh %s" % fields.get("ip6.nh", "?")


def tshark_check(lin, ikt):
    """Every answer of both targets into one pcap (raw IP); tshark judges it
    (pcap_check.py). Return a failure message, or None."""
    frames = [bytes.fromhex(e["hex"]) for res in (lin, ikt)
              for n, r in res["results"].items() if n not in TSHARK_SKIP for e in r["rx"]]
    if not frames:
        return None
    fd, path = tempfile.mkstemp(prefix="ik6-%d-" % os.getpid(), suffix=".pcap")
    os.close(fd)
    try:
        write_pcap(path, 101, frames)
        r = subprocess.run([dl.PY, os.path.join(HERE, "pcap_check.py"), "--udp-data", path],
                           capture_output=True, text=True, timeout=120, check=False)
    finally:
        os.unlink(path)
    print("".join("# tshark: %s\n" % ln for ln in r.stdout.splitlines()[-3:]), end="")
    return None if r.returncode == 0 else "tshark refused the answers:\n" + r.stdout[-2000:]


V6 = dl.Flavour(name="diff_linux6.py", prefix="ik6", probes_py=PROBES6_PY, probes_mod="probes6",
                ipv6=True, sysctls=STACK_SETTINGS, setup_linux=setup_linux6, parse=parse6,
                summary=summary6, section="## IPv6 host:", tools=("tshark",),
                check=tshark_check,
                host_args=["--addr", "192.0.2.2/24", "--addr", "2001:db8:1::2/64",
                           "--udp-echo", "7"])


if __name__ == "__main__":
    sys.exit(dl.drive(sys.argv[1:], V6))
