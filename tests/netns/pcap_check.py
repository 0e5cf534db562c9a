#!/usr/bin/python3
"""pcap_check.py - tshark judges the captures of the interoperability runs.

Usage: pcap_check.py [--min N] [--udp-data] [--tcp-data] [--tcp] [--fields] PCAP...
       pcap_check.py --self-test

For every capture (written by `icmpkit host --pcap`), tshark reads it with
the IP and UDP checksums verified (ICMP checksums are always verified) and
this asserts:
  - tshark reads the file without an error, and it holds at least N packets
    (default 1);
  - no packet is malformed (_ws.malformed);
  - no checksum status is Bad (ip, udp, icmp, also inside quoted datagrams);
  - no expert info of severity error, per packet and in `-z expert`.
Warnings (e.g. "no response seen" to a broadcast ping that, correctly, got
none) are listed but do not fail.

--udp-data decodes every UDP payload as plain data: for scans whose probes
carry application payloads (nmap -sU sends DNS, TFTP, XDMCP... probes that
Wireshark's application dissectors may call malformed, and an echo port
sends them back). What is judged is then what the stack writes: IP, ICMP,
UDP and the quoted datagrams.

--tcp-data does the same for TCP payloads (an HTTP transfer captured by a
router: what is judged is IP, ICMP and TCP, not the application).

--tcp verifies TCP checksums too (a router's capture carries the TCP
segments it forwards), in a pass of its own over the frames without ICMP:
a TCP header quoted by an ICMP error is cut short and cannot verify. A
checksum field of 0xffff where 0x0000 is computed is the same number in
one's complement (-0, RFC 1624) and counts as good.

--fields reads the capture with `tshark -T fields` instead of JSON (the
same verdicts, minus the expert messages' text, for captures of thousands
of packets).

--self-test writes small pcaps by hand (struct: a good echo exchange, one
with a bad ICMP checksum, one with a bad IP checksum, one truncated, and a
good and a bad UDP checksum judged with --udp-data) and
checks that the good one passes and each bad one is caught, so the check
can fail. Exits 77 with a SKIP line when tshark is missing.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pktlib import csum, write_pcap  # noqa: E402
from tsharkjson import SEV_ERROR, SEV_WARN, walk  # noqa: E402

PREFS = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
TCP_PREFS = ["-o", "tcp.check_checksum:TRUE"]
CSUM_STATUS = ("ip.checksum.status", "udp.checksum.status", "icmp.checksum.status",
               "icmp.ext.checksum.status")


def check_tcp(tshark, path, tmp):
    """TCP checksums of the frames without ICMP: (good, list of problems)."""
    env = dict(os.environ, HOME=tmp)
    cmd = [tshark, "-n", "-r", path, "-Y", "tcp && !icmp", "-T", "fields", "-E", "separator=/t",
           "-e", "frame.number", "-e", "tcp.checksum.status", "-e", "tcp.checksum",
           "-e", "tcp.checksum_calculated"] + PREFS + TCP_PREFS
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    if res.returncode != 0:
        return 0, ["%s: tshark exited %d: %s" % (path, res.returncode, res.stderr.strip())]
    good, problems = 0, []
    for line in res.stdout.splitlines():
        v = (line.split("\t") + [""] * 4)[:4]
        if v[1] == "1" or (v[1] == "0" and int(v[2] or "0", 0) == 0xffff
                           and int(v[3] or "1", 0) == 0):
            good += 1
        elif v[1] == "0":
            problems.append("%s: frame %s: tcp.checksum.status is Bad (%s, should be %s)"
                            % (path, v[0], v[2], v[3]))
    print("# %s: %d TCP checksums Good, %d Bad" % (os.path.basename(path), good, len(problems)))
    return good, problems


def check_file(tshark, path, min_pkts, tmp, prefs=PREFS):
    """Return (number of packets, list of problems, list of warnings) for @path."""
    env = dict(os.environ, HOME=tmp)  # no user preferences
    problems, warnings = [], []
    if not os.path.exists(path):
        return 0, ["%s: no such file" % path], warnings
    res = subprocess.run([tshark, "-n", "-r", path, "-T", "json", "--no-duplicate-keys"] + prefs,
                         capture_output=True, text=True, env=env, timeout=600)
    if res.returncode != 0:
        return 0, ["%s: tshark exited %d: %s" % (path, res.returncode, res.stderr.strip())], []
    frames = json.loads(res.stdout or "[]")
    if len(frames) < min_pkts:
        problems.append("%s: %d packets, expected at least %d" % (path, len(frames), min_pkts))
    bad_sums = good_sums = 0
    for fr in frames:
        layers = fr["_source"]["layers"]
        num = layers.get("frame", {}).get("frame.number", "?")
        pairs = []
        walk(layers, pairs)
        got = {}
        for k, v in pairs:
            got.setdefault(k, []).append(v)
        if any(k.startswith("_ws.malformed") for k in got):
            problems.append("%s: frame %s: malformed" % (path, num))
        for sev, msg in zip(got.get("_ws.expert.severity", []),
                            got.get("_ws.expert.message", [])):
            s = int(sev, 0)
            if s >= SEV_ERROR:
                problems.append("%s: frame %s: expert error: %s" % (path, num, msg))
            elif s >= SEV_WARN:
                warnings.append("%s: frame %s: expert warning: %s" % (path, num, msg))
        for k in CSUM_STATUS:
            for v in got.get(k, []):
                if v == "0":
                    bad_sums += 1
                    problems.append("%s: frame %s: %s is Bad" % (path, num, k))
                elif v == "1":
                    good_sums += 1
    exp = subprocess.run([tshark, "-n", "-q", "-r", path, "-z", "expert,error"] + prefs,
                         capture_output=True, text=True, env=env, timeout=600)
    for line in exp.stdout.splitlines():
        if line.startswith("Errors ("):
            problems.append("%s: tshark -z expert: %s" % (path, line.strip()))
    print("# %s: %d packets, %d checksums Good, %d Bad, %d problems, %d warnings"
          % (os.path.basename(path), len(frames), good_sums, bad_sums, len(problems),
             len(warnings)))
    return len(frames), problems, warnings


def check_file_fields(tshark, path, min_pkts, tmp, prefs=PREFS):
    """As check_file(), reading only the fields judged (fast on big files)."""
    env = dict(os.environ, HOME=tmp)
    problems, warnings = [], []
    if not os.path.exists(path):
        return 0, ["%s: no such file" % path], warnings
    cols = ["frame.number", "_ws.malformed", "_ws.expert.severity"] + list(CSUM_STATUS)
    cmd = [tshark, "-n", "-r", path, "-T", "fields", "-E", "separator=/t",
           "-E", "occurrence=a", "-E", "aggregator=,"] + prefs
    for c in cols:
        cmd += ["-e", c]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    if res.returncode != 0:
        return 0, ["%s: tshark exited %d: %s" % (path, res.returncode, res.stderr.strip())], []
    n = bad_sums = good_sums = 0
    for line in res.stdout.splitlines():
        v = line.split("\t")
        v += [""] * (len(cols) - len(v))
        n += 1
        num = v[0]
        if v[1]:
            problems.append("%s: frame %s: malformed" % (path, num))
        for sev in filter(None, v[2].split(",")):
            if int(sev, 0) >= SEV_ERROR:
                problems.append("%s: frame %s: expert error" % (path, num))
            elif int(sev, 0) >= SEV_WARN:
                warnings.append("%s: frame %s: expert warning" % (path, num))
        for k, col in zip(CSUM_STATUS, v[3:]):
            for st in filter(None, col.split(",")):
                if st == "0":
                    bad_sums += 1
                    problems.append("%s: frame %s: %s is Bad" % (path, num, k))
                elif st == "1":
                    good_sums += 1
    if n < min_pkts:
        problems.append("%s: %d packets, expected at least %d" % (path, n, min_pkts))
    print("# %s: %d packets, %d checksums Good, %d Bad, %d problems, %d warnings"
          % (os.path.basename(path), n, good_sums, bad_sums, len(problems), len(warnings)))
    return n, problems, warnings


def ipv4(src, dst, proto, payload, ident=1, bad_sum=False):
    """An IPv4 datagram 'src' -> 'dst' carrying @payload."""
    a = bytes(int(x) for x in src.split("."))
    b = bytes(int(x) for x in dst.split("."))
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64, proto,
                    0, a, b)
    s = csum(h)
    if bad_sum:
        s ^= 0x5555
    return h[:10] + struct.pack("!H", s) + h[12:] + payload


def echo(typ, ident, seq, data, bad_sum=False):
    """An ICMP echo message."""
    m = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + data
    s = csum(m)
    if bad_sum:
        s ^= 0x1234
    return m[:2] + struct.pack("!H", s) + m[4:]


def self_test(tshark, tmp):
    """The checker passes a good capture and catches each kind of bad one."""
    data = bytes(range(56))
    req = ipv4("192.0.2.1", "192.0.2.2", 1, echo(8, 0x1234, 1, data))
    rep = ipv4("192.0.2.2", "192.0.2.1", 1, echo(0, 0x1234, 1, data), ident=2)
    cases = {
        "good": ([req, rep], True),
        "bad_icmp_sum": ([req, ipv4("192.0.2.2", "192.0.2.1", 1,
                                    echo(0, 0x1234, 1, data, bad_sum=True))], False),
        "bad_ip_sum": ([req, ipv4("192.0.2.2", "192.0.2.1", 1, echo(0, 0x1234, 1, data),
                                  bad_sum=True)], False),
        # total length says 84, only 30 octets captured and on the wire
        "truncated": ([req, rep[:30]], False),
    }
    # UDP with a wrong checksum: caught also when payloads are plain data
    u = struct.pack("!HHHH", 40000, 53, 8 + 4, 0) + b"abcd"
    ph = bytes([192, 0, 2, 1, 192, 0, 2, 2, 0, 17]) + struct.pack("!H", len(u))
    good_u = u[:6] + struct.pack("!H", csum(ph + u)) + u[8:]
    bad_u = u[:6] + struct.pack("!H", csum(ph + u) ^ 0x0f0f) + u[8:]
    cases["udp_data_good"] = ([ipv4("192.0.2.1", "192.0.2.2", 17, good_u)], True)
    cases["udp_data_bad_udp_sum"] = ([ipv4("192.0.2.1", "192.0.2.2", 17, bad_u)], False)
    # TCP with a wrong checksum: caught with --tcp (a router's capture)
    t = struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 0x50, 0x02, 64240, 0, 0)
    ph = bytes([192, 0, 2, 1, 192, 0, 2, 2, 0, 6]) + struct.pack("!H", len(t))
    good_t = t[:16] + struct.pack("!H", csum(ph + t)) + t[18:]
    bad_t = t[:16] + struct.pack("!H", csum(ph + t) ^ 0x0f0f) + t[18:]
    cases["tcp_good"] = ([ipv4("192.0.2.1", "192.0.2.2", 6, good_t)], True)
    cases["tcp_bad_tcp_sum"] = ([ipv4("192.0.2.1", "192.0.2.2", 6, bad_t)], False)
    # two data octets chosen so that the checksum computes to 0x0000, sent
    # as 0xffff (-0: the same in one's complement)
    z = t + b"\0\0"
    ph = bytes([192, 0, 2, 1, 192, 0, 2, 2, 0, 6]) + struct.pack("!H", len(z))
    z = z[:-2] + struct.pack("!H", csum(ph + z))
    assert csum(ph + z) == 0xffff or csum(ph + z) == 0
    z = z[:16] + b"\xff\xff" + z[18:]
    cases["tcp_minus_zero"] = ([ipv4("192.0.2.1", "192.0.2.2", 6, z)], True)
    # a Frag Needed quoting the first 548 octets of a 1500-octet TCP datagram
    big = ipv4("192.0.2.2", "192.0.2.1", 6, good_t[:12] + b"\x50\x10" + good_t[14:] + bytes(1460))
    fn = struct.pack("!BBHHH", 3, 4, 0, 0, 1280) + big[:548]
    fn = fn[:2] + struct.pack("!H", csum(fn)) + fn[4:]
    cases["tcp_quoted_cut"] = ([ipv4("192.0.2.254", "192.0.2.2", 1, fn)], True)
    failed = n = 0
    for name, (pkts, want_ok) in cases.items():
        path = os.path.join(tmp, name + ".pcap")
        write_pcap(path, 101, pkts)
        prefs = PREFS + ["-d", "udp.port==1-65535,data"] if name.startswith("udp_data") else PREFS
        # both readers: JSON, and --fields
        for how, check in (("json", check_file), ("fields", check_file_fields)):
            n += 1
            _, problems, _ = check(tshark, path, 1, tmp, prefs)
            if name.startswith("tcp_"):
                problems += check_tcp(tshark, path, tmp)[1]
            ok = not problems
            if ok == want_ok:
                print("ok   - self-test %s (%s): %s" % (name, how,
                                                        "passes" if ok else "caught: " + problems[0]))
            else:
                failed += 1
                print("FAIL - self-test %s (%s): expected %s, got %s" %
                      (name, how, "pass" if want_ok else "a problem", problems or "pass"))
    print("pcap_check self-test: %d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


def main():
    args = sys.argv[1:]
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIP: tshark not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="ik-pcapcheck-")
    try:
        if args == ["--self-test"]:
            return self_test(tshark, tmp)
        min_pkts = 1
        prefs = PREFS
        check = check_file
        tcp = False
        while args and args[0].startswith("--"):
            if len(args) >= 2 and args[0] == "--min":
                min_pkts = int(args[1])
                args = args[2:]
            elif args[0] == "--udp-data":
                prefs = prefs + ["-d", "udp.port==1-65535,data"]
                args = args[1:]
            elif args[0] == "--tcp-data":
                prefs = prefs + ["-d", "tcp.port==1-65535,data"]
                args = args[1:]
            elif args[0] == "--fields":
                check = check_file_fields
                args = args[1:]
            elif args[0] == "--tcp":
                tcp = True
                args = args[1:]
            else:
                print("pcap_check.py: unknown option %s" % args[0], file=sys.stderr)
                return 2
        if not args:
            print("usage: pcap_check.py [--min N] PCAP... | --self-test", file=sys.stderr)
            return 2
        problems = []
        for path in args:
            _, p, w = check(tshark, path, min_pkts, tmp, prefs)
            problems += p
            if tcp:
                problems += check_tcp(tshark, path, tmp)[1]
            for line in w[:5]:
                print("# note: " + line)
            if len(w) > 5:
                print("# note: ... %d more warnings" % (len(w) - 5))
        for p in problems[:50]:
            print("FAIL: " + p)
        if len(problems) > 50:
            print("FAIL: ... %d more" % (len(problems) - 50))
        return 1 if problems else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
