#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_sweep.py - `icmpkit ping`'s many-target mode against fping and nmap.

Usage: bench_sweep.py --icmpkit PATH [--quick] [--rounds N]     (root)

Namespace A (the sweepers) and B over veth (198.51.100.1/24, .2/24); B has
`local` routes for 192.0.2.0/24 and 203.0.113.0/24, so its kernel answers
an Echo to each of their 508 host addresses. That is every host address
RFC 5737 leaves once the link has the third block: a /16 (the issue's
65,536 addresses) cannot be swept without sending to addresses outside
the documentation ranges, which the project never does. So two workloads:

  sweep  every one of the 508 addresses once: time from start to exit with
         the full list of alive addresses, for
           icmpkit ping -g 192.0.2.0/24 -g 203.0.113.0/24 --alive --rate 1000000
           fping -a -i 0 -r 0 -f FILE         (fping's fastest as root)
           nmap -sn -PE -n -iL FILE           (and with -T5)
  /16    a /16's worth of requests (65,024 = 128 per address), the
         per-request engine at the issue's scale, for
           icmpkit ping -c 128 -i 0 --rate 1000000 -q -g ... -g ...
           fping -c 128 -p 1 -i 0 -q -f FILE  (nmap has no repeated mode)

Each tool runs in namespace A from one runner process there (so `ip netns
exec` costs no one anything), in alternating order, --rounds times (5;
--quick 1). Printed per tool: best and median seconds, peak RSS
(bench/rusage_exec's wait4(); n/a without it), and how many addresses answered (or replies came); then the
ratio icmpkit / the faster peer (goal <= 0.5: at least 2x faster) and
whether icmpkit lost no more than that peer. For the sweep, whose runs
are a few milliseconds, each tool is also started with nothing to do
(`icmpkit ping --help`, `fping -v`): that floor is printed beside it and
taken off both. Benchmarks report; a MISS is
printed, not an exit status; exit 1 only for a wrong result (icmpkit
missing an address everybody else found).
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_host import Bench, log  # noqa: E402

LNX_A, LNX_B = "198.51.100.1", "198.51.100.2"   # RFC 5737 TEST-NET-2 (veth)
BLOCKS = ("192.0.2", "203.0.113")              # TEST-NET-1 and -3, answered by B
PER_ADDR = 128                                 # requests per address in "/16"
RUSAGE = None                                  # bench/rusage_exec of the build, if built

# Runs inside namespace A: each command of the JSON list on stdin, in turn,
# rounds times; prints one JSON object per run.
RUNNER = r"""
import json, os, sys, time
cmds, rounds, timer = json.load(sys.stdin)
for r in range(rounds):
    order = list(range(len(cmds))) if r % 2 == 0 else list(reversed(range(len(cmds))))
    for i in order:
        out = open("/tmp/.ik-sweep-%d-%d.out" % (os.getpid(), i), "w+")
        # the peak RSS of the tool, not of this runner it was spawned from:
        # bench/rusage_exec's wait4() (its own process is small)
        argv = ([timer] if timer else []) + cmds[i]
        t0 = time.monotonic()
        pid = os.posix_spawnp(argv[0], argv, dict(os.environ),
                              file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                            (os.POSIX_SPAWN_DUP2, out.fileno(), 2)])
        _, status, ru = os.wait4(pid, 0)
        dt = time.monotonic() - t0
        out.seek(0)
        text = out.read()
        rss = None
        for line in text.splitlines():
            if line.startswith("rusage_exec: maxrss_kb="):
                rss = int(line.split("=")[1].split()[0])
        out.close()
        os.unlink(out.name)
        print(json.dumps({"i": i, "round": r, "s": dt, "rss_kb": rss,
                          "status": os.waitstatus_to_exitcode(status), "out": text[-200000:]}),
              flush=True)
"""


def alive_of(kind, text):
    """How many addresses answered, from a tool's output."""
    if kind == "nmap":
        for line in text.splitlines():
            if line.startswith("Nmap done:") and "hosts up" in line:
                return int(line.split("(")[1].split()[0])
        return 0
    return sum(1 for line in text.splitlines()
               if line.count(".") == 3 and line.replace(".", "").isdigit())


def replies_of(kind, text):
    """How many replies came in the repeated workload."""
    if kind == "icmpkit":
        for line in text.splitlines():
            if "requests transmitted" in line:
                return int(line.split(",")[1].split()[0])
        return 0
    total = 0
    for line in text.splitlines():
        if "xmt/rcv/%loss" in line:
            total += int(line.split("=")[1].split("/")[1])
    return total


def setup(b, tfile):
    """Namespaces A and B over veth, B answering every address of BLOCKS."""
    for ns in (b.ns_a, b.ns_b):
        b.ip("netns", "add", ns)
        b.namespaces.append(ns)
        b.ip("-n", ns, "link", "set", "lo", "up")
    b.ip("link", "add", "ikswa", "netns", b.ns_a, "type", "veth", "peer", "name", "ikswb",
         "netns", b.ns_b)
    b.ip("-n", b.ns_a, "addr", "add", LNX_A + "/24", "dev", "ikswa")
    b.ip("-n", b.ns_b, "addr", "add", LNX_B + "/24", "dev", "ikswb")
    b.ip("-n", b.ns_a, "link", "set", "ikswa", "up")
    b.ip("-n", b.ns_b, "link", "set", "ikswb", "up")
    for blk in BLOCKS:
        b.ip("-n", b.ns_a, "route", "add", blk + ".0/24", "via", LNX_B)
        b.ip("-n", b.ns_b, "route", "add", "local", blk + ".0/24", "dev", "lo")
    with open(tfile, "w") as f:
        for blk in BLOCKS:
            for i in range(1, 255):
                f.write("%s.%d\n" % (blk, i))


def run_all(b, cmds, rounds):
    """Run CMDS in namespace A, alternating, ROUNDS times; the results per command."""
    p = subprocess.run(["ip", "netns", "exec", b.ns_a, sys.executable, "-c", RUNNER],
                       input=json.dumps([cmds, rounds, RUSAGE]),
                       capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        raise RuntimeError("runner failed: %s" % p.stderr.strip()[-500:])
    res = [[] for _ in cmds]
    for line in p.stdout.splitlines():
        o = json.loads(line)
        res[o["i"]].append(o)
    return res


def floors(b, ik, rounds):
    """Each tool started and stopped with nothing to do, in the same way:
    the part of a short run that is process start-up, the floor beside the
    sweep. Return: {kind: best seconds}."""
    cmds = [("icmpkit", [ik, "ping", "--help"])]
    if shutil.which("fping"):
        cmds.append(("fping", ["fping", "-v"]))
    res = run_all(b, [c[1] for c in cmds], max(rounds, 5))
    out = {}
    for (kind, argv), r in zip(cmds, res):
        out[kind] = min(x["s"] for x in r)
        log("  start and exit only: %-28s %9.4f s" % (" ".join(argv[1:] if kind == "icmpkit"
                                                             else argv), out[kind]))
    return out


def report(title, rows, count_name, want):
    """Print the table; return (ratio vs faster peer, icmpkit's count, that peer's count)."""
    log("%s:" % title)
    log("  %-44s %9s %9s %9s %8s" % ("tool", "best s", "median s", "peak RSS", count_name))
    best = {}
    for name, runs, counts in rows:
        ts = [r["s"] for r in runs]
        rss = [r["rss_kb"] for r in runs if r["rss_kb"] is not None]
        best[name] = (min(ts), min(counts))
        log("  %-44s %9.4f %9.4f %10s %5d/%d" % (
            name, min(ts), statistics.median(ts), "%d kB" % max(rss) if rss else "n/a",
            min(counts), want))
    ik = best[rows[0][0]]
    peers = [(v[0], k, v[1]) for k, v in best.items() if k != rows[0][0]]
    if not peers:
        return None, ik[1], None
    t, name, cnt = min(peers)
    ratio = ik[0] / t
    log("  icmpkit / %s (the faster peer): %.2f (goal <= 0.5: %s); %s: icmpkit %d, peer %d (%s)" % (
        name, ratio, "MET" if ratio <= 0.5 else "MISS", count_name, ik[1], cnt,
        "no more loss" if ik[1] >= cnt else "MORE LOSS"))
    return ratio, ik[1], cnt


def main():
    """Set up, run both workloads, print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--icmpkit", default=os.environ.get("ICMPKIT", ""))
    ap.add_argument("--quick", action="store_true", help="one round of each")
    ap.add_argument("--rounds", type=int, default=None, help="rounds (5; --quick 1)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        log("SKIP bench_sweep: needs root")
        return 0
    if not args.icmpkit or not os.access(args.icmpkit, os.X_OK):
        print("bench_sweep: --icmpkit PATH (or ICMPKIT) not set or not executable", file=sys.stderr)
        return 1
    rounds = args.rounds or (1 if args.quick else 5)
    ik = os.path.abspath(args.icmpkit)
    global RUSAGE
    ru = os.path.join(os.path.dirname(ik), "..", "..", "bench", "rusage_exec")
    RUSAGE = os.path.abspath(ru) if os.access(ru, os.X_OK) else None
    b = Bench(ik, "none")
    tfile = "/tmp/.ik-sweep-targets-%d" % os.getpid()
    gens = ["-g", BLOCKS[0] + ".0/24", "-g", BLOCKS[1] + ".0/24"]
    n = 254 * len(BLOCKS)

    def on_signal(signo, _frame):
        raise SystemExit(128 + signo)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    rc = 0
    try:
        setup(b, tfile)
        sweep = [("icmpkit", "icmpkit ping -g ... --alive --rate 1000000",
                  [ik, "ping", *gens, "--alive", "--rate", "1000000"])]
        rep = [("icmpkit", "icmpkit ping -c %d -i 0 --rate 1000000 -q" % PER_ADDR,
                [ik, "ping", *gens, "-c", str(PER_ADDR), "-i", "0", "--rate", "1000000", "-q"])]
        if shutil.which("fping"):
            sweep.append(("fping", "fping -a -i 0 -r 0 -f FILE",
                          ["fping", "-a", "-i", "0", "-r", "0", "-f", tfile]))
            rep.append(("fping", "fping -c %d -p 1 -i 0 -q -f FILE" % PER_ADDR,
                        ["fping", "-c", str(PER_ADDR), "-p", "1", "-i", "0", "-q", "-f", tfile]))
        else:
            log("bench_sweep: fping not installed: no fping rows")
        if shutil.which("nmap"):
            sweep.append(("nmap", "nmap -sn -PE -n -iL FILE",
                          ["nmap", "-sn", "-PE", "-n", "-iL", tfile]))
            sweep.append(("nmap", "nmap -sn -PE -n -T5 -iL FILE",
                          ["nmap", "-sn", "-PE", "-n", "-T5", "-iL", tfile]))
        else:
            log("bench_sweep: nmap not installed: no nmap rows")
        log("bench_sweep: %d addresses answered by Linux in namespace %s, %d round(s)" % (
            n, b.ns_b, rounds))
        res = run_all(b, [c[2] for c in sweep], rounds)
        rows = [(c[1], r, [alive_of(c[0], x["out"]) for x in r]) for c, r in zip(sweep, res)]
        _, ikc, peerc = report("sweep of %d addresses, time to the full list" % n, rows, "alive", n)
        if peerc is not None and ikc < peerc:
            rc = 1
        fl = floors(b, ik, rounds)
        best = {c[0]: min(x["s"] for x in r) for c, r in zip(sweep, res)}
        if "fping" in fl and "fping" in best:
            ikw, fpw = best["icmpkit"] - fl["icmpkit"], best["fping"] - fl["fping"]
            log("  without start-up (best run minus its tool's start-and-exit floor): icmpkit "
                "%.4f s, fping %.4f s: %.2f" % (ikw, fpw, ikw / fpw if fpw > 0 else float("nan")))
        res = run_all(b, [c[2] for c in rep], rounds)
        rows = [(c[1], r, [replies_of(c[0], x["out"]) for x in r]) for c, r in zip(rep, res)]
        report("a /16's worth: %d requests (%d per address)" % (n * PER_ADDR, PER_ADDR), rows,
               "replies", n * PER_ADDR)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        log("bench_sweep: %s" % e)
        rc = 1
    finally:
        b.cleanup()
        if os.path.exists(tfile):
            os.unlink(tfile)
    return rc


if __name__ == "__main__":
    sys.exit(main())
