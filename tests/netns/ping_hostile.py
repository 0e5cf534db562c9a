#!/usr/bin/python3
"""ping_hostile.py - `icmpkit ping` against a responder that lies (issue 12
item 4).

Usage: ping_hostile.py PATH_TO_ICMPKIT

Namespaces A (192.0.2.1/24) and B (192.0.2.2/24) over veth. B's kernel does
not answer pings (net.ipv4.icmp_echo_ignore_all=1); a responder in B (this
file with --responder, scapy building the frames, an AF_PACKET socket
reading the requests and writing the answers, so that even IP headers the
kernel would never build leave) answers each Echo Request as the current
case says:
  - replies whose data carry a forged struct timeval (zero, far future, far
    past, now + 1000 s, now - 1000 s): the RTTs come from our own clock, so
    min/avg/max stay small;
  - a reply with a wrong ICMP checksum before the good one: "(BAD
    CHECKSUM!)", +1 corrupted (raw socket; a datagram socket never sees it);
  - a duplicate reply: "(DUP!)", +1 duplicates;
  - a reply with an unknown Sequence: ignored (-v says why);
  - a reply with another Identifier: ignored (raw, -v says why; a datagram
    socket never sees it);
  - a 4-octet ICMP message (ignored) and replies with 8 data octets
    ("(truncated)", still counted as received, as iputils);
  - an IP header whose IHL reaches past the datagram (the kernel drops it),
    and one with IHL 15 and 40 octets of NOP options (a valid reply);
  - Time Exceeded whose quote has IHL 15 with only 8 octets after the
    20-octet header, and Port Unreachable quoting 4 octets of ICMP (the
    FreeBSD CVE-2022-23093 class): ignored, not counted as errors;
  - a valid Time Exceeded (the control: +1 errors, a "From" line);
  - nothing but a bad checksum: exit 1.
Each case checks the exit code, the statistics counts exactly (received,
duplicates, corrupted, errors), rtt max < 1000 ms and the lines expected.
Both socket kinds: raw (A's ping_group_range "1 0") and datagram ("0
2147483647").

Exits 77 with a SKIP line unless root with scapy; everything made is removed
on exit, also on failure or a signal.
"""
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pktlib import csum  # noqa: E402

A_IP, B_IP = "192.0.2.1", "192.0.2.2"
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4

# ---------------------------------------------------------------- responder


def icmp_msg(typ, code, rest, body, bad=False):
    """An ICMP message: TYPE, CODE, 4 octets REST, BODY; BAD: wrong checksum."""
    m = struct.pack("!BBH", typ, code, 0) + rest + body
    c = csum(m)
    if bad:
        c = (c + 0x1234) & 0xFFFF or 1
    return m[:2] + struct.pack("!H", c) + m[4:]


def ip_hdr(payload_len, ihl=5, opts=b"", tot_len=None):
    """An IPv4 header B -> A for ICMP, IHL IHL, options OPTS (padded)."""
    opts = opts.ljust(ihl * 4 - 20, b"\x01")[: max(ihl * 4 - 20, 0)]
    tl = tot_len if tot_len is not None else 20 + len(opts) + payload_len
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tl, random.getrandbits(16), 0, 64, 1, 0,
                    socket.inet_aton(B_IP), socket.inet_aton(A_IP)) + opts
    return h[:10] + struct.pack("!H", csum(h)) + h[12:]


def timeval(sec, usec=0):
    """A struct timeval as iputils puts it in the data (native, 64-bit)."""
    return struct.pack("=qq", sec, usec)


def answers(case, req_ip, ident, seq, data):
    """The IP datagrams answering one request (REQ_IP: the request datagram)."""
    def reply(i=ident, s=seq, d=data, bad=False):
        return icmp_msg(0, 0, struct.pack("!HH", i, s), d, bad)

    def dgram(m, **kw):
        return ip_hdr(len(m), **kw) + m

    def forged(tv):
        return dgram(reply(d=tv + data[16:]))

    now = int(time.time())
    quote_ok = req_ip[:28]
    if case == "timestamps":
        tv = {1: timeval(0), 2: timeval(2 ** 40, 999999), 3: timeval(1, 1),
              4: timeval(now + 1000), 5: timeval(now - 1000)}.get(seq, timeval(now))
        return [forged(tv)]
    if case == "badsum":
        out = [dgram(reply(bad=True))] if seq == 2 else []
        return out + [dgram(reply())]
    if case == "badsum-only":
        return [dgram(reply(bad=True))]
    if case == "dup":
        return [dgram(reply())] * (2 if seq == 2 else 1)
    if case == "unknown-seq":
        return [dgram(reply(s=(seq + 1000) & 0xFFFF)), dgram(reply())]
    if case == "wrong-ident":
        return [dgram(reply(i=ident ^ 0x8001)), dgram(reply())]
    if case == "truncated":
        return [dgram(reply()[:4]), dgram(reply(d=data[:8]))]
    if case == "ihl-past":
        m = reply(d=b"")
        return [dgram(m, ihl=15, tot_len=28), dgram(reply())]
    if case == "ihl-options":
        return [dgram(reply(), ihl=15)]
    if case == "bad-quotes":
        inner15 = bytes([0x4F]) + req_ip[1:20] + req_ip[20:28]
        te = icmp_msg(11, 0, b"\0" * 4, inner15)
        pu = icmp_msg(3, 3, b"\0" * 4, req_ip[:24])
        short = icmp_msg(11, 0, b"\0" * 4, req_ip[:20])
        return [dgram(te), dgram(pu), dgram(short), dgram(reply())]
    if case == "slow-last":  # the last of -c 3 answered 100 ms late (by hand, see ping.c)
        if seq == 3:
            time.sleep(0.1)
        return [dgram(reply())]
    if case == "error-control":
        if seq == 1:
            return [dgram(icmp_msg(11, 0, b"\0" * 4, quote_ok))]
        return [dgram(reply())]
    return [dgram(reply())]


def responder(ifname, casefile):
    """Answer every Echo Request to B_IP on IFNAME as CASEFILE says."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((ifname, ETH_P_IP))
    print("ready", flush=True)
    while True:
        frame, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING or len(frame) < 14 + 28:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        tl = struct.unpack("!H", ip[2:4])[0]
        if ip[9] != 1 or ip[16:20] != socket.inet_aton(B_IP) or ihl != 20:
            continue
        icmp = ip[ihl:tl]
        if len(icmp) < 8 or icmp[0] != 8:
            continue
        ident, seq = struct.unpack("!HH", icmp[4:8])
        try:
            with open(casefile) as f:
                case = f.read().strip()
        except OSError:
            case = "normal"
        for d in answers(case, ip[:tl], ident, seq, icmp[8:]):
            eth = frame[6:12] + frame[0:6] + frame[12:14]
            s.send(eth + d)


# ---------------------------------------------------------------- the test

passed = failed = 0
NS = []
PROCS = []
TMP = None


def ok(desc):
    global passed
    passed += 1
    print("ok   - " + desc)


def fail(desc, detail=""):
    global failed
    failed += 1
    print("FAIL - " + desc)
    for line in detail.splitlines():
        print("#   " + line)


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True, timeout=30)


def cleanup(*_):
    for p in PROCS:
        if p.poll() is None:
            p.kill()
            p.wait()
    for ns in NS:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    if TMP:
        shutil.rmtree(TMP, ignore_errors=True)


def on_signal(signum, _):
    cleanup()
    sys.exit(128 + signum)


STATS_RE = re.compile(r"^(\d+) packets transmitted, (\d+) received(.*?), [0-9.]+% packet loss", re.M)
RTT_RE = re.compile(r"^rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms", re.M)


def stats(out):
    """(transmitted, received, dups, corrupted, errors) or None."""
    m = STATS_RE.search(out)
    if not m:
        return None
    extra = dict((k, int(v)) for v, k in re.findall(r", \+(\d+) (\w+)", m.group(3)))
    return (int(m.group(1)), int(m.group(2)), extra.get("duplicates", 0),
            extra.get("corrupted", 0), extra.get("errors", 0))


def run_case(icmpkit, a, casefile, mode, name, args, rc, counts, want=(), unwant=()):
    """Ping B under case NAME, check exit RC, COUNTS and the line patterns."""
    with open(casefile, "w") as f:
        f.write(name)
    cmd = ["ip", "netns", "exec", a, icmpkit, "ping", "-n", *args, B_IP]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        fail(f"{mode}: {name}: timed out")
        return
    out = p.stdout + p.stderr
    errs = []
    if p.returncode != rc:
        errs.append(f"exit {p.returncode}, want {rc}")
    if p.returncode < 0 or "Sanitizer" in out or "runtime error" in out:
        errs.append("crashed or a sanitizer report")
    st = stats(out)
    if st != counts:
        errs.append(f"counts {st}, want {counts}")
    m = RTT_RE.search(out)
    if counts[1] and (not m or max(float(x) for x in m.groups()) >= 1000):
        errs.append("rtt line missing or >= 1000 ms")
    for w in want:
        n = len(re.findall(w[0], out, re.M))
        if n != w[1]:
            errs.append(f"{n} lines matching /{w[0]}/, want {w[1]}")
    for u in unwant:
        if re.search(u, out, re.M):
            errs.append(f"a line matching /{u}/")
    desc = f"{mode}: {name}: exit {p.returncode}, counts {st}"
    if errs:
        fail(desc, "; ".join(errs) + "\n" + out)
    else:
        ok(desc)


def main():
    global TMP
    if len(sys.argv) > 1 and sys.argv[1] == "--responder":
        responder(sys.argv[2], sys.argv[3])
        return 0
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces)")
        return 77
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        print("usage: ping_hostile.py PATH_TO_ICMPKIT", file=sys.stderr)
        return 2
    try:
        import scapy  # noqa: F401  (the responder's frames need nothing else)
    except ImportError:
        print("SKIP: needs scapy")
        return 77
    icmpkit = os.path.abspath(sys.argv[1])
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    TMP = tempfile.mkdtemp(prefix="ikt-ping_hostile.")
    tag = f"{os.getpid()}-{random.randrange(1 << 16)}"
    a, b = f"ikt-ha-{tag}", f"ikt-hb-{tag}"
    for ns in (a, b):
        if subprocess.run(["ip", "netns", "add", ns], capture_output=True).returncode:
            print("SKIP: cannot create network namespaces")
            return 77
        NS.append(ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "link", "add", "ha", "netns", a, "type", "veth", "peer", "name", "hb", "netns", b)
    sh("ip", "-n", a, "addr", "add", A_IP + "/24", "dev", "ha")
    sh("ip", "-n", b, "addr", "add", B_IP + "/24", "dev", "hb")
    sh("ip", "-n", a, "link", "set", "ha", "up")
    sh("ip", "-n", b, "link", "set", "hb", "up")
    sh("ip", "netns", "exec", b, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1")
    casefile = os.path.join(TMP, "case")
    with open(casefile, "w") as f:
        f.write("normal")
    r = subprocess.Popen(["ip", "netns", "exec", b, sys.executable, os.path.abspath(__file__),
                          "--responder", "hb", casefile], stdout=subprocess.PIPE, text=True)
    PROCS.append(r)
    if r.stdout.readline().strip() != "ready":
        fail("responder started")
        return 1
    # the neighbour entries first, so that no request waits on ARP
    sh("ip", "netns", "exec", a, "ping", "-c", "1", "-W", "2", B_IP, check=False)

    # -w: the run ends when -c replies (or errors) are in, or at the
    # deadline; not after the last request's linger (2 x the longest RTT
    # in icmpkit ping, which a responder in Python can miss under load)
    base = ["-c", "3", "-i", "0.2", "-w", "5"]
    for mode, rng in (("raw", "1 0"), ("dgram", "0 2147483647")):
        raw = mode == "raw"
        sh("ip", "netns", "exec", a, "sysctl", "-qw", f"net.ipv4.ping_group_range={rng}")
        run_case(icmpkit, a, casefile, mode, "normal", base, 0, (3, 3, 0, 0, 0),
                 [(r"^64 bytes from 192\.0\.2\.2: icmp_seq=\d ttl=64 time=", 3)])
        run_case(icmpkit, a, casefile, mode, "timestamps", ["-c", "5", "-i", "0.2", "-w", "5"], 0,
                 (5, 5, 0, 0, 0), [(r"^64 bytes from .* time=[0-9.]+ ms$", 5)])
        run_case(icmpkit, a, casefile, mode, "badsum", base, 0, (3, 3, 0, 1 if raw else 0, 0),
                 [(r"icmp_seq=2 ttl=64 time=[0-9.]+ ms \(BAD CHECKSUM!\)$", 1 if raw else 0)])
        run_case(icmpkit, a, casefile, mode, "badsum-only", ["-c", "2", "-i", "0.2", "-w", "2"], 1,
                 (2, 0, 0, 2 if raw else 0, 0),
                 [(r"\(BAD CHECKSUM!\)$", 2 if raw else 0)], [r"^rtt "])
        run_case(icmpkit, a, casefile, mode, "dup", base, 0, (3, 3, 1, 0, 0),
                 [(r"icmp_seq=2 ttl=64 time=[0-9.]+ ms \(DUP!\)$", 1)])
        run_case(icmpkit, a, casefile, mode, "unknown-seq", base + ["-v"], 0, (3, 3, 0, 0, 0),
                 [(r"no request with that Sequence, ignored", 3),
                  (r"icmp_seq=100\d", 0)])
        run_case(icmpkit, a, casefile, mode, "wrong-ident", base + ["-v"], 0, (3, 3, 0, 0, 0),
                 [(r"not our Identifier \d+, ignored", 3 if raw else 0)])
        run_case(icmpkit, a, casefile, mode, "truncated", base, 0, (3, 3, 0, 0, 0),
                 [(r"^16 bytes from 192\.0\.2\.2: icmp_seq=\d ttl=64 \(truncated\)$", 3)])
        run_case(icmpkit, a, casefile, mode, "ihl-past", base, 0, (3, 3, 0, 0, 0),
                 [(r"^64 bytes from", 3)])
        run_case(icmpkit, a, casefile, mode, "ihl-options", base, 0, (3, 3, 0, 0, 0),
                 [(r"^64 bytes from 192\.0\.2\.2: icmp_seq=\d ttl=64 time=", 3)])
        run_case(icmpkit, a, casefile, mode, "bad-quotes", base + ["-v"], 0, (3, 3, 0, 0, 0),
                 [(r"^64 bytes from", 3),
                  (r"^trace: ICMP type (11|3) from 192\.0\.2\.2: quotes no request of ours", 9 if raw else 0)],
                 [r"^From "])
        # exit 1: -w with fewer replies than -c (as iputils)
        run_case(icmpkit, a, casefile, mode, "error-control", base, 1, (3, 2, 0, 0, 1),
                 [(r"^From 192\.0\.2\.2 icmp_seq=1 Time to live exceeded$", 1)])
        json_case(icmpkit, a, casefile, mode, raw)
    return 0


def json_case(icmpkit, a, casefile, mode, raw):
    """--json under the badsum and bad-quotes cases: every line parses, the
    summary's counters are the text's."""
    for name, want in (("badsum", (3, 0, 1 if raw else 0, 0)), ("bad-quotes", (3, 0, 0, 0))):
        with open(casefile, "w") as f:
            f.write(name)
        p = subprocess.run(["ip", "netns", "exec", a, icmpkit, "ping", "-j", "-c", "3", "-i", "0.2",
                            "-w", "5", B_IP], capture_output=True, text=True, timeout=30)
        try:
            ev = [json.loads(line) for line in p.stdout.splitlines()]
            s = ev[-1]
            got = (s["received"], s["duplicates"], s["corrupted"], s["errors"])
            good = (p.returncode == 0 and s["type"] == "summary" and got == want
                    and s["rtt"]["max"] < 1000
                    and not [e for e in ev if e["type"] == "error"])
        except (ValueError, KeyError, IndexError, TypeError) as e:
            good, got = False, repr(e)
        desc = f"{mode}: {name} --json: summary {got}"
        if good:
            ok(desc)
        else:
            fail(desc, p.stdout + p.stderr)


if __name__ == "__main__":
    try:
        rc = main()
    finally:
        if not (len(sys.argv) > 1 and sys.argv[1] == "--responder"):
            cleanup()
    if rc == 0:
        print(f"ping_hostile: {passed} passed, {failed} failed")
        rc = 0 if failed == 0 and passed else 1
    sys.exit(rc)
