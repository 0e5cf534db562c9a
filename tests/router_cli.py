#!/usr/bin/python3
"""router_cli.py - `icmpkit router` from the outside, without root.

Usage: router_cli.py PATH_TO_ICMPKIT

Bad arguments: exit 2 and exactly one line on stderr starting with
"icmpkit router: ", nothing on stdout, and no TUN ever touched (every
argument, route and setting is checked before the first device is opened).
Covered: a bad --iface specification (form, name, keys, addresses, mtu,
netns), fewer than 2 or more than 8 interfaces, duplicates, a bad prefix, a
bad route, a gateway on no interface, an unknown dev, a setting unknown or
out of range, --max-routes too small, --route-file errors with their line.
Also: --help (exit 0), the route words given as separate arguments, and
without CAP_NET_ADMIN exit 1 with the reason. Every run is without the
capability: directly when not root, or under `setpriv` with every
capability dropped when root; skipped (77) when root and setpriv is missing.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results, nocap  # noqa: E402

R = Results("router_cli")
check = R.check


NOCAP = nocap("icmpkit router safely")


def run(args):
    """Run icmpkit router ARGS without capabilities (bounded)."""
    return subprocess.run([*NOCAP, EXE, "router", *args], capture_output=True, text=True,
                          timeout=20)


A = "tun:iktra0,addr=192.0.2.254/24"
C = "tun:iktrc0,addr=198.51.100.254/24"
TWO = ["--iface", A, "--iface", C]
tmp = tempfile.mkdtemp(prefix="router_cli.")
BAD_FILE = os.path.join(tmp, "bad.routes")
with open(BAD_FILE, "w") as f:
    f.write("# routes\n203.0.113.0/25 via 198.51.100.1   # fine\n\n203.0.113.128/25 via\n")
BIG_FILE = os.path.join(tmp, "big.routes")
with open(BIG_FILE, "w") as f:
    for i in range(20):
        f.write(f"203.0.113.{i * 4}/30 via 198.51.100.1\n")

NINE = []
for i in range(9):
    NINE += ["--iface", f"tun:iktr{i},addr=203.0.113.{i * 16 + 1}/28"]

USAGE_ERRORS = [
    ([], "needs at least 2 --iface options, not 0"),
    (["--iface", A], "needs at least 2 --iface options, not 1"),
    (NINE, "at most 8 --iface options"),
    (["--iface"], "option '--iface' needs a value"),
    (TWO + ["--bogus"], "unknown option '--bogus'"),
    (TWO + ["stray"], "unexpected argument 'stray'"),
    # --iface specifications
    (["--iface", "iktra0,addr=192.0.2.254/24", "--iface", C], "--iface needs tun:NAME"),
    (["--iface", "tap:iktra0,addr=192.0.2.254/24", "--iface", C], "--iface needs tun:NAME"),
    (["--iface", "tun:" + "x" * 16 + ",addr=192.0.2.254/24", "--iface", C],
     "not a valid interface name"),
    (["--iface", "tun:,addr=192.0.2.254/24", "--iface", C], "not a valid interface name"),
    (["--iface", "tun:iktra0,addr=192.0.2.254", "--iface", C], "addr= needs ADDR/LEN"),
    (["--iface", "tun:iktra0,addr=192.0.2.300/24", "--iface", C], "addr= needs ADDR/LEN"),
    (["--iface", "tun:iktra0,addr=192.0.2.255/24", "--iface", C],
     "--iface iktra0: addr 192.0.2.255/24 is the broadcast address of its prefix"),
    (["--iface", "tun:iktra0,addr=127.0.0.2/8", "--iface", C], "is a loopback address"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/32", "--iface", C], "give peer=ADDR"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,peer=203.0.113.1/24", "--iface", C],
     "the kernel would have no route to it"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,peer=192.0.2.254", "--iface", C],
     "is the stack's own address"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,mtu=67", "--iface", C], "mtu= needs 68..65535"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,mtu=x", "--iface", C], "mtu= needs 68..65535"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,netns=a/b", "--iface", C],
     "netns= needs a namespace name"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,color=red", "--iface", C],
     "unknown key 'color' (known: addr, peer, addr6, peer6, mtu, netns; a wire's sock, to)"),
    (["--iface", "wire:w0,sock=/tmp/ikt-a", "--iface", C], "a wire needs sock= and to="),
    (["--iface", "wire:w0,to=/tmp/ikt-a", "--iface", C], "a wire needs sock= and to="),
    (["--iface", "wire:w0,sock=/tmp/ikt-a,to=/tmp/ikt-a", "--iface", C],
     "sock= and to= are the same path"),
    (["--iface", "wire:w0,sock=/tmp/ikt-a,to=/tmp/ikt-b,peer=192.0.2.1", "--iface", C],
     "peer= is for a TUN: a wire has no kernel side"),
    (["--iface", "wire:w0,sock=/tmp/ikt-a,to=/tmp/ikt-b,netns=x", "--iface", C],
     "netns= is for a TUN: a wire has no kernel side"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,sock=/tmp/ikt-a", "--iface", C],
     "sock= is for a wire"),
    (["--iface", "wire:w0,sock=/" + "x" * 107 + ",to=/tmp/ikt-b", "--iface", C],
     "sock= needs a socket path of 1..107 characters"),
    (["--iface", "wire:w0,sock=/tmp/ikt-a,to=/tmp/ikt-b,addr=224.0.0.1/24", "--iface", C],
     "--iface w0: addr 224.0.0.1/24"),
    (["--iface", "pipe:w0", "--iface", C], "--iface needs tun:NAME"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,mtu=1500,mtu=1400", "--iface", C],
     "mtu= given twice"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,mtu", "--iface", C], "is not key=value"),
    (["--iface", "tun:iktra0,addr=192.0.2.254/24,", "--iface", C], "is not key=value"),
    (["--iface", "tun:iktra0,peer=127.0.0.1", "--iface", C], "is a loopback address"),
    (["--iface", A, "--iface", "tun:iktra0,addr=198.51.100.254/24"], "--iface iktra0 given twice"),
    (["--iface", A, "--iface", "tun:iktrc0,addr=192.0.2.254/25"], "is already iktra0's"),
    # routes
    (TWO + ["--route", "203.0.113.0/33 via 198.51.100.1"], "bad prefix '203.0.113.0/33'"),
    (TWO + ["--route", "203.0.113/24 via 198.51.100.1"], "bad prefix '203.0.113/24'"),
    (TWO + ["--route", "203.0.113.1/24 via 198.51.100.1"],
     "prefix 203.0.113.1/24 has host bits set (203.0.113.0/24?)"),
    (TWO + ["--route", "203.0.113.0/24"], "needs via ADDR, dev NAME, or a type"),
    (TWO + ["--route", ""], "empty route"),
    (TWO + ["--route", "203.0.113.0/24 via"], "via needs a value"),
    (TWO + ["--route", "203.0.113.0/24 via 198.51.100.x"], "via needs a gateway address"),
    (TWO + ["--route", "203.0.113.0/24 via 203.0.113.1"],
     "via 203.0.113.1: the gateway is on no interface's subnet"),
    (TWO + ["--route", "203.0.113.0/24 via 198.51.100.254"],
     "via 198.51.100.254 is the router's own address on iktrc0"),
    (TWO + ["--route", "203.0.113.0/24 dev iktzz9"], "dev iktzz9: no --iface has that name"),
    (TWO + ["--route", "203.0.113.0/24 via 198.51.100.1 via 198.51.100.2"], "via given twice"),
    (TWO + ["--route", "203.0.113.0/24 unreachable via 198.51.100.1"],
     "unreachable routes take no via or dev"),
    (TWO + ["--route", "203.0.113.0/24 blackhole prohibit"], "unexpected 'prohibit'"),
    (TWO + ["--route", "203.0.113.0/24 through 198.51.100.1"], "unexpected 'through'"),
    (TWO + ["--route-file", os.path.join(tmp, "missing.routes")],
     "--route-file %s: No such file or directory" % os.path.join(tmp, "missing.routes")),
    (TWO + ["--route-file", BAD_FILE], "%s:4: via needs a value" % BAD_FILE),
    (TWO + ["--route-file", BAD_FILE, "--route-file", BAD_FILE], "--route-file given twice"),
    (TWO + ["--max-routes", "0"], "--max-routes needs 1..16777216"),
    (TWO + ["--max-routes", "10", "--route-file", BIG_FILE], "more routes than --max-routes 10"),
    # the table also holds the interfaces' connected routes
    (TWO + ["--max-routes", "3", "--route", "203.0.113.0/24 via 198.51.100.1",
            "--route", "203.0.113.0/25 via 198.51.100.1"], "--max-routes 3: the table is full"),
    # settings and the rest
    (TWO + ["--set", "no_such_sysctl=1"], "unknown setting 'no_such_sysctl' (known: "),
    (TWO + ["--set", "ip_forward"], "--set needs NAME=VALUE"),
    (TWO + ["--set", "ip_default_ttl=x"], "--set ip_default_ttl needs an integer value"),
    (TWO + ["--set", "ip_default_ttl=300"], "--set ip_default_ttl: value 300 out of range"),
    (TWO + ["--stats-interval", "0"], "--stats-interval needs seconds > 0"),
    (TWO + ["--duration", "-3"], "--duration needs seconds > 0"),
    (TWO + ["--pcap", ""], "--pcap needs a file name"),
]

for args, want in USAGE_ERRORS:
    p = run(args)
    lines = p.stderr.splitlines()
    ok = (p.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit router: ")
          and want in lines[0] and p.stdout == "")
    check(f"exit 2, one line: {' '.join(args)[:90] or '(nothing)'}", ok,
          f"(rc {p.returncode}, stderr {p.stderr!r})")

p = run(["--help"])
check("--help: usage on stdout, exit 0",
      p.returncode == 0 and p.stdout.startswith("usage: icmpkit router --iface tun:NAME,")
      and "--route-file FILE" in p.stdout and "netns=NS" in p.stdout and p.stderr == "")

NOCAP_MSG = "icmpkit router: cannot open TUN iktra0: needs CAP_NET_ADMIN (run as root)"
# Every way of giving routes that is valid gets as far as the first TUN.
GOOD = [
    ("--route words as one argument", ["--route", "203.0.113.0/24 via 198.51.100.1"]),
    ("--route words as separate arguments",
     ["--route", "203.0.113.0/24", "via", "198.51.100.1", "--json"]),
    ("--route PREFIX dev NAME, and via + dev", ["--route", "203.0.113.0/25 dev iktrc0",
                                                "--route", "203.0.113.128/25 via 203.0.113.130 dev iktrc0"]),
    ("--route default, a bare address, /0", ["--route", "default via 192.0.2.1",
                                             "--route", "203.0.113.7 via 192.0.2.1"]),
    ("--route-file with comments and blank lines", ["--route-file", BIG_FILE]),
    ("an unnumbered interface", ["--iface", "tun:iktru0,mtu=1400", "--iface",
                                 "tun:iktru1,peer=203.0.113.1/32", "--route", "203.0.113.0/24 dev iktru0"]),
    ("--set ip_forward=0 and others", ["--set", "ip_forward=0", "--set", "icmp_ratelimit=0",
                                       "--max-routes", "100", "--busy-poll", "--trace",
                                       "--stats-interval", "1", "--duration", "5"]),
]
for desc, extra in GOOD:
    p = run(TWO + extra)
    check(f"accepted ({desc}): no CAP_NET_ADMIN, exit 1 with the reason",
          p.returncode == 1 and p.stderr.strip() == NOCAP_MSG and p.stdout == "",
          f"(rc {p.returncode}, stderr {p.stderr!r})")

p = run(TWO + ["--route", "203.0.113.0/24 unreachable", "--route", "prohibit 203.0.113.0/25",
               "--route", "203.0.113.128/25", "blackhole"])
check("accepted (unreachable / prohibit / blackhole routes, both word orders): exit 1 without CAP_NET_ADMIN",
      p.returncode == 1 and p.stderr.strip() == NOCAP_MSG, f"(rc {p.returncode}, {p.stderr!r})")

p = run(["--iface", "tun:iktra0,addr=192.0.2.254/24,netns=ikt-no-such-ns-%d" % os.getpid(),
         "--iface", C])
check("a namespace that does not exist: exit 1 with the reason",
      p.returncode == 1 and "no such namespace (/run/netns/ikt-no-such-ns-" in p.stderr
      and len(p.stderr.splitlines()) == 1 and p.stdout == "",
      f"(rc {p.returncode}, stderr {p.stderr!r})")

shutil.rmtree(tmp)
R.finish()
