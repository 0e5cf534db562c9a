#!/usr/bin/python3
"""router_wire.py - `icmpkit router` between two wires, without root.

Usage: router_wire.py PATH_TO_ICMPKIT

A wire is an AF_UNIX datagram link between two processes (--iface wire:),
so a router with only wires needs no capability and no TUN: this test is
both ends of both wires. The router has w0 192.0.2.1/24 and w1
198.51.100.1/24 (MTU 1280) and a route to 203.0.113.0/25 via
198.51.100.2. Datagrams are built here by hand (pktlib's checksum):
  - UDP 192.0.2.10 -> 203.0.113.10 TTL 5 comes out of w1 with TTL 4, the
    header checksum updated, everything else the same;
  - TTL 1: Time Exceeded (11/0) back on w0 from 192.0.2.1, quoting it;
  - 1400 octets with DF: Frag Needed (3/4) with MTU 1280 back on w0;
  - an Echo to 192.0.2.1: Echo Reply on w0;
  - 203.0.113.200, outside the route: Destination Net Unreachable (3/0);
  - a file that is not a socket at sock=: exit 1, one line;
  - SIGTERM: exit 0, its counters (2 ports) in --json, the socket paths
    removed.
Everything runs without capabilities (setpriv when root).
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results, nocap  # noqa: E402
from pktlib import csum  # noqa: E402

R = Results("router_wire")
check = R.check
NOCAP = nocap("icmpkit router safely")


def ip4(a):
    return socket.inet_aton(a)


def ipv4(src, dst, proto, payload, ttl=64, df=False, ident=0x1234):
    """An IPv4 header (checksum right) and @payload."""
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000 if df else 0,
                    ttl, proto, 0, ip4(src), ip4(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def echo(ident, seq, data):
    m = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


tmp = tempfile.mkdtemp(prefix="ikt-wire-")
path = {n: os.path.join(tmp, n) for n in ("r0", "r1", "p0", "p1")}
peers = {}
for n in ("p0", "p1"):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path[n])
    s.settimeout(2.0)
    peers[n] = s

args = ["--iface", f"wire:w0,sock={path['r0']},to={path['p0']},addr=192.0.2.1/24",
        "--iface", f"wire:w1,sock={path['r1']},to={path['p1']},addr=198.51.100.1/24,mtu=1280",
        "--route", "203.0.113.0/25 via 198.51.100.2", "--json", "--duration", "30"]
rtr = subprocess.Popen([*NOCAP, EXE, "router", *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
ready = rtr.stdout.readline()
check("starts without any capability: one ready: line naming both wires",
      ready.startswith("ready: router 2 interfaces w0=192.0.2.1/24 w1=198.51.100.1/24"),
      f"({ready!r}, {rtr.stderr.read() if rtr.poll() is not None else ''!r})")


def send(port, pkt):
    peers["p" + port[1]].sendto(pkt, path["r" + port[1]])


def recv(port):
    try:
        return peers["p" + port[1]].recv(70000)
    except socket.timeout:
        return None


# forwarded: TTL 5 -> 4, checksum updated, the rest the same
u = ipv4("192.0.2.10", "203.0.113.10", 17, udp(40000, 9, b"x" * 32), ttl=5)
send("w0", u)
got = recv("w1")
want = bytearray(u)
want[8] = 4
want[10:12] = b"\0\0"
want[10:12] = struct.pack("!H", csum(bytes(want[:20])))
check("UDP TTL 5 from w0 leaves w1 with TTL 4 and a correct header checksum, the rest the same",
      got == bytes(want), f"(got {got!r})")

# TTL 1: Time Exceeded from the inbound address, quoting the datagram
send("w0", ipv4("192.0.2.10", "203.0.113.10", 17, udp(40001, 9, b"y" * 32), ttl=1))
got = recv("w0")
ok = (got is not None and len(got) >= 56 and got[9] == 1 and got[12:16] == ip4("192.0.2.1")
      and got[16:20] == ip4("192.0.2.10") and got[20] == 11 and got[21] == 0
      and csum(got[20:]) == 0 and got[28 + 20:28 + 22] == struct.pack("!H", 40001))
check("TTL 1: Time Exceeded 11/0 back on w0 from 192.0.2.1, quoting the UDP header",
      ok, f"(got {got!r})")

# DF over the wire's MTU: Frag Needed with 1280
send("w0", ipv4("192.0.2.10", "203.0.113.10", 17, udp(40002, 9, b"z" * 1372), df=True))
got = recv("w0")
ok = (got is not None and got[20] == 3 and got[21] == 4
      and struct.unpack("!H", got[26:28])[0] == 1280 and csum(got[20:]) == 0)
check("1400 octets with DF towards the 1280 wire: 3/4 with MTU 1280 back on w0",
      ok, f"(got {got[:32] if got else None!r})")

# echo to the router itself
send("w0", ipv4("192.0.2.10", "192.0.2.1", 1, echo(0x77, 1, b"ping" * 8)))
got = recv("w0")
ok = (got is not None and got[20] == 0 and got[12:16] == ip4("192.0.2.1")
      and got[24:28] == struct.pack("!HH", 0x77, 1) and csum(got[20:]) == 0)
check("Echo to 192.0.2.1 over w0: Echo Reply, Identifier and Sequence kept", ok,
      f"(got {got!r})")

# no route: 3/0
send("w0", ipv4("192.0.2.10", "203.0.113.200", 17, udp(40003, 9, b"q" * 8)))
got = recv("w0")
ok = got is not None and got[20] == 3 and got[21] == 0 and csum(got[20:]) == 0
check("no route: Destination Net Unreachable 3/0 back on w0", ok, f"(got {got!r})")

rtr.terminate()
try:
    out, err = rtr.communicate(timeout=10)
except subprocess.TimeoutExpired:
    rtr.kill()
    out, err = rtr.communicate()
final = None
for line in out.splitlines():
    if line.startswith("{"):
        try:
            final = json.loads(line)
        except ValueError:
            pass
check("SIGTERM: exit 0, final counters in --json", rtr.returncode == 0 and final is not None,
      f"(rc {rtr.returncode}, {out!r} {err!r})")
check("the router's socket paths are removed at exit",
      not os.path.exists(path["r0"]) and not os.path.exists(path["r1"]))

# a file that is not a socket where sock= points
with open(path["r0"], "w") as f:
    f.write("not a socket\n")
p = subprocess.run([*NOCAP, EXE, "router", *args], capture_output=True, text=True, timeout=20)
check("sock= on a regular file: exit 1, one line, the file kept",
      p.returncode == 1 and len(p.stderr.splitlines()) == 1
      and "a file that is not a socket is there" in p.stderr and os.path.isfile(path["r0"]),
      f"(rc {p.returncode}, {p.stderr!r})")

for s in peers.values():
    s.close()
for n in path.values():
    if os.path.exists(n):
        os.unlink(n)
os.rmdir(tmp)
R.finish()
