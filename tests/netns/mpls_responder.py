#!/usr/bin/python3
"""mpls_responder.py - answer TTL-expiring probes as an MPLS router would.

Usage: mpls_responder.py IFACE SRC LABEL   (run inside a router's namespace
                                            whose own ICMP is blackholed)

Every IPv4 UDP, ICMP or TCP datagram arriving on IFACE with TTL 1 draws an
ICMP Time Exceeded from SRC to its source that quotes its header and first
8 octets, padded to 128 octets, with an RFC 4884 extension structure
holding one RFC 4950 MPLS label stack entry (LABEL, TC 0, bottom of stack,
TTL 1), sent with fwmark 1 (the router's own ICMP, mark 0, is the part
blackholed). Prints "ready" once listening; runs until killed.
"""
import socket
import struct
import sys

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


def csum(b):
    """The Internet checksum of B."""
    if len(b) % 2:
        b = b + b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def answer(ip, label):
    """The ICMP Time Exceeded (with the MPLS extension) for datagram IP."""
    ihl = (ip[0] & 15) * 4
    quote = ip[:ihl + 8]
    quote += bytes(128 - len(quote))
    obj = struct.pack("!HBB", 8, 1, 1) + struct.pack("!I", (label << 12) | (1 << 8) | 1)
    ext = bytearray(struct.pack("!BBH", 0x20, 0, 0) + obj)
    struct.pack_into("!H", ext, 2, csum(bytes(ext)))
    body = bytearray(struct.pack("!BBHBBH", 11, 0, 0, 0, 128 // 4, 0) + quote + ext)
    struct.pack_into("!H", body, 2, csum(bytes(body)))
    return bytes(body)


def main():
    """Listen on IFACE, answer every TTL-1 probe."""
    iface, src, label = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    rx.bind((iface, 0))
    tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    tx.bind((src, 0))
    # marked: the router's policy rule blackholes only its unmarked ICMP
    tx.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, 1)
    print("ready", flush=True)
    while True:
        frame, addr = rx.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING:
            continue
        ip = frame[14:] if addr[3] == 1 else frame  # Ethernet header on a veth
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[8] != 1 or ip[9] not in (1, 6, 17):
            continue
        tx.sendto(answer(ip, label), (socket.inet_ntoa(ip[12:16]), 0))


if __name__ == "__main__":
    main()
