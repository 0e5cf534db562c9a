#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_host.py - `icmpkit host` against the Linux kernel, same pinger (issue #4 item 11).

Usage (root): bench_host.py --icmpkit PATH [--floor PATH|none] [--quick] [--runs N] [--count N] [--pin auto|split|same|none]
                            [--modes plain,busy-poll] [--cases a,b]
                            [--mem-seconds S] [--skip-mem] [--profile]

Three figures, each from iputils `ping` run the same way against two peers
(and a third, the floor, for reference):
  icmpkit  the stack on a TUN device in namespace S (192.0.2.2/24); the
           kernel side of the TUN (192.0.2.1) pings it;
  linux    the Linux kernel of namespace B (198.51.100.2/24) over a veth pair;
           namespace A (198.51.100.1) pings it;
  floor    bench/tun_floor on the same TUN, placed and pinged as icmpkit: an
           echo answerer with no stack, one read and one write per echo, so
           what any user-space responder on a TUN can reach on this machine
           (--floor PATH, default next to --icmpkit's build; --floor none).

 (a) echo round trips per second: one `ping -q -f -l 1`;
 (b) replies per second: four `ping -q -f -l 16` at once, summed;
     rate = replies (ping's "N received") / elapsed (time.monotonic() around
     the pings), every flood bounded by -c and -w. Both with `--busy-poll`
     and without; ratio icmpkit/linux per paired run, goals on the median:
     >= 1.0 with --busy-poll, >= 0.7 without.
 (c) resident memory (VmRSS) of the host process, sampled each second over a
     flood of four `ping -f -l 16`, UDP datagrams to random closed ports and
     lone fragments (first, middle and last ones that never complete), all
     bounded in count and time; PASS when max - first <= 256 kB, "first"
     being the sample after a 2 s warm-up.

Each icmpkit measurement runs on a freshly started host (stopped between
measurements, so a --busy-poll host never competes with the Linux case) and
the pair's order alternates between runs. With --pin auto (the default) the
host and every ping (both peers) run on CPU 1 without --busy-poll, and with
it the host on CPU 1 and every ping on CPU 0 (a spinning host needs a CPU of
its own: on this 2-vCPU VM split beats same and none for both cases, measured
with the loop of issue 4 item 11); --pin split, same or none use one
placement for both. --modes and --cases measure a subset (quick looks). Linux over
veth answers inline, in the softirq of the sending ping's CPU, which no
user-space responder can: so in the split placement Linux is measured a
second time, "linux-rps", with B's veth receive path steered to CPU 1 by RPS
(the icmpkit host's CPU), both responders then paying the same wakeup of a
ping on the other CPU. The goal lines use plain Linux; linux-rps is shown
beside it. Namespaces are unique per run and removed on exit (also on
SIGINT/SIGTERM or an error).
Benchmarks report: a MISS is printed, not an exit status. Exit status 1 only
when the measurement itself cannot be made (host fails, pings unanswered).
"""
import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time

STACK, KERNEL = "192.0.2.2", "192.0.2.1"        # RFC 5737 TEST-NET-1 (TUN)
LNX_A, LNX_B = "198.51.100.1", "198.51.100.2"    # RFC 5737 TEST-NET-2 (veth)
TUN = "ikbt0"
MEM_GROWTH_MAX_KB = 256
WARMUP_S = 2

# Load generator run inside namespace S: UDP to random closed ports, or lone
# fragments (never completed) - bounded by count and seconds.
LOADGEN = r"""
import random, socket, struct, sys, time
kind, dst, src, secs, count = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
end = time.monotonic() + secs
rnd = random.Random(int(sys.argv[6]))
sent = 0
if kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    data = b"x" * 32
    while sent < count and (sent & 255 or time.monotonic() < end):
        try:
            s.sendto(data, (dst, rnd.randrange(1024, 65536)))
            sent += 1
        except (BlockingIOError, ConnectionRefusedError):
            sent += 1
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setblocking(False)
    sa, da = socket.inet_aton(src), socket.inet_aton(dst)
    while sent < count and (sent & 255 or time.monotonic() < end):
        which = sent % 3
        if which == 0:      # first fragment: UDP header + data, MF set
            off, mf, pay = 0, 1, struct.pack("!HHHH", 40000, 9, 8 + 64, 0) + bytes(64)
        elif which == 1:    # a middle fragment at a random place, MF set
            off, mf, pay = rnd.randrange(1, 8000), 1, bytes(128)
        else:               # a last fragment at a random place
            off, mf, pay = rnd.randrange(1, 8000), 0, bytes(40)
        ident = rnd.randrange(1, 65536)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(pay), ident,
                          (mf << 13) | off, 64, 17, 0, sa, da)
        try:
            s.sendto(hdr + pay, (dst, 0))
        except (BlockingIOError, OSError):
            pass
        sent += 1
print(sent)
"""


def log(msg=""):
    """Print one line now."""
    print(msg, flush=True)


class Bench:
    """Namespaces, processes started here, and their cleanup."""

    def __init__(self, icmpkit, pin, floor=None):
        self.icmpkit = icmpkit
        self.floor = floor      # tun_floor, or None
        self.pin = pin          # split, same or none: for the current mode
        tag = "%d-%04x" % (os.getpid() % 100000, random.randrange(1 << 16))
        self.ns_s = "ikb-%s-s" % tag
        self.ns_a = "ikb-%s-a" % tag
        self.ns_b = "ikb-%s-b" % tag
        self.namespaces = []
        self.procs = []

    # ---- setup and cleanup -------------------------------------------------
    def ip(self, *args):
        """Run `ip ARGS`, raising on failure."""
        r = subprocess.run(["ip"] + list(args), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, timeout=10)
        if r.returncode != 0:
            raise RuntimeError("ip %s: %s" % (" ".join(args), r.stderr.strip()))

    def setup(self):
        """Namespace S (for the TUN), A and B joined by a veth pair."""
        for ns in (self.ns_s, self.ns_a, self.ns_b):
            self.ip("netns", "add", ns)
            self.namespaces.append(ns)
            self.ip("-n", ns, "link", "set", "lo", "up")
        self.ip("link", "add", "ikbva", "netns", self.ns_a, "type", "veth",
                "peer", "name", "ikbvb", "netns", self.ns_b)
        self.ip("-n", self.ns_a, "addr", "add", LNX_A + "/24", "dev", "ikbva")
        self.ip("-n", self.ns_b, "addr", "add", LNX_B + "/24", "dev", "ikbvb")
        self.ip("-n", self.ns_a, "link", "set", "ikbva", "up")
        self.ip("-n", self.ns_b, "link", "set", "ikbvb", "up")
        # bounded wait for the link and ARP: one answered ping
        for _ in range(50):
            if self.run_pings(self.ns_a, LNX_B, ["-c", "1", "-W", "1"], 1)[0] == 1:
                return
            time.sleep(0.1)
        raise RuntimeError("the veth peer does not answer ping")

    def cleanup(self):
        """Kill what we started, then remove our namespaces."""
        for p in self.procs:
            if p.poll() is None:
                p.kill()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.procs = []
        for ns in self.namespaces:
            r = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True)
            for pid in r.stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)   # inside our namespace: ours
                except (ProcessLookupError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        self.namespaces = []

    def set_rps(self, on):
        """Steer the veth receive path of namespace B (where Linux makes its
        echo replies) to CPU 1 by RPS, or not (the default: Linux answers
        inline, in the softirq of the sending ping's CPU).
        """
        mask = "2" if on else "0"
        r = subprocess.run(["ip", "netns", "exec", self.ns_b, "sh", "-c",
                            "echo %s > /sys/class/net/ikbvb/queues/rx-0/rps_cpus" % mask],
                           capture_output=True, text=True, timeout=10)
        if r.returncode != 0:
            raise RuntimeError("cannot set RPS on the veth: %s" % r.stderr.strip())

    # ---- processes ---------------------------------------------------------
    def cmd(self, ns, cpu, argv):
        """ARGV inside namespace NS, pinned to CPU (split) or CPU 1 (same), or not (none)."""
        if self.pin == "same":
            cpu = 1
        pre = ["taskset", "-c", str(cpu)] if self.pin != "none" else []
        return pre + ["ip", "netns", "exec", ns] + argv

    def spawn(self, argv, **kw):
        """Start ARGV, remembered for the cleanup."""
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def start_host(self, busy, duration, extra=()):
        """Start `icmpkit host` in S, wait (bounded) for ready: and one answered ping."""
        argv = [self.icmpkit, "host", "--tun", TUN, "--addr", STACK + "/24", "--json",
                "--duration", str(int(duration))] + list(extra)
        return self.start_responder(argv, busy, "icmpkit host")

    def start_floor(self, busy):
        """Start tun_floor (an echo answerer with no stack) on the same TUN, the same way."""
        return self.start_responder([self.floor, "--tun", TUN, "--peer", KERNEL + "/24"], busy,
                                    "tun_floor")

    def start_responder(self, argv, busy, what):
        """Start ARGV (+ --busy-poll) in S on CPU 1, wait (bounded) for ready: and one
        answered ping."""
        if busy:
            argv = argv + ["--busy-poll"]
        p = self.spawn(self.cmd(self.ns_s, 1, argv), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
        end = time.monotonic() + 10
        line = ""
        while time.monotonic() < end:
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r:
                line = p.stdout.readline()
                if line.startswith("ready:") or not line:
                    break
            if p.poll() is not None:
                break
        if not line.startswith("ready:"):
            p.kill()
            raise RuntimeError("%s not ready: %s %s" % (what, line.strip(), p.stderr.read().strip()))
        for _ in range(20):
            if self.run_pings(self.ns_s, STACK, ["-c", "1", "-W", "1"], 1)[0] == 1:
                return p
        raise RuntimeError("%s does not answer ping" % what)

    def stop_host(self, p):
        """SIGTERM (bounded wait), then the final counters as a dict ({} if none)."""
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            out, _ = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        self.procs.remove(p)
        for line in reversed(out.splitlines()):
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    break
        return {}

    def run_pings(self, ns, dst, opts, n, bound_s=30):
        """N pings `ping OPTS DST` at once from NS.

        Return: (replies summed, elapsed seconds, [per-ping replies]).
        """
        argv = self.cmd(ns, 0, ["ping", "-q"] + opts + [dst])
        t0 = time.monotonic()
        ps = [self.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(n)]
        outs = []
        for p in ps:
            try:
                outs.append(p.communicate(timeout=max(1.0, t0 + bound_s - time.monotonic()))[0])
            except subprocess.TimeoutExpired:
                p.kill()
                outs.append(p.communicate()[0])
        t1 = time.monotonic()
        for p in ps:
            self.procs.remove(p)
        got = []
        for o in outs:
            m = re.search(r"(\d+) packets transmitted, (\d+) received", o)
            got.append(int(m.group(2)) if m else 0)
        return sum(got), t1 - t0, got


PIN_TEXT = {
    "split": "icmpkit host on CPU 1, every ping on CPU 0 (Linux answers inline on CPU 0; "
             "linux-rps: its replies made on CPU 1 by RPS)",
    "same": "icmpkit host and every ping on CPU 1 (Linux answers inline on CPU 1)",
    "none": "none (the scheduler decides)",
}


def busy_others(window=1.0, min_pct=10):
    """Processes (not ours) using at least MIN_PCT % of a CPU over WINDOW s.

    Return: "comm NN%, ..." or "".
    """
    def ticks():
        t = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
            except OSError:
                continue
            comm = st[st.index("(") + 1:st.rindex(")")]
            f2 = st[st.rindex(")") + 2:].split()
            t[int(d)] = (comm, int(f2[11]) + int(f2[12]))
        return t
    hz = os.sysconf("SC_CLK_TCK")
    t0 = ticks()
    time.sleep(window)
    t1 = ticks()
    out = []
    for pid, (comm, v) in t1.items():
        if pid in t0 and pid != os.getpid():
            pct = 100.0 * (v - t0[pid][1]) / hz / window
            if pct >= min_pct:
                out.append((pct, comm))
    return ", ".join("%s %.0f%%" % (c, p) for p, c in sorted(out, reverse=True))


def loadavg():
    """The three load averages as a string."""
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_busy():
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def rss_kb(pid):
    """VmRSS of PID in kB, or None when gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def measure_rate(b, run, busy, opts, n, bound_s):
    """One paired run of a case (Linux then icmpkit, or the reverse).

    With the split placement Linux is measured a second time ("linux-rps")
    with its replies made on CPU 1 (RPS), where the icmpkit host runs.

    Return: dict with the rates ((rate, replies, seconds, per ping)), the
    machine's busy share per measurement, the host's counters.
    """
    res = {}
    order = ["linux", "icmpkit"] if run % 2 == 0 else ["icmpkit", "linux"]
    if b.floor:
        order.append("floor")
    if b.pin == "split":
        order.append("linux-rps")
    for who in order:
        if who.startswith("linux"):
            b.set_rps(who == "linux-rps")
            c0 = cpu_busy()
            got, dt, per = b.run_pings(b.ns_a, LNX_B, opts, n, bound_s)
            c1 = cpu_busy()
            b.set_rps(False)
            res[who] = (got / dt, got, dt, per)
            res[who + "_cpu"] = (c1[0] - c0[0]) / max(1, c1[1] - c0[1])
        else:
            h = b.start_host(busy, bound_s + 30) if who == "icmpkit" else b.start_floor(busy)
            c0 = cpu_busy()
            got, dt, per = b.run_pings(b.ns_s, STACK, opts, n, bound_s)
            c1 = cpu_busy()
            res[who] = (got / dt, got, dt, per)
            res[who + "_cpu"] = (c1[0] - c0[0]) / max(1, c1[1] - c0[1])
            counters = b.stop_host(h).get("Host", {})
            if who == "icmpkit":
                res["host"] = counters
    res["order"] = order
    return res


def ratio_of(res, who):
    """icmpkit rate / WHO's rate in a measure_rate() result, None when not measured."""
    if who not in res or res[who][0] <= 0:
        return None
    return res["icmpkit"][0] / res[who][0]


def profile_run(b, path, opts, secs):
    """An extra, uncounted case (a) flood with `perf record -g` on the host.

    Return: replies per second during the recording (perf slows the host).
    """
    h = b.start_host(False, secs + 30)
    perf = b.spawn(["perf", "record", "-q", "-g", "-F", "999", "-p", str(h.pid), "-o", path,
                    "--", "sleep", str(secs)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    got, dt, _ = b.run_pings(b.ns_s, STACK, opts, 1, secs + 10)
    try:
        perf.wait(timeout=secs + 30)
    except subprocess.TimeoutExpired:
        perf.kill()
        perf.wait()
    b.procs.remove(perf)
    b.stop_host(h)
    return got / dt


def memory_test(b, secs, busy):
    """(c): VmRSS of the host sampled each second over a mixed flood.

    Return: True for PASS.
    """
    h = b.start_host(busy, secs + 30)
    pid = h.pid
    samples = [(0.0, rss_kb(pid))]
    t0 = time.monotonic()
    loads = []
    ping_argv = b.cmd(b.ns_s, 0, ["ping", "-q", "-f", "-l", "16", "-c", "100000000",
                                  "-w", str(secs), STACK])
    for _ in range(4):
        loads.append(b.spawn(ping_argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True))
    for kind in ("udp", "frag"):
        argv = b.cmd(b.ns_s, 0, ["/usr/bin/python3", "-c", LOADGEN, kind, STACK, KERNEL,
                                 str(secs), "50000000", str(random.randrange(1 << 30))])
        loads.append(b.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    nxt = t0 + 1
    while time.monotonic() < t0 + secs + 0.5:
        time.sleep(max(0.0, nxt - time.monotonic()))
        samples.append((time.monotonic() - t0, rss_kb(pid)))
        nxt += 1
    outs = []
    for p in loads:
        try:
            outs.append(p.communicate(timeout=15)[0])
        except subprocess.TimeoutExpired:
            p.kill()
            outs.append(p.communicate()[0])
        b.procs.remove(p)
    samples.append((time.monotonic() - t0, rss_kb(pid)))
    ctr = b.stop_host(h)
    replies = 0
    for o in outs[:4]:
        m = re.search(r"(\d+) received", o)
        replies += int(m.group(1)) if m else 0
    udp_sent = outs[4].strip().splitlines()[-1] if outs[4].strip() else "?"
    frag_sent = outs[5].strip().splitlines()[-1] if outs[5].strip() else "?"
    good = [(t, kb) for t, kb in samples if kb is not None]
    after = [(t, kb) for t, kb in good if t >= WARMUP_S - 0.05]
    if not after:
        log("(c) memory: no samples (host died?)")
        return False
    first, last = after[0][1], after[-1][1]
    mx = max(kb for _, kb in after)
    log("(c) load over %d s: 4 x ping -f -l 16 (%d replies), %s UDP datagrams to random closed "
        "ports, %s lone fragments" % (secs, replies, udp_sent, frag_sent))
    ip_c, icmp_c, udp_c = ctr.get("Ip", {}), ctr.get("IcmpMsg", {}), ctr.get("Udp", {})
    log("(c) host counters: Ip.InReceives %s Ip.ReasmReqds %s Ip.ReasmFails %s Udp.NoPorts %s "
        "IcmpMsg.OutType0 %s IcmpMsg.OutType3 %s IcmpMsg.OutType11 %s" % (
            ip_c.get("InReceives", 0), ip_c.get("ReasmReqds", 0), ip_c.get("ReasmFails", 0),
            udp_c.get("NoPorts", 0), icmp_c.get("OutType0", 0), icmp_c.get("OutType3", 0),
            icmp_c.get("OutType11", 0)))
    log("(c) VmRSS kB each second: " + " ".join(str(kb) for _, kb in good))
    ok = mx - first <= MEM_GROWTH_MAX_KB
    log("(c) VmRSS at start %d kB, after %d s warm-up (first) %d kB, last %d kB, max %d kB: "
        "growth max-first %d kB (goal <= %d kB): %s" % (
            good[0][1], WARMUP_S, first, last, mx, mx - first, MEM_GROWTH_MAX_KB,
            "PASS" if ok else "MISS"))
    return ok


def profile_report(path):
    """Print the top functions of a perf recording."""
    def report(sort, limit):
        r = subprocess.run(["perf", "report", "-i", path, "--stdio", "--no-children",
                            "--sort", sort, "-g", "none", "--percent-limit", limit],
                           capture_output=True, text=True, timeout=120)
        return [" ".join(w for w in ln.split()[:4] if w != "-") for ln in r.stdout.splitlines()
                if ln.strip() and not ln.startswith("#")]
    log("profile of the host process (perf record -g -F 999 -p PID): time by object: " + "; ".join(report("dso", "0.1")[:6]))
    for ln in report("dso,symbol", "1.5")[:20]:
        log("  " + ln)


def main():
    """Parse arguments, run the cases, print the figures and goal lines.

    Return: exit status.
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--icmpkit", default=os.environ.get("ICMPKIT", ""))
    ap.add_argument("--floor", default=None,
                    help="tun_floor to measure beside icmpkit (default: BUILD/bench/tun_floor "
                    "next to BUILD/src/cli/icmpkit, when it exists); 'none' leaves it out")
    ap.add_argument("--quick", action="store_true", help="a smoke run under 30 s")
    ap.add_argument("--runs", type=int, default=None, help="paired runs per case (3; --quick 1)")
    ap.add_argument("--count", type=int, default=None, help="ping -c per ping (200000; --quick 30000)")
    ap.add_argument("--deadline", type=int, default=None, help="ping -w seconds (10; --quick 2)")
    ap.add_argument("--pin", choices=("auto", "split", "same", "none"), default="auto",
                    help="split: host on CPU 1, pings on CPU 0; same: all on CPU 1; none: the "
                    "scheduler decides; auto (default): same without --busy-poll, split with it")
    ap.add_argument("--mem-seconds", type=int, default=None, help="(c) flood length (60; --quick 10)")
    ap.add_argument("--modes", default="plain,busy-poll",
                    help="which modes to measure: plain, busy-poll or both (default)")
    ap.add_argument("--cases", default="a,b", help="which rate cases: a, b or both (default)")
    ap.add_argument("--skip-mem", action="store_true")
    ap.add_argument("--skip-rate", action="store_true")
    ap.add_argument("--profile", action="store_true",
                    help="one extra, uncounted case (a) flood with perf record on the host")
    args = ap.parse_args()

    if os.geteuid() != 0:
        log("SKIP bench_host: needs root")
        return 0
    for tool in ("ip", "ping", "taskset"):
        if not shutil.which(tool):
            log("SKIP bench_host: %s not installed" % tool)
            return 0
    if not os.path.exists("/dev/net/tun"):
        log("SKIP bench_host: no /dev/net/tun")
        return 0
    if not args.icmpkit or not os.access(args.icmpkit, os.X_OK):
        print("bench_host: --icmpkit PATH (or ICMPKIT) not set or not executable", file=sys.stderr)
        return 1
    ncpu = os.cpu_count() or 1
    pin = args.pin if ncpu >= 2 else "none"
    pin_of = {False: "same" if pin == "auto" else pin, True: "split" if pin == "auto" else pin}
    runs = args.runs or (1 if args.quick else 3)
    count = args.count or (30000 if args.quick else 200000)
    deadline = args.deadline or (2 if args.quick else 10)
    mem_s = args.mem_seconds or (10 if args.quick else 60)
    profile = "/tmp/bench_host-%d.perf" % os.getpid() if args.profile and shutil.which("perf") else None

    floor = args.floor
    if floor is None:
        floor = os.path.join(os.path.dirname(os.path.abspath(args.icmpkit)), "..", "..", "bench",
                             "tun_floor")
    floor = os.path.abspath(floor) if floor != "none" and os.access(floor, os.X_OK) else None
    b = Bench(os.path.abspath(args.icmpkit), "none", floor)

    def on_signal(signo, _frame):
        raise SystemExit(128 + signo)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    t_start = time.monotonic()
    try:
        b.setup()
        log("bench_host: nproc %d, load %s; other processes busy now: %s" % (
            ncpu, loadavg(), busy_others() or "none"))
        for busy in (False, True):
            log("bench_host: pinning %s: %s" % ("with --busy-poll" if busy else "without",
                                                PIN_TEXT[pin_of[busy]]))
        log("bench_host: icmpkit = %s host --tun %s --addr %s/24 [--busy-poll] in netns %s; "
            "pinged from the TUN's kernel side %s" % (b.icmpkit, TUN, STACK, b.ns_s, KERNEL))
        log("bench_host: linux   = kernel of netns %s (%s) over veth, pinged from netns %s (%s)" % (
            b.ns_b, LNX_B, b.ns_a, LNX_A))
        log("bench_host: floor   = %s" % (
            "%s on the same TUN, pinned and pinged as icmpkit: an echo answerer with no stack "
            "(one read and one write per echo), what any user-space responder on a TUN can reach "
            "here" % floor if floor else "not measured (no tun_floor)"))
        cases = [
            ("a", "round trips/s, 1 x ping -q -f -l 1 -c %d -w %d" % (count, deadline),
             ["-f", "-l", "1", "-c", str(count), "-w", str(deadline)], 1),
            ("b", "replies/s, 4 x ping -q -f -l 16 -c %d -w %d at once" % (count, deadline),
             ["-f", "-l", "16", "-c", str(count), "-w", str(deadline)], 4),
        ]
        summary = []
        failed = False
        if not args.skip_rate:
            log("%-4s %-9s %-3s %10s %10s %6s %10s %6s %12s %6s  %s" % (
                "case", "mode", "run", "linux/s", "icmpkit/s", "ratio", "floor/s", "ratio",
                "linux-rps/s", "ratio", "notes"))
            for busy in (False, True):
                mode = "busy-poll" if busy else "plain"
                if mode not in args.modes.split(","):
                    continue
                b.pin = pin_of[busy]
                for key, desc, opts, n in cases:
                    if key not in args.cases.split(","):
                        continue
                    ratios, lin, ik, rps_ratios, fl_ratios = [], [], [], [], []
                    for run in range(runs):
                        r = measure_rate(b, run, busy, opts, n, deadline + 10)
                        lr, ir = r["linux"][0], r["icmpkit"][0]
                        if r["linux"][1] == 0 or r["icmpkit"][1] == 0:
                            failed = True
                        ratio = ratio_of(r, "linux") or 0.0
                        rr = ratio_of(r, "linux-rps")
                        ratios.append(ratio)
                        lin.append(lr)
                        ik.append(ir)
                        if rr is not None:
                            rps_ratios.append(rr)
                        fr = r["floor"][0] / lr if "floor" in r and lr > 0 else None
                        if fr is not None:
                            fl_ratios.append(fr)
                        hc = r["host"]
                        wk = hc.get("Wakeups", 0) / max(1, hc.get("RxPackets", 1))
                        log("%-4s %-9s %-3d %10.0f %10.0f %6.2f %10s %6s %12s %6s  %s first; replies: "
                            "linux %d in %.2f s, icmpkit %d in %.2f s; machine busy linux %.0f%% "
                            "icmpkit %.0f%%; host wakeups/pkt %.2f txerr %d; load %s" % (
                                key, mode, run + 1, lr, ir, ratio,
                                "%.0f" % r["floor"][0] if fr is not None else "-",
                                "%.2f" % fr if fr is not None else "-",
                                "%.0f" % r["linux-rps"][0] if rr is not None else "-",
                                "%.2f" % rr if rr is not None else "-", r["order"][0],
                                r["linux"][1], r["linux"][2], r["icmpkit"][1], r["icmpkit"][2],
                                100 * r["linux_cpu"], 100 * r["icmpkit_cpu"], wk,
                                hc.get("TxErrors", 0), loadavg()))
                    summary.append((key, desc, mode, busy, statistics.median(lin),
                                    statistics.median(ik), statistics.median(ratios),
                                    min(ratios), max(ratios),
                                    statistics.median(rps_ratios) if rps_ratios else None,
                                    statistics.median(fl_ratios) if fl_ratios else None))
            log("")
            log("summary (median of %d paired run%s per line):" % (runs, "" if runs == 1 else "s"))
            for key, desc, mode, busy, lm, im, rm, rmin, rmax, rps, flr in summary:
                goal = 1.0 if busy else 0.7
                log("(%s) %-9s %s: linux %.0f/s icmpkit %.0f/s ratio %.2f (%.2f..%.2f); "
                    "goal >= %.1f: %s%s" % (
                        key, mode, desc, lm, im, rm, rmin, rmax, goal,
                        "PASS" if rm >= goal else "MISS",
                        ("" if rps is None else " (vs linux-rps: ratio %.2f)" % rps) +
                        ("" if flr is None else "; floor (no stack) %.2f of linux, icmpkit %.2f "
                         "of the floor" % (flr, rm / flr if flr else 0.0))))
            if any(x[9] is not None for x in summary):
                log("note: in the split placement Linux answers inline on CPU 0 (the pings' CPU) "
                    "while the icmpkit host has CPU 1 to itself; linux-rps makes Linux's replies "
                    "on CPU 1 too (both then wake the ping across CPUs)")
        if profile:
            log("")
            b.pin = pin_of[False]
            secs = 3 if args.quick else 5
            rate = profile_run(b, profile, ["-f", "-l", "1", "-c", str(count), "-w", str(secs)], secs)
            log("profile run (not counted above): case (a) without --busy-poll, %.0f round trips/s "
                "while perf records" % rate)
            profile_report(profile)
        if not args.skip_mem:
            log("")
            b.pin = pin_of[False]
            memory_test(b, mem_s, False)
        log("bench_host: %.1f s, load %s; other processes busy now: %s" % (
            time.monotonic() - t_start, loadavg(), busy_others() or "none"))
        if failed:
            log("bench_host: some flood got no reply at all")
            return 1
        return 0
    except RuntimeError as e:
        log("bench_host: %s" % e)
        return 1
    finally:
        b.cleanup()
        if profile and os.path.exists(profile):
            os.unlink(profile)


if __name__ == "__main__":
    sys.exit(main())
