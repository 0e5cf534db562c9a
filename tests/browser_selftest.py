#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""browser_selftest.py - the page tests' browser harness can fail.

Loads three small pages written here: a clean one that draws, one that
throws and logs an error, one that asks for an image from 192.0.2.1 (RFC
5737; blocked inside the browser, never sent). Each check of tests/browser.py
must see what is there and nothing that is not: no console error and no
request on the clean page, the error and the request on the others, ink on
the drawing and none on a blank page.
Usage: browser_selftest.py OUTDIR
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

CLEAN = """<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,"></head><body style="margin:0;background:#fff">
<svg width="600" height="400"><rect x="50" y="50" width="300" height="200" fill="#236"/></svg>
<script>window.ikReady = true;</script></body></html>"""
ERROR = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script>console.error("ik-selftest-logged"); setTimeout(function () { window.ikReady = true; }, 0);
null.boom();</script></body></html>"""
FETCH = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<img src="http://192.0.2.1/ik-selftest.png"><script>window.ikReady = true;</script></body></html>"""
BLANK = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body style="background:#fff"><script>window.ikReady = true;</script></body></html>"""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    pages = {}
    for name, text in (("clean", CLEAN), ("error", ERROR), ("fetch", FETCH), ("blank", BLANK)):
        pages[name] = os.path.join(out, "selftest-%s.html" % name)
        with open(pages[name], "w") as f:
            f.write(text)
    fails = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            fails.append(what)

    b = browser.open_or_skip()
    try:
        b.load(pages["clean"])
        check(b.console_errors() == [], "clean page: no console error")
        check(b.network_requests() == [], "clean page: no network request")
        check(b.js("return document.querySelectorAll('rect').length") == 1, "clean page: js() reads the DOM")
        shot = b.screenshot(os.path.join(out, "selftest-clean.png"))
        ink = browser.ink_fraction(shot)
        check(0.05 < ink < 0.2, "clean page: ink %.3f (a 300x200 box in 1280x900 is 0.052)" % ink)
        b.load(pages["blank"])
        shot = b.screenshot(os.path.join(out, "selftest-blank.png"))
        check(browser.ink_fraction(shot) == 0.0, "blank page: no ink")
    finally:
        b.close()
    b = browser.open_or_skip()
    try:
        b.load(pages["error"])
        errs = b.console_errors()
        check(any("ik-selftest-logged" in e for e in errs), "error page: console.error seen")
        check(any("boom" in e or "null" in e for e in errs), "error page: uncaught exception seen")
    finally:
        b.close()
    b = browser.open_or_skip()
    try:
        b.load(pages["fetch"])
        reqs = b.network_requests()
        check(reqs == ["http://192.0.2.1/ik-selftest.png"], "fetch page: the attempt recorded (%s)" % reqs)
    finally:
        b.close()
    print("browser_selftest: %d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
