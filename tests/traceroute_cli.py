#!/usr/bin/python3
"""traceroute_cli.py - `icmpkit traceroute` from the outside, without root.

Usage: traceroute_cli.py PATH_TO_ICMPKIT

Bad arguments: exit 2 and exactly one line on stderr starting with
"icmpkit traceroute: ", nothing on stdout, and no socket opened (the
arguments are checked first). --help: usage on stdout, exit 0. Without
CAP_NET_RAW: exit 1 and the reason, before any probe. Every run is
without the capability: directly when not root, or under `setpriv` with
every capability dropped when root; skipped (77) when root and setpriv is
missing. Only RFC 5737 addresses are named, and none is ever probed.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results, nocap  # noqa: E402

R = Results("traceroute_cli")
check = R.check
DST = "203.0.113.2"


def run(args, prefix=()):
    """Run icmpkit traceroute ARGS (bounded) and return the completed process."""
    return subprocess.run([*prefix, EXE, "traceroute", *args], capture_output=True, text=True,
                          timeout=20)


USAGE_ERRORS = [
    ([], "HOST is required"),
    (["-q", "0", DST], "-q needs 1..10, not '0'"),
    (["-q", "11", DST], "-q needs 1..10, not '11'"),
    (["-m", "256", DST], "-m needs 1..255"),
    (["-f", "0", DST], "-f needs 1..255"),
    (["-f", "10", "-m", "5", DST], "-f 10 is above -m 5"),
    (["-N", "0", DST], "-N needs 1..255"),
    (["-p", "0", DST], "-p needs 1..65535"),
    (["-p", "70000", DST], "-p needs 1..65535"),
    (["-I", "-p", "80", DST], "-p has no meaning with -I"),
    (["-w", "0", DST], "-w needs seconds > 0"),
    (["-w", "x", DST], "-w needs seconds > 0"),
    (["-z", "-1", DST], "-z needs seconds (or ms above 10) >= 0"),
    (["-s", "not-an-address", DST], "-s needs an IPv4 address"),
    (["-i", "x" * 16, DST], "is not a valid interface name"),
    (["-x", DST], "unknown option '-x'"),
    (["--bogus", DST], "unknown option '--bogus'"),
    (["-q"], "option '-q' needs a value"),
    (["--pcap"], "option '--pcap' needs a value"),
    (["--duration", "5", DST], "option '--duration' is not used by traceroute"),
    ([DST, "20"], "PACKETLEN needs 30..65000, not '20'"),
    ([DST, "70000"], "PACKETLEN needs 30..65000"),
    (["-T", DST, "100"], "PACKETLEN is not taken with -T"),
    ([DST, "60", "stray"], "unexpected argument 'stray'"),
    (["--flows", "0", DST], "--flows needs 1..16, not '0'"),
    (["--flows", "17", DST], "--flows needs 1..16"),
    (["-T", "--flows", "2", DST], "--flows is for UDP and -I probes, not -T"),
    (["--mtu", "--flows", "2", DST], "--flows and --mtu do not go together"),
    (["-T", "--mtu", DST], "--mtu is for UDP and -I probes, not -T"),
    (["--report-cycles", "0", DST], "--report-cycles needs 1..100, not '0'"),
    (["--report", "--flows", "2", DST], "--report does not go with --flows or --mtu"),
    (["-o", "JMXI", DST], "-o chooses --report's columns: give --report too"),
    (["--report", "-o", "LQ", DST], "-o: unknown field 'Q' (mtr's letters: LDRSNBAWVJMXI and space)"),
    (["--report", "--order", "G", DST], "-o: field 'G' (Gmean) is not supported"),
    (["--report", "-o", "", DST], "-o needs at least one field letter"),
    (["--report", "-o", "J" * 33, DST], "-o takes at most 32 field letters"),
    (["0.0.0.0"], "is unspecified, multicast or reserved"),
    (["224.0.0.1"], "is unspecified, multicast or reserved"),
    (["255.255.255.255"], "is unspecified, multicast or reserved"),
]

NOCAP = nocap("icmpkit traceroute without CAP_NET_RAW")

for args, want in USAGE_ERRORS:
    R.one_line_error(run(args, NOCAP), "traceroute", want, args)

for h in (["--help"], ["-I", "--help"]):
    p = run(h, NOCAP)
    check(f"{' '.join(h)}: usage on stdout, exit 0",
          p.returncode == 0 and p.stdout.startswith("usage: icmpkit traceroute [-I | -T]")
          and "-N, --sim-queries N" in p.stdout and "-o, --order FIELDS" in p.stdout
          and p.stderr == "")

for mode in ([], ["-I"], ["-T", "-p", "8080"]):
    p = run(["-n", *mode, DST], NOCAP)
    check(f"{' '.join(mode) or 'UDP'}: no CAP_NET_RAW: exit 1 with the reason, nothing sent",
          p.returncode == 1 and p.stdout == "" and len(p.stderr.splitlines()) == 1
          and p.stderr.startswith("icmpkit traceroute: raw socket")
          and "needs CAP_NET_RAW" in p.stderr, f"(rc {p.returncode}, stderr {p.stderr!r})")

p = subprocess.run([EXE, "--help"], capture_output=True, text=True, timeout=20)
check("icmpkit --help lists traceroute as built",
      any(l.split()[:1] == ["traceroute"] and "planned" not in l for l in p.stdout.splitlines()))

R.finish()
