#!/usr/bin/python3
"""echo_check.py - pair the echo requests and replies of a capture (tshark).

Usage: echo_check.py PCAP STACK_ADDR TTL [--bcast ADDR] [--no-replies]

tshark reads PCAP (fragments reassembled) and lists every ICMP Echo Request
and Echo Reply. For every request sent to STACK_ADDR (or to the broadcast
ADDR given by --bcast) this asserts exactly one reply came back from
STACK_ADDR to the request's source with the same identifier, sequence
number and data (CONFORMANCE E1, E2), code 0 and IP TTL == TTL; a reply
that answers no request (a duplicate, or a reply to a broadcast echo when
--bcast is not given) is a problem too. With --no-replies it asserts
instead that the stack sent no Echo Reply at all (E3). Prints a line per
problem and a summary with the payload sizes seen; exits 0 when none,
1 otherwise.
"""
import json
import os
import subprocess
import sys
import tempfile


def first(layer, name):
    """The first value of field @name in a tshark JSON layer."""
    v = layer.get(name)
    return v[0] if isinstance(v, list) else v


def echo_records(pcap):
    """(records, error): every echo request and reply in @pcap, reassembled.

    The ICMP message is taken whole from tshark's raw bytes (-x), so the
    data compared includes the part ping fills with a timestamp, which
    tshark would otherwise show as a separate field."""
    cmd = ["tshark", "-n", "-r", pcap, "-Y", "icmp.type == 0 || icmp.type == 8",
           "-T", "json", "-x", "--no-duplicate-keys", "-J", "frame ip icmp"]
    with tempfile.TemporaryDirectory() as home:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                             env=dict(os.environ, HOME=home))
    if res.returncode != 0:
        return None, "tshark: " + res.stderr.strip()
    recs = []
    for fr in json.loads(res.stdout or "[]"):
        lay = fr["_source"]["layers"]
        ip = lay["ip"][0] if isinstance(lay["ip"], list) else lay["ip"]
        raw = lay["icmp_raw"]
        if isinstance(raw[0], list):
            raw = raw[0]
        msg = bytes.fromhex(raw[0])
        recs.append(dict(num=first(lay.get("frame", {}), "frame.number") or "?",
                         src=first(ip, "ip.src"), dst=first(ip, "ip.dst"),
                         ttl=int(first(ip, "ip.ttl")), type=msg[0], code=msg[1],
                         ident=int.from_bytes(msg[4:6], "big"),
                         seq=int.from_bytes(msg[6:8], "big"), data=msg[8:]))
    return recs, None


def main():
    args = sys.argv[1:]
    bcast = None
    no_replies = False
    if "--bcast" in args:
        i = args.index("--bcast")
        bcast = args[i + 1]
        del args[i:i + 2]
    if "--no-replies" in args:
        args.remove("--no-replies")
        no_replies = True
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    pcap, stack, ttl = args[0], args[1], int(args[2])
    recs, err = echo_records(pcap)
    if err:
        print("FAIL: " + err)
        return 1
    reqs, reps, problems = [], {}, []
    for rec in recs:
        if rec["type"] == 8 and rec["dst"] in (stack, bcast):
            reqs.append(rec)
        elif rec["type"] == 0 and rec["src"] == stack:
            reps.setdefault((rec["ident"], rec["seq"]), []).append(rec)
    nrep = sum(len(v) for v in reps.values())
    if no_replies:
        if nrep:
            problems.append("%d echo replies from %s, expected none" % (nrep, stack))
        if not reqs:
            problems.append("no echo request in the capture")
        for p in problems:
            print("FAIL: " + p)
        print("# echo_check %s: %d requests, %d replies (none expected)"
              % (os.path.basename(pcap), len(reqs), nrep))
        return 1 if problems else 0
    sizes = {}
    for q in reqs:
        key = (q["ident"], q["seq"])
        got = reps.get(key, [])
        size = len(q["data"])
        sizes[size] = sizes.get(size, 0) + 1
        what = "request frame %s id %#x seq %d (%d data octets)" % (q["num"], key[0], key[1], size)
        # the same (id, seq) may come again in a later ping run: match in order
        if not got:
            problems.append(what + ": no reply")
            continue
        r = got.pop(0)
        if r["dst"] != q["src"]:
            problems.append(what + ": reply went to %s" % r["dst"])
        if r["code"] != 0:
            problems.append(what + ": reply code %d" % r["code"])
        if r["data"] != q["data"]:
            problems.append(what + ": reply data differs (%d octets back)" % len(r["data"]))
        if r["ttl"] != ttl:
            problems.append(what + ": reply TTL %d, expected %d" % (r["ttl"], ttl))
    extra = sum(len(v) for v in reps.values())
    if extra:
        problems.append("%d replies that answer no request (duplicates, or to a broadcast?)"
                        % extra)
    if not reqs:
        problems.append("no echo request in the capture")
    for p in problems[:40]:
        print("FAIL: " + p)
    print("# echo_check %s: %d requests, %d replies, data sizes %s, %d problems"
          % (os.path.basename(pcap), len(reqs), nrep,
             ",".join("%d x%d" % kv for kv in sorted(sizes.items())), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
