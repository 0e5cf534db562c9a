# SPDX-License-Identifier: MIT
"""pktlib.py - small packet helpers the Python tests share, written plainly
and independent of the library under test.

  csum(b)                          Internet checksum (RFC 1071) of b: 0 when b
                                   carries a correct one
  write_pcap(path, linktype, frames, snap=65535, t0=1700000000)
                                   classic little-endian pcap, one record per
                                   frame (cut to snap octets), frame i at
                                   t0 + i seconds and 250 ms
  corpus_frames()                  every datagram of tests/data/corpus (*.bin
                                   and fuzz_decode/), each whole and cut in half
"""
import os
import struct


def csum(b):
    """Internet checksum (RFC 1071) of @b."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def write_pcap(path, linktype, frames, snap=65535, t0=1700000000):
    """Classic pcap of @frames with @linktype (1 Ethernet, 101 raw IP, ...)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, linktype))
        for i, fr in enumerate(frames):
            cap = fr[:snap]
            f.write(struct.pack("<IIII", t0 + i, 250000, len(cap), len(fr)))
            f.write(cap)


def corpus_frames():
    """The test corpus's datagrams (hostile ones included), whole and halved."""
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "corpus")
    paths = [os.path.join(top, f) for f in sorted(os.listdir(top)) if f.endswith(".bin")]
    fd = os.path.join(top, "fuzz_decode")
    if os.path.isdir(fd):
        paths += [os.path.join(fd, f) for f in sorted(os.listdir(fd))]
    frames = []
    for p in paths:
        b = open(p, "rb").read()[:65535]
        frames += [b, b[:len(b) // 2]]
    return frames
