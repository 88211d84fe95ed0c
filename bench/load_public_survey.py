"""Load test of the public survey against ``bina serve`` on loopback (outside ``make test``).

    .venv/bin/python bench/load_public_survey.py [--rate 200] [--seconds 60] [--units 8]
        [--workers 2] [--threads 8] [--flood-seconds 20]

No third-party load tool: a paced multi-threaded client with ``http.client`` and keep-alive
connections. Every simulated respondent talks from its own loopback address (127.0.x.y as the
source address), so the server sees many clients, as behind a real network.

(a) Capacity: the server runs with the limits set high (``BINA_SURVEY_RATE`` in the
    environment); ``--rate`` submissions a second for ``--seconds`` to ``POST /api/survei/<unit>``
    from many respondents. Afterwards the database is read: every 201 must be a stored row, and
    rows = 201s (none lost, none invented), failures = 0.
(b) Flood: the server is restarted with the real limits (10 a minute per address, 600 a minute
    per unit). One client floods one unit's form as fast as it can while 40 respondents, each
    from its own address, submit now and then to the same unit. The flooder is throttled (429)
    after its first 10; the others all get through.

Prints the figures; exit 0 when both hold, 1 otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SETUP = """
import django
django.setup()
from bina.org.models import Agency
from bina.org.services import unit_create
agency = Agency.objects.create(code="bench", name="Pemerintah Provinsi Uji", kind="provinsi")
for i in range({units}):
    unit_create(agency=agency, code=f"LAYANAN-{{i}}", name=f"Unit Layanan {{i}}", kind="upt",
                is_public_service=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    data_dir: str
    rate: str
    workers: int
    threads: int
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "BINA_DATA_DIR": self.data_dir, "BINA_SURVEY_RATE": self.rate,
               "DJANGO_SETTINGS_MODULE": "bina.settings"}
        log = open(Path(self.data_dir) / f"serve-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-m", "bina.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers), "--threads", str(self.threads), "--no-worker"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("bina serve did not start; see " + log.name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)


def payload(rng: random.Random) -> bytes:
    scores = {f"U{i}": rng.choice((2, 3, 3, 3, 4, 4)) for i in range(1, 10)}
    body: dict[str, object] = {"scores": scores}
    if rng.random() < 0.2:
        body["comment"] = "Pelayanan " + rng.choice(("cepat", "ramah", "lambat", "baik"))
    return json.dumps(body).encode()


class Respondent:
    """One simulated person: its own source address, its own keep-alive connection."""

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address = port, address
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
            try:
                self.conn.request("POST", path, body=body,
                                  headers={"Content-Type": "application/json"})
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def address(n: int) -> str:
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def capacity(server: Server, *, rate: int, seconds: int, units: int, respondents: int) -> bool:
    """(a): paced submissions from many respondents; every 201 stored, nothing failed."""
    total = rate * seconds
    jobs: queue.Queue[tuple[int, float] | None] = queue.Queue()
    pool: queue.Queue[Respondent] = queue.Queue()
    for n in range(respondents):
        pool.put(Respondent(server.port, address(n)))
    statuses: Counter[int] = Counter()
    ids: list[int] = []
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def work(seed: int) -> None:
        rng = random.Random(seed)
        while True:
            job = jobs.get()
            if job is None:
                return
            i, _due = job
            person = pool.get()  # a respondent not busy right now
            started = time.perf_counter()
            try:
                status, body = person.post(f"/api/survei/LAYANAN-{i % units}", payload(rng))
            except Exception as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                    statuses[0] += 1
                continue
            finally:
                pool.put(person)
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)
                if status == 201:
                    ids.append(int(json.loads(body)["id"]))

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(96)]
    for t in threads:
        t.start()
    print(f"(a) {total} submissions at {rate}/s for {seconds} s, {respondents} respondents, "
          f"{units} units, limits high …", flush=True)
    start = time.perf_counter()
    behind = 0.0
    for i in range(total):  # the pacer: one job every 1/rate s
        due = start + i / rate
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        else:
            behind = max(behind, now - due)
        jobs.put((i, due))
    sent_done = time.perf_counter() - start
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start

    db = sqlite3.connect(Path(server.data_dir) / "bina.sqlite3")
    stored = db.execute("SELECT COUNT(*) FROM stakeholders_surveyresponse").fetchone()[0]
    stored_ids = {r[0] for r in db.execute("SELECT id FROM stakeholders_surveyresponse")}
    db.close()
    ok = statuses[201]
    failed = total - ok
    latencies.sort()
    p50 = latencies[len(latencies) // 2] if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
    lost = len(set(ids) - stored_ids)
    print(f"    sent {total}  accepted(201) {ok}  stored {stored}  failed {failed}  "
          f"lost {lost}  statuses {dict(statuses)}  errors {dict(errors)}")
    print(f"    offered {total / sent_done:.1f}/s (pacer at most {behind * 1000:.0f} ms behind), "
          f"achieved {ok / elapsed:.1f} stored/s over {elapsed:.1f} s; "
          f"latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    kept_pace = ok / elapsed >= 0.95 * rate
    if not kept_pace:
        print(f"    the server fell behind: {ok / elapsed:.1f}/s achieved of {rate}/s offered")
    return failed == 0 and stored == ok == total and lost == 0 and kept_pace


def flood(server: Server, *, seconds: int, others: int) -> bool:
    """(b): one flooder and ``others`` normal respondents on the same unit."""
    stop = time.perf_counter() + seconds
    counts: dict[str, Counter[int]] = {"flooder": Counter(), "others": Counter()}
    lock = threading.Lock()

    def flooder() -> None:
        person = Respondent(server.port, "127.0.200.66")
        rng = random.Random(66)
        while time.perf_counter() < stop:
            status, _body = person.post("/api/survei/LAYANAN-0", payload(rng))
            with lock:
                counts["flooder"][status] += 1

    def normal(n: int) -> None:
        person = Respondent(server.port, address(5000 + n))
        rng = random.Random(n)
        time.sleep(rng.uniform(0, 3))
        while time.perf_counter() < stop:
            status, _body = person.post("/api/survei/LAYANAN-0", payload(rng))
            with lock:
                counts["others"][status] += 1
            time.sleep(rng.uniform(7, 12))  # well under 10 a minute each

    print(f"(b) {seconds} s: one client floods LAYANAN-0 while {others} respondents use it; "
          "limits 10/min per address, 600/min per unit …", flush=True)
    threads = [threading.Thread(target=flooder)] + [
        threading.Thread(target=normal, args=(n,)) for n in range(others)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    f, o = counts["flooder"], counts["others"]
    print(f"    flooder: sent {sum(f.values())} ({sum(f.values()) / elapsed:.0f}/s)  "
          f"accepted {f[201]}  throttled(429) {f[429]}  other {sum(f.values()) - f[201] - f[429]}")
    print(f"    others:  sent {sum(o.values())}  accepted {o[201]}  throttled {o[429]}  "
          f"other {sum(o.values()) - o[201] - o[429]}")
    return f[201] <= 10 and f[429] > 0 and o[201] == sum(o.values()) > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--flood-seconds", type=int, default=20)
    parser.add_argument("--skip-capacity", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bina-load-") as data_dir:
        env = {**os.environ, "BINA_DATA_DIR": data_dir, "DJANGO_SETTINGS_MODULE": "bina.settings"}
        subprocess.run([PYTHON, "-m", "bina.cli", "migrate", "-v0"], env=env, check=True)
        subprocess.run([PYTHON, "-c", SETUP.format(units=args.units)], env=env, check=True)
        print(f"bina serve: {args.workers} workers × {args.threads} threads, SQLite (WAL), "
              f"{os.cpu_count()} CPU cores", flush=True)
        ok_a = True
        if not args.skip_capacity:
            server = Server(data_dir, "address=1000000/60;unit=1000000/60", args.workers,
                            args.threads)
            server.start()
            try:
                ok_a = capacity(server, rate=args.rate, seconds=args.seconds, units=args.units,
                                respondents=args.respondents)
            finally:
                server.stop()
        # (b) starts from empty counters: (a)'s thousands of submissions in this minute would
        # otherwise have used up the units' real allowance already.
        db = sqlite3.connect(Path(data_dir) / "bina.sqlite3")
        db.execute("DELETE FROM stakeholders_surveyratebucket")
        db.commit()
        db.close()
        server = Server(data_dir, "address=10/60;unit=600/60", args.workers, args.threads)
        server.start()
        try:
            ok_b = flood(server, seconds=args.flood_seconds, others=40)
        finally:
            server.stop()
    print(f"(a) {'OK' if ok_a else 'NOT MET'}   (b) {'OK' if ok_b else 'NOT MET'}")
    return 0 if ok_a and ok_b else 1


if __name__ == "__main__":
    sys.exit(main())
