#!/usr/bin/python3
"""host6_test.py - the Linux kernel and its tools against `icmpkit host` over
IPv6 (issue 15 items 7 and 8, on a TUN: no Neighbor Discovery there).

Usage: host6_test.py PATH_TO_ICMPKIT

Makes a namespace, runs the stack there at 192.0.2.2/24 and 2001:db8:1::2/64
(RFC 3849) on a TUN with --udp-echo 7, and runs the client half of this file
inside the namespace with the kernel's own tools and sockets:
  - iputils `ping -6` with payloads of 0, 56, 1232, 1500 and 8000 octets
    (the last two reach the stack in fragments, which it reassembles, and
    its replies leave in fragments, which the kernel reassembles);
  - a connected AF_INET6 UDP socket sending to a closed port gets
    ConnectionRefusedError on its next recv: the stack answered Type 1
    Code 4, and the kernel matched the quote to the socket (the note's
    second lesson, in IPv6);
  - with IPV6_RECVERR, recvmsg(MSG_ERRQUEUE) returns a sock_extended_err
    with ee_errno ECONNREFUSED, ee_origin SO_EE_ORIGIN_ICMP6 (3), ee_type 1,
    ee_code 4 and the stack's address as the offender;
  - UDP echo over IPv6 on port 7, payloads 0 .. 4000 (fragmented above
    1452) come back unchanged;
  - `nmap -6 -sU -sS` (when installed) finds UDP 7 open, the --udp-sink 9
    open|filtered, UDP 40000-40003 closed (Port Unreachable) and TCP 22 and
    80 closed (the stack's resets).
Then the stack's exit counters (Icmp6.InEchos and OutEchoReplies = echo
requests, Udp6.NoPorts and Icmp6.OutDestUnreachs = datagrams to the closed
port, Ip6.ReasmOKs and FragCreates > 0) must agree with what was sent, and
the pcap must pass tshark.

Exits 77 with a SKIP line unless root with ping and tshark; everything made is
removed on exit, also on failure or a signal.
"""
import errno
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import udp_test  # noqa: E402  (the namespace runner and the check counter)

STACK4 = "192.0.2.2"
STACK6 = "2001:db8:1::2"
KERNEL6 = "2001:db8:1::1"
TUN = "iku6"
PING_SIZES = (0, 56, 1232, 1500, 8000)
PINGS_EACH = 2
ECHO_SIZES = (0, 1, 100, 1452, 1453, 4000)
CLOSED_PORT = 33434
IPV6_RECVERR = 25
MSG_ERRQUEUE = 0x2000
SO_EE_ORIGIN_ICMP6 = 3
check = udp_test.check


def client_ping():
    """iputils ping -6 at each size; return how many requests went."""
    sent = 0
    for n in PING_SIZES:
        res = subprocess.run(["ping", "-6", "-n", "-c", str(PINGS_EACH), "-i", "0.2", "-W", "2",
                              "-s", str(n), STACK6], capture_output=True, text=True, timeout=30)
        sent += PINGS_EACH
        tail = [l for l in res.stdout.splitlines() if "received" in l]
        check(res.returncode == 0 and tail and (" %d received" % PINGS_EACH) in tail[0],
              "ping -6 -s %d: %s" % (n, tail[0] if tail else res.stderr.strip()))
    return sent


def client_refused():
    """A connected socket to a closed port: ECONNREFUSED. Return datagrams sent."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    s.connect((STACK6, CLOSED_PORT))
    s.send(b"anyone there?")
    try:
        s.recv(100)
        got = "data"
    except ConnectionRefusedError:
        got = "refused"
    except socket.timeout:
        got = "timeout"
    check(got == "refused", "connected UDP6 to a closed port: ConnectionRefusedError (%s)" % got)
    s.close()
    return 1


def client_recverr():
    """IPV6_RECVERR: the error-queue entry. Return datagrams sent."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVERR, 1)
    s.sendto(b"quote me", (STACK6, CLOSED_PORT + 1))
    entry = None
    for _ in range(40):
        try:
            data, anc, _flags, addr = s.recvmsg(512, 512, MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        except BlockingIOError:
            subprocess.run(["sleep", "0.05"])
            continue
        for level, typ, blob in anc:
            if level == socket.IPPROTO_IPV6 and typ == IPV6_RECVERR and len(blob) >= 16 + 28:
                entry = (struct.unpack("=IBBBBII", blob[:16]), blob[16:44], data, addr)
        break
    if not check(entry is not None, "IPV6_RECVERR: an error-queue entry"):
        return 1
    (ee_errno, origin, etype, code, _pad, _info, _data), off, data, addr = entry
    offender = socket.inet_ntop(socket.AF_INET6, off[8:24])
    check(ee_errno == errno.ECONNREFUSED, "ee_errno ECONNREFUSED (%d)" % ee_errno)
    check(origin == SO_EE_ORIGIN_ICMP6, "ee_origin SO_EE_ORIGIN_ICMP6 (%d)" % origin)
    check((etype, code) == (1, 4), "ee_type 1 ee_code 4 (%d %d)" % (etype, code))
    check(offender == STACK6, "offender %s is the stack" % offender)
    check(addr[0] == STACK6 and addr[1] == CLOSED_PORT + 1,
          "msg_name is the failed datagram's destination (%s)" % (addr,))
    check(data == b"quote me", "the data is the datagram's payload")
    s.close()
    return 1


def client_echo():
    """UDP echo over IPv6 at each size. Return datagrams sent."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    s.connect((STACK6, 7))
    for n in ECHO_SIZES:
        msg = os.urandom(n)
        s.send(msg)
        try:
            back = s.recv(65536)
        except socket.timeout:
            back = None
        check(back == msg, "UDP6 echo of %d octets comes back unchanged" % n)
    s.close()
    return len(ECHO_SIZES)


def client_nmap():
    """nmap -6 -sU and -sS: the echo port open, the sink open|filtered, the
    rest closed. Return the UDP probes' closed ports (each drew a Port
    Unreachable, which nmap may have asked for more than once: not counted)."""
    if not shutil.which("nmap"):
        print("# nmap not installed: its checks are skipped")
        return
    ports = "7,9,40000-40003"
    res = subprocess.run(["nmap", "-6", "-n", "-Pn", "-sU", "-sS", "-p", "U:" + ports + ",T:22,80",
                          "--max-retries", "2", "-oG", "-", STACK6],
                         capture_output=True, text=True, timeout=120)
    line = [l for l in res.stdout.splitlines() if "Ports:" in l]
    states = {}
    if line:
        for item in line[0].split("Ports:")[1].split("\t")[0].split(","):
            f = item.strip().split("/")
            if len(f) >= 3:
                states[(f[2], int(f[0]))] = f[1]
    want = {("udp", 7): "open", ("udp", 9): "open|filtered", ("tcp", 22): "closed",
            ("tcp", 80): "closed"}
    for p in range(40000, 40004):
        want[("udp", p)] = "closed"
    for key, st in sorted(want.items()):
        check(states.get(key) == st, "nmap -6 %s/%d: %s (%s)" % (key[0], key[1], st,
                                                               states.get(key)))


def client():
    """The namespace side; prints one counts: line for the parent."""
    pings = client_ping()
    closed = client_refused() + client_recverr()
    echo = client_echo()
    client_nmap()
    print("counts: pings %d closed %d echo %d" % (pings, closed, echo))
    return 1 if udp_test.failed else 0


def parent(icmpkit):
    """Set up, run the client in the namespace, check counters and pcap."""
    for tool, why in (("ping", "iputils ping"), ("tshark", "tshark")):
        if not shutil.which(tool):
            print("SKIP: %s not installed" % why)
            return 77
    if os.geteuid() != 0 or not os.path.exists("/dev/net/tun"):
        print("SKIP: needs root and /dev/net/tun")
        return 77
    run = udp_test.Run(icmpkit)
    run.ns = run.ns.replace("ikt-udp", "ikt-host6")

    def on_signal(sig, _frame):
        raise SystemExit(128 + sig)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        run.setup()
        args = ["--tun", TUN, "--addr", STACK4 + "/24", "--addr", STACK6 + "/64",
                "--udp-echo", "7", "--udp-sink", "9", "--pcap", run.pcap, "--duration", "170"]
        if not check(run.start_host(args), "icmpkit host starts with IPv6 and prints ready:"):
            return 1
        with open(run.out) as f:
            ready = [l for l in f if l.startswith("ready:")]
        check(ready and ("stack6 %s/64 kernel6 %s/64" % (STACK6, KERNEL6)) in ready[0],
              "the ready line names both IPv6 ends")
        want = run.client(os.path.abspath(__file__), 180)
        rc = run.stop_host()
        check(rc == 0, "icmpkit host exits 0 on SIGTERM (%r)" % rc)
        c = udp_test.counters(run.out)
        if check(bool(want), "the client reported what it sent"):
            # nmap's probes come on top when it is installed: at least
            for name, key in (("Icmp6.InEchos", "pings"), ("Icmp6.OutEchoReplies", "pings"),
                              ("Udp6.NoPorts", "closed"), ("Icmp6.OutDestUnreachs", "closed"),
                              ("Udp6.OutDatagrams", "echo")):
                exact = not shutil.which("nmap") or key == "pings"
                got = c.get(name) or 0
                check(got == want[key] if exact else got >= want[key],
                      "%s %s %s %s %d" % (name, got, "==" if exact else ">=", key, want[key]))
            for name in ("Ip6.ReasmOKs", "Ip6.FragCreates"):
                check((c.get(name) or 0) > 0, "%s %s > 0 (fragments both ways)"
                      % (name, c.get(name)))
        res = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "pcap_check.py"),
                              "--udp-data", "--min", "20", run.pcap], capture_output=True,
                             text=True, timeout=300)
        sys.stdout.write(res.stdout)
        check(res.returncode == 0, "the pcap passes tshark")
    finally:
        run.cleanup()
    print("host6_test: %d passed, %d failed" % (udp_test.passed, udp_test.failed))
    return 1 if udp_test.failed else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--client":
        return client()
    if len(sys.argv) != 2:
        print("usage: host6_test.py PATH_TO_ICMPKIT", file=sys.stderr)
        return 2
    return parent(sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
