#!/usr/bin/python3
"""ping_cli.py - `icmpkit ping` from the outside, without root or a network.

Usage: ping_cli.py PATH_TO_ICMPKIT

--help: usage on stdout, exit 0. Every bad argument: exit 2 and exactly one
line on stderr starting with "icmpkit ping: ", nothing on stdout (the
arguments are checked before any socket is opened, so nothing is sent).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results  # noqa: E402

R = Results("ping_cli")
check = R.check


def run(args):
    """Run icmpkit ping ARGS (bounded) and return the completed process."""
    return subprocess.run([EXE, "ping", *args], capture_output=True, text=True, timeout=20)


T = "192.0.2.1"
USAGE_ERRORS = [
    ([], "TARGET is required"),
    ([T, "198.51.100.1"], "unexpected argument '198.51.100.1'"),
    (["-c", "0", T], "-c needs a count >= 1"),
    (["-c", "x", T], "-c needs a count >= 1"),
    (["-c"], "option '-c' needs a value"),
    (["-i", "-1", T], "-i needs seconds >= 0"),
    (["-i", "0.001", T], "below 0.002 seconds"),
    (["-s", "65508", T], "-s needs a size 0..65507"),
    (["-t", "0", T], "-t needs a TTL 1..255"),
    (["-t", "256", T], "-t needs a TTL 1..255"),
    (["-W", "x", T], "-W needs seconds >= 0"),
    (["-w", "0", T], "-w needs seconds > 0"),
    (["-l", "0", T], "-l needs a preload 1..65536"),
    (["-M", "maybe", T], "-M needs do, want or dont"),
    (["-p", "xyz", T], "-p needs 1..16 octets in hex"),
    (["-p", "0" * 33, T], "-p needs 1..16 octets in hex"),
    (["-Q", "300", T], "-Q needs a TOS 0..255"),
    (["-Z", T], "unknown option '-Z'"),
    (["--bogus", T], "unknown option '--bogus'"),
    (["--pcap", "", T], "--pcap needs a file name"),
    (["--stats-interval", "1", T], "--stats-interval is not an option of ping"),
    (["--duration", "0", T], "--duration needs seconds > 0"),
    (["", ], "TARGET is empty"),
]

for args, want in USAGE_ERRORS:
    p = run(args)
    lines = p.stderr.splitlines()
    ok = (p.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit ping: ")
          and want in lines[0] and p.stdout == "")
    check(f"{' '.join(args) or '(none)'}: exit 2, one line with '{want}'", ok,
          f"(exit {p.returncode}, stderr {p.stderr!r}, stdout {p.stdout!r})")

p = run(["--help"])
check("--help: usage on stdout, exit 0",
      p.returncode == 0 and p.stdout.startswith("usage: icmpkit ping") and "-M HINT" in p.stdout)
p = run(["-h"])
check("-h: usage, exit 0", p.returncode == 0 and "usage: icmpkit ping" in p.stdout)
p = subprocess.run([EXE, "--help"], capture_output=True, text=True, timeout=20)
check("icmpkit --help lists ping as built",
      p.returncode == 0 and any(l.split()[:1] == ["ping"] and "planned" not in l
                                for l in p.stdout.splitlines()))

R.finish()
