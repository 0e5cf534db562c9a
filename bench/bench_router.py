#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_router.py - `icmpkit router` against the Linux kernel and the TUN floor, same flood.

Usage (root): bench_router.py --icmpkit PATH [--floor PATH|none] [--floor-batch N]
                              [--flood PATH] [--quick]
                              [--runs N] [--seconds S] [--modes plain,busy-poll]
                              [--forwarders linux,linux-inline,floor,icmpkit]
                              [--mem-seconds S] [--skip-mem] [--skip-rate]

Datagrams forwarded per second from namespace A (192.0.2.1) to namespace C
(198.51.100.1): UDP, 64 octets of payload, sent by bench/udp_flood with
sendmmsg() for S seconds (2; --quick 1; bounded in count too) and counted and checked by
udp_flood in C (length, a run tag, the pattern, the TTL it arrived with).
Rate = datagrams C's receiver got / the time from its first to its last.
Forwarders, measured in the same run, in rounds whose order alternates:
  linux         the Linux kernel: namespace R (ip_forward=1) joined to A and C
                by veth pairs; R's receive path steered to CPU 1 by RPS, the
                CPU the user-space forwarders get, so every forwarder does
                its work on CPU 1 while sender and receiver share CPU 0
  linux-inline  the same without RPS: Linux forwards inline, in the softirq
                of the sender's CPU (no user-space forwarder can)
  floor         bench/tun_fwd_floor: TUN ikrta in A, TUN ikrtc in C, each
                datagram read from one and written to the other, nothing
                else (no stack), in bursts of up to 64 (--floor-batch) as a
                router's loop reads them: what any TUN router reaches here
  icmpkit       `icmpkit router --iface tun:ikrta,addr=192.0.2.2/24,
                peer=192.0.2.1/24,netns=A --iface tun:ikrtc,...,netns=C`
The floor and icmpkit run plain and with --busy-poll; each pins to CPU 1,
sender (nice 19, so the receiver is never starved) and receiver to CPU 0.
Every forwarder must deliver datagrams intact; linux and icmpkit with
TTL 63 (one hop), the floor with TTL 64 (it is no router). The floor and
icmpkit of a mode are measured one right after the other in every round,
so each round gives a paired ratio icmpkit/floor (load from elsewhere on
the machine hits both alike); the goal is on the median of those ratios:
icmpkit >= 0.9 x the floor in the same mode. The rates printed are medians
of the rounds, and the ratios to Linux are of those medians. Beside them,
datagrams per CPU-second the TUN forwarder itself got (utime + stime while
the sender ran) and the paired ratio of those: what other processes
running on CPU 1 take from one forwarder and not the other drops out of it
(the goal stays on the rates).

Then resident memory (VmRSS) of `icmpkit router` sampled each second over
a bounded flood (--mem-seconds, 60; --quick 5): the forwarded flood, plus
datagrams with TTL 1 (Time Exceeded back to A) and datagrams to
203.0.113.0/24, for which the router has no route (Destination
Unreachable); start, max, end and growth in kB; PASS when max - first <=
256 kB (first: the sample after a 2 s warm-up).

Namespaces are unique per run and removed on exit (also on SIGINT/SIGTERM
or an error); only RFC 5737 addresses, no default route anywhere.
Benchmarks report: a MISS is printed, not an exit status. Exit status 1
when a result is wrong (a datagram damaged, a wrong TTL, nothing
forwarded) or a measurement cannot be made (a forwarder does not start).
"""
import argparse
import json
import os
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_host  # noqa: E402 (the echo benchmark: shared helpers)
from bench_host import log, loadavg, rss_kb, busy_others  # noqa: E402

A_ADDR, A_ROUTER = "192.0.2.1", "192.0.2.2"        # RFC 5737 TEST-NET-1: A's link
C_ADDR, C_ROUTER = "198.51.100.1", "198.51.100.2"  # RFC 5737 TEST-NET-2: C's link
NOROUTE = "203.0.113.7"                            # RFC 5737 TEST-NET-3: no route there
NET_A, NET_C, NET_X = "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"
TUN_A, TUN_C = "ikrta", "ikrtc"
PORT = 9000
PAYLOAD = 64
MEM_GROWTH_MAX_KB = 256
WARMUP_S = 2
FLOOD_COUNT = 50000000     # a count bound far above what S seconds can send
GOAL_FLOOR = 0.9


def cpu_seconds(pid):
    """User + system CPU time of process PID (all its threads), or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return None
    f2 = st[st.rindex(")") + 2:].split()
    return (int(f2[11]) + int(f2[12])) / os.sysconf("SC_CLK_TCK")


class Bench:
    """Namespaces, processes started here, and their cleanup."""

    def __init__(self, icmpkit, floor, flood, floor_batch=64):
        self.icmpkit = icmpkit
        self.floor = floor
        self.floor_batch = floor_batch
        self.flood = flood
        tag = "%d-%04x" % (os.getpid() % 100000, random.randrange(1 << 16))
        # Linux: A, R, C joined by veth; TUN forwarders: A and C, the TUNs
        # made by the forwarder under test
        self.ns = {k: "ikr-%s-%s" % (tag, k) for k in ("la", "lr", "lc", "ta", "tc")}
        self.namespaces = []
        self.procs = []
        self.run_id = random.randrange(1, 1 << 31)

    # ---- setup and cleanup -------------------------------------------------
    ip = bench_host.Bench.ip

    def nsexec(self, ns, *argv):
        """Run ARGV inside NS, raising on failure."""
        r = subprocess.run(["ip", "netns", "exec", ns] + list(argv), stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, timeout=10)
        if r.returncode != 0:
            raise RuntimeError("%s in %s: %s" % (" ".join(argv), ns, r.stderr.strip()))

    def setup(self):
        """The namespaces; the Linux path A - R - C over veth, R forwarding."""
        for ns in self.ns.values():
            self.ip("netns", "add", ns)
            self.namespaces.append(ns)
            self.ip("-n", ns, "link", "set", "lo", "up")
        la, lr, lc = self.ns["la"], self.ns["lr"], self.ns["lc"]
        self.ip("link", "add", "ikrva", "netns", la, "type", "veth", "peer", "name", "ikrvra",
                "netns", lr)
        self.ip("link", "add", "ikrvrc", "netns", lr, "type", "veth", "peer", "name", "ikrvc",
                "netns", lc)
        for ns, dev, addr in ((la, "ikrva", A_ADDR), (lr, "ikrvra", A_ROUTER),
                              (lr, "ikrvrc", C_ROUTER), (lc, "ikrvc", C_ADDR)):
            self.ip("-n", ns, "addr", "add", addr + "/24", "dev", dev)
            self.ip("-n", ns, "link", "set", dev, "up")
        self.nsexec(lr, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
        # no default routes: each end learns only the other end's network
        self.ip("-n", la, "route", "add", NET_C, "via", A_ROUTER)
        self.ip("-n", lc, "route", "add", NET_A, "via", C_ROUTER)
        if not self.path_ok(la):
            raise RuntimeError("the Linux path A -> R -> C does not answer ping")

    cleanup = bench_host.Bench.cleanup

    def set_rps(self, on):
        """Steer R's receive path from A (where Linux forwards) to CPU 1, or not."""
        r = subprocess.run(["ip", "netns", "exec", self.ns["lr"], "sh", "-c",
                            "echo %s > /sys/class/net/ikrvra/queues/rx-0/rps_cpus" %
                            ("2" if on else "0")],
                           capture_output=True, text=True, timeout=10)
        if r.returncode != 0:
            raise RuntimeError("cannot set RPS on R's veth: %s" % r.stderr.strip())

    def path_ok(self, ns_a, tries=20):
        """One ping from A to C answered (bounded: TRIES x 1 s at most)."""
        for _ in range(tries):
            r = subprocess.run(["ip", "netns", "exec", ns_a, "ping", "-c", "1", "-W", "1", "-q",
                                C_ADDR], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=10)
            if r.returncode == 0:
                return True
            time.sleep(0.05)
        return False

    def link_stats(self, ns, dev):
        """(rx packets, tx packets, tx dropped) of DEV in NS, or None."""
        r = subprocess.run(["ip", "-n", ns, "-s", "-j", "link", "show", "dev", dev],
                           capture_output=True, text=True, timeout=10)
        try:
            st = json.loads(r.stdout)[0]["stats64"]
            return st["rx"]["packets"], st["tx"]["packets"], st["tx"]["dropped"]
        except (ValueError, KeyError, IndexError):
            return None

    # ---- processes ---------------------------------------------------------
    spawn = bench_host.Bench.spawn

    def reap(self, p, timeout):
        """Wait (bounded) for P, killing it past TIMEOUT; return its stdout."""
        try:
            out, _ = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        if p in self.procs:
            self.procs.remove(p)
        return out or ""

    def wait_ready(self, p, what, secs=10):
        """Wait (bounded) for P's line starting "ready"; raise when it dies or never says it."""
        end = time.monotonic() + secs
        line = ""
        while time.monotonic() < end:
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r:
                line = p.stdout.readline()
                if line.startswith("ready") or not line:
                    break
            if p.poll() is not None:
                break
        if not line.startswith("ready"):
            try:
                p.wait(timeout=2)   # closed its output: exiting, with its reason
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            err = p.stderr.read().strip() if p.stderr else ""
            if p in self.procs:
                self.procs.remove(p)
            raise RuntimeError("%s not ready (exit status %s): %s" % (
                what, p.returncode, (line.strip() + " " + err).strip() or "no output"))
        return line.strip()

    def start_forwarder(self, who, busy, duration):
        """Start the TUN forwarder WHO (floor or icmpkit) on CPU 1, wait for ready:,
        give A and C their routes through it and check the path with one ping.

        Return: (process, its ready: line).
        """
        ta, tc = self.ns["ta"], self.ns["tc"]
        if who == "floor":
            argv = [self.floor, "--iface", "%s,%s,%s/24" % (TUN_A, ta, A_ADDR),
                    "--iface", "%s,%s,%s/24" % (TUN_C, tc, C_ADDR),
                    "--batch", str(self.floor_batch), "--duration", str(int(duration))]
        else:
            argv = [self.icmpkit, "router",
                    "--iface", "tun:%s,addr=%s/24,peer=%s/24,netns=%s" % (TUN_A, A_ROUTER,
                                                                          A_ADDR, ta),
                    "--iface", "tun:%s,addr=%s/24,peer=%s/24,netns=%s" % (TUN_C, C_ROUTER,
                                                                          C_ADDR, tc),
                    "--duration", str(int(duration))]
        if busy:
            argv.append("--busy-poll")
        p = self.spawn(["taskset", "-c", "1"] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
        ready = self.wait_ready(p, "icmpkit router" if who == "icmpkit" else "tun_fwd_floor")
        self.ip("-n", ta, "route", "replace", NET_C, "via", A_ROUTER, "dev", TUN_A)
        self.ip("-n", ta, "route", "replace", NET_X, "via", A_ROUTER, "dev", TUN_A)
        self.ip("-n", tc, "route", "replace", NET_A, "via", C_ROUTER, "dev", TUN_C)
        if not self.path_ok(ta):
            self.stop(p)
            raise RuntimeError("%s: A does not reach C through it (ping)" % who)
        return p, ready

    def stop(self, p):
        """SIGTERM (bounded wait), then its stdout (counters) and exit status."""
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        out = self.reap(p, 10)
        return out, p.returncode

    def receiver(self, ns, secs):
        """udp_flood recv in NS on CPU 0, bounded by SECS; waits for its ready."""
        p = self.spawn(["taskset", "-c", "0", "ip", "netns", "exec", ns, self.flood, "recv",
                        "--port", str(PORT), "--seconds", "%.1f" % secs, "--size", str(PAYLOAD),
                        "--run", str(self.run_id), "--idle", "1"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.wait_ready(p, "udp_flood recv")
        return p

    def sender_argv(self, ns, dst, secs, ttl=None, cpu=0):
        """udp_flood send from NS to DST, bounded by SECS and FLOOD_COUNT, niced."""
        argv = ["taskset", "-c", str(cpu), "nice", "-n", "19", "ip", "netns", "exec", ns,
                self.flood, "send", "--dst", dst, "--port", str(PORT), "--seconds",
                "%.1f" % secs, "--count", str(FLOOD_COUNT), "--size", str(PAYLOAD), "--run",
                str(self.run_id)]
        if ttl:
            argv += ["--ttl", str(ttl)]
        return argv

    def flood_once(self, ns_a, ns_c, dev_c, secs, pid=None):
        """One flood A -> C: receiver up, sender for SECS, both reaped (bounded).
        With PID (a TUN forwarder), the CPU time it used while the sender ran.

        Return: dict with the receiver's and sender's figures, C's link
        counters and "cpu_s" (None without PID).
        """
        rx = self.receiver(ns_c, secs + 10)
        l0 = self.link_stats(ns_c, dev_c)
        c0 = cpu_seconds(pid) if pid else None
        tx = self.spawn(self.sender_argv(ns_a, C_ADDR, secs), stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
        tx_out = self.reap(tx, secs + 15)
        c1 = cpu_seconds(pid) if pid else None
        rx_out = self.reap(rx, 20)
        l1 = self.link_stats(ns_c, dev_c)
        res = {"link_rx": (l1[0] - l0[0]) if l0 and l1 else None,
               "cpu_s": (c1 - c0) if c0 is not None and c1 is not None else None}
        for key, out in (("tx", tx_out), ("rx", rx_out)):
            lines = [ln for ln in out.splitlines() if ln.startswith("{")]
            try:
                res[key] = json.loads(lines[-1])
            except (ValueError, IndexError):
                raise RuntimeError("udp_flood %s printed no figures: %r" % (key, out[-200:]))
        return res


def measure(b, who, busy, secs):
    """One measurement of forwarder WHO (linux, linux-inline, floor, icmpkit).

    Return: dict: rate, the flood's figures, the forwarder's counters.
    """
    if who.startswith("linux"):
        b.set_rps(who == "linux")
        f = b.flood_once(b.ns["la"], b.ns["lc"], "ikrvc", secs)
        f["counters"] = ""
    else:
        p, _ = b.start_forwarder(who, busy, secs + 60)
        try:
            f = b.flood_once(b.ns["ta"], b.ns["tc"], TUN_C, secs, p.pid)
        finally:
            out, rc = b.stop(p)
        f["counters"] = out
        f["rc"] = rc
    rx = f["rx"]
    f["rate"] = rx["received"] / rx["window"] if rx["window"] > 0 else 0.0
    # per second of CPU the forwarder itself got: what others running on
    # its CPU take away does not count
    f["per_cpu_s"] = rx["received"] / f["cpu_s"] if f.get("cpu_s") else None
    return f


def counters_of(out):
    """The counters a forwarder printed on exit: `icmpkit router`'s "Name value"
    lines, or tun_fwd_floor's {"Forwarded": {...}} line, as one dict."""
    res = {}
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                for grp, kv in json.loads(line).items():
                    if isinstance(kv, dict):
                        for k, v in kv.items():
                            if isinstance(v, int):
                                res["%s.%s" % (grp, k)] = v
            except ValueError:
                pass
            continue
        parts = line.split()
        if len(parts) == 2 and "." in parts[0] and parts[1].isdigit():
            res[parts[0]] = int(parts[1])
    return res


def forwarded_count(who, ctr):
    """Datagrams A -> C the forwarder itself says it forwarded, or None."""
    if who == "floor":
        return ctr.get("Forwarded.0to1")
    return ctr.get("Ip.ForwDatagrams")


def expected_ttl(who):
    """The TTL C must see: 63 after a router, 64 through the floor (no stack)."""
    return 64 if who == "floor" else 63


def verdict(who, f):
    """What is wrong with a measurement, or None."""
    rx = f["rx"]
    if rx["received"] == 0:
        return "nothing arrived at C"
    if rx["bad"]:
        return "%d datagrams arrived damaged or foreign" % rx["bad"]
    if rx["ttl_min"] != expected_ttl(who) or rx["ttl_max"] != expected_ttl(who):
        return "TTL %d..%d at C, expected %d" % (rx["ttl_min"], rx["ttl_max"], expected_ttl(who))
    if f.get("rc") not in (None, 0):
        return "exited with status %s" % f["rc"]
    n = forwarded_count(who, counters_of(f["counters"])) if not who.startswith("linux") else None
    if not who.startswith("linux") and (n is None or n < rx["received"]):
        return "it says it forwarded %s datagrams, fewer than C received" % n
    return None


def memory_test(b, secs):
    """VmRSS of `icmpkit router` sampled each second over a bounded mixed flood.

    Return: True for PASS.
    """
    ta, tc = b.ns["ta"], b.ns["tc"]
    p, _ = b.start_forwarder("icmpkit", False, secs + 60)
    pid = p.pid
    samples = [(0.0, rss_kb(pid))]
    t0 = time.monotonic()
    rx = b.receiver(tc, secs + 10)
    loads = [b.spawn(b.sender_argv(ta, C_ADDR, secs), stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True),
             b.spawn(b.sender_argv(ta, C_ADDR, secs, ttl=1), stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True),
             b.spawn(b.sender_argv(ta, NOROUTE, secs), stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)]
    nxt = t0 + 1
    while time.monotonic() < t0 + secs + 0.5:
        time.sleep(max(0.0, nxt - time.monotonic()))
        samples.append((time.monotonic() - t0, rss_kb(pid)))
        nxt += 1
    outs = [b.reap(x, 15) for x in loads]
    rx_out = b.reap(rx, 20)
    samples.append((time.monotonic() - t0, rss_kb(pid)))
    counters, rc = b.stop(p)
    sent = []
    for o in outs:
        try:
            sent.append(json.loads([ln for ln in o.splitlines() if ln.startswith("{")][-1])["sent"])
        except (ValueError, IndexError, KeyError):
            sent.append("?")
    try:
        got = json.loads([ln for ln in rx_out.splitlines() if ln.startswith("{")][-1])
    except (ValueError, IndexError):
        got = {"received": 0, "bad": 0}
    good = [(t, kb) for t, kb in samples if kb is not None]
    after = [(t, kb) for t, kb in good if t >= WARMUP_S - 0.05]
    if not after:
        log("(c) memory: no samples (router died?)")
        return False
    start, first, end = good[0][1], after[0][1], after[-1][1]
    mx = max(kb for _, kb in after)
    log("(c) load over %d s: A -> C flood (%s sent, %d received at C, %d damaged), TTL 1 flood "
        "(%s sent: Time Exceeded), flood to %s (%s sent: no route)" % (
            secs, sent[0], got.get("received", 0), got.get("bad", 0), sent[1], NOROUTE, sent[2]))
    ctr = counters_of(counters)
    log("(c) router on exit (status %s): %s" % (rc, " ".join(
        "%s %s" % (k, ctr.get(k, 0)) for k in (
            "Ip.InReceives", "Ip.ForwDatagrams", "Ip.OutNoRoutes", "Ip.InHdrErrors",
            "IcmpMsg.OutType3", "IcmpMsg.OutType11", "Icmp.OutRateLimitGlobal",
            "Icmp.OutRateLimitHost", "Router.RxDropped", "Router.TxErrors"))))
    log("(c) VmRSS kB each second: " + " ".join(str(kb) for _, kb in good))
    ok = mx - first <= MEM_GROWTH_MAX_KB and rc == 0
    log("(c) VmRSS start %d kB, after %d s warm-up (first) %d kB, max %d kB, end %d kB: growth "
        "end-start %d kB, max-first %d kB (goal <= %d kB): %s" % (
            start, WARMUP_S, first, mx, end, end - start, mx - first, MEM_GROWTH_MAX_KB,
            "PASS" if ok else "MISS"))
    return ok


def main():
    """Parse arguments, run the rounds, print the figures and goal lines.

    Return: exit status.
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--icmpkit", default=os.environ.get("ICMPKIT", ""))
    ap.add_argument("--floor", default=None,
                    help="tun_fwd_floor (default: BUILD/bench/tun_fwd_floor next to "
                    "BUILD/src/cli/icmpkit); 'none' leaves it out")
    ap.add_argument("--floor-batch", type=int, default=64,
                    help="datagrams tun_fwd_floor reads per burst (64; 1: one at a time)")
    ap.add_argument("--flood", default=None,
                    help="udp_flood (default: BUILD/bench/udp_flood)")
    ap.add_argument("--quick", action="store_true", help="a smoke run under a minute")
    ap.add_argument("--runs", type=int, default=None, help="rounds (5; --quick 1)")
    ap.add_argument("--seconds", type=float, default=None, help="flood length (2; --quick 1)")
    ap.add_argument("--modes", default="plain,busy-poll")
    ap.add_argument("--forwarders", default="linux,linux-inline,floor,icmpkit")
    ap.add_argument("--mem-seconds", type=int, default=None, help="(c) flood length (60; --quick 5)")
    ap.add_argument("--skip-mem", action="store_true")
    ap.add_argument("--skip-rate", action="store_true")
    args = ap.parse_args()

    if os.geteuid() != 0:
        log("SKIP bench_router: needs root")
        return 0
    for tool in ("ip", "ping", "taskset", "nice"):
        if not shutil.which(tool):
            log("SKIP bench_router: %s not installed" % tool)
            return 0
    if not os.path.exists("/dev/net/tun"):
        log("SKIP bench_router: no /dev/net/tun")
        return 0
    if (os.cpu_count() or 1) < 2:
        log("SKIP bench_router: needs 2 CPUs (forwarder on one, sender and receiver on the other)")
        return 0
    if not args.icmpkit or not os.access(args.icmpkit, os.X_OK):
        print("bench_router: --icmpkit PATH (or ICMPKIT) not set or not executable",
              file=sys.stderr)
        return 1
    bench_dir = os.path.join(os.path.dirname(os.path.abspath(args.icmpkit)), "..", "..", "bench")
    flood = os.path.abspath(args.flood or os.path.join(bench_dir, "udp_flood"))
    if not os.access(flood, os.X_OK):
        print("bench_router: udp_flood not found (%s)" % flood, file=sys.stderr)
        return 1
    floor = args.floor if args.floor is not None else os.path.join(bench_dir, "tun_fwd_floor")
    floor = os.path.abspath(floor) if floor != "none" and os.access(floor, os.X_OK) else None
    runs = args.runs or (1 if args.quick else 5)
    secs = args.seconds or (1.0 if args.quick else 2.0)
    mem_s = args.mem_seconds or (5 if args.quick else 60)
    modes = [m for m in ("plain", "busy-poll") if m in args.modes.split(",")]
    wanted = args.forwarders.split(",")
    b = Bench(os.path.abspath(args.icmpkit), floor, flood, args.floor_batch)

    def on_signal(signo, _frame):
        raise SystemExit(128 + signo)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    t_start = time.monotonic()
    failed = False
    try:
        b.setup()
        log("bench_router: nproc %d, load %s; other processes busy now: %s" % (
            os.cpu_count(), loadavg(), busy_others() or "none"))
        log("bench_router: flood = %s send, %d-octet UDP payload, sendmmsg batches of 64, %.1f s "
            "(and at most %d datagrams) per measurement, from A %s to C %s:%d; received, "
            "checked and counted by udp_flood recv in C" % (flood, PAYLOAD, secs, FLOOD_COUNT,
                                                             A_ADDR, C_ADDR, PORT))
        log("bench_router: pinning: the forwarder (linux: R's receive path by RPS) on CPU 1; "
            "sender (nice 19) and receiver on CPU 0")
        log("bench_router: linux   = kernel of netns %s (ip_forward=1) between %s and %s over "
            "veth" % (b.ns["lr"], b.ns["la"], b.ns["lc"]))
        log("bench_router: floor   = %s" % (
            "%s --batch %d: TUN %s in netns %s <-> TUN %s in netns %s, read and write in "
            "bursts, no stack" % (floor, args.floor_batch, TUN_A, b.ns["ta"], TUN_C, b.ns["tc"])
            if floor else
            "not measured (no tun_fwd_floor)"))
        log("bench_router: icmpkit = %s router --iface tun:%s,addr=%s/24,peer=%s/24,netns=%s "
            "--iface tun:%s,addr=%s/24,peer=%s/24,netns=%s [--busy-poll]" % (
                b.icmpkit, TUN_A, A_ROUTER, A_ADDR, b.ns["ta"], TUN_C, C_ROUTER, C_ADDR,
                b.ns["tc"]))
        plan = []
        for fw in ("linux", "linux-inline"):
            if fw in wanted:
                plan.append((fw, False))
        for mode in modes:
            for fw in ("floor", "icmpkit"):
                if fw in wanted and (fw != "floor" or floor):
                    plan.append((fw, mode == "busy-poll"))
        rates = {}
        per_run = {}
        per_cpu = {}
        limited = set()
        wrong = {}
        unavailable = {}
        if not args.skip_rate:
            log("%-3s %-13s %-9s %10s %9s %9s %9s %7s %6s %5s  %s" % (
                "run", "forwarder", "mode", "fwd/s", "sent", "received", "link rx", "window",
                "drops", "ttl", "notes"))
            for run in range(runs):
                order = plan if run % 2 == 0 else list(reversed(plan))
                for fw, busy in order:
                    key = (fw, busy)
                    if key in unavailable:
                        continue
                    try:
                        f = measure(b, fw, busy, secs)
                    except RuntimeError as e:
                        if fw == "icmpkit":
                            unavailable[key] = str(e)
                            log("%-3d %-13s %-9s %10s  %s" % (run + 1, fw,
                                                              "busy-poll" if busy else "plain",
                                                              "-", "not measured: %s" % e))
                            failed = True
                            continue
                        raise
                    why = verdict(fw, f)
                    if why:
                        failed = True
                    rx, tx = f["rx"], f["tx"]
                    ctr = counters_of(f["counters"])
                    own = ""
                    if fw == "icmpkit":
                        own = "; router: ForwDatagrams %s, wakeups %s, full batches %s" % (
                            ctr.get("Ip.ForwDatagrams", "?"), ctr.get("Router.Wakeups", "?"),
                            ctr.get("Router.FullBatches", "?"))
                    elif fw == "floor":
                        own = "; floor: forwarded %s" % ctr.get("Forwarded.0to1", "?")
                    if f.get("per_cpu_s"):
                        own += "; %.0f per CPU-second (%.2f s of CPU)" % (f["per_cpu_s"],
                                                                         f["cpu_s"])
                        if not why:
                            per_cpu.setdefault(key, {})[run] = f["per_cpu_s"]
                    if not why and rx["received"] >= 0.995 * tx["sent"]:
                        own += "; sender-limited (all offered got through): a lower bound"
                        limited.add(key)
                    log("%-3d %-13s %-9s %10.0f %9d %9d %9s %7.3f %6d %5s  %s%s; load %s" % (
                        run + 1, fw, "busy-poll" if busy else "plain", f["rate"], tx["sent"],
                        rx["received"], f["link_rx"] if f["link_rx"] is not None else "-",
                        rx["window"], rx["drops"],
                        "%d" % rx["ttl_min"] if rx["ttl_min"] == rx["ttl_max"] else
                        "%d-%d" % (rx["ttl_min"], rx["ttl_max"]),
                        "FAIL: " + why if why else "ok", own, loadavg()))
                    if why:
                        wrong[key] = wrong.get(key, 0) + 1
                    else:
                        rates.setdefault(key, []).append(f["rate"])
                        per_run.setdefault(key, {})[run] = f["rate"]
            log("")
            log("summary (median of %d round%s; fwd/s = datagrams C received per second):" % (
                runs, "" if runs == 1 else "s"))

            def med(key):
                v = rates.get(key)
                return statistics.median(v) if v else None
            lin, inl = med(("linux", False)), med(("linux-inline", False))
            for fw in ("linux", "linux-inline"):
                if (fw, False) in wrong:
                    log("%s FAIL in %d of %d rounds (above): those rounds are not counted" % (
                        fw, wrong[(fw, False)], runs))
            def bound(key):
                return (" (sender-limited in some round: the forwarder took all the sender "
                        "could offer, so this is a lower bound of its rate)"
                        if key in limited else "")
            if lin is not None:
                log("linux (forwarding on CPU 1 by RPS) %.0f/s%s" % (lin, bound(("linux", False))))
            if inl is not None:
                log("linux-inline (forwarding in the sender's softirq, CPU 0) %.0f/s%s" % (
                    inl, bound(("linux-inline", False))))
            for mode in modes:
                busy = mode == "busy-poll"
                fl, ik = med(("floor", busy)), med(("icmpkit", busy))
                for fw in ("floor", "icmpkit"):
                    if (fw, busy) in wrong:
                        log("%s %-9s FAIL in %d of %d rounds (above): those rounds are not "
                            "counted" % (fw, mode, wrong[(fw, busy)], runs))
                if fl is not None:
                    log("floor %-9s %.0f/s%s%s" % (mode, fl, " (%.2f of linux)" % (fl / lin)
                                                   if lin else "", bound(("floor", busy))))
                if ("icmpkit", busy) in unavailable:
                    log("icmpkit %-9s not measured: %s" % (mode, unavailable[("icmpkit", busy)]))
                    continue
                if ik is None:
                    continue
                line = "icmpkit %-9s %.0f/s%s" % (mode, ik, bound(("icmpkit", busy)))
                pairs = [v / per_run[("floor", busy)][k]
                         for k, v in per_run.get(("icmpkit", busy), {}).items()
                         if per_run.get(("floor", busy), {}).get(k)]
                if pairs:
                    r = statistics.median(pairs)
                    line += "; icmpkit/floor %.3f (paired rounds, %.2f..%.2f; goal >= %.1f): %s" % (
                        r, min(pairs), max(pairs), GOAL_FLOOR,
                        "PASS" if r >= GOAL_FLOOR else "MISS")
                cpairs = [v / per_cpu[("floor", busy)][k]
                          for k, v in per_cpu.get(("icmpkit", busy), {}).items()
                          if per_cpu.get(("floor", busy), {}).get(k)]
                if cpairs:
                    line += "; per CPU-second of the forwarder: icmpkit/floor %.3f (%.2f..%.2f)" % (
                        statistics.median(cpairs), min(cpairs), max(cpairs))
                if lin:
                    line += "; icmpkit/linux %.2f%s" % (
                        ik / lin, " (linux sender-limited: at most)" if ("linux", False) in limited
                        else "")
                if inl:
                    line += "; icmpkit/linux-inline %.2f" % (ik / inl)
                log(line)
        if not args.skip_mem and "icmpkit" in wanted:
            log("")
            if ("icmpkit", False) in unavailable:
                log("(c) memory: not measured (icmpkit router not available)")
            else:
                try:
                    memory_test(b, mem_s)
                except RuntimeError as e:
                    log("(c) memory: not measured: %s" % e)
                    failed = True
        log("bench_router: %.1f s, load %s; other processes busy now: %s" % (
            time.monotonic() - t_start, loadavg(), busy_others() or "none"))
        if failed:
            log("bench_router: a result is wrong or a forwarder could not be measured (above)")
            return 1
        return 0
    except RuntimeError as e:
        log("bench_router: %s" % e)
        return 1
    finally:
        b.cleanup()


if __name__ == "__main__":
    sys.exit(main())
