#!/usr/bin/python3
"""demo_cli.py - `icmpkit demo` from the outside (issue 3 item 10).

Runs the demo in each mode and checks what a user would see: every check
held, the study note's facts in the text, JSON that parses with the phases
and decoded packets, a pcap whose packets tshark decodes cleanly (types 3/3,
3/2, 8 and 0 present, no malformed packet, no bad checksum), the quiet
summary, and exit status 2 with one line for bad arguments. Also: every
line fits the width (100 columns off a terminal, $COLUMNS when set; no line
exempt, diagrams included), events print before the checks and packets they
led to (text, and the JSON's per-phase "order"), and the protocol scenario
claims no TCP handling. The router scenarios, each run alone: traceroute's
lines (hop n is router n's inbound address, then D), each Time Exceeded
after the router's fwd.ttl_exceeded and before H's socket error, Port
Unreachable at the end; pmtu's Frag Needed with MTU 1280, EMSGSIZE, the path
MTU, the 1280-octet retry reaching D, and the black hole; and in JSON the
same events, packets and checks, every check held.
"""
import re
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


def run(*args, columns=None):
    """The demo with stdout a pipe; COLUMNS unset, or set to @columns."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([exe, "demo", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def too_wide(text, width):
    """Lines wider than @width display columns (text is decoded: len() counts
    characters, so ✔ and box drawing count one column each)."""
    return [(i + 1, len(line)) for i, line in enumerate(text.splitlines()) if len(line) > width]


def line_of(lines, needle, start=0):
    """Index of the first line from @start holding @needle, or -1."""
    return next((i for i in range(start, len(lines)) if needle in lines[i]), -1)


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

# Width: not a terminal and no COLUMNS -> 100 columns; every line fits, the
# diagrams and hex listing too (no line is exempt).
bad = too_wide(out, 100)
check(not bad, f"every line fits 100 columns (too wide: {bad[:5]})")
r72 = run("--no-color", columns=72)
bad = too_wide(r72.stdout, 72)
check(r72.returncode == 0 and not bad,
      f"COLUMNS=72: every line fits 72 columns (too wide: {bad[:5]})")
ruler = "+-" * 32 + "+"
check("Connection refused (ECONNREFUSED)" in r72.stdout and ruler in r72.stdout,
      "COLUMNS=72: the same facts and the diagrams, still drawn whole")
r120 = run("--no-color", columns=120)
check(any(len(line) > 100 for line in r120.stdout.splitlines()) and not too_wide(r120.stdout, 120),
      "COLUMNS=120: prose uses the width (some line over 100, none over 120)")

# Causal order: the events a call caused print before the check about it and
# before the packet it sent.
lines = out.splitlines()
conn = line_of(lines, "sock.connect")
check(0 <= conn < line_of(lines, "✔ socket() and connect()"),
      "A's sock.connect event precedes the check that connect() succeeded")
send = line_of(lines, "udp.send")
check(0 <= send < line_of(lines, "✔ sendto() returns"),
      "A's udp.send event precedes the sendto() check")
proto = line_of(lines, "══ Protocols")
bopen = line_of(lines, "B  sock  decide  sock.open", proto)
check(proto >= 0 and 0 <= bopen < line_of(lines, "✔ B: raw socket for protocol 47 opened", proto)
      < line_of(lines, "A → B: IP protocol 47", proto),
      "B's raw sock.open event precedes its check, which precedes A's packet")
ph3 = line_of(lines, "Phase 3: ICMP generation")
ph4 = line_of(lines, "Phase 4: Output")
btx = line_of(lines, "B  ip    tx", line_of(lines, "Phase 2: Processing"))
drawn = line_of(lines, "B → A: ICMP Destination")
check(ph3 < btx < line_of(lines, "icmp.error_sent") < drawn < ph4,
      "phase 3: B's ip.tx and icmp.error_sent, then the error drawn, all before phase 4")
check(line_of(lines, "A  ip    rx      ip.rx                  67 octets") > ph4,
      "A receives the error in phase 4, not before")

# The stack handles TCP (resets): the protocol scenario names 1, 6 and 17.
check("Protocols the stack does not handle (other than 1, 6 and 17)" in out,
      "protocol heading names 1, 6 and 17 as handled")
# tcp-closed: B's answer to the SYN is a reset in TCP, and nothing in ICMP
ph_tcp = line_of(lines, "TCP: B has no listener")
check(ph_tcp > 0 and line_of(lines, "B  tcp   tx      tcp.rst") > line_of(lines, "Phase 3: TCP")
      and "its control bits are RST and ACK" in out
      and "B sent nothing else: no ICMP" in out
      and "Either way the application reads:" in out,
      "tcp-closed: SYN answered by RST+ACK from B's TCP, no ICMP, both refused")

def field(pkt, key, layer=0):
    """Field @key of the @layer-th layer holding it, in a JSON packet."""
    hits = [f["value"] for lay in pkt["decoded"]["layers"] for f in lay["fields"]
            if f["key"] == key]
    return hits[layer] if len(hits) > layer else None


def ip4(a):
    """Dotted quad of a host-order integer."""
    return ".".join(str((a >> s) & 255) for s in (24, 16, 8, 0))


def scenario_json(name):
    """One scenario run alone with --json: (exit status, its document or None)."""
    r = run(name, "--json")
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError as e:
        check(False, f"{name} --json parses: {e}")
        return r.returncode, None


# traceroute, alone: the lines traceroute prints, and the events behind them
r = run("traceroute", "--no-color")
out_t = r.stdout
lines = out_t.splitlines()
check(r.returncode == 0 and "all held" in lines[-1] and "✘" not in out_t,
      "traceroute: exits 0, every check held")
check("traceroute to 10.0.4.20 (10.0.4.20), 30 hops max, 60 byte packets" in out_t,
      "traceroute: the header line")
want = [("1", "10.0.1.1", "0.500"), ("2", "10.0.2.2", "10.500"), ("3", "10.0.3.3", "34.500"),
        ("4", "10.0.4.20", "35.500")]
table = line_of(lines, "Phase 6: What traceroute prints")
got = [m.groups() for m in (re.match(r"^\s+(\d+)  (\S+)  (\S+) ms$", x) for x in lines[table:])
       if m]
check(got == want, f"traceroute: hop n is router n's inbound address, then D ({got})")
order_ok = True
for n in (1, 2, 3):
    ph = line_of(lines, f"Phase {n + 1}: TTL {n}:")
    ttl_ev = line_of(lines, f"R{n} fwd   drop    fwd.ttl_exceeded", ph)
    sent = line_of(lines, f"R{n} icmp  error   icmp.error_sent        ICMP 11/0", ph)
    sockerr = line_of(lines, "H  sock  error   sock.icmp_error        ICMP 11/0 from "
                      f"10.0.{n}.{n}", ph)
    drawn = line_of(lines, f"R{n} → H: ICMP Time Exceeded from 10.0.{n}.{n}", ph)
    said = line_of(lines, f"traceroute prints: {n:2}  10.0.{n}.{n}", ph)
    order_ok &= 0 < ph < ttl_ev < sent < sockerr < drawn < said
check(order_ok, "traceroute: in each TTL phase, the router's fwd.ttl_exceeded, its "
      "icmp.error_sent, H's sock.icmp_error, the drawn Time Exceeded, the line, in order")
ph5 = line_of(lines, "Phase 5: TTL 4:")
check(ph5 > 0 and line_of(lines, "D  udp   drop    udp.no_socket          port 33437", ph5) > ph5
      and line_of(lines, "D → H: ICMP Port Unreachable from 10.0.4.20", ph5) > ph5
      and "✔ Type 3 Code 3: Destination Unreachable, Port Unreachable: the probe arrived" in out_t,
      "traceroute: TTL 4 reaches D, whose Port Unreachable ends the trace")
check("✔ the answers reached H with TTL 64, 63, 62, 61" in out_t
      and "setsockopt(IP_TTL)" in out_t, "traceroute: the errors' TTLs, and how the probe TTL is set")
rc, doc = scenario_json("traceroute")
if doc is not None:
    sc = doc["scenarios"][0]
    phases = sc["phases"]
    check(rc == 0 and doc["failed"] == 0 and doc["checks"] >= 30
          and all(c["ok"] for ph in phases for c in ph["checks"]),
          f"traceroute JSON: {doc['checks']} checks, all ok")
    ev = [(e["node"], e["what"]) for ph in phases for e in ph["events"]]
    check(all((f"R{n}", "fwd.ttl_exceeded") in ev for n in (1, 2, 3))
          and ("D", "udp.no_socket") in ev and ("H", "sock.icmp_error") in ev,
          "traceroute JSON: fwd.ttl_exceeded on R1-R3, udp.no_socket on D, H's socket errors")
    errs = [p for ph in phases[1:5] for p in ph["packets"] if field(p, "protocol") == 1]
    got = [(field(p, "type"), ip4(field(p, "source")), field(p, "ttl"),
            field(p, "destination_port")) for p in errs]
    check(got == [(11, "10.0.1.1", 64, 33434), (11, "10.0.2.2", 63, 33435),
                  (11, "10.0.3.3", 62, 33436), (3, "10.0.4.20", 61, 33437)],
          f"traceroute JSON: the four errors decoded: type, source, TTL, quoted port ({got})")

# pmtu, alone: Frag Needed, the learned path MTU, and the black hole
r = run("pmtu", "--no-color")
out_p = r.stdout
lines = out_p.splitlines()
check(r.returncode == 0 and "all held" in lines[-1] and "✘" not in out_p,
      "pmtu: exits 0, every check held")
for fact in ("R1 fwd   drop    fwd.frag_needed        1400 octets, DF set, next-hop MTU 1280",
             "✔ Type 3 Code 4, Next-Hop MTU 1280", "H  ip    decide  pmtu.update            path "
             "MTU to 10.0.3.20 lowered from 1500 to 1280",
             "✔ getsockopt(IP_MTU) would now read 1280",
             "sendto() fails with EMSGSIZE (Message too long)",
             "✔ D's socket receives 1252 octets from H",
             "✔ after 601.000 s, IP_MTU reads 1500 again",
             "✔ R1 sent its Frag Needed; it never reached H",
             "✔ H has no error queued and its path MTU is still 1500",
             "✔ R1 answered each with Frag Needed, and the firewall dropped all 4",
             "small packets pass, large ones vanish", "RFC 4821", "MSS clamping",
             "icmpkit does none of this"):
    check(fact in out_p, f"pmtu: text shows {fact!r}")
ph3 = line_of(lines, "Phase 3: R1: too big")
ph4 = line_of(lines, "Phase 4: H learns")
check(0 < ph3 < line_of(lines, "R1 fwd   drop    fwd.frag_needed", ph3)
      < line_of(lines, "R1 → H: ICMP Fragmentation Needed", ph3) < ph4
      < line_of(lines, "H  ip    decide  pmtu.update", ph4),
      "pmtu: R1's decision and its Frag Needed in phase 3, H learning it in phase 4")
rc, doc = scenario_json("pmtu")
if doc is not None:
    phases = doc["scenarios"][0]["phases"]
    check(rc == 0 and doc["failed"] == 0 and doc["checks"] >= 25
          and all(c["ok"] for ph in phases for c in ph["checks"]),
          f"pmtu JSON: {doc['checks']} checks, all ok")
    fn = [p for ph in phases for p in ph["packets"] if field(p, "type") == 3]
    check(len(fn) == 1 and field(fn[0], "code") == 4 and field(fn[0], "next_hop_mtu") == 1280
          and field(fn[0], "total_length", 1) == 1400 and ip4(field(fn[0], "source")) == "10.0.1.1",
          "pmtu JSON: the Frag Needed decoded: code 4, MTU 1280, quoting 1400 octets, from R1")
    ev = [(e["node"], e["what"]) for ph in phases for e in ph["events"]]
    check(("R1", "fwd.frag_needed") in ev and ("H", "pmtu.update") in ev
          and ("H", "sock.pending_error") in ev and ("D", "udp.deliver") in ev,
          "pmtu JSON: fwd.frag_needed, pmtu.update, the EMSGSIZE, D's delivery")

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
    check(names == ["port-unreachable", "port-unreachable6", "ping-identifier", "protocol",
                     "tcp-closed", "traceroute", "pmtu"], f"JSON scenarios {names}")
    pu = doc["scenarios"][0]["phases"]
    check(len(pu) == 4, "port-unreachable has 4 phases")
    pk = [p for ph in pu for p in ph["packets"]]
    check(len(pk) == 2 and "decoded" in pk[1], "the two packets are decoded in the JSON")
    ev = [e["what"] for ph in pu for e in ph["events"]]
    check("udp.no_socket" in ev, "the JSON carries B's decision event")
    # "order" interleaves each phase's items as the text prints them; every
    # packet comes after the ip.tx event that sent it, in the same phase
    phases = [ph for sc in doc["scenarios"] for ph in sc["phases"]]
    keys = {"event": "events", "narrative": "narrative", "check": "checks", "packet": "packets"}
    counts_ok = all("order" in ph and
                    all(ph["order"].count(k) == len(ph[a]) for k, a in keys.items())
                    for ph in phases)
    check(counts_ok, "JSON: every phase has an \"order\" matching its arrays")
    causal = counts_ok
    for ph in phases if counts_ok else []:
        seen, n = [], {k: 0 for k in keys}
        for kind in ph["order"]:
            item = ph[keys[kind]][n[kind]]
            n[kind] += 1
            if kind == "event":
                seen.append(item)
            elif kind == "packet":
                ident = next((f["value"] for lay in item["decoded"]["layers"]
                              for f in lay["fields"] if f["key"] == "identification"), None)
                if ident is None:  # IPv6: no Identification; its ip6.tx names its length
                    plen = next(f["value"] for lay in item["decoded"]["layers"]
                                for f in lay["fields"] if f["key"] == "payload_length")
                    sent = any(e["what"] == "ip6.tx" and e["why"].startswith(f"{plen + 40} octets")
                               for e in seen)
                else:
                    sent = any(e["what"] == "ip.tx" and f"id 0x{ident:04x}" in e["why"]
                               for e in seen)
                if not sent:
                    causal = False
                    print(f"     packet {item['caption']!r} before its ip.tx event")
    check(causal, "JSON: each packet follows the ip.tx event that sent it, in its phase")
    check(doc["scenarios"][3]["title"].startswith("Protocols the stack does not handle (other than "
                                                  "1, 6 and 17)"), "JSON: protocol title names TCP")

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
                            "-e", "_ws.malformed", "-e", "_ws.expert.severity",
                            "-e", "tcp.flags.reset"],
                           capture_output=True, text=True, timeout=60)
        rows = [line.split("\t") for line in t.stdout.splitlines()]
        pairs = {(row[0], row[1]) for row in rows if row[0]}
        check(t.returncode == 0 and len(rows) >= 15, f"tshark reads {len(rows)} packets")
        for want in (("3", "3"), ("3", "2"), ("8", "0"), ("0", "0"), ("11", "0"), ("3", "4")):
            check(want in pairs, f"tshark sees ICMP {want[0]}/{want[1]}")
        check(all(not row[2] for row in rows if len(row) > 2), "no malformed packets")
        # severities are numbers (comma-separated when a packet has several); a
        # bad checksum is a warning to tshark, and so is every TCP reset
        # ("Connection reset (RST)"), which tcp-closed sends on purpose
        bad = [row for row in rows if len(row) > 3 and row[3] and
               any(int(v, 0) >= SEV_WARN for v in row[3].split(","))
               and not (len(row) > 4 and row[4] in ("1", "True"))]
        check(sum(1 for row in rows if len(row) > 4 and row[4] in ("1", "True")) == 1,
              "tshark sees the one TCP reset of tcp-closed")
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
