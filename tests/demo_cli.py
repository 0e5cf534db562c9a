#!/usr/bin/python3
"""demo_cli.py - `icmpkit demo` from the outside (issue 3 item 10).

Runs the demo in each mode and checks what a user would see: every check
held, the study note's facts in the text, JSON that parses with the phases
and decoded packets, a pcap whose packets tshark decodes cleanly (types 3/3,
3/2, 8 and 0 present, no malformed packet, no bad checksum), the quiet
summary, and exit status 2 with one line for bad arguments.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from tsharkjson import SEV_WARN

exe = sys.argv[1]
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def run(*args):
    return subprocess.run([exe, "demo", *args], capture_output=True, text=True, timeout=120)


r = run("--no-color")
check(r.returncode == 0, "demo exits 0")
out = r.stdout
check("all held" in out.splitlines()[-1], "summary says every check held")
check("\033[" not in out, "--no-color: no escape sequences")
for fact in ("Phase 1: Input", "Phase 4: Output", "udp.no_socket",
             "Connection refused (ECONNREFUSED)", "Quoted datagram",
             "Demultiplexing table", "Protocol Unreachable", "✘" not in out and "Type 3 Code 3"):
    check(bool(fact) and fact in out if isinstance(fact, str) else bool(fact),
          f"text shows {fact!r}")
check("✘" not in out, "no failed check in the text")

r = run("--quiet")
check(r.returncode == 0 and len(r.stdout.strip().splitlines()) <= 2,
      f"--quiet prints only the summary ({len(r.stdout.strip().splitlines())} lines)")

r = run("--json")
check(r.returncode == 0, "--json exits 0")
try:
    doc = json.loads(r.stdout)
except ValueError as e:
    doc = None
    check(False, f"--json output parses: {e}")
if doc is not None:
    check(doc["failed"] == 0 and doc["checks"] > 10, f"JSON: {doc['checks']} checks, 0 failed")
    names = [s["scenario"] for s in doc["scenarios"]]
    check(names == ["port-unreachable", "ping-identifier", "protocol"], f"JSON scenarios {names}")
    pu = doc["scenarios"][0]["phases"]
    check(len(pu) == 4, "port-unreachable has 4 phases")
    pk = [p for ph in pu for p in ph["packets"]]
    check(len(pk) == 2 and "decoded" in pk[1], "the two packets are decoded in the JSON")
    ev = [e["what"] for ph in pu for e in ph["events"]]
    check("udp.no_socket" in ev, "the JSON carries B's decision event")

r = run("ping-identifier", "--no-color")
check(r.returncode == 0 and "Echo replies carry no port" in r.stdout
      and "UDP to a closed port" not in r.stdout, "one scenario runs alone")

with tempfile.TemporaryDirectory() as d:
    pcap = os.path.join(d, "demo.pcap")
    r = run("--quiet", "--pcap", pcap)
    check(r.returncode == 0 and os.path.getsize(pcap) > 24, "--pcap writes a capture")
    if shutil.which("tshark"):
        t = subprocess.run(["tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE",
                            "-T", "fields", "-e", "icmp.type", "-e", "icmp.code",
                            "-e", "_ws.malformed", "-e", "_ws.expert.severity"],
                           capture_output=True, text=True, timeout=60)
        rows = [line.split("\t") for line in t.stdout.splitlines()]
        pairs = {(row[0], row[1]) for row in rows if row[0]}
        check(t.returncode == 0 and len(rows) >= 15, f"tshark reads {len(rows)} packets")
        for want in (("3", "3"), ("3", "2"), ("8", "0"), ("0", "0")):
            check(want in pairs, f"tshark sees ICMP {want[0]}/{want[1]}")
        check(all(not row[2] for row in rows if len(row) > 2), "no malformed packets")
        # severities are numbers (comma-separated when a packet has several); a
        # bad checksum is a warning to tshark
        bad = [row for row in rows if len(row) > 3 and row[3] and
               any(int(v, 0) >= SEV_WARN for v in row[3].split(","))]
        check(not bad, "no expert errors (bad checksums)")
    else:
        print("SKIP: tshark not installed; pcap contents not checked")

for args, what in ((["--bogus"], "unknown option"), (["nosuch"], "unknown scenario"),
                   (["--color=sometimes"], "bad --color")):
    r = run(*args)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("icmpkit demo:"),
          f"{what}: exit 2 with one line ({r.returncode}, {lines})")
r = subprocess.run([exe, "bogus"], capture_output=True, text=True)
check(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, "unknown command: exit 2")

print(f"demo_cli: {failures} failures")
sys.exit(1 if failures else 0)
