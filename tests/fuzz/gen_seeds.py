#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write the seed corpora of the libFuzzer harnesses (tests/fuzz/corpus/).

    python3 tests/fuzz/gen_seeds.py [CORPUS_DIR]

advert, ah, rx, control and scripts are generated here, in the input format
each harness documents at its top; config is a copy of a subset of
tests/configs/ plus a few files using the harness's include split, kept as
they are. Valid and invalid VRRP v2/v3 adverts are built from RFC 5798 §5 /
RFC 3768 §5 with their checksums; the AH packets are keepalived 2.2.7's
(tests/test_ah.c) and ones sealed here with HMAC-MD5-96 the way ah.c does.
Running it again rewrites the same files (nothing random).
"""
import hashlib
import hmac
import os
import socket
import struct
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")

MCAST4 = "224.0.0.18"


def ip4(s):
    return socket.inet_aton(s)


def csum(data, start=0):
    """RFC 1071, returned as the 16-bit value to store big-endian."""
    if len(data) % 2:
        data += b"\0"
    s = start
    for i in range(0, len(data), 2):
        s += data[i] << 8 | data[i + 1]
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def vrrp(version, vrid, prio, addrs, interval=100, auth_type=0, auth=b"", saddr="192.0.2.1",
         daddr=MCAST4, bad_csum=False, count=None, vtype=1):
    """The VRRP part: interval in centiseconds (v3) or seconds (v2)."""
    count = len(addrs) if count is None else count
    hdr = bytes([version << 4 | vtype, vrid, prio, count])
    if version == 2:
        hdr += bytes([auth_type, interval])
    else:
        hdr += struct.pack(">H", interval & 0x0FFF)
    body = b"".join(ip4(a) for a in addrs)
    if version == 2:
        body += auth.ljust(8, b"\0")[:8]
    msg = hdr + b"\0\0" + body
    pseudo = 0
    if version == 3:
        ph = ip4(saddr) + ip4(daddr) + struct.pack(">BBH", 0, 112, len(msg))
        pseudo = 0xFFFF & ~csum(ph)
    c = csum(msg, pseudo)
    if bad_csum:
        c ^= 0x0100
    return msg[:6] + struct.pack(">H", c) + msg[8:]


def ipv4(saddr, daddr, proto, payload, ident=0, ttl=255, tos=0xC0):
    hdr = struct.pack(">BBHHHBBH4s4s", 0x45, tos, 20 + len(payload), ident, 0, ttl, proto, 0,
                      ip4(saddr), ip4(daddr))
    c = csum(hdr)
    return hdr[:10] + struct.pack(">H", c) + hdr[12:] + payload


def ah_packet(key, seq, saddr, daddr, vrrp_part, unicast, ident=1):
    """IPv4 + AH (RFC 2402, HMAC-MD5-96, keepalived's SPI) + VRRPv2, as ah.c seals it."""
    ah = struct.pack(">BBH4sI", 112, 4, 0, ip4(saddr), seq) + b"\0" * 12
    pkt = bytearray(ipv4(saddr, daddr, 51, ah + vrrp_part, ident=ident))
    head = bytearray(pkt[:44])
    head[1] = 0
    head[6:8] = b"\0\0"
    head[10:12] = b"\0\0"
    if unicast:
        head[8] = 0
    mac = hmac.new(key.ljust(8, b"\0")[:8], bytes(head) + bytes(pkt[44:]), hashlib.md5).digest()
    pkt[32:44] = mac[:12]
    return bytes(pkt)


# keepalived 2.2.7's multicast AH advert (tests/test_ah.c, ka_mcast), key "s3cret".
KA_MCAST = bytes.fromhex(
    "45c0004400010000ff3318b2c0000201" "e000001270040000c000020100000001"
    "7a90b8699a393e8e8527330b21339602" "0201c1fec0000264c000026500000000" "00000000")


def write(harness, name, data):
    d = os.path.join(ROOT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def advert_seeds():
    s, d = "192.0.2.1", MCAST4
    pre = ip4(s) + ip4(d)
    two = ["192.0.2.100", "192.0.2.101"]
    write("advert", "v3_valid", pre + vrrp(3, 1, 100, two))
    write("advert", "v3_255_addrs", pre + vrrp(3, 1, 100, ["198.51.%d.%d" % (i // 250, i % 250 + 1)
                                                         for i in range(255)]))
    write("advert", "v3_interval0", pre + vrrp(3, 1, 100, two, interval=0))
    write("advert", "v3_no_addrs", pre + vrrp(3, 1, 100, []))
    write("advert", "v3_bad_csum", pre + vrrp(3, 1, 100, two, bad_csum=True))
    write("advert", "v3_count_mismatch", pre + vrrp(3, 1, 100, two, count=3))
    write("advert", "v3_type2", pre + vrrp(3, 1, 100, two, vtype=2))
    write("advert", "v3_unicast", ip4(s) + ip4("192.0.2.20") +
          vrrp(3, 4, 200, two, daddr="192.0.2.20"))
    write("advert", "v2_pass", pre + vrrp(2, 2, 150, two, interval=1, auth_type=1, auth=b"secret"))
    write("advert", "v2_none_int0", pre + vrrp(2, 2, 150, two, interval=0))
    write("advert", "v2_ah_type", pre + vrrp(2, 7, 0, ["192.0.2.107"], interval=1, auth_type=2))
    write("advert", "v2_truncated", pre + vrrp(2, 2, 150, two, interval=1)[:-3])
    write("advert", "version1", pre + vrrp(1, 1, 100, two))
    write("advert", "header_only", pre + vrrp(3, 1, 100, [])[:8])
    write("advert", "short", pre + b"\x31\x01")


def ah_seeds():
    key = b"s3cret"
    hdr = lambda flags, counter: bytes([flags]) + key.ljust(8, b"\0") + struct.pack(">I", counter)
    write("ah", "keepalived_mcast", hdr(0, 0) + KA_MCAST)
    write("ah", "keepalived_mcast_replay", hdr(2, 1) + KA_MCAST)
    write("ah", "keepalived_mcast_seal", hdr(4 | 0x28, 5) + KA_MCAST)
    part = vrrp(2, 7, 90, ["192.0.2.107"], interval=1, auth_type=2)
    write("ah", "unicast_seq1", hdr(1, 0) + ah_packet(key, 1, "192.0.2.1", "192.0.2.20", part, True))
    write("ah", "unicast_seal_backup", hdr(7 | 0x50, 9) +
          ah_packet(key, 10, "192.0.2.1", "192.0.2.20", part, True))
    write("ah", "mcast_wrong_key", hdr(0, 0)[:1] + b"other\0\0\0" + b"\0\0\0\0" +
          ah_packet(key, 3, "192.0.2.1", MCAST4, part, False))
    opts = bytearray(ah_packet(key, 2, "192.0.2.1", MCAST4, part, False))
    write("ah", "not_ipv4", hdr(4, 0) + b"\x60" + bytes(opts[1:]))
    write("ah", "too_short", hdr(4, 0) + KA_MCAST[:40])


def mix(a):
    a ^= a >> 16
    a = (a * 0x85EBCA6B) & 0xFFFFFFFF
    a ^= a >> 13
    a = (a * 0xC2B2AE35) & 0xFFFFFFFF
    a ^= a >> 16
    return a


def addr_hash(addrs):
    h = 2166136261 ^ len(addrs)
    for a in addrs:
        h = (h + mix(struct.unpack("<I", ip4(a))[0])) & 0xFFFFFFFF
    return h


IFINDEX = 1000


def event(vrid, prio, addrs, version=3, interval_cs=100, saddr="192.0.2.1", daddr=MCAST4,
          auth_type=0, auth=b"", count=None, ip=b"", ifindex=IFINDEX, reason=1):
    count = len(addrs) if count is None else count
    words = [struct.unpack("<I", ip4(a))[0] for a in addrs[:32]]
    words += [0] * (32 - len(words))
    ev = struct.pack("<QIII4BHBB8sHHI32I", 0, ifindex, struct.unpack("<I", ip4(saddr))[0],
                     struct.unpack("<I", ip4(daddr))[0], version, vrid, prio, count, interval_cs,
                     auth_type, reason, auth.ljust(8, b"\0")[:8], len(ip), 0, addr_hash(addrs),
                     *words)
    return ev + b"\0" * 4 + ip


def rec(op, payload):
    return struct.pack("<BH", op, len(payload)) + payload


def wait(ms):
    return rec(1, struct.pack("<I", ms * 1000))


COMMIT = rec(3, b"")


def slot(vrid, flags, saddr="192.0.2.1", prio=100, interval_cs=100, version=3, addrs=(),
         cfg_version=3):
    master = struct.pack("<IHBB", struct.unpack("<I", ip4(saddr))[0], interval_cs, prio, version)
    # Stamped half a second after the harness clock starts (CLOCK_START).
    st = struct.pack("<QQ", 1000500000000, 1) + master + struct.pack("<II", addr_hash(list(addrs)), flags)
    st += struct.pack("<IHBB", 0, interval_cs, cfg_version, 0)
    st += struct.pack("<Q", 0)     # newcomer_tat_ns
    return rec(2, bytes([vrid]) + st)


def rx_seeds():
    two = ["192.0.2.100", "192.0.2.101"]
    v3 = lambda prio, **kw: rec(0, event(1, prio, two, **kw))
    write("rx", "backup_follows_master", b"\0" + v3(100) + wait(900) + v3(100) + wait(3500) +
          COMMIT)
    write("rx", "takeover_then_preempted", b"\0" + wait(4000) + COMMIT + v3(200) + COMMIT +
          v3(0) + wait(1000) + COMMIT)
    write("rx", "strict_other_list", b"\x01" + rec(0, event(1, 100, ["192.0.2.9"])) + wait(4000))
    write("rx", "skip_check_addr", b"\x02" + v3(100) + rec(0, event(1, 100, ["192.0.2.9"])))
    write("rx", "link_down", b"\x04" + v3(100) + wait(5000) + COMMIT)
    write("rx", "v2_for_v3", b"\0" + rec(0, event(1, 100, two, version=2)))
    write("rx", "v3_other_interval", b"\0" + rec(0, event(1, 100, two, interval_cs=50)) +
          wait(2000))
    pas = dict(version=2, auth_type=1, auth=b"secret")
    write("rx", "v2_pass", b"\0" + rec(0, event(2, 200, ["192.0.2.102"], **pas)) + wait(3000))
    write("rx", "v2_pass_wrong", b"\0" + rec(0, event(2, 200, ["192.0.2.102"], version=2,
                                                        auth_type=1, auth=b"wrong")))
    write("rx", "v2_wrong_type", b"\0" + rec(0, event(2, 200, ["192.0.2.102"], version=2,
                                                        auth_type=0)))
    write("rx", "v2_bad_authtype", b"\0" + rec(0, event(2, 200, ["192.0.2.102"], version=2,
                                                          auth_type=9)))
    write("rx", "v2_other_interval", b"\0" + rec(0, event(2, 200, ["192.0.2.102"],
                                                            interval_cs=200, **pas)))
    key = b"s3cret"
    part = vrrp(2, 7, 100, ["192.0.2.107"], interval=1, auth_type=2)
    for seq in (1, 2):
        pkt = ah_packet(key, seq, "192.0.2.1", "192.0.2.20", part, True, ident=seq)
        ah = dict(version=2, auth_type=2, daddr="192.0.2.20", ip=pkt)
        write("rx", "ah_seq%d" % seq, b"\0" + rec(0, event(7, 100, ["192.0.2.107"], **ah)) +
              wait(500) + rec(0, event(7, 100, ["192.0.2.107"], **ah)))
    write("rx", "ah_no_packet", b"\0" + rec(0, event(7, 100, ["192.0.2.107"], version=2,
                                                       auth_type=2)))
    write("rx", "owner_hears_lower", b"\0" + wait(10) + COMMIT +
          rec(0, event(9, 100, ["192.0.2.109"])) + wait(1500) + COMMIT)
    write("rx", "owner_hears_zero", b"\0" + rec(0, event(9, 0, ["192.0.2.109"])) + COMMIT)
    many = ["198.51.100.%d" % i for i in range(1, 36)]
    write("rx", "many_addrs", b"\0" + rec(0, event(10, 100, many)) + wait(4000) + COMMIT)
    write("rx", "many_addrs_wrong", b"\x01" + rec(0, event(10, 100, many[:34] + ["192.0.2.1"])))
    write("rx", "replay", b"\0" + v3(100) + slot(1, 0x13, prio=120) + wait(4000) + COMMIT)
    write("rx", "replay_v2_slot", b"\0" + slot(2, 0x13, version=2, interval_cs=100,
                                                 cfg_version=2) + wait(4000))
    write("rx", "unknown_ifindex", b"\0" + rec(0, event(1, 100, two, ifindex=7)))
    write("rx", "short_record", b"\0" + rec(0, event(1, 100, two)[:100]))
    write("rx", "bad_ip_len", b"\0" + rec(0, event(7, 100, ["192.0.2.107"], version=2,
                                                     auth_type=2, ip=b"\x45" * 40)[:200]))


def control_seeds():
    """Records: op, length, bytes (fuzz_control.c): 0 connect and send, 1 send more,
    2 close the sending side, 3 run the server (first byte: tenths of a second later)."""
    def crec(op, b):
        return bytes([op, len(b)]) + b
    for name, data in [
            ("status", crec(0, b"status\n")),
            ("stats", crec(0, b"stats")),
            ("stats_iface", crec(0, b"stats fz0\n")),
            ("stats_unknown", crec(0, b"stats eth9\n")),
            ("detach_then_status", crec(0, b"detach fz0\n") + crec(3, b"") +
             crec(0, b"status\n") + crec(0, b"stats fz0\n")),
            ("detach_unknown", crec(0, b"detach eth9\n")),
            ("detach_bare", crec(0, b"detach\n")),
            ("reload", crec(0, b"reload\n")),
            ("unknown", crec(0, b"frobnicate now\n")),
            ("empty", crec(0, b" \t\r\n")),
            ("too_long", crec(0, b"stats " + b"x" * 249) + crec(1, b"y" * 10)),
            ("split_request", crec(0, b"sta") + crec(3, b"\0") + crec(1, b"tus") +
             crec(3, b"\0") + crec(1, b"\n")),
            ("two_clients", crec(0, b"status") + crec(0, b"stats\n") + crec(2, b"") +
             crec(3, b"\0")),
            ("idle", crec(0, b"stat") + crec(3, b"\x40")),
            ("many_clients", b"".join(crec(0, b"st") for _ in range(18)) + crec(3, b"") +
             crec(5, b"atus\n"))]:
        write("control", name, data)


def scripts_seeds():
    for name, cmd in [("bare_ok", b"ok"), ("args", b"ok arg 'quoted arg' \"double q\""),
                      ("glued", b"ok a'b c'd \"\"e"), ("link", b"link x"),
                      ("noexec", b"noexec"), ("dir", b"dir"), ("missing", b"no-such-script"),
                      ("unterminated", b"ok 'never closed"), ("empty", b""), ("blank", b" \t\n\v"),
                      ("absolute", b"/bin/sh -c 'exit 0'"), ("relative", b"./ok"),
                      ("security", b"ok\x01"),
                      ("notify", b"ok\0ok notify 'arg'\0link master")]:
        write("scripts", name, cmd)


if __name__ == "__main__":
    advert_seeds()
    ah_seeds()
    rx_seeds()
    control_seeds()
    scripts_seeds()
