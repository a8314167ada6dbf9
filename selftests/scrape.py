# SPDX-License-Identifier: GPL-2.0-only
"""Prometheus endpoint helpers for the selftests (Debian's python3).

  scrape.py get URL
      GET URL, parse the body with prometheus_client's own text parser (it
      raises on anything malformed) and print one JSON object:
      {"samples": {"name{l1=\"v1\",...}": value, ...}, "types": {family: type}}
  scrape.py hold HOST PORT N SECONDS [slow]
      Open N TCP connections and hold them SECONDS without a request
      (with "slow": each sends one byte of a request every 100 ms).
      HOST "unix" and PORT a path: unix stream sockets instead.
"""
import json
import socket
import sys
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        body = r.read().decode()
        ctype = r.headers.get("Content-Type", "")
    samples, types = {}, {}
    for fam in text_string_to_metric_families(body):
        types[fam.name] = fam.type
        for s in fam.samples:
            labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
            samples["%s{%s}" % (s.name, labels)] = s.value
    print(json.dumps({"samples": samples, "types": types, "content_type": ctype}))


def hold(host, port, n, seconds, slow=None):
    conns = []
    for _ in range(int(n)):
        if host == "unix":
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.settimeout(2)
            c.connect(port)
        else:
            c = socket.create_connection((host, int(port)), timeout=2)
        conns.append(c)
    req = b"GET /metrics HTTP/1.1\r\nHost: x\r\n"
    end = time.monotonic() + float(seconds)
    i = 0
    while time.monotonic() < end:
        if slow:
            for c in conns:
                try:
                    c.send(req[i % len(req):i % len(req) + 1])
                except OSError:
                    pass
            i += 1
        time.sleep(0.1)
    for c in conns:
        c.close()


if __name__ == "__main__":
    {"get": get, "hold": hold}[sys.argv[1]](*sys.argv[2:])
