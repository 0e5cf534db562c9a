#!/usr/bin/python3
"""nmap_check.py - compare the port states of an nmap XML report with the truth.

Usage: nmap_check.py XML RANGE [--open LIST] [--openfiltered LIST] [--lenient]

XML is nmap's -oX output for one host; RANGE the ports (or protocols, -sO)
scanned, e.g. 1-200 or 0-255, or topN for nmap's N most common ports
(-O, no -p: the report must hold exactly N); LIST a comma-separated list. Every port in
RANGE must have a state in the report (listed, or counted in <extraports>
with its <extrareasons ports=...>), and:
  - each --open port is "open" (something answered in the protocol);
  - each --openfiltered port is "open|filtered" (a sink or raw socket that
    takes the datagram and answers nothing);
  - every other port is "closed" (ICMP Port or Protocol Unreachable).
With --lenient (the stack's default ICMP rate limit, so some closed ports
get no answer) the others may also be "open|filtered" or "filtered"; what
is never allowed is a closed port reported "open", an --open port not
"open", or an --openfiltered port "closed".
Prints "ok"/"FAIL" lines and exits 0 when all hold.
"""
import sys
import xml.etree.ElementTree as ET


def expand(spec):
    """'1-3,7' -> {1, 2, 3, 7}."""
    out = set()
    for part in filter(None, spec.split(",")):
        if "-" in part:
            a, b = part.split("-")
            out.update(range(int(a), int(b) + 1))
        else:
            out.add(int(part))
    return out


def states(path):
    """({port: (state, reason)}, problems) from nmap's XML report."""
    root = ET.parse(path).getroot()
    hosts = root.findall("host")
    if len(hosts) != 1:
        return {}, ["%d hosts in the report, expected 1 (host timed out?)" % len(hosts)]
    ports = hosts[0].find("ports")
    if ports is None:
        return {}, ["no <ports> in the report"]
    st, problems = {}, []
    for p in ports.findall("port"):
        s = p.find("state")
        st[int(p.get("portid"))] = (s.get("state"), s.get("reason"))
    for ex in ports.findall("extraports"):
        counted = 0
        for r in ex.findall("extrareasons"):
            if r.get("ports") is None:
                problems.append("<extrareasons> without ports=: nmap too old to check")
                continue
            for n in expand(r.get("ports")):
                st[n] = (ex.get("state"), r.get("reason"))
                counted += 1
        if counted != int(ex.get("count")):
            problems.append("<extraports %s> counts %s, reasons list %d"
                            % (ex.get("state"), ex.get("count"), counted))
    return st, problems


def main():
    args = sys.argv[1:]
    opts = {"--open": set(), "--openfiltered": set()}
    lenient = False
    rest = []
    i = 0
    while i < len(args):
        if args[i] in opts:
            opts[args[i]] = expand(args[i + 1])
            i += 2
        elif args[i] == "--lenient":
            lenient = True
            i += 1
        else:
            rest.append(args[i])
            i += 1
    if len(rest) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = rest[0]
    want_open, want_of = opts["--open"], opts["--openfiltered"]
    st, problems = states(path)
    if rest[1].startswith("top"):
        rng = set(st)
        if len(rng) != int(rest[1][3:]):
            problems.append("%d ports in the report, expected %s" % (len(rng), rest[1][3:]))
    else:
        rng = expand(rest[1])
    tally = {}
    for n in sorted(rng):
        if n not in st:
            problems.append("port %d: no state in the report" % n)
            continue
        s, why = st[n]
        tally[s] = tally.get(s, 0) + 1
        if n in want_open:
            if s != "open":
                problems.append("port %d: %s (%s), expected open" % (n, s, why))
        elif n in want_of:
            if s != "open|filtered":
                problems.append("port %d: %s (%s), expected open|filtered" % (n, s, why))
        elif lenient:
            if s not in ("closed", "open|filtered", "filtered"):
                problems.append("port %d: %s (%s), expected closed (or, rate-limited, "
                                "open|filtered)" % (n, s, why))
        elif s != "closed":
            problems.append("port %d: %s (%s), expected closed" % (n, s, why))
    extra = sorted(set(st) - rng)
    if extra:
        problems.append("ports outside the range in the report: %s" % extra[:10])
    for p in problems[:40]:
        print("FAIL: " + p)
    print("# nmap_check %s: %s; %d problems" % (
        path.rsplit("/", 1)[-1], ", ".join("%d %s" % (v, k) for k, v in sorted(tally.items())),
        len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
