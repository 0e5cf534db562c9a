#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report_browser.py - the report page in a real browser (headless Chromium).

For the page of every demo scenario (`icmpkit demo S --html`): it loads
from file:// with no console error and no network request attempted, has
one arrow per packet of the capture, and a screenshot (under OUTDIR) is not
blank. On the port-unreachable page: the Port Unreachable's link points at
the UDP datagram to 192.168.1.5:8080, clicking the link jumps there,
clicking the error shows its bit diagram with Type 3, Code 3 and, nested in
the quote, Destination Port 8080; hovering that field lights exactly its two
octets (1f 90) in the hex. On the ping-identifier page every reply links to
a request sent the other way. A capture of many packets draws only the rows
in view and still reaches its last packet.

Not blank: the ink of the sequence diagram's screenshot (pixels unlike the
background, tests/browser.py) must exceed that of the diagram of a capture
with no packet, measured here too, by 0.01: an empty diagram (the frame,
the overview strip) is what a page that failed to draw its arrows would
show, and 1% of the diagram's pixels is well under what the two labelled
arrows of the smallest scenario add (about 1.8%).
Usage: report_browser.py PATH_TO_ICMPKIT OUTDIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402
from clitest import Results  # noqa: E402
from pktlib import write_pcap  # noqa: E402

EXE = sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/icmpkit"
OUT = sys.argv[2] if len(sys.argv) > 2 else "build/tests/report-browser"
RESULTS = Results("report_browser")


def check(ok, what, detail=""):
    """Count and print one result (clitest.Results, arguments in this
    file's order)."""
    RESULTS.check(what, ok, detail)


def run(*args):
    """icmpkit @args; the finished process."""
    return subprocess.run((EXE,) + args, capture_output=True, text=True, timeout=300)


def diagram_ink(b, name):
    """Screenshot the sequence diagram (and the whole view) as NAME; its ink."""
    b.screenshot(os.path.join(OUT, name + ".png"))
    el = b.find("#ik-flowwrap")
    path = os.path.join(OUT, name + "-diagram.png")
    el.screenshot(path)
    return browser.ink_fraction(path)


def scenarios():
    """The scenario names `demo --help` lists."""
    import re
    names = []
    for line in run("demo", "--help").stdout.splitlines():
        m = re.match(r"  ([a-z][a-z0-9-]+)\s{2,}\S", line)
        if m and m.group(1) != "all":
            names.append(m.group(1))
    return names


def port_unreachable(b, page):
    """Links, click, bit diagram, hover on the note's worked example."""
    err = b.find('line.ik-arrow[data-kind="error"]')
    e, m = err.get_attribute("data-pkt"), err.get_attribute("data-links-to")
    tgt = b.js("return document.querySelector('line.ik-arrow[data-pkt=\"%s\"]') ? "
               "[document.querySelector('line.ik-arrow[data-pkt=\"%s\"]').dataset.dst,"
               " window.ikReport.detail(%s - 1)[3]] : null" % (m, m, m)) if m else None
    check(tgt is not None and tgt[0] == "192.168.1.5" and "UDP" in tgt[1] and "-> 8080" in tgt[1],
          "the Port Unreachable (#%s) links to #%s, the UDP datagram to 192.168.1.5:8080" % (e, m), tgt)
    b.js("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
         b.find('path.ik-link[data-from="%s"]' % e))
    check(b.js("return document.getElementById('ik-pkt').dataset.pkt") == m,
          "clicking the link shows the quoted datagram #%s" % m)
    b.click('line.ik-arrow[data-pkt="%s"]' % e)
    vals = b.js("""var q = function (s) { var x = document.querySelector(s); return x ? x.dataset.value : null; };
        return [document.getElementById('ik-pkt').dataset.pkt,
                q('#ik-pkt .ik-diagram > .ik-blk td[data-key="type"]'),
                q('#ik-pkt .ik-diagram > .ik-blk td[data-key="code"]'),
                q('#ik-pkt .ik-quote td[data-key="destination_port"]'),
                document.querySelectorAll('#ik-pkt .ik-quote td[data-key="protocol"]').length]""")
    check(vals[0] == e, "clicking the error arrow selects it", vals)
    check(vals[1] == "3" and vals[2] == "3", "its bit diagram: Type 3, Code 3", vals)
    check(vals[3] == "8080" and vals[4] == 1, "the quoted datagram nested inside: Destination Port 8080", vals)
    check("Quotes packet #" + m in b.find("#ik-linkinfo").text, "the detail names the quoted packet")
    b.hover('#ik-pkt .ik-quote td[data-key="destination_port"]')
    lit = b.js("return Array.from(document.querySelectorAll('#ik-hexdump .ik-b.ik-on'))"
               ".map(function (s) { return [+s.dataset.o, s.textContent]; })")
    span = b.find('#ik-pkt .ik-quote td[data-key="destination_port"]').get_attribute("data-octets")
    first, n = map(int, span.split("+"))
    check([x[1] for x in lit] == ["1f", "90"] and [x[0] for x in lit] == [first, first + 1] and n == 2,
          "hovering Destination Port lights its octets 1f 90 in the hex", lit)
    b.hover("#ik-title")
    check(b.js("return document.querySelectorAll('#ik-hexdump .ik-b.ik-on').length") == 0,
          "moving away clears the highlight")
    ok = b.js("return document.querySelectorAll('#ik-verdicts li[data-status=\"correct\"]').length") >= 2
    check(ok, "the checks: checksums correct")
    ph = b.js("return Array.from(document.querySelectorAll('#ik-demo .ik-phase')).map(function (p) {"
              " return [p.dataset.phase, p.querySelectorAll('.ik-ev').length, p.querySelectorAll('.ik-chip').length]; })")
    check([p[0] for p in ph] == ["1", "2", "3", "4"] and all(p[1] for p in ph),
          "Phases 1-4 narrated, each with its trace events", ph)
    check(ph and ph[0][2] == 1 and ph[2][2] == 1, "Phase 1 sent the datagram, Phase 3 the error", ph)


def ping(b):
    """Every reply links to a request sent the other way."""
    r = b.js("""var out = [];
        document.querySelectorAll('line.ik-arrow[data-kind="echo"]').forEach(function (a) {
          if (!a.dataset.linksTo) return;
          var q = document.querySelector('line.ik-arrow[data-pkt="' + a.dataset.linksTo + '"]');
          out.push(q && q.dataset.src === a.dataset.dst && q.dataset.dst === a.dataset.src); });
        return out;""")
    check(r and all(r), "ping-identifier: every reply's link is a request the other way", r)


def ipv6(b, tmp):
    """An IPv6 capture (tests/data/corpus6): every packet selectable without
    a console error, the addresses as lifelines, an address field as text."""
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "corpus6")
    frames = []
    for n in sorted(os.listdir(d)):
        with open(os.path.join(d, n), "rb") as f:
            frames.append(f.read())
    cap, page = os.path.join(tmp, "v6.pcap"), os.path.join(tmp, "v6.html")
    write_pcap(cap, 229, frames)
    p = run("report", "-o", page, cap)
    check(p.returncode == 0, "IPv6 capture: page written", p.stderr)
    b.load(page)
    r = b.js("var v = []; for (var i = 0; i < %d; i++) { window.ikReport.select(i, false);"
             " var f = document.querySelector('[data-key=\"source\"]');"
             " v.push(f ? f.getAttribute('data-value') : null); } return v;" % len(frames))
    check(b.console_errors() == [], "IPv6 capture: no console error selecting each packet",
          b.console_errors())
    lanes = b.js("return Array.from(document.querySelectorAll('.ik-lane'))"
                 ".map(function (l) { return l.dataset.addr; })")
    check("2001:db8::1" in lanes and "fe80::1" in lanes, "IPv6 capture: addresses as lifelines", lanes)
    check(r and all(x is None or ":" in x for x in r) and "2001:db8:0:2::fe" in r,
          "IPv6 capture: the Source Address drawn as RFC 5952 text", r)


def malformed(b, tmp):
    """A capture with malformed packets: shown as such, the page does not break."""
    import struct
    from pktlib import csum
    good = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0, 64, 17, 0, bytes([192, 0, 2, 1]),
                       bytes([198, 51, 100, 2]))
    good = good[:10] + struct.pack("!H", csum(good)) + good[12:] + struct.pack("!HHHH", 1, 2, 8, 0)
    frames = [good, b"\x4f\x00\x00\x10garbage-octets", b"\x45\x00\x01\x00" + good[4:],
              good[:24], b"\x60" + bytes(39), b"\x45" + bytes(3)]
    cap = os.path.join(tmp, "bad.pcap")
    write_pcap(cap, 101, frames)
    page = os.path.join(tmp, "bad.html")
    p = run("report", "-o", page, cap)
    check(p.returncode == 0, "capture with malformed packets: page written", p.stderr)
    b.load(page)
    r = b.js("var out = []; for (var i = 0; i < %d; i++) { window.ikReport.select(i, false);"
             " out.push([document.querySelectorAll('#ik-verdicts li.ik-bad').length,"
             " window.ikReport.data.kind[i]]); } return out;" % len(frames))
    check(b.console_errors() == [], "no console error selecting each malformed packet", b.console_errors())
    check(r[0] == [0, 0] and r[4][1] == 5 and all(x[0] > 0 or x[1] == 5 for x in r[1:]),
          "each malformed one shown as malformed (a failed check, or kind malformed), "
          "the IPv6 one (a Hop-by-Hop header past its end) too", r)


def corpus(b, tmp):
    """Every corpus datagram (hostile ones too), whole and cut in half: the
    detail of each draws with no console error."""
    from pktlib import corpus_frames
    frames = corpus_frames()
    cap, page = os.path.join(tmp, "corpus.pcap"), os.path.join(tmp, "corpus.html")
    write_pcap(cap, 101, frames)
    p = run("report", "-o", page, cap)
    check(p.returncode == 0, "corpus (%d packets): page written" % len(frames), p.stderr)
    b.load(page)
    bad = b.js("var bad = []; for (var i = 0; i < %d; i++) { try { window.ikReport.select(i, false);"
               " if (!document.querySelector('#ik-pkt #ik-verdicts')) bad.push(i + 1); }"
               " catch (e) { bad.push(i + 1 + ': ' + e); } } return bad;" % len(frames))
    check(not bad and b.console_errors() == [], "corpus: every packet's detail draws", (bad[:5], b.console_errors()[:3]))


def big(b, tmp):
    """A capture of 20,000 packets: only the rows in view are drawn."""
    import struct
    from pktlib import csum
    frames = []
    for i in range(10000):
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4242, i & 0xffff) + b"abcd"
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        for src, dst, body in ((b"\xc0\x00\x02\x01", b"\xc6\x33\x64\x02", icmp),
                               (b"\xc6\x33\x64\x02", b"\xc0\x00\x02\x01", b"\0" + icmp[1:])):
            h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), i & 0xffff, 0, 64, 1, 0, src, dst)
            if body[0] == 0:
                body = body[:2] + b"\0\0" + body[4:]
                body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
            frames.append(h[:10] + struct.pack("!H", csum(h)) + h[12:] + body)
    cap = os.path.join(tmp, "big.pcap")
    write_pcap(cap, 101, frames)
    page = os.path.join(tmp, "big.html")
    p = run("report", "-o", page, cap)
    check(p.returncode == 0, "20,000-packet capture: page written", p.stderr)
    t = time.monotonic()
    b.load(page)
    took = time.monotonic() - t
    n = b.js("return document.querySelectorAll('line.ik-arrow').length")
    check(0 < n < 200, "only the rows in view are drawn (%d arrows in the DOM)" % n, n)
    print("# 20,000-packet page ready in %.2f s" % took)
    b.js("window.ikReport.jump(19999)")
    check(b.js("return !!document.querySelector('line.ik-arrow[data-pkt=\"20000\"]')"),
          "jumping to the last packet draws it")
    check(b.js("return document.getElementById('ik-pkt').dataset.pkt") == "20000", "and selects it")
    check(b.console_errors() == [], "no console error on the big page", b.console_errors())


def main():
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="ik-rb-")
    b = browser.open_or_skip()
    try:
        empty = os.path.join(tmp, "empty.pcap")
        write_pcap(empty, 101, [])
        run("report", "-o", os.path.join(tmp, "empty.html"), empty)
        b.load(os.path.join(tmp, "empty.html"))
        blank = diagram_ink(b, "empty")
        check(b.console_errors() == [], "empty capture: page loads with no console error")
        limit = blank + 0.01
        print("# ink of an empty diagram %.4f: a drawn one must exceed %.4f" % (blank, limit))
        names = scenarios()
        check(len(names) >= 6 and "port-unreachable" in names, "scenarios listed", names)
        for s in names:
            page, cap = os.path.join(tmp, s + ".html"), os.path.join(tmp, s + ".pcap")
            p = run("demo", s, "--html", page, "--pcap", cap)
            if p.returncode != 0:
                check(False, "demo %s --html" % s, p.stderr)
                continue
            n = json.loads(run("report", "--json", cap).stdout)["counts"]["packets"]
            b.load(page)
            check(b.console_errors() == [], "%s: no console error" % s, b.console_errors())
            check(b.network_requests() == [], "%s: no network request attempted" % s, b.network_requests())
            b.js("document.getElementById('ik-scroll').style.height = '%dpx'; "
                 "window.dispatchEvent(new Event('resize'));" % (24 * n + 30))
            arrows = b.js("return document.querySelectorAll('line.ik-arrow').length")
            nums = b.js("return Array.from(document.querySelectorAll('line.ik-arrow'))"
                        ".map(function (a) { return +a.dataset.pkt; })")
            check(arrows == n and sorted(nums) == list(range(1, n + 1)),
                  "%s: one arrow per packet (%d)" % (s, n), (arrows, n))
            bad = b.js("var bad = []; for (var i = 0; i < %d; i++) { try { window.ikReport.select(i, false);"
                       " if (!document.querySelector('#ik-pkt #ik-verdicts')) bad.push(i + 1); }"
                       " catch (e) { bad.push(i + 1 + ': ' + e); } } return bad;" % n)
            check(not bad and b.console_errors() == [], "%s: every packet's detail draws" % s, bad)
            b.js("document.getElementById('ik-scroll').style.height = ''; window.dispatchEvent(new Event('resize'));")
            b.js("document.getElementById('ik-flow').scrollIntoView()")
            ink = diagram_ink(b, s)
            check(ink > limit, "%s: screenshot not blank (diagram ink %.4f)" % (s, ink))
            if s == "port-unreachable":
                b.js("window.scrollTo(0, 0)")
                b.screenshot(os.path.join(OUT, "port-unreachable-top.png"))
                port_unreachable(b, page)
                # the picture of docs/report.md: the error selected, its detail from the top
                b.js("document.getElementById('ik-main').scrollIntoView();"
                     "document.getElementById('ik-detail').scrollTop = 0;")
                shot = b.screenshot(os.path.join(OUT, "port-unreachable-selected.png"))
                check(browser.ink_fraction(shot) > limit, "the selected error's view is not blank")
            if s == "ping-identifier":
                ping(b)
                ids = b.js("return Array.from(document.querySelectorAll('.ik-answers li'))"
                           ".filter(function (l) { return /Identifier \\d+/.test(l.textContent); }).length")
                check(ids == n // 2, "ping-identifier: the answers name each reply's Identifier", ids)
            if s == "protocol":
                r = b.js("return Array.from(document.querySelectorAll('.ik-answers li[data-proto]'))"
                         ".map(function (l) { return [l.dataset.proto, /no ICMP error/.test(l.textContent)]; })")
                check(["47", True] in r and ["132", False] in r,
                      "protocol: the answers say where 47 and 132 went", r)
        malformed(b, tmp)
        ipv6(b, tmp)
        corpus(b, tmp)
        big(b, tmp)
    finally:
        b.close()
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.finish()


if __name__ == "__main__":
    main()
