/* page.js - the icmpkit report page: reads the data the report embedded,
 * draws the sequence diagram (only the rows in view), the packet detail,
 * the summaries and, for a demo, its phases. Plain JS, SVG, no library. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("ik-data").textContent);
  var N = D.count, ROW = 24, MAXH = 8000000, GUT = 46;
  var KIND = ["data", "echo", "echo", "error", "icmp", "malformed", "skipped"];
  var KNAME = ["data", "echo request", "echo reply", "ICMP error", "other ICMP", "malformed", "not IPv4 (skipped)"];
  var STATE = ["", "linked", "not in capture", "no reply", "quote unreadable"];
  var SVGNS = "http://www.w3.org/2000/svg";
  var chunks = document.querySelectorAll("script.ikd"), cache = {}, ncache = 0;
  var rev = new Int32Array(N).fill(-1), sel = -1;
  var tplCache = {};
  for (var i = 0; i < N; i++) if (D.link[i] >= 0 && rev[D.link[i]] < 0) rev[D.link[i]] = i;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function ms(ns) { return (ns / 1e6).toFixed(3) + " ms"; }
  function secs(ns) { return (ns / 1e9).toFixed(6) + " s"; }
  function addr(i) { return i >= 0 ? D.addrs[i] : "?"; }
  /* one packet's detail: [b64, [tpl...], [verdict...], summary, error] */
  function detail(i) {
    var k = Math.floor(i / D.chunk);
    if (!cache[k]) {
      if (ncache > 64) { cache = {}; ncache = 0; }
      cache[k] = JSON.parse(chunks[k].textContent);
      ncache++;
    }
    return cache[k][i % D.chunk];
  }
  function tpl(t) {
    if (!tplCache[t]) {
      var a = D.tpls[t];
      tplCache[t] = { kind: D.strs[a[0]], depth: a[1], table: a[2] >= 0 ? D.tables[a[2]] : null,
        off: a[3], len: a[4], want: a[5], title: D.strs[a[6]], attached: !!a[7],
        fields: a[8].map(function (f) { return { fi: f[0], name: D.strs[f[1]], mean: f[2] >= 0 ? D.strs[f[2]] : null }; }) };
    }
    return tplCache[t];
  }
  function bytesOf(b64) {
    var s = atob(b64), b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  function kindOf(i) { return KIND[D.kind[i]]; }

  /* ---------- sequence diagram, virtualised ---------- */
  var scroll = document.getElementById("ik-scroll"), spacer = document.getElementById("ik-spacer");
  var seq = document.getElementById("ik-seq"), lanes = document.getElementById("ik-lanes");
  var total = N * ROW, H = Math.min(total, MAXH);
  spacer.style.height = H + "px";
  function laneX(a, w) {
    var n = D.addrs.length || 1;
    return GUT + (a + 0.5) * (w - GUT - 10) / n;
  }
  function firstRow() {
    var view = scroll.clientHeight, vis = Math.ceil(view / ROW);
    if (total <= MAXH) return { first: Math.floor(scroll.scrollTop / ROW), yoff: -(scroll.scrollTop % ROW), vis: vis };
    var frac = scroll.scrollTop / Math.max(1, H - view);
    return { first: Math.floor(frac * Math.max(0, N - vis)), yoff: 0, vis: vis };
  }
  function drawLanes(w) {
    lanes.textContent = "";
    D.addrs.forEach(function (a, k) {
      var d = el("div", { "class": "ik-lane", "data-addr": a }, a);
      d.style.left = laneX(k, w) + "px";
      lanes.appendChild(d);
    });
  }
  function rowY(i, f) { return (i - f.first) * ROW + f.yoff + ROW / 2; }
  function draw() {
    var w = scroll.clientWidth, f = firstRow(), view = scroll.clientHeight;
    var last = Math.min(N, f.first + f.vis + 2), g = document.createDocumentFragment();
    seq.style.top = scroll.scrollTop + "px";
    seq.setAttribute("width", w);
    seq.setAttribute("height", view);
    seq.textContent = "";
    var defs = sv("defs");
    ["data", "echo", "error", "icmp", "malformed", "skipped"].forEach(function (k) {
      var m = sv("marker", { id: "ah-" + k, viewBox: "0 0 10 10", refX: "9", refY: "5",
        markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse", "class": "k-" + k });
      m.appendChild(sv("path", { d: "M0,0 L10,5 L0,10 z", "class": "ik-head-fill" }));
      defs.appendChild(m);
    });
    g.appendChild(defs);
    D.addrs.forEach(function (a, k) {
      g.appendChild(sv("line", { "class": "ik-life", x1: laneX(k, w), x2: laneX(k, w), y1: 0, y2: view }));
    });
    var links = {};
    for (var i = f.first; i < last; i++) {
      var y = rowY(i, f), k = kindOf(i), r = sv("g", { "class": "ik-row" + (i === sel ? " ik-sel" : ""),
        "data-pkt": i + 1, "data-kind": k });
      r.appendChild(sv("rect", { "class": "ik-bg", x: 0, y: y - ROW / 2, width: w, height: ROW }));
      r.appendChild(sv("text", { "class": "ik-no", x: 2, y: y + 4 }, "#" + (i + 1)));
      var det = detail(i), x1, x2;
      if (D.src[i] >= 0) {
        x1 = laneX(D.src[i], w); x2 = laneX(D.dst[i], w);
        if (x1 === x2) x2 = x1 + 30;
        var a = sv("line", { "class": "ik-arrow k-" + k, x1: x1, y1: y + 5, x2: x2, y2: y + 5,
          "marker-end": "url(#ah-" + k + ")", "data-pkt": i + 1, "data-kind": k,
          "data-src": addr(D.src[i]), "data-dst": addr(D.dst[i]) });
        if (D.link[i] >= 0 && (D.kind[i] === 3 || D.kind[i] === 2)) a.setAttribute("data-links-to", D.link[i] + 1);
        if (D.kind[i] === 3 && D.state[i] !== 1) a.setAttribute("data-missing", "1");
        r.appendChild(a);
        var lx = Math.min(x1, x2) + 6, txt = det[3];
        if (D.kind[i] === 2 && D.rtt[i] >= 0) txt += "  RTT " + ms(D.rtt[i]);
        r.appendChild(sv("text", { "class": "ik-lbl", x: lx, y: y - 1 }, txt.length > 90 ? txt.slice(0, 88) + "…" : txt));
        if (D.kind[i] === 3 && D.state[i] !== 1)
          r.appendChild(sv("text", { "class": "ik-missing", x: Math.max(x1, x2) + 8, y: y + 4, "data-missing-for": i + 1 },
            D.state[i] === 4 ? "quote unreadable" : "quoted packet not in capture"));
        if (D.kind[i] === 1 && D.state[i] === 3)
          r.appendChild(sv("text", { "class": "ik-missing", x: Math.max(x1, x2) + 8, y: y + 4 }, "no reply"));
      } else {
        r.appendChild(sv("text", { "class": "ik-lbl", x: GUT, y: y + 4 }, det[3]));
      }
      r.addEventListener("click", select.bind(null, i, false));
      g.appendChild(r);
      if (D.link[i] >= 0) links[Math.min(i, D.link[i]) + ":" + Math.max(i, D.link[i])] = D.kind[i];
      if (rev[i] >= 0) links[Math.min(i, rev[i]) + ":" + Math.max(i, rev[i])] = D.kind[rev[i]];
    }
    Object.keys(links).forEach(function (key) {
      var p = key.split(":"), a = +p[0], b = +p[1], kd = links[key], from = kd === 3 || kd === 2 ? b : a;
      var to = from === b ? a : b;
      if (D.kind[from] !== 3 && D.kind[from] !== 2) { var t = from; from = to; to = t; }
      var ya = rowY(a, f), yb = rowY(b, f), bend = 8 + Math.min(30, (b - a) * 2);
      var path = sv("path", { "class": "ik-link k-" + (D.kind[from] === 3 ? "error" : "echo"),
        d: "M" + (GUT - 4) + "," + yb + " C" + (GUT - 4 - bend) + "," + yb + " " + (GUT - 4 - bend) + "," + ya + " " + (GUT - 4) + "," + ya,
        "data-from": from + 1, "data-links-to": to + 1 });
      path.appendChild(sv("title", {}, "#" + (from + 1) + (D.kind[from] === 3 ? " quotes #" : " answers #") + (to + 1)));
      path.addEventListener("click", function (e) { e.stopPropagation(); jump(to); });
      g.appendChild(path);
    });
    seq.appendChild(g);
    document.getElementById("ik-window").textContent = N ? "packets " + (f.first + 1) + "–" + last + " of " + N : "no packets";
  }
  var pending = false;
  scroll.addEventListener("scroll", function () {
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; draw(); }); }
  });
  function jump(i) {
    var view = scroll.clientHeight;
    if (total <= MAXH) scroll.scrollTop = Math.max(0, i * ROW - view / 2);
    else scroll.scrollTop = (i / Math.max(1, N - Math.ceil(view / ROW))) * (H - view);
    draw();
    select(i, false);
  }
  function overview() {
    var ov = document.getElementById("ik-overview"), h = ov.clientHeight || 400, bins = Math.max(1, Math.floor(h / 3));
    var err = new Uint32Array(bins), all = new Uint32Array(bins), mx = 1;
    for (var i = 0; i < N; i++) { var b = Math.floor(i * bins / N); all[b]++; if (D.kind[i] === 3) err[b]++; }
    for (i = 0; i < bins; i++) mx = Math.max(mx, all[i]);
    ov.textContent = "";
    for (i = 0; i < bins; i++) {
      if (!all[i]) continue;
      ov.appendChild(sv("rect", { x: 0, y: i * 3, width: 18 * all[i] / mx, height: 3, fill: "#9db3cf" }));
      if (err[i]) ov.appendChild(sv("rect", { x: 12, y: i * 3, width: 6, height: 3, fill: "#d1452f" }));
    }
    ov.addEventListener("click", function (e) {
      var r = ov.getBoundingClientRect();
      jump(Math.min(N - 1, Math.floor((e.clientY - r.top) / r.height * N)));
    });
  }

  /* ---------- packet detail ---------- */
  function getBits(b, start, len) {
    var v = 0;
    for (var k = 0; k < len; k++) {
      var bit = start + k, o = bit >> 3;
      v = v * 2 + (o < b.length ? (b[o] >> (7 - (bit & 7))) & 1 : 0);
    }
    return v;
  }
  function hex(b, from, n) {
    var s = "";
    for (var k = 0; k < n && from + k < b.length; k++) s += (b[from + k] < 16 ? "0" : "") + b[from + k].toString(16);
    return s;
  }
  /* an IPv6 address as RFC 5952 text (src/wire/ipv6_addr.c does the same) */
  function v6text(b, o) {
    var g = [], best = -1, blen = 0, i, j, s = "";
    for (i = 0; i < 8; i++) g.push(b[o + 2 * i] << 8 | b[o + 2 * i + 1]);
    if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] === 0xffff)
      return "::ffff:" + [b[o + 12], b[o + 13], b[o + 14], b[o + 15]].join(".");
    for (i = 0; i < 8; i = j > i ? j : i + 1) {
      for (j = i; j < 8 && !g[j]; j++);
      if (j - i > blen && j - i >= 2) { best = i; blen = j - i; }
    }
    for (i = 0; i < 8; i++) {
      if (i === best) { s += "::"; i += blen - 1; continue; }
      if (i && i !== best + blen) s += ":";
      s += g[i].toString(16);
    }
    return s;
  }
  /* the value of field fd of layer L, as the table says to print it */
  function fieldValue(b, L, fd, span) {
    var fmt = fd[4], bl = fd[3];
    if (fmt === 14 && bl === 128 && span.count === 16) return v6text(b, L.off + span.first);
    if (fmt === 4 || bl === 0 || bl > 48) {
      var h = hex(b, L.off + span.first, Math.min(span.count, 32));
      return span.count > 32 ? h + "… (" + span.count + " octets)" : h;
    }
    var v = getBits(b, L.off * 8 + fd[2], bl);
    if (fmt === 3) return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
    if (fmt === 1 || fmt === 8) return "0x" + v.toString(16).padStart(Math.ceil(bl / 4), "0");
    if (fmt === 2) return "0b" + v.toString(2).padStart(bl, "0");
    return String(v);
  }
  function span(L, fd) {
    var first = fd[2] >> 3, count = fd[3] ? ((fd[2] + fd[3] + 7) >> 3) - first : L.len - first;
    return { first: first, count: Math.max(0, Math.min(count, L.len - first)) };
  }
  var hexSpans = [];
  function highlight(from, n, on) {
    for (var k = from; k < from + n; k++) if (hexSpans[k]) hexSpans[k].classList.toggle("ik-on", on);
  }
  function hoverable(node, from, n, key) {
    node.setAttribute("data-octets", from + "+" + n);
    node.addEventListener("mouseenter", function () {
      highlight(from, n, true);
      document.querySelectorAll('[data-fid="' + key + '"]').forEach(function (e) { e.classList.add("ik-on"); });
    });
    node.addEventListener("mouseleave", function () {
      highlight(from, n, false);
      document.querySelectorAll('[data-fid="' + key + '"]').forEach(function (e) { e.classList.remove("ik-on"); });
    });
  }
  /* one block: a header and the layers attached to it, 32 bits a row */
  function bitTable(b, layers, li0) {
    var t = el("table", { "class": "ik-bits" }), head = el("tr");
    for (var c = 0; c < 32; c++) head.appendChild(el("th", {}, c % 8 === 0 ? String(c) : ""));
    t.appendChild(head);
    var base = layers[0].L.off, rows = {};
    layers.forEach(function (x) {
      var L = x.L;
      if (!L.table) return;
      L.fields.forEach(function (f) {
        if (f.fi < 0) return;
        var fd = L.table[2][f.fi], sp = span(L, fd);
        var start = (L.off - base) * 8 + fd[2], width = fd[3] ? fd[3] : sp.count * 8;
        var val = fieldValue(b, L, fd, sp), big = width > 64;
        if (big) { start = Math.ceil(start / 32) * 32; width = 32; }
        var remaining = width, s = start;
        while (remaining > 0) {
          var row = Math.floor(s / 32), col = s % 32, take = Math.min(remaining, 32 - col);
          (rows[row] = rows[row] || []).push({ col: col, w: take, f: f, fd: fd, val: val, sp: sp, L: L, li: x.li });
          s += take; remaining -= take;
        }
      });
    });
    Object.keys(rows).map(Number).sort(function (a, b) { return a - b; }).forEach(function (r) {
      var tr = el("tr"), at = 0;
      rows[r].sort(function (a, b) { return a.col - b.col; }).forEach(function (c) {
        if (c.col < at) return;
        if (c.col > at) tr.appendChild(el("td", { colspan: c.col - at, "class": "ik-gap" }));
        var key = c.li + ":" + c.f.fi;
        var td = el("td", { colspan: c.w, "class": "ik-f", "data-key": c.fd[1], "data-value": c.val, "data-fid": key,
          title: c.f.name + " = " + c.val + (c.f.mean ? " (" + c.f.mean + ")" : "") });
        td.appendChild(el("span", { "class": "ik-fn" }, c.f.name));
        td.appendChild(document.createTextNode(c.val + (c.f.mean && c.w >= 8 ? " " + c.f.mean : "")));
        hoverable(td, c.L.off + c.sp.first, c.sp.count, key);
        tr.appendChild(td);
        at = c.col + c.w;
      });
      if (at < 32) tr.appendChild(el("td", { colspan: 32 - at, "class": "ik-gap" }));
      t.appendChild(tr);
    });
    return t;
  }
  function diagram(b, Ls) {
    var root = el("div", { "class": "ik-diagram" }), host = root, blk = null;
    Ls.forEach(function (L, li) {
      if (L.kind === "quote") {
        host = el("div", { "class": "ik-quote", "data-quote": "1" });
        host.appendChild(el("h4", {}, L.title));
        root.appendChild(host);
        blk = null;
        return;
      }
      if (L.depth === 0) host = root;
      if (!L.attached || !blk || blk.depth !== L.depth) {
        blk = { depth: L.depth, layers: [], node: el("div", { "class": "ik-blk" }) };
        blk.node.appendChild(el("h4", {}, L.title + (L.len < L.want ? " (cut: " + L.len + " of " + L.want + " octets)" : "")));
        host.appendChild(blk.node);
        blk.holder = el("div");
        blk.node.appendChild(blk.holder);
      } else {
        blk.node.querySelector("h4").textContent += " + " + L.title;
      }
      blk.layers.push({ L: L, li: li });
      blk.holder.textContent = "";
      blk.holder.appendChild(bitTable(b, blk.layers));
    });
    return root;
  }
  function hexView(b, Ls) {
    var pre = el("div", { "class": "ik-hex", id: "ik-hexdump" });
    hexSpans = [];
    for (var o = 0; o < b.length; o += 16) {
      pre.appendChild(document.createTextNode(o.toString(16).padStart(4, "0") + "  "));
      for (var k = o; k < Math.min(o + 16, b.length); k++) {
        var s = el("span", { "class": "ik-b", "data-o": k }, hex(b, k, 1));
        hexSpans[k] = s;
        pre.appendChild(s);
        pre.appendChild(document.createTextNode(k % 8 === 7 ? "  " : " "));
      }
      pre.appendChild(document.createTextNode("\n"));
    }
    var ann = el("table", { "class": "ik-ann" });
    Ls.forEach(function (L, li) {
      if (!L.table) return;
      L.fields.forEach(function (f) {
        if (f.fi < 0) return;
        var fd = L.table[2][f.fi], sp = span(L, fd), key = li + ":" + f.fi;
        var tr = el("tr", { "data-fid": key });
        tr.appendChild(el("td", {}, String(L.off + sp.first).padStart(4, "0")));
        tr.appendChild(el("td", {}, hex(b, L.off + sp.first, Math.min(sp.count, 8)) + (sp.count > 8 ? "…" : "")));
        tr.appendChild(el("td", {}, (L.depth ? "  " : "") + f.name + "=" + fieldValue(b, L, fd, sp) + (f.mean ? " (" + f.mean + ")" : "")));
        hoverable(tr, L.off + sp.first, sp.count, key);
        ann.appendChild(tr);
      });
    });
    var d = el("div");
    d.appendChild(pre);
    d.appendChild(ann);
    return d;
  }
  function verdicts(det, Ls) {
    var ul = el("ul", { id: "ik-verdicts" });
    det[2].forEach(function (v) {
      var st = D.strs[v[2]], what = D.strs[v[3]], note = D.strs[v[4]];
      var cls = /^(correct|consistent)$/.test(st) ? "ik-ok" : /^(wrong|inconsistent)$/.test(st) ? "ik-bad" : "ik-unk";
      var txt = what + ": " + st.replace("_", " ");
      if (v[1] === 0) txt += " (0x" + v[5].toString(16).padStart(4, "0") + (st === "wrong" ? ", should be 0x" + v[6].toString(16).padStart(4, "0") : "") + ")";
      else txt += " (" + v[5] + " vs " + v[6] + ")";
      if (note) txt += " — " + note;
      var li = el("li", { "class": cls, "data-status": st }, txt);
      if (Ls[v[0]]) li.title = Ls[v[0]].title;
      ul.appendChild(li);
    });
    if (det[4]) ul.appendChild(el("li", { "class": "ik-bad", "data-status": "malformed" }, "Malformed at " + det[4]));
    if (!det[2].length && !det[4]) ul.appendChild(el("li", { "class": "ik-unk" }, "no checks apply"));
    return ul;
  }
  function linkInfo(i) {
    var p = el("p", { "class": "ik-linkinfo", id: "ik-linkinfo" }), k = D.kind[i], l = D.link[i];
    function a(j, text) {
      var x = el("a", { "data-goto": j + 1 }, text);
      x.addEventListener("click", function () { jump(j); });
      return x;
    }
    if (k === 3) {
      if (l >= 0) { p.appendChild(document.createTextNode("Quotes ")); p.appendChild(a(l, "packet #" + (l + 1) + ": " + detail(l)[3])); }
      else p.appendChild(el("span", { "class": "ik-bad" }, D.state[i] === 4 ? "The quote is too short to match." : "The packet it quotes is not in the capture."));
    } else if (k === 2) {
      if (l >= 0) { p.appendChild(document.createTextNode("Answers ")); p.appendChild(a(l, "request #" + (l + 1))); p.appendChild(document.createTextNode(", round trip " + ms(D.rtt[i]))); }
      else p.appendChild(el("span", { "class": "ik-bad" }, "Its request is not in the capture."));
    } else if (k === 1) {
      if (l >= 0) { p.appendChild(document.createTextNode("Answered by ")); p.appendChild(a(l, "reply #" + (l + 1))); p.appendChild(document.createTextNode(" after " + ms(D.rtt[i]))); }
      else p.appendChild(el("span", { "class": "ik-bad" }, "No reply in the capture (lost)."));
    }
    if (rev[i] >= 0 && k !== 1) { p.appendChild(document.createTextNode(" Quoted by ")); p.appendChild(a(rev[i], "#" + (rev[i] + 1))); }
    return p;
  }
  function select(i, scrollTo) {
    sel = i;
    var det = detail(i), box = document.getElementById("ik-pkt");
    box.textContent = "";
    box.setAttribute("data-pkt", i + 1);
    document.getElementById("ik-pick").hidden = true;
    box.appendChild(el("h3", { id: "ik-ptitle" }, "Packet #" + (i + 1) + " · " + KNAME[D.kind[i]] + " · " + D.len[i] + " octets · " + secs(D.t[i])));
    box.appendChild(el("p", { id: "ik-summary" }, det[3]));
    box.appendChild(linkInfo(i));
    var b = bytesOf(det[0]), Ls = det[1].map(tpl);
    if (Ls.length) box.appendChild(diagram(b, Ls));
    box.appendChild(el("h4", {}, "Checks"));
    box.appendChild(verdicts(det, Ls));
    box.appendChild(el("h4", {}, "Hex (hover a field to see its octets)"));
    box.appendChild(hexView(b, Ls));
    if (scrollTo) jump(i); else draw();
  }

  /* ---------- summaries ---------- */
  function counts() {
    var tc = {}, kinds = [0, 0, 0, 0, 0, 0, 0], t = document.getElementById("ik-tc");
    for (var i = 0; i < N; i++) { kinds[D.kind[i]]++; if (D.tc[i] >= 0) tc[D.tc[i]] = (tc[D.tc[i]] || 0) + 1; }
    var lost = 0, miss = 0;
    for (i = 0; i < N; i++) { if (D.kind[i] === 1 && D.state[i] === 3) lost++; if (D.kind[i] === 3 && D.state[i] !== 1) miss++; }
    document.getElementById("ik-counts").textContent = N + " packets · " + D.addrs.length + " addresses · " +
      kinds.map(function (n, k) { return n + " " + KNAME[k]; }).filter(function (s) { return s[0] !== "0"; }).join(" · ") +
      " · " + lost + " request(s) without reply · " + miss + " error(s) quoting a packet not in the capture";
    t.appendChild(el("tr")).innerHTML = "<th>Type</th><th>Code</th><th>Packets</th>";
    Object.keys(tc).map(Number).sort(function (a, b) { return a - b; }).forEach(function (v) {
      /* ICMPv6 counts as 0x10000 | type << 8 | code (src/cli/report.h REP_TC_V6) */
      var six = v >= 0x10000, ty = (v >> 8) & 255;
      var tr = el("tr", { "data-type": ty, "data-code": v & 255, "data-family": six ? "6" : "4" });
      var nm = (D.tcnames || {})[v] || ["", ""];
      tr.appendChild(el("td", {}, (six ? "ICMPv6 " : "") + ty + " " + nm[0]));
      tr.appendChild(el("td", {}, (v & 255) + " " + nm[1]));
      tr.appendChild(el("td", {}, String(tc[v])));
      t.appendChild(tr);
    });
    var tr = el("tr");
    tr.appendChild(el("td", { colspan: 2 }, "not ICMP"));
    tr.appendChild(el("td", {}, String(kinds[0])));
    t.appendChild(tr);
  }
  function plot(w, h, pts, xmin, xmax, ymax, lost, label) {
    var s = sv("svg", { "class": "ik-plot", width: w, height: h, "data-plot": label });
    var L = 44, B = 18, pw = w - L - 8, ph = h - B - 14;
    s.appendChild(sv("text", { x: L, y: 10 }, label));
    s.appendChild(sv("line", { "class": "ik-ax", x1: L, y1: 14, x2: L, y2: 14 + ph }));
    s.appendChild(sv("line", { "class": "ik-ax", x1: L, y1: 14 + ph, x2: L + pw, y2: 14 + ph }));
    s.appendChild(sv("text", { x: 2, y: 20 }, ymax.toFixed(2)));
    s.appendChild(sv("text", { x: 2, y: 14 + ph }, "0"));
    var span = xmax - xmin || 1;
    s.appendChild(sv("text", { x: L, y: h - 4 }, secs(xmin)));
    s.appendChild(sv("text", { x: L + pw - 80, y: h - 4 }, secs(xmax)));
    var step = Math.max(1, Math.floor(pts.length / 4000));
    for (var k = 0; k < pts.length; k += step)
      s.appendChild(sv("circle", { "class": "ik-pt", cx: L + pw * (pts[k].x - xmin) / span, cy: 14 + ph - ph * pts[k].y / (ymax || 1), r: 2.2 }));
    step = Math.max(1, Math.floor(lost.length / 2000));
    for (k = 0; k < lost.length; k += step) {
      var x = L + pw * (lost[k] - xmin) / span;
      s.appendChild(sv("line", { "class": "ik-lost", x1: x, y1: 14, x2: x, y2: 22, "data-lost": 1 }));
    }
    return s;
  }
  function rttPlots() {
    var box = document.getElementById("ik-rtt"), per = D.streams.map(function () { return { pts: [], lost: [] }; });
    for (var i = 0; i < N; i++) {
      if (D.kind[i] !== 1 || D.eid[i] < 0) continue;
      if (D.state[i] === 1) per[D.eid[i]].pts.push({ x: D.t[i], y: D.rtt[i] / 1e6 });
      else per[D.eid[i]].lost.push(D.t[i]);
    }
    var shown = 0;
    per.forEach(function (p, s) {
      if (!p.pts.length && !p.lost.length) return;
      if (shown++ >= 24) return;
      var st = D.streams[s], ymax = 0, xmin = Infinity, xmax = -Infinity;
      p.pts.forEach(function (q) { ymax = Math.max(ymax, q.y); xmin = Math.min(xmin, q.x); xmax = Math.max(xmax, q.x); });
      p.lost.forEach(function (x) { xmin = Math.min(xmin, x); xmax = Math.max(xmax, x); });
      box.appendChild(plot(420, 130, p.pts, xmin, xmax, ymax * 1.1 || 1, p.lost,
        addr(st[0]) + " → " + addr(st[1]) + " id " + st[2] + " (0x" + st[2].toString(16) + "): " + p.pts.length +
        " replied, " + p.lost.length + " lost · ms"));
    });
    if (!shown) box.appendChild(el("p", { "class": "ik-hint" }, "No Echo Request in this capture."));
  }
  function errorPlot() {
    var bins = 60, c = new Uint32Array(bins), tmax = N ? D.t[N - 1] : 0, mx = 0, n = 0;
    for (var i = 0; i < N; i++) if (D.kind[i] === 3) { c[Math.min(bins - 1, Math.floor(D.t[i] / (tmax || 1) * bins))]++; n++; }
    for (i = 0; i < bins; i++) mx = Math.max(mx, c[i]);
    var s = sv("svg", { "class": "ik-plot", width: 420, height: 130, "data-plot": "errors" });
    s.appendChild(sv("text", { x: 44, y: 10 }, n ? n + " ICMP errors over " + secs(tmax) + " (max " + mx + " in one of " + bins + " bins)" : "No ICMP error in this capture."));
    s.appendChild(sv("line", { "class": "ik-ax", x1: 44, y1: 112, x2: 412, y2: 112 }));
    for (i = 0; i < bins; i++) if (c[i]) {
      var h = 96 * c[i] / mx;
      s.appendChild(sv("rect", { "class": "ik-bar", x: 44 + i * 368 / bins, y: 112 - h, width: 368 / bins - 1, height: h }));
    }
    document.getElementById("ik-errs").appendChild(s);
  }

  /* ---------- a demo's phases ---------- */
  function demo() {
    if (!D.demo) return;
    var box = document.getElementById("ik-demo");
    box.hidden = false;
    box.appendChild(el("h2", {}, "The scenario, phase by phase"));
    D.demo.scenarios.forEach(function (sc) {
      var s = el("div", { "class": "ik-scen", "data-scenario": sc.scenario });
      s.appendChild(el("h3", {}, sc.title));
      var phases = sc.phases || [], shown = {}, owner = {};
      /* a packet belongs to the phase that shows it, else to the one that sent it */
      phases.forEach(function (ph, k) {
        (ph.packets || []).forEach(function (p) { if (p.capture_packet) { shown[p.capture_packet - 1] = k; } });
      });
      phases.forEach(function (ph, k) {
        var from = (ph.first_packet || 1) - 1, to = k + 1 < phases.length ? phases[k + 1].first_packet - 1 : (sc.end_packet || N + 1) - 1;
        for (var i = from; i < Math.min(to, N); i++) owner[i] = shown[i] !== undefined ? shown[i] : k;
      });
      phases.forEach(function (ph, k) {
        var card = el("div", { "class": "ik-phase", "data-phase": ph.phase });
        card.appendChild(el("h3", {}, "Phase " + ph.phase + ": " + ph.title));
        card.appendChild(el("p", {}, ph.text));
        (ph.narrative || []).forEach(function (n) { card.appendChild(el("p", { "class": "ik-narr" }, n)); });
        var cols = el("div", { "class": "ik-pcols" }), ev = el("div"), pk = el("div");
        ev.appendChild(el("h4", {}, "Stack events (trace)"));
        var ul = el("ul");
        (ph.events || []).forEach(function (e) {
          var li = el("li", { "class": "ik-ev" });
          li.appendChild(el("span", { "class": "ik-node" }, e.node + " "));
          li.appendChild(document.createTextNode(e.layer + "/" + e.kind + " " + e.what + ": " + e.why));
          ul.appendChild(li);
        });
        if (!(ph.events || []).length) ul.appendChild(el("li", { "class": "ik-hint" }, "none"));
        ev.appendChild(ul);
        pk.appendChild(el("h4", {}, "Packets it put on the wire"));
        var ul2 = el("ul"), any = false;
        for (var i in owner) {
          i = +i;
          if (owner[i] !== k) continue;
          var li = el("li", { "class": "ik-chip", "data-goto": i + 1 }, "#" + (i + 1) + " " + detail(i)[3]);
          li.addEventListener("click", jump.bind(null, i));
          ul2.appendChild(li);
          any = true;
        }
        if (!any) ul2.appendChild(el("li", { "class": "ik-hint" }, "none"));
        pk.appendChild(ul2);
        cols.appendChild(ev); cols.appendChild(pk);
        card.appendChild(cols);
        (ph.checks || []).forEach(function (c) { card.appendChild(el("p", { "class": "ik-check " + (c.ok ? "ok" : "bad") }, c.check)); });
        s.appendChild(card);
      });
      s.appendChild(answers(sc));
      box.appendChild(s);
    });
  }
  /* the note's questions, answered by what the capture shows */
  function answers(sc) {
    var d = el("div", { "class": "ik-answers", "data-answers": sc.scenario });
    d.appendChild(el("h4", {}, "What happened, from the capture"));
    var ul = el("ul");
    for (var i = 0; i < N; i++) {
      if (D.kind[i] === 0 && D.src[i] >= 0) {
        var b = bytesOf(detail(i)[0]), proto = b.length > 9 ? b[9] : -1;
        if (proto !== 6 && proto !== 17 && rev[i] < 0)
          ul.appendChild(el("li", { "data-proto": proto }, "#" + (i + 1) + " " + detail(i)[3] +
            " — no ICMP error came back: the receiver took it (a raw socket for protocol " + proto + ") or dropped it silently"));
        else if (proto !== 6 && proto !== 17)
          ul.appendChild(el("li", { "data-proto": proto }, "#" + (i + 1) + " " + detail(i)[3] + " — refused: see #" + (rev[i] + 1)));
        continue;
      }
      if (D.kind[i] === 3) {
        var q = D.link[i];
        ul.appendChild(el("li", {}, "#" + (i + 1) + " " + detail(i)[3] + (q >= 0 ? " — answers #" + (q + 1) + ": " + detail(q)[3] : " — the packet it quotes is not in the capture")));
      } else if (D.kind[i] === 2 && D.eid[i] >= 0) {
        var st = D.streams[D.eid[i]];
        ul.appendChild(el("li", {}, "#" + (i + 1) + " Echo Reply with Identifier " + st[2] + " (0x" + st[2].toString(16) + ") goes back to " + addr(st[0]) +
          (D.link[i] >= 0 ? ", the socket that sent request #" + (D.link[i] + 1) + " with that Identifier, after " + ms(D.rtt[i]) : ": no request in the capture")));
      }
    }
    if (!ul.children.length) ul.appendChild(el("li", {}, "No ICMP error or Echo Reply was sent."));
    d.appendChild(ul);
    return d;
  }

  document.title = D.title + " — icmpkit report";
  document.getElementById("ik-title").textContent = "icmpkit report: " + D.title;
  drawLanes(scroll.clientWidth);
  window.addEventListener("resize", function () { drawLanes(scroll.clientWidth); draw(); });
  counts();
  draw();
  overview();
  rttPlots();
  errorPlot();
  demo();
  /* show something at once: the first error, else the first packet */
  if (N && window.location.hash !== "#none") {
    var first = 0;
    for (i = 0; i < N && i < 100000; i++) if (D.kind[i] === 3) { first = i; break; }
    select(first, false);
  }
  /* drawn: the banner for a page whose script did not run goes */
  document.getElementById("ik-nojs").hidden = true;
  window.ikReport = { select: select, jump: jump, data: D, detail: detail };
  window.ikReady = true;
})();
