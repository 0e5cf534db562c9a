#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report_cli.py - `icmpkit report` and `icmpkit demo --html` from outside.

The page is written (default name and -o), self-contained (no URL it could
fetch), atomically (no temporary file left, an old page untouched by a
failed run); a truncated or non-pcap capture gives exit 1, one stderr line
and no page; bad arguments exit 2 with one line; --json agrees with the
capture (packet count and summaries as `decode --json` gives them, the
Port Unreachable linked to the UDP datagram, echo replies to their
requests with the round trip, an error whose quote is absent, a malformed
packet shown as malformed; IPv6: an ICMPv6 error linked to the packet
with an extension chain it quotes, an Echo Reply to its Request, the
addresses as text on the page); `demo SCENARIO --html` writes a page for every
scenario `demo --help` lists, whose data has every packet of the run and
the phases.
Usage: report_cli.py PATH_TO_ICMPKIT
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import EXE, Results  # noqa: E402
from pktlib import corpus_frames, csum, write_pcap  # noqa: E402

R = Results("report_cli")
TMP = tempfile.mkdtemp(prefix="ik-report-")


def run(*args):
    """Run icmpkit with @args; the finished process (text)."""
    return subprocess.run((EXE,) + args, capture_output=True, text=True, timeout=120)


def page_data(path):
    """The report data a page embeds, parsed."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="ik-data">(.*?)</script>', text, re.S)
    return json.loads(m.group(1)) if m else None


def leftovers(d):
    """Temporary files of an interrupted write in folder @d."""
    return [f for f in os.listdir(d) if f.startswith(".")]


def ip(src, dst, proto, payload, ident=1, ihl=5):
    """An IPv4 datagram with a correct header checksum."""
    opts = b"\x01" * (4 * ihl - 20)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(payload), ident, 0, 64, proto,
                    0, bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    h += opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(sp, dp, data):
    """A UDP header and data (checksum 0: none)."""
    return struct.pack("!HHHH", sp, dp, 8 + len(data), 0) + data


def icmp(t, c, rest, data):
    """An ICMP message with a correct checksum."""
    m = struct.pack("!BBH", t, c, 0) + rest + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def cli_basics(cap):
    """Default output name, -o, self-contained, atomic."""
    p = run("report", cap)
    html = cap[:-5] + ".html"
    R.check("report CAPTURE: exit 0, page at CAPTURE.html", p.returncode == 0 and os.path.exists(html),
            f"(rc {p.returncode}, {p.stderr!r})")
    text = open(html, encoding="utf-8").read() if os.path.exists(html) else ""
    R.check("the page is one HTML document with its data, script and style inline",
            text.startswith("<!DOCTYPE html>") and "<style>" in text and "window.ikReady" in text
            and page_data(html) is not None)
    ext = re.findall(r'(?:src|href)\s*=\s*["\']?(?!data:|#)[a-z]+:', text, re.I)
    R.check("no external resource (src/href to any URL scheme but data:)", not ext, str(ext))
    R.check("no <link rel=stylesheet>, no <script src=>",
            not re.search(r"<link[^>]+stylesheet|<script[^>]+src=", text, re.I))
    R.check("no temporary file left beside it", not leftovers(os.path.dirname(cap)),
            str(leftovers(os.path.dirname(cap))))
    out = os.path.join(TMP, "sub", "x.html")
    os.makedirs(os.path.dirname(out))
    p = run("report", "-o", out, cap)
    R.check("-o PAGE writes there", p.returncode == 0 and os.path.exists(out) and p.stdout == "")
    p = run("report", "--output", out + "2", cap)
    R.check("--output PAGE too", p.returncode == 0 and os.path.exists(out + "2"))
    p = run("report", "--help")
    R.check("--help: exit 0, usage on stdout", p.returncode == 0 and p.stdout.startswith("usage: icmpkit report"))


def bad_input(cap):
    """Truncated and non-capture files: exit 1, one line, no page, old page kept."""
    junk = os.path.join(TMP, "junk.pcap")
    with open(junk, "w") as f:
        f.write("this is not a capture\n" * 10)
    cut = os.path.join(TMP, "cut.pcap")
    data = open(cap, "rb").read()
    with open(cut, "wb") as f:
        f.write(data[:len(data) - 7])
    empty = os.path.join(TMP, "empty.pcap")
    open(empty, "wb").close()
    for name, path in (("not a capture", junk), ("truncated", cut), ("empty file", empty),
                       ("missing file", os.path.join(TMP, "nope.pcap"))):
        out = os.path.join(TMP, "bad-" + name.replace(" ", "-") + ".html")
        p = run("report", "-o", out, path)
        lines = p.stderr.splitlines()
        R.check(f"{name}: exit 1, one line on stderr, no page", p.returncode == 1 and len(lines) == 1
                and lines[0].startswith("icmpkit report: ") and not os.path.exists(out)
                and p.stdout == "", f"(rc {p.returncode}, {p.stderr!r})")
    old = os.path.join(TMP, "old.html")
    with open(old, "w") as f:
        f.write("previous page")
    p = run("report", "-o", old, cut)
    R.check("a failed run leaves the previous page untouched",
            p.returncode == 1 and open(old).read() == "previous page")
    R.check("no temporary file left after the failures", not leftovers(TMP), str(leftovers(TMP)))
    p = run("report", "--json", cut)
    R.check("truncated with --json: exit 1, nothing on stdout", p.returncode == 1 and p.stdout == "")


def bad_args(cap):
    """Exit 2 with one line."""
    for args, want in (((), "no capture"), (("--bogus", cap), "unknown option"),
                       ((cap, cap), "one capture"), (("-o",), "needs an argument"),
                       (("-o", "", cap), "-o")):
        R.one_line_error(run("report", *args), "report", want, args)
    R.one_line_error(run("demo", "port-unreachable", "--html"), "demo", "", ("demo", "--html"))


def json_port(cap):
    """--json against the capture and decode --json."""
    html = cap[:-5] + ".html"
    if os.path.exists(html):
        os.unlink(html)
    p = run("report", "--json", cap)
    try:
        j = json.loads(p.stdout)
    except ValueError:
        R.check("--json parses", False, p.stdout[:200])
        return
    d = json.loads(run("decode", "--json", "-p", cap).stdout)
    R.check("--json: exit 0, no page written", p.returncode == 0 and not os.path.exists(html))
    R.check("--json: as many packets as decode sees", len(j["packets"]) == len(d) == j["counts"]["packets"],
            f"({len(j['packets'])} vs {len(d)})")
    R.check("--json: summaries are decode's", [x["summary"] for x in j["packets"]] == [x["summary"] for x in d])
    R.check("--json: times are decode's", [x["time_ns"] for x in j["packets"]] == [x["time_ns"] for x in d])
    errs = [x for x in j["packets"] if x["kind"] == "error"]
    udps = [x for x in j["packets"] if x["kind"] == "data" and "8080" in x["summary"]]
    R.check("one Port Unreachable (3/3), counted by type/code",
            len(errs) == 1 and errs[0]["icmp_type"] == 3 and errs[0]["icmp_code"] == 3
            and j["counts"]["icmp"].get("3/3 Destination Unreachable (Port Unreachable)") == 1)
    R.check("it links to the UDP datagram to 192.168.1.5:8080",
            errs and udps and errs[0]["link"] == udps[0]["packet"] and udps[0]["dst"] == "192.168.1.5"
            and errs[0]["link_state"] == "linked")
    R.check("links list: from the error to the datagram",
            j["links"] == [{"from": errs[0]["packet"], "kind": "quotes", "to": udps[0]["packet"], "state": "linked"}])


def pcapng(cap):
    """The same capture as pcapng (editcap) gives the same report."""
    if not shutil.which("editcap"):
        print("# editcap not installed: pcapng check left out")
        return
    ng = os.path.join(TMP, "ng.pcapng")
    subprocess.run(["editcap", "-F", "pcapng", cap, ng], check=True, capture_output=True)
    a = json.loads(run("report", "--json", cap).stdout)
    b = json.loads(run("report", "--json", ng).stdout)
    p = run("report", ng)
    R.check("pcapng: same packets and links as the pcap, page at CAPTURE.html",
            a["packets"] == b["packets"] and a["links"] == b["links"] and p.returncode == 0
            and os.path.exists(os.path.join(TMP, "ng.html")))


def json_ping(cap):
    """Echo replies linked to their requests with the RTT."""
    j = json.loads(run("report", "--json", cap).stdout)
    reps = [x for x in j["packets"] if x["kind"] == "echo-reply"]
    byno = {x["packet"]: x for x in j["packets"]}
    ok = bool(reps)
    for r in reps:
        q = byno.get(r["link"])
        ok = ok and q is not None and q["kind"] == "echo-request" and q["src"] == r["dst"] \
            and q["dst"] == r["src"] and r["rtt_ns"] == r["time_ns"] - q["time_ns"] > 0 \
            and q["link"] == r["packet"]
    R.check(f"ping-identifier: {len(reps)} echo replies each linked to its request, RTT = time apart", ok)
    idents = {x["summary"].split("id ")[1].split()[0] for x in reps if "id " in x["summary"]} if reps else set()
    R.check("ping-identifier: replies of more than one Identifier", len(idents) >= 2 or j["counts"]["echo_streams"] >= 2,
            str(idents))


def ipv6():
    """An IPv6 capture (tests/data/corpus6): links, addresses, the page."""
    here = os.path.dirname(os.path.abspath(__file__))
    names = ["echo_request", "udp_chain", "echo_reply", "unreach_port_chain", "timex_echo"]
    frames = []
    for n in names:
        with open(os.path.join(here, "data", "corpus6", n + ".bin"), "rb") as f:
            frames.append(f.read())
    tmp = tempfile.mkdtemp(prefix="report_cli6.")
    cap, html = os.path.join(tmp, "v6.pcap"), os.path.join(tmp, "v6.html")
    write_pcap(cap, 229, frames)  # LINKTYPE_IPV6
    p = run("report", "--json", cap)
    try:
        pk = json.loads(p.stdout)["packets"]
    except (ValueError, KeyError):
        pk = []
    R.check("IPv6: --json reads the capture", p.returncode == 0 and len(pk) == 5, p.stderr[:200])
    if len(pk) == 5:
        R.check("IPv6: Echo Reply linked to its Request with the RTT",
                pk[2]["link"] == 1 and pk[0]["link"] == 3 and
                pk[2]["rtt_ns"] == pk[2]["time_ns"] - pk[0]["time_ns"] > 0, str(pk[2]))
        R.check("IPv6: Port Unreachable linked to the chained packet it quotes",
                pk[3]["kind"] == "error" and pk[3]["link_state"] == "linked" and pk[3]["link"] == 2,
                str(pk[3]))
        R.check("IPv6: an error quoting a packet not captured", pk[4]["link_state"] == "not-found")
        R.check("IPv6: addresses as text", pk[0]["src"] == "2001:db8::1" and
                pk[3]["src"] == "2001:db8:0:2::fe" and pk[3]["icmpv6_type"] == 1, str(pk[0]))
    p = run("report", cap, "-o", html)
    d = page_data(html) if p.returncode == 0 else None
    R.check("IPv6: page written with the addresses as lifelines",
            d is not None and "2001:db8::1" in d.get("addrs", []) and
            "2001:db8:0:2::fe" in d.get("addrs", []), p.stderr[:200])
    shutil.rmtree(tmp, ignore_errors=True)


def crafted():
    """An error whose quote is absent, a malformed packet, an unanswered request, options."""
    a, b = "192.0.2.1", "198.51.100.7"
    lost = udp(1234, 9999, b"gone")
    frames = [
        ip(a, b, 17, udp(5000, 53, b"query"), ident=10, ihl=7),          # 1 with options
        ip(b, a, 1, icmp(3, 3, b"\0" * 4, ip(a, b, 17, udp(5000, 53, b"query"), ident=10, ihl=7)[:28 + 8])),
        ip(b, a, 1, icmp(11, 0, b"\0" * 4, ip(a, b, 17, lost, ident=77)[:28])),  # 3 quote not here
        b"\x4f\x00\x00\x10garbage-octets",                                 # 4 malformed
        ip(a, b, 1, icmp(8, 0, struct.pack("!HH", 0x77, 1), b"ping")),     # 5 no reply
        ip(a, b, 1, icmp(3, 3, b"\0" * 4, b"\x45\x00"))[:30],               # 6 cut error
    ]
    cap = os.path.join(TMP, "crafted.pcap")
    write_pcap(cap, 101, frames)
    p = run("report", "--json", cap)
    j = json.loads(p.stdout) if p.returncode == 0 else {"packets": []}
    k = {x["packet"]: x for x in j["packets"]}
    R.check("crafted: exit 0 with a malformed packet in it", p.returncode == 0, p.stderr)
    R.check("quote with IP options linked", k.get(2, {}).get("link") == 1)
    R.check("quote of a packet not in the capture: state not-found, link null",
            k.get(3, {}).get("link_state") == "not-found" and k[3]["link"] is None)
    R.check("malformed packet shown as malformed", k.get(4, {}).get("kind") == "malformed")
    R.check("unanswered request: lost", k.get(5, {}).get("link_state") == "lost"
            and j["counts"]["lost_requests"] == 1)
    p = run("report", "-o", os.path.join(TMP, "crafted.html"), cap)
    d = page_data(os.path.join(TMP, "crafted.html")) if p.returncode == 0 else None
    R.check("crafted: page written, data has every packet", d is not None and d["count"] == len(frames))
    return os.path.join(TMP, "crafted.html")


def corpus():
    """The report never fails on the corpus; JSON and page both have every packet."""
    cap = os.path.join(TMP, "corpus.pcap")
    frames = corpus_frames()
    write_pcap(cap, 101, frames)
    n = len(frames)
    p = run("report", "--json", cap)
    ok = p.returncode == 0
    j = json.loads(p.stdout) if ok else {"packets": []}
    R.check(f"corpus ({n} datagrams, whole and cut): --json exit 0, every packet",
            ok and len(j["packets"]) == n, p.stderr[-300:])
    p = run("report", "-o", os.path.join(TMP, "corpus.html"), cap)
    d = page_data(os.path.join(TMP, "corpus.html")) if p.returncode == 0 else None
    R.check("corpus: page written with every packet", d is not None and d["count"] == n, p.stderr[-300:])


def ethernet():
    """Frames that hold no IPv4 datagram are skipped, not malformed; a cut one is unreadable."""
    eth = b"\x02" * 6 + b"\x04" * 6
    d = ip("192.0.2.1", "192.0.2.2", 17, udp(1, 2, b""))
    frames = [eth + b"\x08\x06" + bytes(28), eth + b"\x08\x00" + d,
              eth + b"\x81\x00\x00\x05\x08\x00" + d, b"\x01\x02"]
    cap = os.path.join(TMP, "eth.pcap")
    write_pcap(cap, 1, frames)
    j = json.loads(run("report", "--json", cap).stdout)
    R.check("Ethernet: ARP skipped, IPv4 (also VLAN-tagged) read, a 2-octet frame malformed",
            [p["kind"] for p in j["packets"]] == ["skipped", "data", "data", "malformed"]
            and j["counts"]["kinds"]["skipped"] == 1, str([p["kind"] for p in j["packets"]]))


def demos():
    """demo SCENARIO --html for every scenario demo lists."""
    names = []
    for line in run("demo", "--help").stdout.splitlines():
        m = re.match(r"  ([a-z][a-z0-9-]+)\s{2,}", line)
        if m and m.group(1) != "all":
            names.append(m.group(1))
    R.check("demo --help lists the scenarios", "port-unreachable" in names and len(names) >= 6, str(names))
    for s in names + ["all"]:
        html = os.path.join(TMP, f"demo-{s}.html")
        cap = os.path.join(TMP, f"demo-{s}.pcap")
        p = run("demo", s, "--html", html, "--pcap", cap)
        d = page_data(html) if os.path.exists(html) else None
        n = json.loads(run("report", "--json", cap).stdout)["counts"]["packets"] if os.path.exists(cap) else -1
        ok = (p.returncode == 0 and d is not None and d["count"] == n > 0 and d["demo"]
              and all(ph.get("t_ns") is not None for sc in d["demo"]["scenarios"] for ph in sc["phases"])
              and f"page written to {html}" in p.stdout)
        R.check(f"demo {s} --html: page with all {n} packets and the phases", ok,
                f"(rc {p.returncode}, {p.stderr!r})")
    d = page_data(os.path.join(TMP, "demo-port-unreachable.html"))
    ph = d["demo"]["scenarios"][0]["phases"] if d else []
    R.check("port-unreachable page: Phases 1-4 with their trace events",
            [x["phase"] for x in ph] == [1, 2, 3, 4] and all(x["events"] for x in ph))
    html = os.path.join(TMP, "demo-alone.html")
    before = {f for f in os.listdir("/tmp") if f.startswith("icmpkit-demo-")}
    p = run("demo", "port-unreachable", "--html", html)
    after = {f for f in os.listdir("/tmp") if f.startswith("icmpkit-demo-")}
    R.check("demo --html without --pcap: page written, its temporary capture removed",
            p.returncode == 0 and os.path.exists(html) and page_data(html)["count"] == 2
            and after <= before, str(after - before))


def main():
    cap = os.path.join(TMP, "pu.pcap")
    p = run("demo", "port-unreachable", "--quiet", "--pcap", cap)
    if p.returncode != 0:
        R.check("demo port-unreachable --pcap", False, p.stderr)
        shutil.rmtree(TMP, ignore_errors=True)
        R.finish()
    cli_basics(cap)
    bad_input(cap)
    bad_args(cap)
    json_port(cap)
    pcapng(cap)
    ping = os.path.join(TMP, "ping.pcap")
    run("demo", "ping-identifier", "--quiet", "--pcap", ping)
    json_ping(ping)
    crafted()
    ipv6()
    ethernet()
    corpus()
    demos()
    shutil.rmtree(TMP, ignore_errors=True)
    R.finish()


if __name__ == "__main__":
    main()
