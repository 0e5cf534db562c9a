#!/usr/bin/python3
"""http_peer.py - the two ends of router_http.sh, run inside a namespace.

    http_peer.py serve ADDR PORT FILE    HTTP/1.1 on ADDR:PORT: GET / sends
                                         FILE; PUT / reads the body and
                                         answers its SHA-256 in hex; prints
                                         "ready" when listening
    http_peer.py sniff IFNAME PCAP       capture on IFNAME (both directions)
                                         every ICMP message and every TCP
                                         segment with SYN into PCAP (raw IP,
                                         linktype 101), and count the TCP
                                         segments; prints "ready", stops on
                                         SIGTERM (or after 60 s) printing
                                         "max-tcp-in N max-tcp-out N
                                         tcp-in N" (largest IP total length
                                         of TCP datagrams received / sent)

The sniffer writes what the link shows; `tshark` then judges the file.
"""
import hashlib
import http.server
import signal
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
ETH_P_ALL = 0x0003   # a protocol-specific packet socket sees no outgoing packet
PACKET_OUTGOING = 4


class Handler(http.server.BaseHTTPRequestHandler):
    """GET: the file; PUT: the body's SHA-256."""
    protocol_version = "HTTP/1.1"
    path_file = None

    def do_GET(self):  # noqa: N802 (http.server's naming)
        with open(self.path_file, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):  # noqa: N802
        n = int(self.headers.get("Content-Length", "0"))
        h = hashlib.sha256()
        while n > 0:
            chunk = self.rfile.read(min(n, 65536))
            if not chunk:
                break
            h.update(chunk)
            n -= len(chunk)
        body = (h.hexdigest() + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("http: " + (fmt % args) + "\n")


def serve(addr, port, path):
    """Serve until killed."""
    Handler.path_file = path
    srv = http.server.HTTPServer((addr, port), Handler)
    print("ready", flush=True)
    srv.serve_forever()


def sniff(ifname, path):
    """Capture ICMP and TCP SYNs into @path until SIGTERM or 60 s."""
    sk = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_ALL))
    sk.bind((ifname, ETH_P_ALL))
    sk.settimeout(0.2)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    f = open(path, "wb")  # pylint: disable=consider-using-with
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    f.flush()
    print("ready", flush=True)
    max_in = max_out = n_in = 0
    t_end = time.monotonic() + 60
    while not stop and time.monotonic() < t_end:
        try:
            data, addr = sk.recvfrom(70000)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        if addr[1] != ETH_P_IP or len(data) < 20:
            continue
        out = addr[2] == PACKET_OUTGOING
        proto = data[9]
        hl = (data[0] & 15) * 4
        keep = proto == 1
        if proto == 6:
            tot = struct.unpack("!H", data[2:4])[0]
            if out:
                max_out = max(max_out, tot)
            else:
                max_in = max(max_in, tot)
                n_in += 1
            keep = len(data) > hl + 13 and data[hl + 13] & 0x02
        if keep:
            t = time.time()
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(data), len(data)))
            f.write(data)
            f.flush()
    f.close()
    print("max-tcp-in %d max-tcp-out %d tcp-in %d" % (max_in, max_out, n_in), flush=True)


def main(argv):
    """Dispatch; see the module doc."""
    if len(argv) == 4 and argv[0] == "serve":
        serve(argv[1], int(argv[2]), argv[3])
        return 0
    if len(argv) == 3 and argv[0] == "sniff":
        sniff(argv[1], argv[2])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
