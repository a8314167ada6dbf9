# SPDX-License-Identifier: GPL-2.0-only
"""Send hand-made VRRP adverts from a test namespace (selftests only).

The whole Ethernet frame is built here and sent on an AF_PACKET socket, so
the TTL, the checksums and (for AH) the ICV are exactly what the test asks
for, right or wrong.

  vrrp_send.py v3 IFACE SRC VRID PRIORITY TTL GOOD|BADSUM COUNT VIP [DST DST_MAC]
      VRRPv3 (RFC 5798 section 5.1), Max Adver Int 10 cs, to the VRRP group
      or, unicast, to DST at DST_MAC.
  vrrp_send.py v2 IFACE SRC VRID PRIORITY ADVER_INT_S COUNT VIP
      VRRPv2 (RFC 3768) without authentication, to the VRRP group.
  vrrp_send.py ah IFACE SRC VRID PRIORITY KEY SEQ COUNT VIP
      VRRPv2 (RFC 3768), 1 s, inside IPsec AH (RFC 2338 section 5.3.6.2):
      HMAC-MD5-96 keyed with KEY (8 bytes, zero-padded), SPI = SRC,
      sequence number SEQ (0x... allowed), to the VRRP group.

VRRP_SEND_GAP in the environment: seconds between two frames (default 0).
"""
import hmac
import os
import socket
import struct
import sys
import time

GROUP = "224.0.0.18"
GROUP_MAC = "01:00:5e:00:00:12"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4_header(src_b, dst_b, proto, ttl, payload_len, ident=0):
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + payload_len, ident, 0, ttl, proto, 0,
                      src_b, dst_b)
    return iph[:10] + struct.pack("!H", csum(iph)) + iph[12:]


def send(ifname, dst_mac, packet, count):
    with open("/sys/class/net/%s/address" % ifname) as f:
        mac = bytes.fromhex(f.read().strip().replace(":", ""))
    frame = bytes.fromhex(dst_mac.replace(":", "")) + mac + b"\x08\x00" + packet
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    gap = float(os.environ.get("VRRP_SEND_GAP", "0"))
    for i in range(count):
        if i and gap:
            time.sleep(gap)
        s.send(frame)


def v3(ifname, src, vrid, prio, ttl, kind, count, vip, dst=GROUP, dst_mac=GROUP_MAC):
    src_b, dst_b = socket.inet_aton(src), socket.inet_aton(dst)
    vrrp = struct.pack("!BBBBH", 0x31, int(vrid), int(prio), 1, 10) + b"\0\0"
    vrrp += socket.inet_aton(vip)
    pseudo = src_b + dst_b + struct.pack("!BBH", 0, 112, len(vrrp))
    vsum = csum(pseudo + vrrp)
    if kind == "BADSUM":
        vsum ^= 0x5A5A
    vrrp = vrrp[:6] + struct.pack("!H", vsum) + vrrp[8:]
    send(ifname, dst_mac, ipv4_header(src_b, dst_b, 112, int(ttl), len(vrrp)) + vrrp, int(count))


def v2(ifname, src, vrid, prio, adver_int, count, vip):
    src_b, dst_b = socket.inet_aton(src), socket.inet_aton(GROUP)
    # Version 2, type 1, auth type 0, one address, 8 zero auth bytes.
    vrrp = struct.pack("!BBBBBBH", 0x21, int(vrid), int(prio), 1, 0, int(adver_int), 0)
    vrrp += socket.inet_aton(vip) + bytes(8)
    vrrp = vrrp[:6] + struct.pack("!H", csum(vrrp)) + vrrp[8:]
    send(ifname, GROUP_MAC, ipv4_header(src_b, dst_b, 112, 255, len(vrrp)) + vrrp, int(count))


def ah(ifname, src, vrid, prio, key, seq, count, vip):
    src_b, dst_b = socket.inet_aton(src), socket.inet_aton(GROUP)
    # Version 2, type 1, auth type 2 (AH), 1 s, one address, 8 zero auth bytes.
    vrrp = struct.pack("!BBBBBBH", 0x21, int(vrid), int(prio), 1, 2, 1, 0)
    vrrp += socket.inet_aton(vip) + bytes(8)
    vrrp = vrrp[:6] + struct.pack("!H", csum(vrrp)) + vrrp[8:]
    iph = ipv4_header(src_b, dst_b, 51, 255, 24 + len(vrrp), ident=1)
    ahdr = struct.pack("!BBH4sI", 112, 4, 0, src_b, int(seq, 0))
    # RFC 2402 section 3.3.3.1: TOS, fragment field and checksum count as zero.
    zeroed = iph[:1] + b"\0" + iph[2:6] + b"\0\0" + iph[8:10] + b"\0\0" + iph[12:]
    k = key.encode()[:8].ljust(8, b"\0")
    icv = hmac.new(k, zeroed + ahdr + bytes(12) + vrrp, "md5").digest()[:12]
    send(ifname, GROUP_MAC, iph + ahdr + icv + vrrp, int(count))


if __name__ == "__main__":
    {"v3": v3, "v2": v2, "ah": ah}[sys.argv[1]](*sys.argv[2:])
