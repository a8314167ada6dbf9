#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A bounded TCP echo pair for selftests/neutron.sh.

  neutron_tcp.py server PORT SECONDS
      Listen on PORT for SECONDS at most. Each connection first gets the line
      "peer ADDR:PORT" (the source address the server sees: after SNAT, the
      router's external address), then every line it sends is echoed back.
      One line per connection is printed: "conn ADDR:PORT".

  neutron_tcp.py probe HOST PORT
      Connect, print the server's "peer ADDR:PORT" line, close. 3 s at most.

  neutron_tcp.py stream HOST PORT SECONDS [GRACE]
      One connection: a numbered line every 100 ms for SECONDS, then wait up
      to GRACE seconds (default 5) for the echoes still missing. Prints one
      line: "peer=ADDR sent=N echoed=M gap_ms=G survived=0|1 error=TEXT",
      where gap_ms is the longest time without an echo while lines were
      outstanding and survived=1 means every line came back, in order, on
      the one connection. Before it, "connected peer=ADDR" once connected.
"""

import select
import socket
import sys
import time


def server(port, secs):
    end = time.monotonic() + secs
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(16)
    conns = {}
    while time.monotonic() < end:
        rl, _, _ = select.select([ls] + list(conns), [], [], 0.2)
        for s in rl:
            if s is ls:
                c, (addr, cport) = ls.accept()
                print(f"conn {addr}:{cport}", flush=True)
                c.sendall(f"peer {addr}:{cport}\n".encode())
                conns[c] = True
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                conns.pop(s, None)
                s.close()
                continue
            try:
                s.sendall(data)
            except OSError:
                conns.pop(s, None)
                s.close()
    return 0


def connect(host, port):
    s = socket.create_connection((host, port), timeout=3)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_line(s, buf):
    while b"\n" not in buf:
        data = s.recv(4096)
        if not data:
            raise OSError("connection closed")
        buf += data
    line, _, rest = buf.partition(b"\n")
    return line.decode(), rest


def probe(host, port):
    s = connect(host, port)
    line, _ = read_line(s, b"")
    print(line)
    s.close()
    return 0


def stream(host, port, secs, grace):
    sent = echoed = 0
    gap = 0.0
    peer = "-"
    error = ""
    try:
        s = connect(host, port)
        line, buf = read_line(s, b"")
        peer = line.split()[1].split(":")[0]
        print(f"connected peer={peer}", flush=True)
        s.settimeout(None)
        s.setblocking(False)
        start = time.monotonic()
        last = start
        next_send = start
        end = start + secs
        while True:
            now = time.monotonic()
            if now >= end and (echoed == sent or now >= end + grace):
                break
            if now < end and now >= next_send:
                s.send(f"{sent}\n".encode())
                sent += 1
                next_send += 0.1
            wait = max(0.0, min(next_send if now < end else end + grace, end + grace) - now)
            rl, _, _ = select.select([s], [], [], min(wait, 0.1))
            now = time.monotonic()
            if echoed < sent:
                gap = max(gap, now - last)
            else:
                last = now
            if not rl:
                continue
            data = s.recv(65536)
            if not data:
                raise OSError("connection closed by the server")
            buf += data
            while b"\n" in buf:
                line, _, buf = buf.partition(b"\n")
                if line.decode() != str(echoed):
                    raise OSError(f"echo {line.decode()!r} where {echoed} was due")
                echoed += 1
                last = now
        s.close()
    except OSError as e:
        error = str(e).replace(" ", "_") or type(e).__name__
    ok = int(not error and sent > 0 and echoed == sent)
    print(f"peer={peer} sent={sent} echoed={echoed} gap_ms={int(gap * 1000)} "
          f"survived={ok} error={error or '-'}", flush=True)
    return 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "server":
        return server(int(argv[1]), float(argv[2]))
    if len(argv) == 3 and argv[0] == "probe":
        return probe(argv[1], int(argv[2]))
    if len(argv) in (4, 5) and argv[0] == "stream":
        return stream(argv[1], int(argv[2]), float(argv[3]),
                      float(argv[4]) if len(argv) == 5 else 5.0)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
