#!/usr/bin/python3
"""Sends COUNT copies of one Ethernet frame out of IFACE at RATE frames per second (0: as
fast as it can), on a PF_PACKET socket, and prints what it achieved: "sent N in S s".

    generator.py IFACE COUNT RATE SRC_MAC DST_MAC

The frame is a minimal UDP datagram (60 bytes on the wire) from SRC_MAC to DST_MAC, a
MAC no host has: the receiving kernel drops it at once, and only the capture sees it.
Pacing: bursts of up to BURST frames, then a sleep until the schedule says the next is due.
"""

import socket
import struct
import sys
import time

BURST = 64


def frame(src: bytes, dst: bytes) -> bytes:
    udp = struct.pack("!HHHH", 40000, 9, 8 + 18, 0) + bytes(18)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return dst + src + struct.pack("!H", 0x0800) + ip + udp


def main() -> int:
    iface, count, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    src, dst = (bytes.fromhex(m.replace(":", "")) for m in sys.argv[4:6])
    data = frame(src, dst)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    send = sock.send
    started = time.monotonic()
    sent = 0
    while sent < count:
        burst = min(BURST, count - sent)
        for _ in range(burst):
            send(data)
        sent += burst
        if rate > 0:
            due = started + sent / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    elapsed = time.monotonic() - started
    print(f"sent {sent} in {elapsed:.6f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
