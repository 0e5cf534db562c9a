#!/usr/bin/env python3
"""bench_decode - `icmpkit decode -p FILE --json` against tshark on one capture.

usage: bench_decode.py --icmpkit PATH --mkcapture PATH [--quick] [--rounds N]
                       [--packets N] [--tshark-packets N]

The capture is bench/mkcapture's deterministic mix (echo, DNS over UDP, Port
Unreachable and Time Exceeded quoting UDP, TCP, fragments, malformed), written
to a temporary folder: PACKETS (1,000,000) for icmpkit, and its first
TSHARK_PACKETS (100,000; the same generator and seed, so the very same
packets) for tshark, whose JSON of a million packets takes minutes a round.
Three commands, their output to /dev/null, taking turns in every round, the
best of ROUNDS (3) kept:
  icmpkit decode -p FILE --json
  tshark -r FILE -T json
  tshark -r FILE -T fields -e ... (the IP, ICMP and UDP fields)
Printed: packets per second of each, by the wall clock and by CPU time
(user + system of the child, from wait4: the figure a shared machine moves
least), and icmpkit's over each tshark's (the goal of issue 14 item 4:
>= 10x tshark -T json, judged on the wall clock). Without tshark the two
tshark lines say SKIP, not a figure. Exit status 0, or 1 when icmpkit fails
to run (its exit status 0 or 1, "a packet is malformed", both count as run).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

FIELDS = ["frame.number", "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.len", "ip.id",
          "ip.flags", "ip.frag_offset", "ip.checksum", "icmp.type", "icmp.code",
          "icmp.checksum", "icmp.ident", "icmp.seq", "icmp.mtu", "udp.srcport",
          "udp.dstport", "udp.length", "udp.checksum"]


def timed(cmd):
    """Run @cmd with its output to /dev/null; return (wall seconds, CPU
    seconds (user + system, from wait4), exit status)."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        return wall, ru.ru_utime + ru.ru_stime, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--icmpkit", required=True)
    ap.add_argument("--mkcapture", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--packets", type=int, default=None)
    ap.add_argument("--tshark-packets", type=int, default=None)
    a = ap.parse_args()
    rounds = a.rounds or (1 if a.quick else 3)
    n_ik = a.packets or (100000 if a.quick else 1000000)
    n_ts = min(a.tshark_packets or (10000 if a.quick else 100000), n_ik)
    tshark = shutil.which("tshark")
    tmp = tempfile.mkdtemp(prefix="bench_decode.")
    try:
        big = os.path.join(tmp, "mix.pcap")
        small = os.path.join(tmp, "mix-prefix.pcap")
        for path, n in ((big, n_ik), (small, n_ts)):
            subprocess.check_call([a.mkcapture, path, str(n)])
        cmds = {"icmpkit": [a.icmpkit, "decode", "-p", big, "--json"]}
        if tshark:
            cmds["tshark_json"] = [tshark, "-n", "-r", small, "-T", "json"]
            fl = [tshark, "-n", "-r", small, "-T", "fields"]
            for f in FIELDS:
                fl += ["-e", f]
            cmds["tshark_fields"] = fl
        best = {k: None for k in cmds}
        cpu = {k: None for k in cmds}
        for _ in range(rounds):
            for k, cmd in cmds.items():
                sec, used, rc = timed(cmd)
                if rc not in (0, 1) or (k != "icmpkit" and rc != 0):
                    print("bench_decode: %s exited with status %d" % (" ".join(cmd[:3]), rc))
                    return 1
                if best[k] is None or sec < best[k]:
                    best[k] = sec
                if cpu[k] is None or used < cpu[k]:
                    cpu[k] = used
        size = os.path.getsize(big)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pps = {"icmpkit": n_ik / best["icmpkit"]}
    cpps = {"icmpkit": n_ik / max(cpu["icmpkit"], 1e-9)}
    print("capture: bench/mkcapture, %d packets (%.1f MB) for icmpkit, its first %d for "
          "tshark; best of %d rounds, output to /dev/null" % (n_ik, size / 1e6, n_ts, rounds))
    print("packets/s by the wall clock, and by CPU time (user + system: what a loaded, "
          "shared machine changes least)")
    print("icmpkit decode -p FILE --json   %9.0f packets/s  (%.2f s for %d; CPU %.2f s, %.0f/s)"
          % (pps["icmpkit"], best["icmpkit"], n_ik, cpu["icmpkit"], cpps["icmpkit"]))
    if not tshark:
        print("SKIP tshark -T json: tshark not installed (no ratio: not a pass)")
        print("SKIP tshark -T fields: tshark not installed (no ratio: not a pass)")
        return 0
    for k, label in (("tshark_json", "tshark -T json"), ("tshark_fields", "tshark -T fields")):
        pps[k] = n_ts / best[k]
        cpps[k] = n_ts / max(cpu[k], 1e-9)
        print("%-31s %9.0f packets/s  (%.2f s for %d; CPU %.2f s, %.0f/s)   icmpkit/it: "
              "%.1fx (CPU: %.1fx)" % (label, pps[k], best[k], n_ts, cpu[k], cpps[k],
                                      pps["icmpkit"] / pps[k], cpps["icmpkit"] / cpps[k]))
    r = pps["icmpkit"] / pps["tshark_json"]
    print("goal >= 10x tshark -T json: %s (%.1fx)" % ("met" if r >= 10 else "NOT met", r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
