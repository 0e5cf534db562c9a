#!/usr/bin/python3
"""host_cli.py - `icmpkit host` from the outside, without root.

Usage: host_cli.py PATH_TO_ICMPKIT

Bad arguments: exit 2 and exactly one line on stderr starting with
"icmpkit host: ", nothing on stdout, and the TUN never touched (the
arguments are checked first). --help: usage on stdout, exit 0. A TUN that
cannot be opened for lack of CAP_NET_ADMIN: exit 1 and the reason. Every
run is without the capability: directly when not root, or under `setpriv`
with every capability dropped when root (so nothing can ever be created in
this namespace); skipped (77) when root and setpriv is missing.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results, nocap  # noqa: E402

R = Results("host_cli")
check = R.check


def run(args, prefix=()):
    """Run icmpkit host ARGS (bounded) and return the completed process."""
    return subprocess.run([*prefix, EXE, "host", *args], capture_output=True, text=True,
                          timeout=20)


BASE = ["--tun", "iktcli0", "--addr", "192.0.2.2/24"]
USAGE_ERRORS = [
    ([], "--tun NAME is required"),
    (["--tun", "iktcli0"], "--addr ADDR/LEN is required"),
    (["--tun"], "option '--tun' needs a value"),
    (BASE + ["--bogus"], "unknown option '--bogus'"),
    (BASE + ["stray"], "unexpected argument 'stray'"),
    (["--tun", "x" * 16, "--addr", "192.0.2.2/24"], "is not a valid interface name"),
    (["--tun", "iktcli0", "--addr", "192.0.2.2"], "--addr needs ADDR/LEN"),
    (["--tun", "iktcli0", "--addr", "192.0.2.255/24"], "broadcast address of its prefix"),
    (["--tun", "iktcli0", "--addr", "192.0.2.2/32"], "give --peer"),
    (BASE + ["--peer", "203.0.113.1/24"], "the kernel would have no route to it"),
    (BASE + ["--mtu", "70000"], "--mtu needs 68..65535"),
    (BASE + ["--udp-echo", "7", "--udp-sink", "7"], "port 7 given twice"),
    (BASE + ["--raw", "300"], "--raw needs a protocol number 1..255"),
    (BASE + ["--stats-interval", "-1"], "--stats-interval needs seconds > 0"),
    (BASE + ["--duration", "0"], "--duration needs seconds > 0"),
    (BASE + ["--count-limit", "x"], "--count-limit needs a count >= 1"),
    (BASE + ["--set", "no_such_sysctl=1"], "unknown setting 'no_such_sysctl' (known: icmp_ratelimit"),
    (BASE + ["--set", "ip_default_ttl=x"], "--set ip_default_ttl needs an integer value"),
    # a value the stack refuses is caught before the TUN is opened, too
    (BASE + ["--set", "ip_default_ttl=300"], "--set ip_default_ttl: value 300 out of range"),
]

# Without CAP_NET_ADMIN: directly when not root, under setpriv with every
# capability dropped when root, so that even a wrong verdict on the
# arguments can never create a device here.
NOCAP = nocap("icmpkit host safely")

for args, want in USAGE_ERRORS:
    R.one_line_error(run(args, NOCAP), "host", want, args)

p = run(["--help"], NOCAP)
check("--help: usage on stdout, exit 0",
      p.returncode == 0 and p.stdout.startswith("usage: icmpkit host --tun NAME --addr ADDR/LEN")
      and "--udp-echo PORT" in p.stdout and p.stderr == "")

p = run(BASE, NOCAP)
check("no CAP_NET_ADMIN: exit 1 with the reason",
      p.returncode == 1 and p.stderr.strip()
      == "icmpkit host: cannot open TUN iktcli0: needs CAP_NET_ADMIN (run as root)"
      and p.stdout == "", f"(rc {p.returncode}, stderr {p.stderr!r})")

R.finish()
