#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""browser.py - a real browser for the page tests (issue 14).

Headless Chromium driven by Selenium through chromium-driver, all three
Debian packages (chromium, chromium-driver, python3-selenium; the bootstrap
installs them for `make test`). A test does:

    import browser
    b = browser.open_or_skip()        # prints "SKIP: ..." and exits 77 without them
    b.load("/abs/path/page.html")     # file:// URL, waits for window.ikReady
    assert b.console_errors() == []
    assert b.network_requests() == []
    b.click('svg .pkt[data-i="3"]')
    b.screenshot("/path/shot.png")
    assert browser.ink_fraction("/path/shot.png") > 0.02
    b.close()

Nothing the page asks for leaves the machine: every http, https, ws and
ftp URL is blocked inside the browser (DevTools Network.setBlockedURLs)
before it is sent, but it is still recorded, so network_requests() sees the
attempt. Chromium's own background traffic (component updates, DNS
prefetch, sync) is switched off by flags.
"""
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import zlib

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"
BLOCK = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]
LOCAL = ("file:", "data:", "blob:", "about:", "chrome:", "devtools:")


def skip(why):
    """Print a visible SKIP line and leave with meson's skip status."""
    print("SKIP: " + why)
    sys.stdout.flush()
    sys.exit(SKIP)


class Browser:
    """One headless Chromium with one tab."""

    def __init__(self, width=1280, height=900):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._profile = tempfile.mkdtemp(prefix="ik-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--no-first-run",
                  "--no-default-browser-check", "--disable-extensions",
                  "--disable-background-networking", "--disable-sync",
                  "--disable-component-update", "--disable-default-apps",
                  "--dns-prefetch-disable", "--metrics-recording-only",
                  "--disable-features=Translate,MediaRouter,OptimizationHints",
                  "--allow-file-access-from-files",
                  "--window-size=%d,%d" % (width, height),
                  "--user-data-dir=" + self._profile):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs",
                            {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
        self.driver.set_page_load_timeout(120)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": BLOCK})
        self._console = []
        self._requests = []

    def _drain(self):
        """Move the browser's pending log entries into our lists."""
        for e in self.driver.get_log("browser"):
            if e.get("level") in ("SEVERE", "ERROR"):
                self._console.append(e.get("message", ""))
        for e in self.driver.get_log("performance"):
            try:
                m = json.loads(e["message"])["message"]
            except (KeyError, ValueError):
                continue
            if m.get("method") == "Network.requestWillBeSent":
                url = m.get("params", {}).get("request", {}).get("url", "")
                if url and not url.startswith(LOCAL):
                    self._requests.append(url)

    def load(self, path, timeout=120.0):
        """Open PATH as a file:// URL; wait until the page sets window.ikReady.

        Raises AssertionError when the page does not get ready in TIMEOUT
        seconds (its console errors are in the message).
        """
        url = "file://" + os.path.abspath(path)
        self.driver.get(url)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            st = self.driver.execute_script(
                "return [document.readyState, window.ikReady === true]")
            if st[0] == "complete" and st[1]:
                self._drain()
                return
            time.sleep(0.05)
        self._drain()
        raise AssertionError("page %s not ready in %.0f s; console errors: %s"
                             % (path, timeout, self._console))

    def console_errors(self):
        """Console messages of level error and uncaught exceptions so far."""
        self._drain()
        return list(self._console)

    def network_requests(self):
        """Every non-local URL the page tried to fetch (all were blocked)."""
        self._drain()
        return list(self._requests)

    def js(self, script, *args):
        """Run SCRIPT in the page (selenium execute_script) and return its value."""
        return self.driver.execute_script(script, *args)

    def find(self, css):
        """The first element matching the CSS selector (raises when none)."""
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def click(self, css):
        """Click the first element matching CSS, as a user would (scrolled into view)."""
        from selenium.webdriver.common.action_chains import ActionChains
        el = self.find(css)
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", el)
        try:
            ActionChains(self.driver).move_to_element(el).click().perform()
        except Exception:  # SVG elements without a box: dispatch the click
            self.driver.execute_script(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", el)

    def hover(self, css):
        """Move the pointer over the first element matching CSS."""
        from selenium.webdriver.common.action_chains import ActionChains
        el = self.find(css)
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center'})", el)
        ActionChains(self.driver).move_to_element(el).perform()

    def screenshot(self, path):
        """Write the visible viewport as a PNG at PATH and return PATH."""
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.driver.save_screenshot(path)
        return path

    def close(self):
        """Quit the browser and remove its profile."""
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_or_skip(**kw):
    """A Browser, or a SKIP line and exit 77 when Chromium cannot be driven."""
    for p, pkg in ((CHROMIUM, "chromium"), (DRIVER, "chromium-driver")):
        if not os.access(p, os.X_OK):
            skip("%s not installed (apt-get install %s)" % (p, pkg))
    try:
        import selenium  # noqa: F401
    except ImportError:
        skip("python3-selenium not installed")
    try:
        return Browser(**kw)
    except Exception as e:  # a browser that will not start is a SKIP, named
        skip("headless chromium did not start: %s" % str(e).splitlines()[0])


def _png_rows(path):
    """Decode a non-interlaced 8-bit RGB/RGBA PNG: (width, height, channels, rows)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG" % path)
    pos, idat, w = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, inter = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or inter:
                raise ValueError("%s: PNG kind not handled" % path)
            ch = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + n
    if w is None:
        raise ValueError("%s: no IHDR" % path)
    raw = zlib.decompress(b"".join(idat))
    stride = w * ch
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(ch, stride):
                line[i] = (line[i] + line[i - ch]) & 255
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif f == 3:
            for i in range(stride):
                left = line[i - ch] if i >= ch else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                b, c = prev[i], prev[i - ch] if i >= ch else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, ch, rows


def ink_fraction(path):
    """Fraction of pixels of the PNG at PATH unlike its dominant colour.

    The dominant colour is the page's background; a blank page gives 0.0.
    Pixels are compared on RGB with a small tolerance (anti-aliasing).
    """
    w, h, ch, rows = _png_rows(path)
    counts = {}
    for r in rows[::7]:
        for x in range(0, w * ch, ch * 5):
            k = r[x:x + 3]
            counts[k] = counts.get(k, 0) + 1
    bg = max(counts, key=counts.get)
    ink = total = 0
    for r in rows:
        for x in range(0, w * ch, ch):
            total += 1
            if (abs(r[x] - bg[0]) + abs(r[x + 1] - bg[1]) + abs(r[x + 2] - bg[2])) > 24:
                ink += 1
    return ink / total if total else 0.0
