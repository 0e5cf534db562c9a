#!/usr/bin/python3
"""tshark_check.py - Wireshark's dissectors judge what our emitters write.

Usage: tshark_check.py EMIT_PCAP [KEEP_DIR]

Runs EMIT_PCAP (tests/emit_pcap.c) to write a pcap and a JSON file of the
field values it set, then reads the pcap with tshark, checksums verified
(ip, udp, tcp; ICMP and ICMP extension checksums are always checked), and
asserts:
  - no packet is malformed (no _ws.malformed anywhere);
  - no expert info at warning or error severity, and `-z expert` lists none,
    but for the messages a packet's "expert_ok" names (a RST's "Connection
    reset (RST)" is a warning about the conversation, not the octets);
  - no checksum status is Bad;
  - every field value we set equals tshark's, occurrence by occurrence
    (outer header first, then the quoted datagram).
Exits 77 (meson: skipped) with a SKIP line when tshark is not installed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tsharkjson import SEV_WARN, walk  # noqa: E402

# TCP: absolute numbers, and no sequence analysis (our segments are single
# packets, not conversations: "previous segment not captured" is no fault)
PREFS = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
         "-o", "tcp.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE",
         "-o", "tcp.analyze_sequence_numbers:FALSE"]
CSUM_STATUS = ("ip.checksum.status", "udp.checksum.status", "tcp.checksum.status",
               "icmp.checksum.status", "icmp.ext.checksum.status")


def norm(v, want):
    """tshark's string in the type of the value we expect."""
    if isinstance(want, int) and not isinstance(want, bool):
        if v in ("True", "False"):
            return int(v == "True")
        return int(v, 0)
    return v


def main():
    if len(sys.argv) < 2:
        print("usage: tshark_check.py EMIT_PCAP [KEEP_DIR]", file=sys.stderr)
        return 2
    tshark = shutil.which("tshark")
    if not tshark:
        print("SKIP: tshark not installed")
        return 77
    keep = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = keep or tempfile.mkdtemp(prefix="ik-tshark-")
    os.makedirs(tmp, exist_ok=True)
    pcap = os.path.join(tmp, "emitted.pcap")
    wantf = os.path.join(tmp, "emitted.json")
    subprocess.run([sys.argv[1], pcap, wantf], check=True)
    with open(wantf) as f:
        wanted = json.load(f)

    env = dict(os.environ, HOME=tmp)  # no user profile or preferences
    res = subprocess.run([tshark, "-n", "-r", pcap, "-T", "json", "--no-duplicate-keys"] + PREFS,
                         capture_output=True, text=True, env=env)
    if res.returncode != 0:
        print(res.stderr)
        print("FAIL: tshark exited %d" % res.returncode)
        return 1
    frames = json.loads(res.stdout)
    failures = []
    compared = good = 0
    allowed = set()
    if len(frames) != len(wanted):
        failures.append("tshark read %d packets, we wrote %d" % (len(frames), len(wanted)))

    for want, fr in zip(wanted, frames):
        name = want["name"]
        pairs = []
        walk(fr["_source"]["layers"], pairs)
        got = {}
        for k, v in pairs:
            got.setdefault(k, []).append(v)
        if "_ws.malformed" in got or any(k.startswith("_ws.malformed") for k in got):
            failures.append("%s: tshark says malformed" % name)
        ok_msgs = set(want.get("expert_ok", []))
        allowed |= ok_msgs
        for sev, msg in zip(got.get("_ws.expert.severity", []), got.get("_ws.expert.message", [])):
            if int(sev, 0) >= SEV_WARN and msg not in ok_msgs:
                failures.append("%s: expert %s: %s" % (name, sev, msg))
        for k in CSUM_STATUS:
            for v in got.get(k, []):
                if v == "0":
                    failures.append("%s: %s is Bad" % (name, k))
                elif v == "1":
                    good += 1
        for field, values in want["fields"].items():
            have = got.get(field, [])
            try:
                have_n = [norm(v, w) for v, w in zip(have, values)]
            except ValueError:
                have_n = have
            compared += len(values)
            if len(have) != len(values) or have_n != values:
                failures.append("%s: %s: tshark %s, we set %s" % (name, field, have, values))

    # the expert summary over the whole file
    exp = subprocess.run([tshark, "-n", "-q", "-r", pcap, "-z", "expert,warn"] + PREFS,
                         capture_output=True, text=True, env=env)
    summary = exp.stdout.strip()
    section = None
    for line in summary.splitlines():
        if line.startswith("Errors (") or line.startswith("Warns ("):
            section = line
            continue
        if line.startswith(("Notes (", "Chats (", "Comments (")):
            section = None
        cols = line.split(None, 3)
        if section and len(cols) == 4 and cols[0].isdigit() and cols[3] not in allowed:
            failures.append("tshark -z expert: %s: %s" % (section, line.strip()))
            print(summary)

    for f in failures:
        print("FAIL: " + f)
    print("tshark: %d packets, %d field values compared, %d checksums Good, %d problems"
          % (len(frames), compared, good, len(failures)))
    if not keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
