#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_tools.py - `icmpkit ping` and `icmpkit traceroute` against the Linux tools, same run (issue 12 items 13, 15).

Usage (root): bench_tools.py --icmpkit PATH [--rusage PATH] [--quick] [--runs N]
                             [--count N] [--only ping-flood,trace-8-hops]

A list of benchmarks (BENCHMARKS below), each a function that builds its own
network namespaces (a Net: unique names per run, removed when it returns,
also on an error or SIGINT/SIGTERM), measures the icmpkit tool and its
peers in alternating rounds, prints a table with the peer named and the
ratio, and returns False only when a result is wrong:

 ping-flood (item 13): `icmpkit ping -q -f` against iputils `ping -q -f`,
     from namespace A (192.0.2.1) to the Linux kernel of namespace B
     (192.0.2.2) over a veth pair, -l 1 and -l 16, -c COUNT (100000;
     --quick 5000) bounded by -w. Rate = replies (the tool's "N received")
     / the wall time of the process. Peak RSS = ru_maxrss of the tool, from
     wait4() in bench/rusage_exec (a child of Python would report Python's
     own peak: exec() records the parent's high-water mark under vfork()).
     Both tools open a datagram ICMP socket when the caller's group is in
     net.ipv4.ping_group_range and a raw socket otherwise, so each case runs
     twice with A's range set for one kind, "1 0" (raw) and "0 2147483647"
     (datagram), and the kind each tool took is checked with -v; also the
     user + system CPU time per reply. Goal:
     icmpkit/iputils >= 1.0 (median of the paired rounds). Wrong: no
     replies, or the other socket kind.
 trace-8-hops (item 15): the time to complete a trace of an 8-hop path:
     9 namespaces in a chain, the source S, 7 Linux routers R1..R7
     (ip_forward=1) and the destination D (192.0.2.2), veth links with
     RFC 5737 /25 and /30 networks, no default route. `icmpkit traceroute
     -n D`, Linux `traceroute -n D` and `mtr -r -n -c 1 D`, each with its
     defaults (traceroute 2.x and icmpkit: -q 3 -N 16 -w 5), and again with
     one probe per hop for all three (-q 1; mtr -c 1 is one already), in
     rounds whose order rotates (a round: icmpkit and traceroute 5 times
     each, --quick 2, and mtr once, in turns); best and median of the wall
     time, the CPU time of each (rusage_exec), and each tool's start-up
     alone (--help / -V / --version) beside them. Goal: icmpkit <= the
     faster of the two others (median). Wrong: a trace without the 8 hops
     and their addresses in order, or not finishing in its bound. The
     routers keep Linux's ICMP rate limits (printed): every run takes a
     fresh source address of S (the route's "src"), so no run spends
     another's per-destination tokens.

Exit status 1 when a result is wrong or a measurement cannot be made; a
MISS of a goal is printed, not an exit status.
"""
import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_host  # noqa: E402 (namespaces, processes, cleanup)
import bench_router  # noqa: E402
from bench_host import log, loadavg, busy_others  # noqa: E402


class Net:
    """The namespaces and processes of one benchmark, and their cleanup
    (bench_host's and bench_router's helpers)."""

    ip = bench_host.Bench.ip
    cleanup = bench_host.Bench.cleanup
    spawn = bench_host.Bench.spawn
    nsexec = bench_router.Bench.nsexec
    reap = bench_router.Bench.reap

    def __init__(self, label):
        self.tag = "%d-%04x-%s" % (os.getpid() % 100000, random.randrange(1 << 16), label)
        self.namespaces = []
        self.procs = []

    def add(self, key):
        """A new namespace (lo up); return its name."""
        ns = "ikt-%s-%s" % (self.tag, key)
        self.ip("netns", "add", ns)
        self.namespaces.append(ns)
        self.ip("-n", ns, "link", "set", "lo", "up")
        return ns

    def link(self, ns1, dev1, cidr1, ns2, dev2, cidr2):
        """A veth pair DEV1 in NS1 - DEV2 in NS2, addressed and up."""
        self.ip("link", "add", dev1, "netns", ns1, "type", "veth", "peer", "name", dev2,
                "netns", ns2)
        for ns, dev, cidr in ((ns1, dev1, cidr1), (ns2, dev2, cidr2)):
            self.ip("-n", ns, "addr", "add", cidr, "dev", dev)
            self.ip("-n", ns, "link", "set", dev, "up")

    def sysctl(self, ns, key, value):
        """Set KEY=VALUE in NS."""
        self.nsexec(ns, "sysctl", "-q", "-w", "%s=%s" % (key, value))

    def sysctl_get(self, ns, key):
        """The value of KEY in NS, as text."""
        r = subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-n", key], capture_output=True,
                           text=True, timeout=10)
        return " ".join(r.stdout.split()) if r.returncode == 0 else "?"

    def ping_ok(self, ns, dst, tries=30):
        """One ping from NS to DST answered (bounded: TRIES x 1 s at most)."""
        for _ in range(tries):
            r = subprocess.run(["ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", "-q", dst],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
            if r.returncode == 0:
                return True
            time.sleep(0.05)
        return False

    def run(self, ns, argv, bound_s, cpu=None):
        """ARGV in NS (on CPU when given), at most BOUND_S seconds.

        Return: (exit status or None when killed, stdout, stderr, wall seconds).
        """
        pre = ["taskset", "-c", str(cpu)] if cpu is not None else []
        t0 = time.monotonic()
        p = self.spawn(pre + ["ip", "netns", "exec", ns] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
        try:
            out, err = p.communicate(timeout=bound_s)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            rc = None
        dt = time.monotonic() - t0
        self.procs.remove(p)
        return rc, out or "", err or "", dt


def med(v):
    """The median of V, or 0.0 for none."""
    return statistics.median(v) if v else 0.0


# ---- item 13: ping -f ----------------------------------------------------
PING_A, PING_B = "192.0.2.1", "192.0.2.2"       # RFC 5737 TEST-NET-1
GROUP_RANGE = {"raw": "1 0", "dgram": "0 2147483647"}


def socket_kind(net, ns, argv, who):
    """The ICMP socket kind WHO opens, from its -v output ("raw", "dgram" or "?")."""
    rc, out, err, _ = net.run(ns, argv + ["-v", "-c", "1", "-W", "1", PING_B], 10)
    text = out + err
    if who == "iputils":
        m = re.search(r"sock4\.fd: \d+ \(socktype: SOCK_(RAW|DGRAM)\)", text)
        return m.group(1).lower() if m else "?"
    m = re.search(r"^(raw ICMP|ICMP datagram) socket, Identifier", text, re.M)
    if not m:
        return "?"
    return "raw" if m.group(1) == "raw ICMP" else "dgram"


def ping_once(net, ns, cfg, argv, opts, bound_s):
    """One flood: ARGV OPTS PING_B under rusage_exec in NS.

    Return: dict: received, transmitted, secs, rate, rss_kb, cpu_us (user + system
    CPU per reply), rc (None: killed).
    """
    rc, out, err, dt = net.run(ns, [cfg.rusage] + argv + opts + [PING_B], bound_s, cfg.cpu)
    m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
    r = re.search(r"rusage_exec: maxrss_kb=(\d+) utime_s=([\d.]+) stime_s=([\d.]+)", err)
    got = int(m.group(2)) if m else 0
    cpu = float(r.group(2)) + float(r.group(3)) if r else 0.0
    return {"transmitted": int(m.group(1)) if m else 0, "received": got, "secs": dt,
            "rate": got / dt if dt > 0 else 0.0, "rss_kb": int(r.group(1)) if r else 0, "rc": rc,
            "cpu_us": 1e6 * cpu / got if got else 0.0,
            "tail": (out + err).strip().splitlines()[-2:]}


def bench_ping_flood(cfg):
    """Item 13: icmpkit ping -f against iputils ping -f, same target, same run.

    Return: True unless a result is wrong.
    """
    if not shutil.which("ping"):
        log("SKIP ping-flood: iputils ping not installed")
        return True
    net = Net("pf")
    ok = True
    try:
        a, b = net.add("a"), net.add("b")
        net.link(a, "ikpa", PING_A + "/24", b, "ikpb", PING_B + "/24")
        if not net.ping_ok(a, PING_B):
            raise RuntimeError("ping-flood: B does not answer ping over the veth")
        count = cfg.count or (5000 if cfg.quick else 100000)
        deadline = 3 if cfg.quick else 10
        runs = cfg.runs or (1 if cfg.quick else 5)
        tools = {"iputils": ["ping"], "icmpkit": [cfg.icmpkit, "ping"]}
        base = subprocess.run([cfg.rusage, "/bin/true"], capture_output=True, text=True)
        floor = re.search(r"maxrss_kb=(\d+)", base.stderr)
        log("ping-flood: namespace %s (%s) pings the Linux kernel of %s (%s) over veth; "
            "%s -q -f -l L -c %d -w %d, wall time of the process; rss = ru_maxrss by wait4() "
            "in rusage_exec (its own floor: %s kB)%s" % (
                a, PING_A, b, PING_B, "TOOL", count, deadline,
                floor.group(1) if floor else "?",
                "; every ping on CPU %d" % cfg.cpu if cfg.cpu is not None else ""))
        log("ping-flood: iputils = %s, icmpkit = %s ping" % (shutil.which("ping"), cfg.icmpkit))
        idle = {}
        for w, extra in (("iputils", ["-V"]), ("icmpkit", ["--help"])):
            _, _, err, _ = net.run(a, [cfg.rusage] + tools[w] + extra, 10)
            m = re.search(r"maxrss_kb=(\d+)", err)
            idle[w] = int(m.group(1)) if m else 0
        log("ping-flood: peak RSS of each tool starting and exiting without a socket (ping -V, "
            "icmpkit ping --help): iputils %d kB, icmpkit %d kB (the shared objects each maps)"
            % (idle["iputils"], idle["icmpkit"]))
        log("%-6s %-3s %-3s %-8s %11s %11s %6s %10s %10s %8s %8s  %s" % (
            "socket", "-l", "run", "first", "iputils/s", "icmpkit/s", "ratio", "iputils kB",
            "icmpkit kB", "iputils", "icmpkit", "replies iputils / icmpkit"))
        log("%-6s %-3s %-3s %-8s %11s %11s %6s %10s %10s %8s %8s" % (
            "", "", "", "", "", "", "", "peak RSS", "peak RSS", "CPU us/r", "CPU us/r"))
        summary = []
        for kind in ("raw", "dgram"):
            net.sysctl(a, "net.ipv4.ping_group_range", GROUP_RANGE[kind])
            kinds = {w: socket_kind(net, a, argv, w) for w, argv in tools.items()}
            for w, k in kinds.items():
                if k != kind:
                    log("ping-flood: FAIL: with ping_group_range \"%s\" %s opened a %s socket, "
                        "not %s" % (GROUP_RANGE[kind], w, k, kind))
                    ok = False
            for preload in (1, 16):
                opts = ["-q", "-f", "-l", str(preload), "-c", str(count), "-w", str(deadline)]
                res = {"iputils": [], "icmpkit": []}
                ratios = []
                for run in range(runs):
                    order = ["iputils", "icmpkit"] if run % 2 == 0 else ["icmpkit", "iputils"]
                    got = {}
                    for w in order:
                        got[w] = ping_once(net, a, cfg, tools[w], opts, deadline + 20)
                        if got[w]["received"] == 0 or got[w]["rc"] is None:
                            log("ping-flood: FAIL: %s %s: no replies or killed: %s" % (
                                w, " ".join(opts), " | ".join(got[w]["tail"])))
                            ok = False
                        res[w].append(got[w])
                    i, k = got["iputils"], got["icmpkit"]
                    ratio = k["rate"] / i["rate"] if i["rate"] > 0 else 0.0
                    ratios.append(ratio)
                    log("%-6s %-3d %-3d %-8s %11.0f %11.0f %6.2f %10d %10d %8.2f %8.2f  %d/%d "
                        "in %.3f s, %d/%d in %.3f s" % (
                            kind, preload, run + 1, order[0], i["rate"], k["rate"], ratio,
                            i["rss_kb"], k["rss_kb"], i["cpu_us"], k["cpu_us"], i["received"],
                            i["transmitted"], i["secs"],
                            k["received"], k["transmitted"], k["secs"]))
                summary.append((kind, preload, med([x["rate"] for x in res["iputils"]]),
                                med([x["rate"] for x in res["icmpkit"]]), med(ratios),
                                min(ratios), max(ratios),
                                max(x["rss_kb"] for x in res["iputils"]),
                                max(x["rss_kb"] for x in res["icmpkit"]),
                                med([x["cpu_us"] for x in res["iputils"]]),
                                med([x["cpu_us"] for x in res["icmpkit"]])))
        log("")
        log("ping-flood summary (median of %d paired round%s; peak RSS the largest of the rounds):"
            % (runs, "" if runs == 1 else "s"))
        log("%-6s %-3s %11s %11s %6s %12s  %-5s %11s %11s %6s %9s %9s" % (
            "socket", "-l", "iputils/s", "icmpkit/s", "ratio", "(min..max)", "goal",
            "iputils kB", "icmpkit kB", "ratio", "iputils", "icmpkit"))
        log("%-6s %-3s %11s %11s %6s %12s  %-5s %11s %11s %6s %9s %9s" % (
            "", "", "", "", "", "", "", "peak RSS", "peak RSS", "", "CPU us/r", "CPU us/r"))
        for kind, preload, ir, kr, rm, rmin, rmax, irss, krss, icpu, kcpu in summary:
            log("%-6s %-3d %11.0f %11.0f %6.2f %12s  %-5s %11d %11d %6.2f %9.2f %9.2f" % (
                kind, preload, ir, kr, rm, "(%.2f..%.2f)" % (rmin, rmax),
                "PASS" if rm >= 1.0 else "MISS", irss, krss, krss / irss if irss else 0.0,
                icpu, kcpu))
        log("ping-flood: goal icmpkit/iputils >= 1.0 replies per second; socket kind set by A's "
            "net.ipv4.ping_group_range (raw \"1 0\", dgram \"0 2147483647\"), checked with -v")
        return ok
    finally:
        net.cleanup()


# ---- item 15: traceroute over 8 hops --------------------------------------
TRACE_DST = "192.0.2.2"     # RFC 5737 TEST-NET-1: D, on the last link
TRACE_ROUTERS = 7
SRC_NET = "198.51.100.0/25"  # S's link to R1: room for a source address per run


def trace_links():
    """The 8 links of the chain S - R1 - ... - R7 - D: (left cidr, right cidr).

    Link 0 is 198.51.100.0/25 (S .1 and the run addresses .2-.125, R1
    .126); links 1-3 /30s in 198.51.100.128/26, links 4-6 /30s in
    203.0.113.0/24,
    link 7 192.0.2.0/30 (R7 .1, D .2).
    """
    links = [("198.51.100.1/25", "198.51.100.126/25")]
    for i in range(1, 4):
        base = 128 + 4 * (i - 1)
        links.append(("198.51.100.%d/30" % (base + 1), "198.51.100.%d/30" % (base + 2)))
    for i in range(4, 7):
        base = 4 * (i - 4)
        links.append(("203.0.113.%d/30" % (base + 1), "203.0.113.%d/30" % (base + 2)))
    links.append(("192.0.2.1/30", TRACE_DST + "/30"))
    return links


def setup_chain(net):
    """The 9 namespaces and their routes.

    Return: (list of namespaces S, R1..R7, D; expected hop addresses 1..8).
    """
    names = ["s"] + ["r%d" % i for i in range(1, TRACE_ROUTERS + 1)] + ["d"]
    nss = [net.add(n) for n in names]
    links = trace_links()
    for i, (left, right) in enumerate(links):
        net.link(nss[i], "iktd", left, nss[i + 1], "iktu", right)
    addr = [c.split("/")[0] for lr in links for c in lr]   # left0, right0, left1, ...
    for k in range(1, TRACE_ROUTERS + 1):
        net.sysctl(nss[k], "net.ipv4.ip_forward", 1)
    # S: only D's network, via R1 (no default route)
    net.ip("-n", nss[0], "route", "add", "192.0.2.0/24", "via", addr[1])
    for k in range(1, TRACE_ROUTERS + 1):
        if k < TRACE_ROUTERS:        # towards D: the next router's near side
            net.ip("-n", nss[k], "route", "add", "192.0.2.0/24", "via", addr[2 * k + 1])
        if k > 1:                    # back to S's link: the previous router's far side
            net.ip("-n", nss[k], "route", "add", SRC_NET, "via", addr[2 * (k - 1)])
    net.ip("-n", nss[-1], "route", "add", SRC_NET, "via", addr[2 * TRACE_ROUTERS])
    hops = [addr[2 * k - 1] for k in range(1, TRACE_ROUTERS + 2)]
    return nss, hops


def trace_hops(who, out):
    """The hops a trace printed: [(ttl, [addresses], stars)]."""
    hops = []
    for line in out.splitlines():
        if who == "mtr":
            m = re.match(r"\s*(\d+)\.\|--\s+(\S+)", line)
            if m:
                hops.append((int(m.group(1)), [] if m.group(2) == "???" else [m.group(2)],
                             1 if m.group(2) == "???" else 0))
            continue
        m = re.match(r"\s*(\d+)\s+(.*)$", line)
        if not m:
            continue
        rest = m.group(2)
        addrs = re.findall(r"(?<![\d.])(\d+\.\d+\.\d+\.\d+)(?![\d.])", rest)
        hops.append((int(m.group(1)), sorted(set(addrs)), rest.split().count("*")))
    return hops


def trace_verdict(who, out, expect):
    """Why OUT is not the full trace (8 hops, each its address, in order), or ""."""
    hops = trace_hops(who, out)
    if [h[0] for h in hops] != list(range(1, len(expect) + 1)):
        return "hops printed %s, not 1..%d" % ([h[0] for h in hops], len(expect))
    for (ttl, addrs, _), want in zip(hops, expect):
        if addrs != [want]:
            return "hop %d is %s, not %s" % (ttl, " ".join(addrs) or "*", want)
    return ""


class Sources:
    """Source addresses of S for the trace runs, one per run: each becomes
    the address of S's link and the "src" of its route to D, so every run
    meets full per-destination ICMP tokens in the routers (Linux refills
    one per icmp_ratelimit, 1 s, up to 6); an address is used again only
    REST seconds after its last run."""

    REST = 7.0

    def __init__(self, net, ns, gateway):
        self.net, self.ns, self.gw = net, ns, gateway
        self.free = ["198.51.100.%d" % i for i in range(2, 126)]
        self.used = []        # (address, time of its last run)
        self.cur = None

    def take(self):
        """Make the next address S's source; return it."""
        if self.cur:
            self.net.ip("-n", self.ns, "addr", "del", self.cur + "/25", "dev", "iktd")
            self.used.append((self.cur, time.monotonic()))
        if not self.free:
            addr, last = self.used.pop(0)
            time.sleep(max(0.0, last + self.REST - time.monotonic()))
            self.free.append(addr)
        self.cur = self.free.pop(0)
        self.net.ip("-n", self.ns, "addr", "add", self.cur + "/25", "dev", "iktd")
        self.net.ip("-n", self.ns, "route", "replace", "192.0.2.0/24", "via", self.gw, "src",
                    self.cur)
        return self.cur


def bench_trace(cfg):
    """Item 15: the time of a full trace of an 8-hop path, icmpkit traceroute
    against Linux traceroute and mtr.

    Return: True unless a result is wrong.
    """
    peers = [p for p in ("traceroute", "mtr") if shutil.which(p)]
    for p in ("traceroute", "mtr"):
        if p not in peers:
            log("trace-8-hops: %s not installed: not measured" % p)
    net = Net("tr")
    ok = True
    try:
        nss, expect = setup_chain(net)
        src = nss[0]
        if not net.ping_ok(src, TRACE_DST):
            raise RuntimeError("trace-8-hops: D does not answer ping through the chain")
        runs = cfg.runs or (1 if cfg.quick else 5)
        rl = {k: net.sysctl_get(nss[1], "net.ipv4." + k) for k in (
            "icmp_ratelimit", "icmp_ratemask", "icmp_msgs_per_sec", "icmp_msgs_burst")}
        log("trace-8-hops: S %s, routers R1..R7 %s, D %s; expected hops: %s" % (
            src, " ".join(nss[1:-1]), nss[-1], " ".join(expect)))
        log("trace-8-hops: the routers' ICMP rate limits (Linux defaults, kept): %s" % ", ".join(
            "%s=%s" % kv for kv in rl.items()))
        log("trace-8-hops: each run from a fresh source address of S (198.51.100.2..125, set as "
            "the route's src; again only %.0f s after its last run), so each starts with full "
            "per-destination tokens" % Sources.REST)
        rows = [
            ("defaults", {"icmpkit": [cfg.icmpkit, "traceroute", "-n", TRACE_DST],
                          "traceroute": ["traceroute", "-n", TRACE_DST],
                          "mtr": ["mtr", "-r", "-n", "-c", "1", TRACE_DST]}),
            ("1 probe/hop", {"icmpkit": [cfg.icmpkit, "traceroute", "-n", "-q", "1", TRACE_DST],
                             "traceroute": ["traceroute", "-n", "-q", "1", TRACE_DST],
                             "mtr": ["mtr", "-r", "-n", "-c", "1", TRACE_DST]}),
        ]
        for row, cmds in rows:
            log("trace-8-hops: %-11s %s" % (row, "; ".join(
                " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(cmds[w]))
                for w in ["icmpkit"] + peers)))
        startup = {}
        for w, argv in (("icmpkit", [cfg.icmpkit, "traceroute", "--help"]),
                        ("traceroute", ["traceroute", "-V"]), ("mtr", ["mtr", "--version"])):
            if w in ["icmpkit"] + peers:
                startup[w] = med([net.run(src, argv, 10)[3] for _ in range(3 if cfg.quick else 25)])
        log("trace-8-hops: start-up alone (the same ip netns exec, nothing sent: icmpkit "
            "traceroute --help, traceroute -V, mtr --version; median): %s" % ", ".join(
                "%s %.4f s" % kv for kv in startup.items()))
        pool = Sources(net, src, expect[0])
        summary = []
        bound = 60
        reps = 2 if cfg.quick else 5
        log("trace-8-hops: a round runs icmpkit and traceroute %d times each and mtr once (its "
            "report takes seconds), in turns, the order rotating from round to round" % reps)
        log("%-11s %-3s %-10s %3s %9s %9s %5s  %s" % ("row", "run", "tool", "n", "best s",
                                                   "median s", "stars", "notes"))
        for row, cmds in rows:
            tools = ["icmpkit"] + peers
            times = {w: [] for w in tools}
            cpu = {w: [] for w in tools}    # user + system seconds of each trace
            for run in range(runs):
                k = run % len(tools)
                order = tools[k:] + tools[:k]
                got = {w: [] for w in tools}
                stars = {w: 0 for w in tools}
                for rep in range(reps):
                    for w in order:
                        if w == "mtr" and rep:
                            continue
                        saddr = pool.take()
                        rc, out, err, dt = net.run(src, [cfg.rusage] + cmds[w], bound)
                        ru = re.search(r"rusage_exec: maxrss_kb=\d+ utime_s=([\d.]+) "
                                       r"stime_s=([\d.]+)", err)
                        err = re.sub(r"rusage_exec: .*\n?", "", err)
                        why = ("killed after %d s" % bound if rc is None else
                               "exit status %d: %s" % (rc, err.strip()[-200:]) if rc != 0 else
                               trace_verdict(w, out, expect))
                        stars[w] += sum(h[2] for h in trace_hops(w, out))
                        if why:
                            ok = False
                            log("%-11s %-3d %-10s FAIL from %s: %s" % (row, run + 1, w, saddr, why))
                            for line in out.splitlines()[-12:]:
                                log("    | " + line)
                        else:
                            got[w].append(dt)
                            if ru:
                                cpu[w].append(float(ru.group(1)) + float(ru.group(2)))
                for w in order:
                    times[w] += got[w]
                    if got[w]:
                        log("%-11s %-3d %-10s %3d %9.4f %9.4f %5d  8 hops each" % (
                            row, run + 1, w, len(got[w]), min(got[w]), med(got[w]), stars[w]))
            summary.append((row, times, cpu))
        log("")
        log("trace-8-hops summary (seconds to a full trace, over all rounds; %d round%s):" % (
            runs, "" if runs == 1 else "s"))
        log("%-11s %-10s %8s %8s %9s %8s  %s" % ("row", "tool", "best", "median", "-start-up",
                                                  "CPU ms", "icmpkit/peer (median; without "
                                                  "start-up)"))
        for row, times, cpu in summary:
            for w, v in times.items():
                if not v:
                    log("%-11s %-10s %8s %8s" % (row, w, "-", "-"))
                    continue
                note = ""
                net_w = med(v) - startup.get(w, 0.0)
                if w != "icmpkit" and times["icmpkit"]:
                    net_k = med(times["icmpkit"]) - startup.get("icmpkit", 0.0)
                    note = "%.2f; %s" % (med(times["icmpkit"]) / med(v),
                                         "%.2f" % (net_k / net_w) if net_w > 0 else "-")
                log("%-11s %-10s %8.4f %8.4f %9.4f %8.2f  %s" % (row, w, min(v), med(v), net_w,
                                                         1e3 * med(cpu[w]), note))
            pv = [med(v) for w, v in times.items() if w != "icmpkit" and v]
            if pv and times["icmpkit"]:
                best = min(pv)
                log("%-11s icmpkit %.4f s vs the faster peer %.4f s: ratio %.2f; goal <= 1.0: %s"
                    % (row, med(times["icmpkit"]), best, med(times["icmpkit"]) / best,
                       "PASS" if med(times["icmpkit"]) <= best else "MISS"))
        return ok
    finally:
        net.cleanup()


# Each: (name for --only, what it measures, function(cfg) -> False on a wrong
# result). A benchmark sets up and removes its own namespaces.
BENCHMARKS = [
    ("ping-flood", "item 13: icmpkit ping -f against iputils ping -f", bench_ping_flood),
    ("trace-8-hops", "item 15: icmpkit traceroute against traceroute and mtr, 8 hops",
     bench_trace),
]


def main():
    """Parse arguments, run the benchmarks, print their tables.

    Return: exit status.
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--icmpkit", default=os.environ.get("ICMPKIT", ""))
    ap.add_argument("--rusage", default=None,
                    help="rusage_exec (default: BUILD/bench/rusage_exec next to the icmpkit build)")
    ap.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    ap.add_argument("--runs", type=int, default=None, help="rounds per case (5; --quick 1)")
    ap.add_argument("--count", type=int, default=None, help="ping -c (100000; --quick 5000)")
    ap.add_argument("--only", default=",".join(b[0] for b in BENCHMARKS),
                    help="which benchmarks, comma-separated (default: all)")
    cfg = ap.parse_args()

    if os.geteuid() != 0:
        log("SKIP bench_tools: needs root")
        return 0
    if not shutil.which("ip"):
        log("SKIP bench_tools: ip not installed")
        return 0
    if not cfg.icmpkit or not os.access(cfg.icmpkit, os.X_OK):
        print("bench_tools: --icmpkit PATH (or ICMPKIT) not set or not executable",
              file=sys.stderr)
        return 1
    cfg.icmpkit = os.path.abspath(cfg.icmpkit)
    cfg.rusage = os.path.abspath(cfg.rusage or os.path.join(
        os.path.dirname(cfg.icmpkit), "..", "..", "bench", "rusage_exec"))
    if not os.access(cfg.rusage, os.X_OK):
        print("bench_tools: rusage_exec not found (%s)" % cfg.rusage, file=sys.stderr)
        return 1
    cfg.cpu = 1 if (os.cpu_count() or 1) >= 2 and shutil.which("taskset") else None
    wanted = cfg.only.split(",")
    unknown = [w for w in wanted if w not in [b[0] for b in BENCHMARKS]]
    if unknown:
        print("bench_tools: unknown benchmark %s (known: %s)" % (
            ", ".join(unknown), ", ".join(b[0] for b in BENCHMARKS)), file=sys.stderr)
        return 2

    def on_signal(signo, _frame):
        raise SystemExit(128 + signo)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    t_start = time.monotonic()
    log("bench_tools: nproc %d, load %s; other processes busy now: %s" % (
        os.cpu_count() or 1, loadavg(), busy_others() or "none"))
    rc = 0
    for name, what, fn in BENCHMARKS:
        if name not in wanted:
            continue
        log("")
        log("-- %s (%s)" % (name, what))
        try:
            if not fn(cfg):
                log("bench_tools: %s: a result is wrong (above)" % name)
                rc = 1
        except (RuntimeError, subprocess.SubprocessError, OSError) as e:
            log("bench_tools: %s: not measured: %s" % (name, e))
            rc = 1
    log("")
    log("bench_tools: %.1f s, load %s" % (time.monotonic() - t_start, loadavg()))
    return rc


if __name__ == "__main__":
    sys.exit(main())
