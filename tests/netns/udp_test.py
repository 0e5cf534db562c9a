#!/usr/bin/python3
"""udp_test.py - a Linux UDP and TCP client against `icmpkit host` (issue #4
item 6, issue #10).

Usage: udp_test.py PATH_TO_ICMPKIT

Makes a namespace, runs the stack there at 192.0.2.2/24 on a TUN with
--udp-echo 7 and 5000 and --udp-sink 9, and runs the client half of this
file inside the namespace (`ip netns exec NS /usr/bin/python3 udp_test.py
--client`), with ordinary Linux sockets:
  - a connected socket that sends to a closed port gets ConnectionRefusedError
    on its next recv, and (another one) on its next send;
  - with IP_RECVERR, recvmsg(MSG_ERRQUEUE) returns a sock_extended_err with
    ee_errno ECONNREFUSED, ee_origin SO_EE_ORIGIN_ICMP (2), ee_type 3,
    ee_code 3, the stack's address as offender (SO_EE_OFFENDER), the failed
    datagram's destination as msg_name and its payload as data (the quote);
  - an --udp-echo port sends back every datagram unchanged: payload sizes
    0 .. 65507, 1473 and more arriving and leaving in fragments;
  - an --udp-sink port answers nothing, neither data nor an error;
  - TCP: connect() to any port (80, 22, and 7, where only UDP listens) gets
    ConnectionRefusedError from the stack's reset, a non-blocking connect
    reports ECONNREFUSED in SO_ERROR, and the namespace's own Linux counter
    Tcp.AttemptFails grows by one per attempt (the kernel's view of it).
Then the stack's exit counters (Udp.NoPorts, IcmpMsg.OutType3,
Udp.InDatagrams, Udp.OutDatagrams; Tcp.InSegs, Tcp.OutRsts, Tcp.OutSegs:
one reset per SYN, and no ICMP for TCP) must agree with what was sent, and its
pcap must pass tshark (pcap_check.py --udp-data: the payloads are random
octets, which an application dissector picked by an ephemeral port number
might call malformed; IP, UDP and ICMP are judged).

Exits 77 with a SKIP line unless root with tshark installed; everything made is removed on exit,
also on failure or a signal.
"""
import errno
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STACK = "192.0.2.2"
TUN = "iku0"
ECHO_PORTS = (7, 5000)
SINK_PORT = 9
CLOSED_PORT = 33434
ECHO_SIZES = (0, 1, 8, 100, 548, 1472, 1473, 2000, 4000, 8000, 30000, 65507)
IP_RECVERR = getattr(socket, "IP_RECVERR", 11)
MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0x2000)
SO_EE_ORIGIN_ICMP = 2

passed = failed = 0


def check(cond, what):
    """Count and print one check; return @cond."""
    global passed, failed
    if cond:
        passed += 1
        print("ok   - " + what, flush=True)
    else:
        failed += 1
        print("FAIL - " + what, flush=True)
    return cond


# --------------------------------------------------------------------------
# client half: runs inside the namespace
# --------------------------------------------------------------------------

def udp(connect_port=None, timeout=2.0):
    """A UDP socket, connected to the stack's @connect_port when given."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    if connect_port is not None:
        s.connect((STACK, connect_port))
    return s


def client_refused():
    """Connected socket, closed port: ConnectionRefusedError on recv, on send."""
    closed = 0
    s = udp(CLOSED_PORT)
    s.send(b"is anybody there?")
    closed += 1
    try:
        s.recv(100)
        check(False, "closed port: recv raises ConnectionRefusedError (got data)")
    except ConnectionRefusedError:
        check(True, "closed port: recv on the connected socket raises ConnectionRefusedError")
    except socket.timeout:
        check(False, "closed port: recv raises ConnectionRefusedError (timed out)")
    # the error is reported once: the socket works again afterwards
    try:
        s.recv(100)
        check(False, "closed port: the error is reported once (then data?)")
    except socket.timeout:
        check(True, "closed port: the error is reported once (then recv just times out)")
    except OSError as e:
        check(False, "closed port: the error is reported once (then %r)" % e)
    s.close()

    s = udp(CLOSED_PORT)
    s.send(b"first")
    closed += 1
    time.sleep(0.5)  # the Port Unreachable comes back meanwhile
    try:
        s.send(b"second")
        check(False, "closed port: the next send raises ConnectionRefusedError (it was sent)")
    except ConnectionRefusedError:
        check(True, "closed port: the next send raises ConnectionRefusedError")
    s.close()
    return closed


def client_recverr():
    """IP_RECVERR: the error queue entry, field by field."""
    s = udp(CLOSED_PORT)
    s.setsockopt(socket.SOL_IP, IP_RECVERR, 1)
    payload = b"quote me, please: " + bytes(range(32))
    s.send(payload)
    p = select.poll()
    p.register(s, select.POLLERR)
    ev = p.poll(3000)
    if not check(ev and ev[0][1] & select.POLLERR, "IP_RECVERR: POLLERR within 3 s"):
        s.close()
        return 1
    data, anc, flags, addr = s.recvmsg(4096, 1024, MSG_ERRQUEUE)
    check(flags & MSG_ERRQUEUE, "IP_RECVERR: recvmsg flags carry MSG_ERRQUEUE (%#x)" % flags)
    ents = [(lvl, typ, d) for lvl, typ, d in anc if lvl == socket.SOL_IP and typ == IP_RECVERR]
    if not check(len(ents) == 1, "IP_RECVERR: one IP_RECVERR control message (%d)" % len(ents)):
        s.close()
        return 1
    d = ents[0][2]
    check(len(d) >= 16 + 16, "IP_RECVERR: sock_extended_err + offender (%d octets)" % len(d))
    ee_errno, origin, typ, code, _pad, info, _data = struct.unpack_from("=IBBBBII", d, 0)
    check(ee_errno == errno.ECONNREFUSED, "IP_RECVERR: ee_errno %d is ECONNREFUSED" % ee_errno)
    check(origin == SO_EE_ORIGIN_ICMP, "IP_RECVERR: ee_origin %d is SO_EE_ORIGIN_ICMP" % origin)
    check(typ == 3 and code == 3, "IP_RECVERR: ee_type %d ee_code %d are 3/3" % (typ, code))
    check(info == 0, "IP_RECVERR: ee_info %d is 0" % info)
    fam, port = struct.unpack_from("=HH", d, 16)
    off = socket.inet_ntoa(d[20:24])
    check(fam == socket.AF_INET and off == STACK,
          "IP_RECVERR: offender %s (family %d) is the stack" % (off, fam))
    check(addr == (STACK, CLOSED_PORT), "IP_RECVERR: msg_name %r is the failed destination" %
          (addr,))
    check(data == payload, "IP_RECVERR: the data is the payload the quote carried back "
          "(%d of %d octets)" % (len(data), len(payload)))
    try:
        s.recvmsg(4096, 1024, MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        check(False, "IP_RECVERR: one entry only (found a second)")
    except (BlockingIOError, socket.timeout):
        check(True, "IP_RECVERR: one entry only")
    # with IP_RECVERR the hard error is also the socket's pending error
    # (Linux sets sk_err alongside the queue entry); reading the queue
    # cleared it (sock_dequeue_err_skb), so getsockopt(SO_ERROR) shows 0
    soerr = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    check(soerr in (0, errno.ECONNREFUSED), "IP_RECVERR: SO_ERROR afterwards %d" % soerr)
    s.close()
    return 1


def client_echo():
    """Every echo port sends back every datagram unchanged."""
    n = 0
    rnd = random.Random(4)
    for port in ECHO_PORTS:
        s = udp(port)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        for size in ECHO_SIZES if port == ECHO_PORTS[0] else (56, 1473, 4000):
            data = bytes(rnd.getrandbits(8) for _ in range(size))
            s.send(data)
            n += 1
            try:
                back, src = s.recvfrom(70000)
                check(back == data and src == (STACK, port),
                      "echo port %d: %d octets back unchanged from %s:%d" %
                      (port, size, src[0], src[1]))
            except OSError as e:
                check(False, "echo port %d: %d octets back (%r)" % (port, size, e))
        s.close()
    # unconnected, from one socket to both ports: replies come from the port
    s = udp()
    for port in ECHO_PORTS:
        s.sendto(b"which port?", (STACK, port))
        n += 1
        try:
            back, src = s.recvfrom(100)
            check(back == b"which port?" and src == (STACK, port),
                  "echo (unconnected): reply from %s:%d" % src)
        except OSError as e:
            check(False, "echo (unconnected) port %d: %r" % (port, e))
    s.close()
    return n


def client_sink():
    """A sink port takes datagrams and answers nothing, not even an error."""
    s = udp(SINK_PORT, timeout=1.0)
    for size in (10, 1473):
        s.send(b"s" * size)
    try:
        got = s.recv(100)
        check(False, "sink port: no answer (got %d octets)" % len(got))
    except socket.timeout:
        check(True, "sink port: no answer and no error within 1 s")
    except OSError as e:
        check(False, "sink port: no answer (got %r)" % e)
    s.close()
    return 2


def snmp_tcp():
    """This namespace's Tcp counters from /proc/net/snmp, by name."""
    with open("/proc/net/snmp") as f:
        rows = [line.split() for line in f if line.startswith("Tcp:")]
    return dict(zip(rows[0][1:], (int(x) for x in rows[1][1:])))


def client_tcp():
    """TCP to ports nobody listens on: refused by a reset, as from Linux."""
    n = 0
    before = snmp_tcp()
    for port in (80, 22, 7):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(3.0)
        t0 = time.monotonic()
        try:
            s.connect((STACK, port))
            check(False, "TCP connect to port %d raises ConnectionRefusedError (it connected)"
                  % port)
        except ConnectionRefusedError:
            check(True, "TCP connect to port %d raises ConnectionRefusedError (%.1f ms)"
                  % (port, (time.monotonic() - t0) * 1e3))
        except OSError as e:
            check(False, "TCP connect to port %d raises ConnectionRefusedError (got %r)"
                  % (port, e))
        n += 1
        s.close()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    rc = s.connect_ex((STACK, 443))
    n += 1
    check(rc == errno.EINPROGRESS, "non-blocking TCP connect returns EINPROGRESS (%d)" % rc)
    p = select.poll()
    p.register(s, select.POLLOUT | select.POLLERR)
    p.poll(3000)
    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    check(err == errno.ECONNREFUSED, "SO_ERROR after the reset is ECONNREFUSED (%d)" % err)
    s.close()
    after = snmp_tcp()
    grew = after["AttemptFails"] - before["AttemptFails"]
    check(grew == n, "Linux's Tcp.AttemptFails in the namespace grew by %d == attempts %d"
          % (grew, n))
    return n


def client():
    """The client half; prints 'counts: closed N echo N sink N tcp N' for the parent."""
    counts = []
    for part in (client_refused, client_recverr, client_echo, client_sink, client_tcp):
        try:
            counts.append(part())
        except Exception as e:  # an unexpected exception is a failure, not a crash
            check(False, "%s: unexpected %r" % (part.__name__, e))
            counts.append(-1)
    closed, echoed, sunk = counts[0] + counts[1], counts[2], counts[3]
    print("counts: closed %d echo %d sink %d tcp %d" % (closed, echoed, sunk, counts[4]))
    print("udp client: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


# --------------------------------------------------------------------------
# parent half: namespace, host, counters, pcap
# --------------------------------------------------------------------------

class Run:
    """The namespace and host of this run; cleans up after itself."""

    def __init__(self, icmpkit):
        self.icmpkit = icmpkit
        self.ns = "ikt-udp-%d-%d" % (os.getpid(), random.randrange(1 << 15))
        self.tmp = tempfile.mkdtemp(prefix="ikt-udp_test.")
        self.host = None
        self.out = os.path.join(self.tmp, "host.out")
        self.err = os.path.join(self.tmp, "host.err")
        self.pcap = os.path.join(self.tmp, "udp.pcap")
        self.made = False

    def setup(self):
        """Make the namespace."""
        if subprocess.run(["ip", "netns", "add", self.ns]).returncode != 0:
            print("SKIP: cannot create network namespaces")
            sys.exit(77)
        self.made = True
        subprocess.run(["ip", "-n", self.ns, "link", "set", "lo", "up"], check=True)

    def start_host(self, args, wait=10.0):
        """Start the stack in the namespace; True once it printed ready:."""
        with open(self.out, "w") as o, open(self.err, "w") as e:
            self.host = subprocess.Popen(["ip", "netns", "exec", self.ns, self.icmpkit, "host"]
                                         + args, stdout=o, stderr=e)
        end = time.monotonic() + wait
        while time.monotonic() < end:
            with open(self.out) as f:
                for line in f:
                    if line.startswith("ready:"):
                        print("# " + line.strip())
                        return True
            if self.host.poll() is not None:
                break
            time.sleep(0.05)
        print("# icmpkit host not ready (status %r):" % self.host.poll())
        for p in (self.err, self.out):
            with open(p) as f:
                sys.stdout.write("".join("#   " + l for l in f))
        return False

    def client(self, script, timeout):
        """Run `script --client` in the namespace, its output shown and its
        status checked; return what its "counts: KEY N ..." line says."""
        res = subprocess.run(["ip", "netns", "exec", self.ns, "/usr/bin/python3", script,
                              "--client"], capture_output=True, text=True, timeout=timeout)
        sys.stdout.write(res.stdout)
        sys.stdout.write(res.stderr)
        check(res.returncode == 0, "the client in the namespace passed (status %d)"
              % res.returncode)
        want = {}
        for line in res.stdout.splitlines():
            if line.startswith("counts:"):
                f = line.split()
                want = dict(zip(f[1::2], (int(x) for x in f[2::2])))
        return want

    def stop_host(self, wait=10.0):
        """SIGTERM, bounded wait; return the exit status (None: killed)."""
        if not self.host:
            return None
        self.host.send_signal(signal.SIGTERM)
        try:
            rc = self.host.wait(wait)
        except subprocess.TimeoutExpired:
            self.host.kill()
            self.host.wait()
            rc = None
        self.host = None
        return rc

    def cleanup(self):
        """Kill what is left, delete the namespace and temp dir."""
        if self.host and self.host.poll() is None:
            self.host.kill()
            self.host.wait()
        if self.made:
            pids = subprocess.run(["ip", "netns", "pids", self.ns], capture_output=True,
                                  text=True).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", self.ns])
            self.made = False
        if os.environ.get("IK_KEEP"):
            print("# kept " + self.tmp)
        else:
            subprocess.run(["rm", "-rf", self.tmp])


def counters(path):
    """The host's exit report as {"Group.Name": value}."""
    c = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and "." in parts[0] and parts[1].isdigit():
                c[parts[0].rstrip(":")] = int(parts[1])
    return c


def parent(icmpkit):
    """Set up, run the client in the namespace, check counters and pcap."""
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespaces)")
        return 77
    if not os.path.exists("/dev/net/tun"):
        print("SKIP: needs /dev/net/tun")
        return 77
    if not shutil.which("tshark"):
        print("SKIP: tshark not installed (the capture is judged by it)")
        return 77
    run = Run(icmpkit)

    def on_signal(sig, _frame):
        raise SystemExit(128 + sig)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        run.setup()
        args = ["--tun", TUN, "--addr", STACK + "/24", "--pcap", run.pcap, "--duration", "120"]
        for p in ECHO_PORTS:
            args += ["--udp-echo", str(p)]
        args += ["--udp-sink", str(SINK_PORT)]
        if not check(run.start_host(args), "icmpkit host starts and prints ready:"):
            return 1
        want = run.client(os.path.abspath(__file__), 120)
        rc = run.stop_host()
        check(rc == 0, "icmpkit host exits 0 on SIGTERM (%r)" % rc)
        c = counters(run.out)
        if check(bool(want), "the client reported what it sent"):
            check(c.get("Udp.NoPorts") == want["closed"],
                  "Udp.NoPorts %s == datagrams sent to the closed port %d"
                  % (c.get("Udp.NoPorts"), want["closed"]))
            check(c.get("IcmpMsg.OutType3") == want["closed"],
                  "IcmpMsg.OutType3 %s == Port Unreachables expected %d"
                  % (c.get("IcmpMsg.OutType3"), want["closed"]))
            check(c.get("Udp.InDatagrams") == want["echo"] + want["sink"],
                  "Udp.InDatagrams %s == echo + sink datagrams %d"
                  % (c.get("Udp.InDatagrams"), want["echo"] + want["sink"]))
            check(c.get("Udp.OutDatagrams") == want["echo"],
                  "Udp.OutDatagrams %s == echoes %d" % (c.get("Udp.OutDatagrams"), want["echo"]))
            for name in ("Tcp.InSegs", "Tcp.OutSegs", "Tcp.OutRsts"):
                check(c.get(name) == want["tcp"], "%s %s == TCP connection attempts %d"
                      % (name, c.get(name), want["tcp"]))
            check(not c.get("Ip.InUnknownProtos"),
                  "Ip.InUnknownProtos %s: TCP earned no Protocol Unreachable"
                  % c.get("Ip.InUnknownProtos"))
        res = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "pcap_check.py"),
                              "--udp-data", "--min", "20", run.pcap], capture_output=True, text=True,
                             timeout=300)
        sys.stdout.write(res.stdout)
        check(res.returncode == 0, "the pcap passes tshark")
    finally:
        run.cleanup()
    print("udp_test: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--client":
        return client()
    if len(sys.argv) != 2:
        print("usage: udp_test.py PATH_TO_ICMPKIT", file=sys.stderr)
        return 2
    return parent(sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
