#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report_firefox.py - the report page in Firefox (issue 14 item 1).

Debian ships Firefox ESR but no geckodriver, so Firefox is not driven
here: it is run headless on each page from file:// with a profile of its
own, made for the run and removed after, and asked for a screenshot:

    firefox --headless --no-remote --profile DIR --window-size 1280,900
            --screenshot OUT.png file:///PAGE

The pages: `demo port-unreachable --html`, and `report` of the capture of
`demo ping-identifier --pcap`. For each:

- the script ran and drew: the screenshot's ink (tests/browser.py) must
  exceed by 0.03 that of the same page opened with JavaScript off (a
  user.js pref, javascript.enabled false), less its banner: that is what
  a page whose script did not run shows, the static headings; the
  banner a page shows until its script has drawn
  (#ik-nojs, background #ffd6cc) must be gone from the first screenshot
  and present in the second, so the two are the page with and without its
  script, not two renderings that differ by chance;
- no JavaScript error and no console error: Firefox prints the page's
  uncaught errors on stderr ("JavaScript error: file:///...") with the
  pref browser.dom.window.dump.enabled, and its console on stdout with
  devtools.console.stdout.content;
- no network request attempted: with MOZ_LOG=nsHttp:1,CSPContext:5 on
  stderr, a content process logs every HTTP channel it opens ("uri=") and
  every load the page's Content-Security-Policy denies; neither may name
  anything but the page. The profile also sends every request to a proxy
  at 127.0.0.1:9, where nothing listens, so nothing can leave the machine
  (Firefox's own services, in the parent process, try and fail there).

The checks prove they can fail: a copy of the port-unreachable page with an
image from http://example.invalid, a console.error and a script error added
must be caught by the error, console and request checks, and keep its
banner (the JavaScript-off shots already show the ink check failing).
Screenshots go to OUTDIR. Exit 77 with a SKIP line when Firefox is absent.
Usage: report_firefox.py PATH_TO_ICMPKIT OUTDIR
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402
from clitest import Results  # noqa: E402

EXE = sys.argv[1] if len(sys.argv) > 1 else "build/src/cli/icmpkit"
OUT = sys.argv[2] if len(sys.argv) > 2 else "build/tests/report-firefox"
FIREFOX = "/usr/bin/firefox"
BANNER = (0xff, 0xd6, 0xcc)  # #ik-nojs's background in page.css
RESULTS = Results("report_firefox")

PREFS = {
    "devtools.console.stdout.content": True,
    # with it, uncaught script errors are printed on stderr too
    "browser.dom.window.dump.enabled": True,
    # every request to a proxy on loopback where nothing listens
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1", "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": 9,
    "network.proxy.share_proxy_settings": True,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": True,
    # fewer of Firefox's own requests
    "browser.region.network.url": "", "browser.region.update.enabled": False,
    "app.update.enabled": False, "app.normandy.enabled": False,
    "toolkit.telemetry.enabled": False, "datareporting.policy.dataSubmissionEnabled": False,
    "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
    "browser.safebrowsing.update.enabled": False, "extensions.update.enabled": False,
    "network.dns.disablePrefetch": True, "network.prefetch-next": False,
}


def check(ok, what, detail=""):
    """Count and print one result (clitest.Results, arguments in this
    file's order)."""
    RESULTS.check(what, ok, detail)


def run(*args):
    """icmpkit @args; the finished process."""
    return subprocess.run((EXE,) + args, capture_output=True, text=True, timeout=300)


def firefox(page, shot, js=True):
    """Screenshot PAGE in a fresh headless Firefox: (ok, stdout, stderr).

    The URL ends in #ik-flow, so the view is scrolled to the sequence
    diagram and the packet detail beside it (a demo's phases come first)."""
    shot = os.path.abspath(shot)
    tmp = tempfile.mkdtemp(prefix="ik-firefox-")
    prof, home = os.path.join(tmp, "profile"), os.path.join(tmp, "home")
    os.makedirs(prof)
    os.makedirs(home)
    prefs = dict(PREFS, **{"javascript.enabled": js})
    with open(os.path.join(prof, "user.js"), "w") as f:
        for k, v in prefs.items():
            f.write('user_pref("%s", %s);\n' % (k, "true" if v is True else "false" if v is False
                                                 else v if isinstance(v, int) else '"%s"' % v))
    env = dict(os.environ, HOME=home, MOZ_LOG="nsHttp:1,CSPContext:5",
               MOZ_HEADLESS="1", TMPDIR=tmp)
    env.pop("DISPLAY", None)
    env.pop("MOZ_LOG_FILE", None)
    if os.path.exists(shot):
        os.unlink(shot)
    try:
        p = subprocess.run([FIREFOX, "--headless", "--no-remote", "--profile", prof,
                            "--window-size", "1280,900", "--screenshot", shot,
                            "file://" + os.path.abspath(page) + "#ik-flow"],
                           env=env, capture_output=True, text=True, timeout=120)
        ok = p.returncode == 0 and os.path.exists(shot)
        return ok, p.stdout, p.stderr if ok else "exit %d; %s" % (p.returncode, quiet(p.stderr))
    except subprocess.TimeoutExpired as e:
        return False, str(e.stdout or ""), "timed out after 120 s\n" + str(e.stderr or "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def quiet(err):
    """ERR without MOZ_LOG's lines."""
    return "\n".join(ln for ln in err.splitlines() if not ln.startswith("["))[-800:]


def share(path, rgb, tol=12):
    """Fraction of the PNG's pixels within TOL of colour RGB."""
    w, h, ch, rows = browser._png_rows(path)
    n = 0
    for r in rows:
        for x in range(0, w * ch, ch):
            if abs(r[x] - rgb[0]) + abs(r[x + 1] - rgb[1]) + abs(r[x + 2] - rgb[2]) <= tol:
                n += 1
    return n / float(w * h)


def problems(page, out, err):
    """The page's JS errors, console errors, HTTP channels and CSP denials."""
    url = "file://" + os.path.abspath(page)
    js = [ln for ln in err.splitlines() if ln.startswith("JavaScript error:") and "file://" in ln]
    # Firefox's own modules print as "console.error: services.settings: ..."; the
    # page's console.error("x") as 'console.error: "x"'
    console = [ln for ln in out.splitlines() if re.match(r"console\.(error|warn):", ln)
               and not re.match(r"console\.\w+: [a-z][\w-]*(\.[\w-]+)*: ", ln)]
    child = [ln for ln in err.splitlines() if ln.startswith("[Child ")]
    net = [ln for ln in child if re.search(r"nsHttp uri=", ln)]
    csp = [ln for ln in child if "decision: deny" in ln and url not in ln]
    return js, console, net, csp


def one(name, page):
    """The page in Firefox, with and without its script."""
    on, off = os.path.join(OUT, name + ".png"), os.path.join(OUT, name + "-nojs.png")
    ok, out, err = firefox(page, on)
    check(ok, "%s: Firefox wrote a screenshot from file://" % name, quiet(err))
    ok2, _, err2 = firefox(page, off, js=False)
    check(ok2, "%s: and with JavaScript off" % name, quiet(err2))
    if not (ok and ok2):
        return
    ink, ink0 = browser.ink_fraction(on), browser.ink_fraction(off)
    ban, ban0 = share(on, BANNER), share(off, BANNER)
    print("# %s: ink %.4f (JavaScript off %.4f), banner %.4f (off %.4f)" % (name, ink, ink0, ban, ban0))
    static = ink0 - ban0
    check(ink > static + 0.03, "%s: the script drew (ink %.4f > %.4f + 0.03)" % (name, ink, static))
    check(ban < 0.0005 and ban0 > 0.005, "%s: the not-drawn banner gone, there with JavaScript off" % name,
          (ban, ban0))
    js, console, net, csp = problems(page, out, err)
    check(not js, "%s: no JavaScript error" % name, js[:3])
    check(not console, "%s: no console error" % name, console[:3])
    check(not net and not csp, "%s: no network request attempted" % name, (net + csp)[:3])


def broken(page, tmp):
    """The checks catch a page that errs and asks for the network."""
    text = open(page, encoding="utf-8").read()
    bad = os.path.join(tmp, "broken.html")
    text = text.replace('<section id="ik-demo"', '<img src="http://example.invalid/x.png" alt="">'
                        '<section id="ik-demo"', 1)
    text = text.replace("(function () {", "(function () { console.error('ik self-check'); ikNoSuchFunction();", 1)
    open(bad, "w", encoding="utf-8").write(text)
    shot = os.path.join(OUT, "broken.png")
    ok, out, err = firefox(bad, shot)
    if not ok:
        check(False, "broken page: screenshot", quiet(err))
        return
    js, console, net, csp = problems(bad, out, err)
    check(bool(js), "self-check: a script error is seen", quiet(err))
    check(bool(console), "self-check: a console error is seen", out[-800:])
    check(bool(net or csp), "self-check: a request for http://example.invalid is seen", quiet(err))
    check(share(shot, BANNER) > 0.005, "self-check: the page that failed keeps its banner")


def main():
    if not os.access(FIREFOX, os.X_OK):
        print("SKIP: %s not installed (apt-get install firefox-esr)" % FIREFOX)
        sys.exit(77)
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="ik-rf-")
    try:
        print("# " + subprocess.run([FIREFOX, "--version"], capture_output=True, text=True,
                                    env=dict(os.environ, HOME=tmp)).stdout.strip())
        demo = os.path.join(tmp, "port-unreachable.html")
        p = run("demo", "port-unreachable", "--html", demo)
        check(p.returncode == 0, "demo port-unreachable --html", p.stderr)
        cap, rep = os.path.join(tmp, "ping.pcap"), os.path.join(tmp, "ping-report.html")
        p = run("demo", "ping-identifier", "--pcap", cap)
        p2 = run("report", "-o", rep, cap)
        check(p.returncode == 0 and p2.returncode == 0, "report of a ping-identifier capture",
              p.stderr + p2.stderr)
        one("port-unreachable", demo)
        one("ping-report", rep)
        broken(demo, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    RESULTS.finish()


if __name__ == "__main__":
    main()
