#!/usr/bin/python3
"""diff_linux.py - differential test: icmpkit host against the Linux kernel.

Usage: diff_linux.py ICMPKIT [--keep] [--verbose] [PROBE...]

Two targets answer the same crafted probes (tests/netns/probes.py), each in
network namespaces made for this run and removed on exit:

  linux    namespace L: a veth to the prober's namespace P, 192.0.2.2/24,
           a small UDP echo server on ports 7 and 9;
  icmpkit  namespace S: `icmpkit host --tun ... --addr 192.0.2.2/24
           --udp-echo 7 --udp-echo 9`, the prober being the kernel side of
           the TUN (192.0.2.1/24).

The settings are made comparable: ICMP rate limits off (icmp_ratelimit=0,
icmp_msgs_per_sec high), ipfrag_time 2 s, echo to broadcasts ignored (the
default). The probers send on the link below IP (AF_PACKET), so the
malformed probes arrive as built, and read what comes back over the link.

Every answer is parsed into fields (IP header but the identification,
ICMP type/code/pointer/MTU/gateway, identifier and sequence, echo data,
the quoted datagram's length and octets, UDP ports and data); checksums are
verified (a wrong one fails the test on either side) and then left out of
the comparison. Timestamps are compared as "plausible" (within 2 s of the
arrival time, in ms since midnight UT), not by value.

A table probe | linux | icmpkit | verdict is printed. Every field in which
the answers to a probe differ must be listed for that probe in
docs/differences.md (a table row naming the probes in backquotes in its
first cell and the fields in backquotes in its second, with the RFC reason);
any other difference fails the test: that file is the contract.
Exit 0: no unlisted difference; 1: some; 77: not root (SKIP).

The driver (drive(), report(), setup_stack(), run_probers(), Run) takes a
Flavour: V4 here, diff_linux6.py's V6 for the IPv6 probes.
"""
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pktlib import csum  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DIFFS_MD = os.path.join(HERE, "..", "..", "docs", "differences.md")
PY = "/usr/bin/python3"
PROBES_PY = os.path.join(HERE, "probes.py")
MAC_P = "02:00:5e:00:02:01"
MAC_L = "02:00:5e:00:02:02"
READY_WAIT = 10
PROBE_TIMEOUT = 160
SYSCTLS = {
    # name: value, the same on both targets
    "icmp_ratelimit": 0,
    "icmp_msgs_per_sec": 100000,
    "icmp_msgs_burst": 100000,
    "ipfrag_time": 2,
    "icmp_echo_ignore_broadcasts": 1,
    "ip_default_ttl": 64,
}


class Flavour:
    """What one differential test (IPv4 here, IPv6 in diff_linux6.py) brings
    to the common driver, drive():

    @name: the program's name; @prefix: of namespace and interface names;
    @probes_py / @probes_mod: the probes' file and module name; @ipv6: the
    stack's namespace keeps IPv6; @host_args / @sysctls: `icmpkit host`'s
    addresses and ports, and the settings both targets get; @setup_linux:
    makes namespaces P and L; @parse / @summary: one answer into fields, and
    a short text of them; @section: the heading of its rows in
    docs/differences.md (None: the first table); @tools: programs it needs;
    @check: a further check of all the answers (None: none).
    """

    def __init__(self, **kw):
        self.tools = ()
        self.section = None
        self.check = None  # (linux results, icmpkit results) -> failure text or None
        self.__dict__.update(kw)


class Run:
    """What this run made, to be removed on exit."""

    def __init__(self, prefix="ikd"):
        tag = "%d" % os.getpid()
        self.ns_p = "%s-%s-p" % (prefix, tag)
        self.ns_l = "%s-%s-l" % (prefix, tag)
        self.ns_s = "%s-%s-s" % (prefix, tag)
        self.veth_p = "%sp%s" % (prefix, tag[-9:])
        self.veth_l = "%sl%s" % (prefix, tag[-9:])
        self.tun = "%st%s" % (prefix, tag[-9:])
        self.namespaces = []
        self.procs = []

    def cleanup(self):
        """Stop what we started (by pid), delete our namespaces."""
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        for ns in self.namespaces:
            # anything still running inside a namespace this run made is ours
            out = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True,
                                 check=False).stdout
            for pid in out.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)
        self.namespaces = []


def sh(*args, ns=None):
    """Run a command (in namespace @ns), raise with its stderr on failure."""
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=30)
    if r.returncode:
        raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return r.stdout


def new_ns(run, name, ipv6=False):
    """Create namespace @name with lo up and, unless @ipv6, IPv6 off (no ND noise)."""
    sh("ip", "netns", "add", name)
    run.namespaces.append(name)
    sh("ip", "-n", name, "link", "set", "lo", "up")
    for k in ("all", "default"):
        sh("sysctl", "-qw", "net.ipv6.conf.%s.disable_ipv6=%d" % (k, 0 if ipv6 else 1), ns=name)


def setup_linux(run):
    """Namespaces P (prober) and L (Linux target) joined by a veth pair."""
    new_ns(run, run.ns_p)
    new_ns(run, run.ns_l)
    sh("ip", "-n", run.ns_p, "link", "add", run.veth_p, "address", MAC_P, "type", "veth",
       "peer", "name", run.veth_l, "netns", run.ns_l, "address", MAC_L)
    for ns, dev, addr, peer, pmac in ((run.ns_p, run.veth_p, "192.0.2.1/24", "192.0.2.2", MAC_L),
                                      (run.ns_l, run.veth_l, "192.0.2.2/24", "192.0.2.1", MAC_P)):
        sh("ip", "-n", ns, "addr", "add", addr, "dev", dev)
        sh("ip", "-n", ns, "link", "set", dev, "mtu", "1500", "up")
        sh("ip", "-n", ns, "neigh", "replace", peer, "lladdr", pmac, "dev", dev, "nud",
           "permanent")
        # complete checksums on the wire, as the TUN side has them
        sh(PY, PROBES_PY, "txcsum-off", dev, ns=ns)
    for k, v in SYSCTLS.items():
        sh("sysctl", "-qw", "net.ipv4.%s=%d" % (k, v), ns=run.ns_l)
    # the Linux host's open UDP ports
    p = subprocess.Popen(["ip", "netns", "exec", run.ns_l, PY, PROBES_PY, "echo-server", "7", "9"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run.procs.append(p)
    line = p.stdout.readline()
    if line.strip() != "ready":
        raise RuntimeError("echo server did not start: " + p.stderr.read())


def setup_stack(run, icmpkit, outpath, flavour):
    """Namespace S with `icmpkit host` on a TUN; wait for its ready: line
    (@flavour: the host's arguments and settings)."""
    new_ns(run, run.ns_s, ipv6=flavour.ipv6)
    args = ["ip", "netns", "exec", run.ns_s, icmpkit, "host", "--tun", run.tun,
            "--mtu", "1500", "--duration", "200"] + flavour.host_args
    for k, v in flavour.sysctls.items():
        args += ["--set", "%s=%d" % (k, v)]
    out = open(outpath, "w+")  # pylint: disable=consider-using-with
    p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    run.procs.append(p)
    t_end = time.monotonic() + READY_WAIT
    while time.monotonic() < t_end:
        out.seek(0)
        text = out.read()
        if any(line.startswith("ready:") for line in text.splitlines()):
            return text.strip()
        if p.poll() is not None:
            raise RuntimeError("icmpkit host exited %d before ready:\n%s" % (p.returncode, text))
        time.sleep(0.05)
    out.seek(0)
    raise RuntimeError("icmpkit host: no ready: line within %ds\n%s" % (READY_WAIT, out.read()))


# --- parsing ---------------------------------------------------------------

def ms_plausible(v, t):
    """Is @v a time in ms since midnight UT within 2 s of wall time @t?"""
    now = int((t % 86400) * 1000)
    d = abs(v - now) % 86400000
    return min(d, 86400000 - d) <= 2000


def norm_opts(opts, t):
    """IP options as text, the Timestamp values replaced by T when plausible."""
    out = []
    i = 0
    while i < len(opts):
        typ = opts[i]
        if typ in (0, 1):
            out.append("%02x" % typ)
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2 or i + opts[i + 1] > len(opts):
            out.append(opts[i:].hex())
            break
        ln = opts[i + 1]
        o = opts[i:i + ln]
        if typ == 0x44 and ln >= 4:
            ptr, flg = o[2], o[3] & 15
            words = ["%02x%02x%02x%02x" % tuple(o[:4])]
            j = 4
            while j + 4 <= ln:
                w = o[j:j + 4]
                is_ts = (flg == 0) or ((j - 4) % 8 == 4)
                v = struct.unpack("!I", w)[0]
                if is_ts and j < ptr - 1 and ms_plausible(v, t):
                    words.append("T")
                else:
                    words.append(w.hex())
                j += 4
            out.append("ts[" + " ".join(words) + "]")
        else:
            out.append(o.hex())
        i += ln
    return " ".join(out)


def parse_ip(b, t, f, pfx="ip."):
    """IPv4 header fields of @b into dict @f; return (header length, payload)."""
    if len(b) < 20:
        f[pfx + "short"] = b.hex()
        return None, b""
    ver, ihl = b[0] >> 4, b[0] & 15
    hl = ihl * 4
    tot = struct.unpack("!H", b[2:4])[0]
    fl = struct.unpack("!H", b[6:8])[0]
    f[pfx + "ver"] = ver
    f[pfx + "ihl"] = ihl
    f[pfx + "tos"] = "0x%02x" % b[1]
    f[pfx + "len"] = tot
    f[pfx + "flags"] = "".join(n for n, m in (("R", 0x8000), ("DF", 0x4000), ("MF", 0x2000))
                               if fl & m) or "-"
    f[pfx + "off"] = (fl & 0x1fff) * 8
    f[pfx + "ttl"] = b[8]
    f[pfx + "proto"] = b[9]
    f[pfx + "src"] = socket.inet_ntoa(b[12:16])
    f[pfx + "dst"] = socket.inet_ntoa(b[16:20])
    if hl > 20:
        f[pfx + "opts"] = norm_opts(b[20:hl], t) if len(b) >= hl else "cut:" + b[20:].hex()
    return hl, b[hl:tot] if len(b) >= tot else b[hl:]


def parse(pkt, t):
    """An answer as an ordered dict of fields; checksum verdicts under csum.*."""
    f = {}
    if len(pkt) >= 4:
        tot = struct.unpack("!H", pkt[2:4])[0]
        if len(pkt) < tot:
            f["ip.truncated"] = "%d of %d" % (len(pkt), tot)
        elif len(pkt) > tot:
            f["link.padding"] = len(pkt) - tot
            pkt = pkt[:tot]
    hl, pl = parse_ip(pkt, t, f)
    if hl is None:
        return f
    f["csum.ip"] = "ok" if csum(pkt[:hl]) == 0 else "BAD"
    proto = pkt[9]
    off = (struct.unpack("!H", pkt[6:8])[0] & 0x1fff)
    if off or (pkt[6] & 0x20):
        f["frag.data"] = pl.hex()
        return f
    if proto == 1:
        parse_icmp(pl, t, f)
    elif proto == 17 and len(pl) >= 8:
        sport, dport, ulen, ck = struct.unpack("!HHHH", pl[:8])
        f["udp.sport"], f["udp.dport"], f["udp.len"] = sport, dport, ulen
        if ck == 0:
            f["csum.udp"] = "none"
        else:
            ph = pkt[12:20] + struct.pack("!BBH", 0, 17, len(pl))
            f["csum.udp"] = "ok" if csum(ph + pl) == 0 else "BAD"
        f["udp.data"] = pl[8:].hex()
    elif proto == 6 and len(pl) >= 20:
        parse_tcp(pkt, pl, f)
    else:
        f["payload"] = pl.hex()
    return f


def parse_tcp(pkt, pl, f):
    """TCP fields of segment @pl (in datagram @pkt) into @f."""
    sport, dport, seq, ack, off, fl, win, _, urg = struct.unpack("!HHIIBBHHH", pl[:20])
    f["tcp.sport"], f["tcp.dport"] = sport, dport
    f["tcp.seq"], f["tcp.ack"] = seq, ack
    f["tcp.doff"] = off >> 4
    f["tcp.flags"] = "".join(n for n, m in (("F", 1), ("S", 2), ("R", 4), ("P", 8), ("A", 16),
                                            ("U", 32), ("E", 64), ("C", 128)) if fl & m) or "-"
    f["tcp.window"], f["tcp.urgent"] = win, urg
    ph = pkt[12:20] + struct.pack("!BBH", 0, 6, len(pl))
    f["csum.tcp"] = "ok" if csum(ph + pl) == 0 else "BAD"
    f["tcp.opts"] = pl[20:(off >> 4) * 4].hex()
    f["tcp.data"] = pl[(off >> 4) * 4:].hex()


def parse_icmp(pl, t, f):
    """ICMP fields of message @pl into @f."""
    if len(pl) < 8:
        f["icmp.short"] = pl.hex()
        return
    typ, code = pl[0], pl[1]
    f["icmp.type"], f["icmp.code"] = typ, code
    f["csum.icmp"] = "ok" if csum(pl) == 0 else "BAD"
    rest, data = pl[4:8], pl[8:]
    if typ in (0, 8, 13, 14, 15, 16, 17, 18):
        f["icmp.id"], f["icmp.seq"] = struct.unpack("!HH", rest)
        if typ in (13, 14) and len(data) >= 12:
            o, r, x = struct.unpack("!III", data[:12])
            f["ts.orig"] = o
            f["ts.recv"] = "plausible" if ms_plausible(r, t) else r
            f["ts.xmit"] = "plausible" if ms_plausible(x, t) else x
            f["ts.extra"] = data[12:].hex()
        else:
            f["icmp.data.len"] = len(data)
            f["icmp.data"] = data.hex()
        return
    if typ in (3, 4, 5, 11, 12):
        if typ == 12:
            f["icmp.pointer"] = rest[0]
        elif typ == 3 and code == 4:
            f["icmp.mtu"] = struct.unpack("!H", rest[2:4])[0]
        elif typ == 5:
            f["icmp.gateway"] = socket.inet_ntoa(rest)
        f["icmp.rest"] = rest.hex()
        f["quote.len"] = len(data)
        qf = {}
        qhl, _ = parse_ip(data, t, qf, pfx="quote.ip.")
        f.update(qf)
        f["quote.ip.csum"] = ("ok" if qhl and len(data) >= qhl and csum(data[:qhl]) == 0
                              else "bad-or-cut")
        f["quote.hex"] = data.hex()
        return
    f["icmp.rest"] = rest.hex()
    f["icmp.data"] = data.hex()


def summary(fields):
    """A short text for the table."""
    if "icmp.type" in fields:
        t, c = fields["icmp.type"], fields["icmp.code"]
        s = "icmp %d/%d" % (t, c)
        if "icmp.pointer" in fields:
            s += " ptr=%d" % fields["icmp.pointer"]
        if "quote.len" in fields:
            s += " q=%d" % fields["quote.len"]
        if "icmp.data.len" in fields:
            s += " d=%d" % fields["icmp.data.len"]
        if "ip.opts" in fields:
            s += " +opt"
        return s
    if "udp.sport" in fields:
        return "udp %d>%d d=%d" % (fields["udp.sport"], fields["udp.dport"],
                                    len(fields["udp.data"]) // 2)
    if "tcp.sport" in fields:
        return "tcp %d>%d [%s] seq=%d ack=%d" % (fields["tcp.sport"], fields["tcp.dport"],
                                                fields["tcp.flags"], fields["tcp.seq"],
                                                fields["tcp.ack"])
    if "frag.data" in fields:
        return "frag off=%d" % fields.get("ip.off", -1)
    return "proto %s" % fields.get("ip.proto", "?")


def compare(lin, ikt):
    """Differences between two answer lists: list of (field, linux, icmpkit)."""
    if len(lin) != len(ikt):
        return [("count", len(lin), len(ikt))]
    d = []
    for i, (a, b) in enumerate(zip(lin, ikt)):
        for k in list(dict.fromkeys(list(a) + list(b))):
            if k.startswith("csum."):
                continue
            if a.get(k) != b.get(k):
                key = k if len(lin) == 1 else "#%d %s" % (i + 1, k)
                d.append((key, a.get(k, "(absent)"), b.get(k, "(absent)")))
    return d


def bad_csums(answers):
    """Fields whose checksum is wrong, over a list of parsed answers."""
    return ["%s=%s" % (k, v) for f in answers for k, v in f.items()
            if k.startswith("csum.") and v == "BAD"]


def listed_differences(path, section=None):
    """What docs/differences.md allows: {probe: set of fields}.

    Every table row whose first cell names probes in backquotes and whose
    second cell names fields in backquotes allows those fields to differ
    for those probes (a field of a probe with several answers is matched
    without its "#N " prefix). Without @section the file is read up to the
    heading "## Router:" (diff_router.py's rows) or "## IPv6" (diff_linux6.py's);
    with it, from the heading starting with @section to the next "## ".
    """
    allowed = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return allowed
    if section:
        at = [i for i, ln in enumerate(lines) if ln.startswith(section)]
        lines = lines[at[0] + 1:] if at else []
    for line in lines:
        if line.startswith("## Router:") or line.startswith("## IPv6") or \
                (section and line.startswith("## ")):
            break  # another test's rows
        cells = line.split("|")  # | probes | fields | ...
        if not line.startswith("|") or len(cells) < 4:
            continue
        probes = re.findall(r"`([a-z0-9][a-z0-9-]*)`", cells[1])
        fields = re.findall(r"`(\*|[a-z][a-z0-9. ]*)`", cells[2])
        for p in probes:
            allowed.setdefault(p, set()).update(fields)
    return allowed


def short(v, n=48):
    """@v as text, shortened to @n characters."""
    s = str(v)
    return s if len(s) <= n else s[:n - 3] + "..."


def run_probers(run, only, script=PROBES_PY):
    """Both probers (@script run) at once; return (linux results, icmpkit results)."""
    cmds = {
        "linux": ["ip", "netns", "exec", run.ns_p, PY, script, "run", run.veth_p, MAC_L],
        "icmpkit": ["ip", "netns", "exec", run.ns_s, PY, script, "run", run.tun, "tun"],
    }
    procs = {}
    for k, c in cmds.items():
        procs[k] = subprocess.Popen(c + list(only), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
        run.procs.append(procs[k])
    res = {}
    for k, p in procs.items():
        try:
            out, err = p.communicate(timeout=PROBE_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            p.kill()
            raise RuntimeError("prober %s took more than %ds" % (k, PROBE_TIMEOUT)) from e
        if p.returncode:
            raise RuntimeError("prober %s failed (%d): %s" % (k, p.returncode, err))
        res[k] = json.loads(out)
    return res["linux"], res["icmpkit"]


def drive(argv, fl):
    """The differential test of flavour @fl: set up, probe, compare, report."""
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces)")
        return 77
    usage = "usage: %s ICMPKIT [--keep] [--verbose] [PROBE...]\n" % fl.name
    if not argv or not os.access(argv[0], os.X_OK):
        sys.stderr.write(usage)
        return 2
    icmpkit = os.path.abspath(argv[0])
    keep = "--keep" in argv
    verbose = "--verbose" in argv
    only = [a for a in argv[1:] if not a.startswith("--")]
    if not shutil.which("ip") or not os.path.exists("/dev/net/tun"):
        print("SKIP: needs iproute2 and /dev/net/tun")
        return 77
    for tool in fl.tools:
        if not shutil.which(tool):
            print("SKIP: needs %s" % tool)
            return 77
    sys.path.insert(0, HERE)
    try:
        probes = __import__(fl.probes_mod)
        descs = {p.name: p.desc for p in probes.build_probes()}
    except ImportError as e:
        print("SKIP: scapy not importable by %s (%s)" % (PY, e))
        return 77
    if only:
        unknown = [n for n in only if n not in descs]
        if unknown:
            sys.stderr.write("unknown probe(s): %s\n" % " ".join(unknown))
            return 2

    t0 = time.monotonic()
    run = Run(fl.prefix)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    fd, hostlog = tempfile.mkstemp(prefix="%s-%d-" % (fl.prefix, os.getpid()),
                                   suffix=".host.out")
    os.close(fd)
    failed = None
    try:
        fl.setup_linux(run)
        ready = setup_stack(run, icmpkit, hostlog, fl)
        print("# " + next(ln for ln in ready.splitlines() if ln.startswith("ready:")))
        print("# linux: %s, veth %s <-> %s" % (run.ns_l, run.veth_p, run.veth_l))
        lin, ikt = run_probers(run, only, fl.probes_py)
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        failed = "FAIL: setup or probing: %s" % e
    finally:
        if not keep or failed:
            run.cleanup()
        try:
            with open(hostlog, encoding="utf-8", errors="replace") as fh:
                hosttext = fh.read()
            os.unlink(hostlog)
        except OSError:
            hosttext = ""
    if failed or verbose:
        print("# icmpkit host said (last lines):")
        print("".join("#   " + ln + "\n" for ln in hosttext.splitlines()[-30:]), end="")
    if failed:
        print(failed)
        return 1
    if keep:
        print("# kept namespaces %s (ip netns del them)" % " ".join(run.namespaces))
    rc = report(fl, descs, [n for n in descs if not only or n in only], lin, ikt, verbose, t0)
    bad = fl.check(lin, ikt) if fl.check else None
    if bad:
        print("FAIL: %s" % bad)
        return 1
    return rc


def report(fl, descs, names, lin, ikt, verbose, t0):
    """Compare the answers to the probes @names, print the table and the
    differences; return the exit status (1: an unlisted difference)."""
    listed = listed_differences(DIFFS_MD, fl.section)
    rows, details = [], []
    unlisted, badck, stale = [], [], []
    for n in names:
        la = [fl.parse(bytes.fromhex(e["hex"]), e["t"]) for e in lin["results"][n]["rx"]]
        ia = [fl.parse(bytes.fromhex(e["hex"]), e["t"]) for e in ikt["results"][n]["rx"]]
        late = (len(lin["results"][n]["late"]), len(ikt["results"][n]["late"]))
        diffs = compare(la, ia)
        bad = bad_csums(la + ia)
        if late != (0, 0):
            diffs.append(("late answers", late[0], late[1]))
        ok = listed.get(n, set())
        extra = [k for k, _, _ in diffs
                 if "*" not in ok and re.sub(r"^#\d+ ", "", k) not in ok]
        if bad:
            verdict = "BAD CHECKSUM"
            badck.append(n)
        elif not diffs:
            verdict = "same"
            if n in listed:
                stale.append(n)
        elif not extra:
            verdict = "different (listed)"
        else:
            verdict = "DIFFERENT"
            unlisted.append(n)
        ls = ", ".join(fl.summary(f) for f in la) or "none"
        isum = ", ".join(fl.summary(f) for f in ia) or "none"
        rows.append((n, ls, isum, verdict))
        if diffs or bad or verbose:
            details.append((n, diffs, bad, la, ia, extra))

    w = [max(len(r[i]) for r in rows + [("probe", "linux", "icmpkit", "verdict")])
         for i in range(4)]
    fmt = "| %%-%ds | %%-%ds | %%-%ds | %%-%ds |" % tuple(w)
    print(fmt % ("probe", "linux", "icmpkit", "verdict"))
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for r in rows:
        print(fmt % r)
    print()
    for n, diffs, bad, la, ia, extra in details:
        print("## %s: %s" % (n, descs[n]))
        for k, a, b in diffs:
            print("   %-22s linux=%s  icmpkit=%s%s" % (k, short(a), short(b),
                                                    "   <- not listed" if k in extra else ""))
        for b in bad:
            print("   wrong checksum: %s" % b)
        if verbose:
            for tag, ans in (("linux", la), ("icmpkit", ia)):
                for f in ans:
                    print("   %s: %s" % (tag, json.dumps(f)))
    typos = sorted(p for p in listed if p not in descs)
    if typos:
        print("docs/differences.md names probes that do not exist: %s" % " ".join(typos))
    ndiff = sum(1 for r in rows if r[3] != "same")
    print("probes: %d, same: %d, different: %d (listed in docs/differences.md: %d), "
          "unlisted: %d, bad checksums: %d" % (len(rows), len(rows) - ndiff, ndiff,
                                               ndiff - len(unlisted) - len(badck),
                                               len(unlisted), len(badck)))
    if stale:
        print("note: listed in docs/differences.md but the same in this run: %s"
              % " ".join(stale))
    print("runtime: %.1f s (probing %.1f s linux, %.1f s icmpkit)" %
          (time.monotonic() - t0, lin["elapsed"], ikt["elapsed"]))
    if unlisted or badck or typos:
        print("FAIL: %s" % " ".join(unlisted + badck + typos))
        return 1
    return 0


V4 = Flavour(name="diff_linux.py", prefix="ikd", probes_py=PROBES_PY, probes_mod="probes",
             ipv6=False, sysctls=SYSCTLS, setup_linux=setup_linux, parse=parse, summary=summary,
             host_args=["--addr", "192.0.2.2/24", "--udp-echo", "7", "--udp-echo", "9"])


def main(argv):
    """See the module doc."""
    return drive(argv, V4)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
