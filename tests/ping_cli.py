#!/usr/bin/python3
"""ping_cli.py - `icmpkit ping` from the outside, without root or a network.

Usage: ping_cli.py PATH_TO_ICMPKIT

--help: usage on stdout, exit 0. Every bad argument: exit 2 and exactly one
line on stderr starting with "icmpkit ping: ", nothing on stdout (the
arguments are checked before any socket is opened, so nothing is sent).
--stack: every bad value the same way, run without capabilities (when
root: under setpriv), and without CAP_NET_ADMIN one line saying so, exit 2.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results, nocap  # noqa: E402

R = Results("ping_cli")
check = R.check


def run(args):
    """Run icmpkit ping ARGS (bounded) and return the completed process."""
    return subprocess.run([EXE, "ping", *args], capture_output=True, text=True, timeout=20)


T = "192.0.2.1"
USAGE_ERRORS = [
    ([], "TARGET is required"),
    (["--alive", T], "--alive is for many targets"),
    (["--unreachable", T], "--unreachable is for many targets"),
    (["--rate", "10", T], "--rate is for many targets"),
    (["--retries", "1", T], "--retries is for many targets"),
    (["--alive", "--unreachable", T, T], "--alive and --unreachable exclude each other"),
    (["--rate", "0", T, T], "--rate needs requests per second 1..1000000"),
    (["--rate", "1000001", T, T], "--rate needs requests per second 1..1000000"),
    (["--retries", "21", T, T], "--retries needs 0..20"),
    (["-g", "192.0.2.0", ], "-g needs a prefix A.B.C.D/LEN"),
    (["-g", "192.0.2.0/33"], "-g needs a prefix A.B.C.D/LEN"),
    (["-g", "192.0.2.0/"], "-g needs a prefix A.B.C.D/LEN"),
    (["-g", "10.0.0.0/7"], "prefixes shorter than /8 are not swept"),
    (["-f", T, T], "-f is for one target"),
    (["-R", "-g", "192.0.2.0/30"], "-R is for one target"),
    (["-l", "3", T, T], "-l is for one target"),
    (["--stack", "192.0.2.2/24", T, T], "--stack is for one target"),
    (["-c", "65536", T, T], "-c is at most 65535 with many targets"),
    (["--targets", "", ], "--targets needs a file name"),
    (["--targets", "/nonexistent/targets"], "--targets /nonexistent/targets: No such file"),
    (["--targets", "@BADLINE@"], "one target per line"),
    (["-n", T, "no-such-name.invalid"], "no-such-name.invalid:"),
    (["--timestamp-format", "rfc", T], "--timestamp-format needs iso, ctime or reltime"),
    (["-I", "", T], "-I needs an interface name or an address"),
    (["-I", "x" * 16, T], "-I needs an interface name or an address"),
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

BADLINE = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"ping_cli_targets.{os.getpid()}")
with open(BADLINE, "w") as f:
    f.write("# a comment\n192.0.2.1\n192.0.2.2 192.0.2.3\n")
for args, want in USAGE_ERRORS:
    args = [BADLINE if a == "@BADLINE@" else a for a in args]
    p = run(args)
    lines = p.stderr.splitlines()
    ok = (p.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit ping: ")
          and want in lines[0] and p.stdout == "")
    check(f"{' '.join(args) or '(none)'}: exit 2, one line with '{want}'", ok,
          f"(exit {p.returncode}, stderr {p.stderr!r}, stdout {p.stdout!r})")

os.unlink(BADLINE)

# --stack: its value, and what it refuses, checked before any TUN is made
# (run without capabilities when root, so a wrong verdict creates nothing)
NOCAP = nocap("ping --stack with bad values")
STACK_ERRORS = [
    (["--stack", "192.0.2.2", T], "--stack needs ADDR/LEN"),
    (["--stack", "192.0.2.2/0", T], "--stack needs ADDR/LEN"),
    (["--stack", "x/24", T], "--stack needs ADDR/LEN"),
    (["--stack", "", T], "--stack needs ADDR/LEN"),
    (["--stack"], "option '--stack' needs a value"),
    (["--stack", "192.0.2.2/24,peer=x", T], "peer= needs ADDR[/LEN]"),
    (["--stack", "192.0.2.2/24,peer=192.0.2.2", T], "is the stack's own address"),
    (["--stack", "192.0.2.2/24,peer=198.51.100.1/24", T], "the kernel would have no route to it"),
    (["--stack", "192.0.2.2/32", T], "/32 leaves no address for the kernel: give peer="),
    (["--stack", "127.0.0.2/8", T], "is a loopback address"),
    (["--stack", "192.0.2.0/24", T], "is the network address of its prefix"),
    (["--stack", "192.0.2.2/24,tun=a/b", T], "tun= needs an interface name"),
    (["--stack", "192.0.2.2/24,tun=" + "x" * 16, T], "tun= needs an interface name"),
    (["--stack", "192.0.2.2/24,netns=a/b", T], "netns= needs a namespace name"),
    (["--stack", "192.0.2.2/24,mtu=67", T], "mtu= needs 68..65535"),
    (["--stack", "192.0.2.2/24,bogus=1", T], "unknown key 'bogus' (known: peer, tun, netns, mtu)"),
    (["--stack", "192.0.2.2/24,tun", T], "'tun' is not key=value"),
    (["--stack", "192.0.2.2/24,tun=a,tun=b", T], "tun= given twice"),
    (["--stack", "192.0.2.2/24", "--stack", "192.0.2.3/24", T], "--stack given twice"),
    (["--stack", "192.0.2.2/24", "192.0.2.2"], "TARGET 192.0.2.2 is the stack's own address"),
    (["--stack", "192.0.2.2/24", "-R", T], "-R is not available with --stack"),
    (["--stack", "192.0.2.2/24", "-c", "0", T], "-c needs a count >= 1"),
    (["--stack", "192.0.2.2/24"], "TARGET is required"),
]
for args, want in STACK_ERRORS:
    p = subprocess.run([*NOCAP, EXE, "ping", *args], capture_output=True, text=True, timeout=20)
    lines = p.stderr.splitlines()
    ok = (p.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit ping: ")
          and want in lines[0] and p.stdout == "")
    check(f"{' '.join(args)}: exit 2, one line with '{want}'", ok,
          f"(exit {p.returncode}, stderr {p.stderr!r}, stdout {p.stdout!r})")

# without CAP_NET_ADMIN: one line saying so, exit 2, nothing printed before
p = subprocess.run([*NOCAP, EXE, "ping", "--stack", "192.0.2.2/24", "-c", "1", T],
                   capture_output=True, text=True, timeout=20)
lines = p.stderr.splitlines()
check("--stack without CAP_NET_ADMIN: exit 2, one line naming CAP_NET_ADMIN",
      p.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit ping: --stack: ")
      and "needs CAP_NET_ADMIN" in lines[0] and p.stdout == "",
      f"(exit {p.returncode}, stderr {p.stderr!r}, stdout {p.stdout!r})")

p = run(["--help"])
check("--help: usage on stdout, exit 0",
      p.returncode == 0 and p.stdout.startswith("usage: icmpkit ping") and "-M HINT" in p.stdout
      and "-g PREFIX" in p.stdout and "--alive" in p.stdout)
check("--help names --stack and its keys",
      "--stack ADDR/LEN[,peer=PEER][,tun=NAME][,netns=NS][,mtu=N]" in p.stdout
      and "ikping%d" in p.stdout)
p = run(["-h"])
check("-h: usage, exit 0", p.returncode == 0 and "usage: icmpkit ping" in p.stdout)
p = subprocess.run([EXE, "--help"], capture_output=True, text=True, timeout=20)
check("icmpkit --help lists ping as built",
      p.returncode == 0 and any(l.split()[:1] == ["ping"] and "planned" not in l
                                for l in p.stdout.splitlines()))

R.finish()
