#!/usr/bin/python3
"""decode_cli - `icmpkit decode` from the outside: inputs, exit statuses, JSON.

Usage: decode_cli.py PATH_TO_ICMPKIT

Captures are written here with struct (classic pcap: Ethernet, VLAN, ARP,
Linux cooked) and, when scapy is importable, as pcapng with scapy's
wrpcapng. Prints 'decode_cli: N passed, N failed' and exits non-zero on a
failure.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

from pktlib import csum, write_pcap

EXE = sys.argv[1]

# UDP 192.168.1.10:40000 -> 192.168.1.5:8080 "hi!\n", answered by Port
# Unreachable quoting it (built with scapy; checksums checked by it)
PU = ("45c0003c2a3b00004001cc66c0a80105c0a8010a0303807a00000000"
      "450000201c46400040119b27c0a8010ac0a801059c401f90000c37326869210a")
UDP = "450000201c46400040119b27c0a8010ac0a801059c401f90000c37326869210a"
PU_BADSUM = PU[:44] + "0000" + PU[48:]

# TCP SYN 192.0.2.1:40000 -> 192.0.2.2:80, seq 1000, window 64240, options
# MSS 1460, SACK Permitted, Timestamps 12345/0, NOP, Window Scale 7 (built
# with scapy, its checksum 0xf859), and a Port Unreachable quoting its first
# 8 octets
SYN = ("4500003c000140004006b6b7c0000201c00002029c400050000003e800000000a002faf0f859"
       "0000020405b40402080a000030390000000001030307")
SYN_BADSUM = SYN[:72] + "f858" + SYN[76:]
PU_TCP8 = ("45000038000100004001f6c0c0000202c000020103035c84000000004500002c00054000"
           "4006b6c3c0000201c00002029c400050000003e8")


def with_eol_padding(dgram, pad=b"\x00\x00\x00"):
    """dgram (IHL 5) with IHL 6: End of Option List, then the padding octets."""
    h = bytearray(dgram[:20] + b"\x00" + pad)
    h[0] = 0x46
    h[2:4] = struct.pack("!H", len(dgram) + 4)
    h[10:12] = b"\x00\x00"
    h[10:12] = struct.pack("!H", csum(bytes(h)))
    return bytes(h) + dgram[20:]

passed = failed = 0


def run(args, stdin=None, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run([EXE, "decode"] + args, input=stdin, capture_output=True, env=e,
                       timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def expect(name, args, rc, stdin=None, out=None, err=None, env=None, no_out=None):
    got, so, se = run(args, stdin, env)
    ok = got == rc
    detail = f"(exit {got}, wanted {rc})"
    if out is not None and out not in so:
        ok = False
        detail += f" stdout lacks {out!r}"
    if no_out is not None and no_out in so:
        ok = False
        detail += f" stdout has {no_out!r}"
    if err is not None:
        lines = se.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("icmpkit decode: ") or err not in lines[0]:
            ok = False
            detail += f" stderr {se!r}"
    if not ok:
        detail += "\n--- stdout ---\n" + so[-2000:] + "\n--- stderr ---\n" + se[-1000:]
    check(name, ok, detail)
    return so


def eth(payload, ethertype=0x0800, vlans=()):
    hdr = bytes.fromhex("020000000002") + bytes.fromhex("020000000001")
    for v in vlans:
        hdr += struct.pack("!HH", 0x8100, v)
    return hdr + struct.pack("!H", ethertype) + payload


# IPv6 (issue 15): an Echo Request, a UDP datagram with checksum 0, and a
# Port Unreachable quoting a packet with Hop-by-Hop and Destination Options
ECHO6 = ("60000000000a3a4020010db800000000000000000000000120010db8000000000000000000000002"
         "8000a9a7123400016869")
UDP6_CSUM0 = ("600000000009114020010db800000000000000000000000120010db8000000000000000000000002"
              "138800350009000071")
UNREACH6 = "60000000004d3a4020010db800000001000000000000000220010db80000000000000000000000010104f3b60000000060000000001d004020010db800000000000000000000000120010db80000000100000000000000023c0001040000000011000104000000009c401f90000da4bb68656c6c6f"


def ipv6_cases(cap):
    """IPv6 input: hex, pcap link types (raw, LINKTYPE_IPV6, Ethernet), JSON."""
    out = expect("IPv6 echo hex -> 0", [ECHO6, "--no-color"], 0,
                 out="2001:db8::1 -> 2001:db8::2 ICMPv6 Echo Request id 4660 seq 1")
    check("IPv6 diagram: address box", "~                          2001:db8::1" in out)
    check("IPv6 checksum verdict", "ok   ICMPv6 checksum 0xa9a7: correct" in out)
    out = expect("IPv6 error quoting an extension chain -> 0", [UNREACH6, "--no-color"], 0,
                 out="about UDP [2001:db8::1]:40000 -> [2001:db8:0:1::2]:8080")
    check("quoted chain drawn", "    Quoted Hop-by-Hop Options Header with options: PadN" in out and
          "    Quoted Destination Options Header with options: PadN" in out)
    expect("UDP checksum 0 over IPv6 -> 1", [UDP6_CSUM0, "--no-color"], 1,
           out="UDP checksum 0 over IPv6 (RFC 8200 8.1)")
    bad = bytearray(bytes.fromhex(ECHO6))
    bad[42] ^= 0xff
    expect("IPv6 wrong ICMPv6 checksum -> 1", [bytes(bad).hex(), "--no-color"], 1,
           out="WRONG (should be 0xa9a7)")
    echo = bytes.fromhex(ECHO6)
    for name, link, frame in (("raw IP", 101, echo), ("LINKTYPE_IPV6", 229, echo),
                              ("Ethernet 0x86dd", 1, eth(echo, 0x86dd))):
        write_pcap(cap, link, [frame])
        expect("pcap %s IPv6 -> 0" % name, ["-p", cap], 0, out="ICMPv6 Echo Request id 4660")
    write_pcap(cap, 229, [echo])
    got, so, _ = run(["-p", cap, "--json"])
    try:
        pkt = json.loads(so)[0]
    except (ValueError, IndexError, KeyError):
        pkt = {}
    kinds = [lay.get("kind") for lay in pkt.get("layers", [])]
    src = [f for f in (pkt.get("layers") or [{}])[0].get("fields", []) if f.get("key") == "source"]
    check("IPv6 --json layers", got == 0 and kinds[:2] == ["ipv6", "icmpv6"], repr(kinds))
    check("IPv6 --json address as text", src and src[0].get("value") == "2001:db8::1" and
          src[0].get("bits") == 128, repr(src))


def main():
    tmp = tempfile.mkdtemp(prefix="decode_cli.")
    pu = bytes.fromhex(PU)

    # --- hex arguments, exit statuses ---
    out = expect("valid hex -> 0", [PU, "--no-color"], 0,
                 out="Packet 1 (60 octets)")
    check("diagram drawn", "|     Type      |     Code      |" in out)
    check("quote nested", "    Quoted IPv4 Header  (20 octets at offset 28)" in out)
    check("hex listing", "0014  03                       Type=3 (Destination Unreachable)" in out)
    check("checks", "  ok   ICMP checksum 0x807a: correct" in out and "=> valid" in out)
    check("no colour in a pipe", "\033[" not in out)
    # the summary line finds UDP past the padding after End of Option List
    for name, pad in (("zero", b"\x00\x00\x00"), ("non-zero", b"\x5a\xa5\xff")):
        eol = with_eol_padding(bytes.fromhex(UDP), pad).hex()
        out = expect(f"EOL + {name} padding: valid", [eol], 0, out="=> valid")
        lines = out.splitlines()
        check(f"EOL + {name} padding: summary has the ports",
              len(lines) > 1 and lines[1] == "192.168.1.10 -> 192.168.1.5 UDP 40000 -> 8080, "
              "4 octets of data", repr(lines[1:2]))
    expect("bad checksum -> 1", [PU_BADSUM], 1, out="WRONG (should be 0x807a)")
    expect("error offset shown", [PU_BADSUM], 1, out="ERROR offset 22:")
    expect("truncated -> 1", [PU[:80]], 1, out="ERROR offset 2:")
    expect("odd digits -> 2", [PU[:-1]], 2, err="odd number of hex digits")
    expect("non-hex -> 2", ["45zz"], 2, err="'z' is not a hex digit")
    expect("unknown option -> 2", ["--frobnicate", PU], 2, err="unknown option")
    expect("bad --color -> 2", ["--color=sometimes", PU], 2, err="--color")
    expect("missing file -> 2", ["-r", os.path.join(tmp, "nope.bin")], 2, err="cannot open")
    expect("--help -> 0", ["--help"], 0, out="usage: icmpkit decode")
    # bad hex anywhere: nothing printed before the error
    got, so, se = run([PU, "-x", "123"])
    check("bad hex stops before output", got == 2 and so == "", f"(exit {got}) {so[:200]!r}")

    # --- hex spellings give the same packet ---
    spaced = " ".join(PU[i:i + 2] for i in range(0, len(PU), 2))
    colons = ":".join(PU[i:i + 2] for i in range(0, len(PU), 2))
    _, ref, _ = run(["--no-color", PU])
    for name, args in (("spaces in one argument", [spaced]),
                       ("one argument per octet", spaced.split()),
                       ("colons", [colons]),
                       ("0x prefix", ["0x" + PU]),
                       ("-x option", ["-x", spaced])):
        got, so, _ = run(["--no-color"] + args)
        check(f"hex with {name}", got == 0 and so == ref, f"(exit {got})")

    # --- standard input ---
    got, so, _ = run(["--no-color"], stdin=(spaced + "\n").encode())
    check("hex on stdin (no argument)", got == 0 and so == ref, f"(exit {got})")
    got, so, _ = run(["-"], stdin=("# two packets\n" + PU + "\n\n" + UDP + "\n").encode())
    check("two hex packets on stdin", got == 0 and "Packet 2 (32 octets)" in so, f"(exit {got})")
    tcpdump = "\t0x0000:  45c0 003c 2a3b 0000 4001 cc66 c0a8 0105\n" \
              "\t0x0010:  c0a8 010a 0303 807a 0000 0000 4500 0020\n" \
              "\t0x0020:  1c46 4000 4011 9b27 c0a8 010a c0a8 0105\n" \
              "\t0x0030:  9c40 1f90 000c 3732 6869 210a\n"
    got, so, _ = run(["--no-color", "-"], stdin=tcpdump.encode())
    check("tcpdump -x text on stdin", got == 0 and so == ref, f"(exit {got})")
    got, so, _ = run(["-"], stdin=pu)
    check("raw octets on stdin", got == 0 and "Packet 1 (60 octets)" in so, f"(exit {got})")

    # --- raw file, by option and by plain path ---
    raw = os.path.join(tmp, "pu.bin")
    with open(raw, "wb") as f:
        f.write(pu)
    expect("-r raw file", ["-r", raw], 0, out="Packet 1 (60 octets)")
    expect("raw file by path (auto)", [raw], 0, out="=> valid")
    bad = os.path.join(tmp, "bad.bin")
    with open(bad, "wb") as f:
        f.write(bytes.fromhex(PU_BADSUM))
    expect("raw file, bad checksum -> 1", [bad], 1)

    # --- classic pcap: Ethernet, a VLAN tag, an ARP frame, padding ---
    arp = bytes(28)
    udp = bytes.fromhex(UDP)
    frames = [eth(pu), eth(udp, vlans=(10,)), eth(arp, 0x0806), eth(udp + bytes(14))]
    cap = os.path.join(tmp, "eth.pcap")
    write_pcap(cap, 1, frames)
    so = expect("pcap Ethernet -> 0", ["-p", cap], 0, out="Packet 1 (60 octets, from a Ethernet frame")
    check("pcap time", "2023-11-14 22:13:20.250000 UTC" in so)
    check("VLAN stripped", "Packet 2 (32 octets, from a Ethernet frame with VLAN tags" in so)
    check("ARP skipped", "Packet 3 (42-octet frame" in so and "skipped: Ethernet frame, EtherType 0x0806 (ARP)" in so)
    check("Ethernet padding is a trailer", "Trailer (after the Total Length" in so)
    expect("pcap by path (auto)", [cap], 0, out="Packet 4 (46 octets")
    # a frame with a bad checksum makes the run fail
    write_pcap(cap, 1, [eth(pu), eth(bytes.fromhex(PU_BADSUM))])
    expect("pcap with a bad packet -> 1", [cap], 1, out="WRONG")
    # snapped capture
    write_pcap(cap, 1, [eth(pu)], snap=40)
    expect("snapped frame -> 1", [cap], 1, out="snapped: 40 of 74 octets captured")
    # Linux cooked v1 and raw IP link types
    sll = struct.pack("!HHH8sH", 0, 1, 6, b"\x02\0\0\0\0\x01\0\0", 0x0800)
    write_pcap(cap, 113, [sll + pu])
    expect("pcap Linux cooked", ["-p", cap], 0, out="from a Linux cooked frame")
    write_pcap(cap, 101, [pu, bytes.fromhex("6000000000003a40") + bytes(32)])
    expect("pcap raw IP, IPv6 by its version (no ICMPv6 header -> 1)", ["-p", cap], 1,
           out="ICMPv6 (no header)")
    ipv6_cases(cap)
    write_pcap(cap, 105, [pu])  # 802.11
    expect("unsupported link type -> 1", ["-p", cap], 1, err="not supported")
    # a capture cut short in the middle of a record
    write_pcap(cap, 1, [eth(pu), eth(udp)])
    with open(cap, "r+b") as f:
        f.truncate(os.path.getsize(cap) - 10)
    got, so, se = run([cap])
    check("truncated capture -> 1", got == 1 and "Packet 1" in so and se.startswith("icmpkit decode: "),
          f"(exit {got}) {se!r}")
    # stdin capture
    write_pcap(cap, 1, [eth(pu)])
    with open(cap, "rb") as f:
        data = f.read()
    got, so, _ = run(["-"], stdin=data)
    check("pcap on stdin", got == 0 and "from a Ethernet frame" in so, f"(exit {got})")

    # --- pcapng, written by scapy ---
    try:
        sys.path.insert(0, "/usr/lib/python3/dist-packages")
        from scapy.all import Ether, wrpcapng  # noqa: E402
        ng = os.path.join(tmp, "cap.pcapng")
        wrpcapng(ng, [Ether(eth(pu)), Ether(eth(udp))])
        so = expect("pcapng (scapy) -> 0", [ng], 0, out="Packet 2 (32 octets, from a Ethernet frame")
        check("pcapng first packet", "Port Unreachable" in so)
    except ImportError:
        print("SKIP pcapng: scapy not importable")

    # --- JSON ---
    got, so, _ = run(["--json", PU, "-x", PU_BADSUM])
    try:
        arr = json.loads(so)
    except ValueError:
        arr = None
    check("--json parses", isinstance(arr, list) and len(arr) == 2, f"(exit {got}) {so[:300]!r}")
    check("--json exit 1 with a bad packet", got == 1)
    if arr:
        p1, p2 = arr
        check("json packet numbers", p1["packet"] == 1 and p2["packet"] == 2)
        check("json valid flags", p1["valid"] is True and p2["valid"] is False)
        check("json error offset", p1["error"] is None and p2["error"]["offset"] == 22)
        kinds = [l["kind"] for l in p1["layers"]]
        check("json layers", kinds == ["ipv4", "icmp", "quote", "ipv4", "udp", "data"], str(kinds))
        icmp = p1["layers"][1]
        typ = [f for f in icmp["fields"] if f["key"] == "type"][0]
        check("json type meaning", typ["value"] == 3 and typ["meaning"] == "Destination Unreachable")
        v = p2["layers"][1]["verdicts"][0]
        check("json wrong checksum", v["status"] == "wrong" and v["expected"] == 0x807a)
        check("json no colour", "\033[" not in so)
    write_pcap(cap, 1, [eth(pu), eth(arp, 0x0806)])
    got, so, _ = run(["--json", cap])
    arr = json.loads(so) if got in (0, 1) else None
    check("json pcap", arr and arr[0]["time"].endswith("UTC") and arr[1]["skipped"].startswith("Ethernet"),
          f"(exit {got})")
    # the text is written as it goes, laid out as jansson's JSON_INDENT(2)
    # dump (which Python's indent=2 matches for this ASCII output)
    check("json layout as jansson dumps it", arr is not None and
          so == json.dumps(arr, indent=2, ensure_ascii=False) + "\n", so[:200])
    with open(os.path.join(tmp, "bad.hex"), "w") as f:
        f.write("45 00 00 1c\n\nzz\n")
    got, so, _ = run(["--json", cap, os.path.join(tmp, "bad.hex")])
    check("bad hex in a later file: exit 2, no JSON", got == 2 and so == "", f"(exit {got}) {so[:80]!r}")

    # --- colour ---
    _, so, _ = run(["--color=always", PU])
    check("--color=always colours", "\033[" in so)
    _, so, _ = run(["--color=always", "--no-color", PU])
    check("--no-color wins when last", "\033[" not in so)
    _, so, _ = run(["--no-diagram", "--no-hex", PU])
    check("--no-diagram --no-hex", "+-+-+" not in so and "Field=value" not in so and "Checks" in so)

    # --- TCP: the RFC 9293 diagram, the summary, the options, JSON ---
    out = expect("TCP SYN decodes", ["--no-color", SYN], 0)
    check("TCP summary", "192.0.2.1 -> 192.0.2.2 TCP 40000 -> 80 [SYN] seq 1000 win 64240\n" in out,
          out[:300])
    rows = ["| Data  | Rsrvd |C|E|U|A|P|R|S|F|            Window             |",
            "|Offset |       |W|C|R|C|S|S|Y|I|                               |",
            "|       |       |R|E|G|K|H|T|N|N|                               |",
            "|10 (40)|  0x0  |0|0|0|0|0|0|1|0|             64240             |"]
    check("TCP diagram as RFC 9293 draws it", "\n".join(rows) in out)
    check("TCP option in the diagram", "|     Kind      |    Length     |     Maximum Segment Size      |"
          in out and "|       2       |       4       |             1460              |" in out)
    check("TCP options named in the title", "TCP Header with options: Maximum Segment Size, "
          "SACK Permitted, Timestamps, No-Operation, Window Scale" in out)
    check("TCP hex listing", "0021  02                       CWR=0  ECE=0  URG=0  ACK=0  PSH=0  "
          "RST=0  SYN=1  FIN=0" in out and "002a  05 b4                    Maximum Segment Size=1460" in out)
    check("TCP checks", "  ok   TCP checksum 0xf859: correct" in out and
          "  ok   TCP Data Offset 40: consistent" in out)
    expect("TCP wrong checksum -> 1", ["--no-color", SYN_BADSUM], 1,
           out="  BAD  TCP checksum 0xf858: WRONG (should be 0xf859)")
    got, so, _ = run(["--json", SYN, "-x", SYN_BADSUM])
    try:
        arr = json.loads(so)
    except ValueError:
        arr = None
    check("TCP --json parses", got == 1 and isinstance(arr, list) and len(arr) == 2, so[:300])
    if arr:
        kinds = [layer["kind"] for layer in arr[0]["layers"]]
        check("TCP json layers", kinds == ["ipv4", "tcp"] + ["tcp_option"] * 5, str(kinds))
        tcp = arr[0]["layers"][1]
        keys = [f["key"] for f in tcp["fields"]]
        check("TCP json keys", tcp["key"] == "tcp" and keys == [
            "source_port", "destination_port", "sequence_number", "acknowledgment_number",
            "data_offset", "reserved", "cwr", "ece", "urg", "ack", "psh", "rst", "syn", "fin",
            "window", "checksum", "urgent_pointer"], str(keys))
        val = {f["key"]: f["value"] for f in tcp["fields"]}
        check("TCP json values", val["source_port"] == 40000 and val["sequence_number"] == 1000
              and val["syn"] == 1 and val["ack"] == 0 and val["data_offset"] == 10
              and val["window"] == 64240 and val["checksum"] == 0xf859, str(val))
        opts = {layer["key"]: {f["key"]: f["value"] for f in layer["fields"]}
                for layer in arr[0]["layers"][2:]}
        check("TCP json options", opts.get("tcpopt_mss", {}).get("mss") == 1460 and
              opts.get("tcpopt_window_scale", {}).get("shift_count") == 7 and
              opts.get("tcpopt_timestamps", {}).get("ts_value") == 12345, str(opts))
        check("TCP json summary", arr[0]["summary"].startswith("192.0.2.1 -> 192.0.2.2 TCP 40000 -> 80 [SYN]"))
        v = [x for x in arr[1]["layers"][1]["verdicts"] if x["kind"] == "checksum"]
        check("TCP json wrong checksum", v and v[0]["status"] == "wrong" and v[0]["expected"] == 0xf859
              and v[0]["field"] == "checksum", str(v))
        check("TCP json error offset", arr[1]["error"] and arr[1]["error"]["offset"] == 36, str(arr[1]["error"]))
    out = expect("ICMP quoting 8 octets of TCP", ["--no-color", PU_TCP8], 0,
                 out="about TCP 192.0.2.1:40000 -> 192.0.2.2:80 seq 1000")
    check("quoted TCP: ports and sequence number only",
          "    Quoted TCP Header (first 8 octets)  (8 octets at offset 48)" in out and
          "    |                             1000                              |" in out and
          "Data Offset" not in out.split("Quoted TCP Header")[1], out[-1500:])

    print(f"decode_cli: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
