"""A bounded HTTP load from its own process: N keep-alive connections for D seconds.

    python -m bench.load --base http://127.0.0.1:8077 --cookie 'sessionid=…' --seconds 10 \
        --connections 8 --path / [--path /projekter/ …] [--edit-path /projekter/5/status/ …]

Reads are GETs of the paths in turn. With --edit-path, every fourth request of a connection is a
status change: it opens the form (CSRF token, version, the other values), posts a new status with a
unique reason, and counts a 302 as accepted and the conflict message as refused. Prints one JSON
line: requests, errors, throughput, latency percentiles and the accepted reasons.
"""

import argparse
import http.client
import json
import random
import re
import statistics
import threading
import time
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
OPTION = re.compile(r'<option value="(\d+)"( selected)?')


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Worker(threading.Thread):
    def __init__(self, number, args, deadline):
        super().__init__(daemon=True)
        self.number, self.args, self.deadline = number, args, deadline
        self.latencies, self.errors, self.accepted, self.refused = [], [], [], 0
        self.random = random.Random(number)

    def connect(self):
        parts = urlsplit(self.args.base)
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def request(self, conn, method, path, body=None, extra=None):
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.args.base + path
        headers.update(extra or {})
        began = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - began)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.csrf = value.split(";", 1)[0].split("=", 1)[1]
        return response.status, data.decode("utf-8", "replace")

    @property
    def cookie(self):
        return self.args.cookie + (f"; csrftoken={self.csrf}" if getattr(self, "csrf", None) else "")

    def edit(self, conn, path, n):
        status, html = self.request(conn, "GET", path)
        if status != 200:
            return self.errors.append(f"GET {path}: {status}")
        token, version = TOKEN.search(html), VERSION.search(html)
        options = [value for value, selected in OPTION.findall(html) if not selected]
        reason = f"Belastning {self.number}-{n}"
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "version": version.group(1),
                "new_value": self.random.choice(options),
                "reason": reason,
            }
        )
        status, html = self.request(conn, "POST", path, body)
        if status == 302:
            self.accepted.append(reason)
        elif status == 200 and "har gemt ændringer" in html:
            self.refused += 1
        else:
            self.errors.append(f"POST {path}: {status}")

    def run(self):
        conn, n = self.connect(), 0
        while time.perf_counter() < self.deadline:
            n += 1
            try:
                if self.args.edit_path and n % 4 == 0:
                    self.edit(conn, self.random.choice(self.args.edit_path), n)
                else:
                    path = self.args.path[(self.number + n) % len(self.args.path)]
                    status, _ = self.request(conn, "GET", path)
                    if status != 200:
                        self.errors.append(f"GET {path}: {status}")
            except (OSError, http.client.HTTPException) as error:
                self.errors.append(f"{type(error).__name__}: {error}")
                conn.close()
                conn = self.connect()
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--cookie", required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--path", action="append", required=True)
    parser.add_argument("--edit-path", action="append", default=[])
    args = parser.parse_args()
    began = time.perf_counter()
    workers = [Worker(i, args, began + args.seconds) for i in range(args.connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    latencies = [x for w in workers for x in w.latencies]
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "seconds": round(elapsed, 2),
                "throughput": round(len(latencies) / elapsed, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
                "p95_ms": round(1000 * percentile(latencies, 95), 1) if latencies else None,
                "errors": [e for w in workers for e in w.errors][:20],
                "error_count": sum(len(w.errors) for w in workers),
                "accepted": [r for w in workers for r in w.accepted],
                "refused": sum(w.refused for w in workers),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
