"""Print page weights, throughput and latency (`make bench`). Measures; asserts nothing.

Page weight: each page type gzipped, plus the stylesheet and scripts it loads.
Throughput: wrk against gunicorn with WEB_CONCURRENCY workers (default 2), the
same command `make serve` runs, next to a bare `return "ok"` Flask route served
the same way in the same run, and a question page's POST at 32 connections and
at 2 (one per worker), one applicant per connection, beside the floor for it (bench/floor.py: the
leanest save that keeps CSRF, encryption and a committed row), in BENCH_ROUNDS pairs run back to
back, with each pair's share and the median printed. The load run is made twice:
on SQLite, then on the PostgreSQL at BENCH_POSTGRES_URL (a database of its own,
dropped afterwards) when that server answers. Traffic stays on 127.0.0.1.
Messages: how many per second one worker delivers to the fake SMS provider (bench/messages.py).
Many guides: the site started on its content plus BENCH_GUIDES generated guides (bench/library.py),
with the search page's p95 at 1 connection and at CONNECTIONS, and how long an edited guide takes
to be live, first on one worker and then on every worker (ten answers in a row show it).
"""
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))
from bench import library  # noqa: E402
from bench.messages import message_rate  # noqa: E402

WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))  # pairs of the step POST and the floor's, medians printed
GUIDE = "/panduan/tunggakan-dan-reaktivasi"
PAGES = {"home": "/", "guide index": "/panduan/", "guide": GUIDE, "search": "/cari?q=mengaktifkan",
         "apply step": "/daftar/jalur", "checklist": "/bantuan/belum-aktif/kategori"}
BUDGET_GUIDE_BYTES = 14 * 1024
BUDGET_RATIO = 0.85
BUDGET_STEP_BYTES = 35 * 1024
BUDGET_CHECKLIST_BYTES = 30 * 1024
BUDGET_STEP_P95_MS = 50
BUDGET_FLOOR_SHARE = 0.5  # the answer POST: at least half the floor's requests/s (bench/floor.py) ...
BUDGET_FLOOR_P95 = 2.0  # ... with a p95 at most twice the floor's
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GUIDES = int(os.environ.get("BENCH_GUIDES", "1000"))
QUERIES = ["mengaktifkan", "tunggakan+denda", "kartu+hilang", "pindah+faskes", "bayar+iuran+lewat+bank",
           "bayi+baru+lahir", "autodebet", "kata-unik-77"]
BUDGET_SEARCH_P95_MS = 20
BUDGET_EDIT_LIVE_S = 0.5
LOAD = {"guide": GUIDE, "guide index": "/panduan/", "apply step": "/daftar/jalur",
        "checklist": "/bantuan/belum-aktif/kategori"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(target: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", target],
        cwd=ROOT, env=env | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": WORKERS},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # a busy machine took more than 10 s to preload 1,000 guides
        try:
            get(base + "/")
            return process, base
        except OSError:
            time.sleep(0.1)
    stop(process)
    sys.exit(f"gunicorn {target} did not start")


def stop(process: subprocess.Popen):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def get(url: str, headers: dict | None = None) -> tuple[bytes, http.client.HTTPMessage]:
    """GET a URL on the local server: body and headers."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        response = connection.getresponse()
        return response.read(), response.headers
    finally:
        connection.close()


def post(url: str, form: str, cookie: str) -> http.client.HTTPMessage:
    """POST a urlencoded form with a cookie on the local server: the answer's headers."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("POST", parts.path, body=form, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        return response.headers
    finally:
        connection.close()


def fetch(url: str, gzip_ok: bool = True) -> bytes:
    return get(url, {"Accept-Encoding": "gzip"} if gzip_ok else {})[0]


def wrk(url: str, script: list[str] = (), env: dict | None = None, connections: int = CONNECTIONS) -> dict:
    """Run wrk against one URL; return requests/s, p99 latency (ms) and errors."""
    threads = f"-t{min(2, connections)}"  # wrk wants a connection per thread
    subprocess.run(["wrk", threads, f"-c{connections}", "-d2s", *script, url], capture_output=True, env=env)  # warm up
    out = subprocess.run(
        ["wrk", threads, f"-c{connections}", f"-d{SECONDS}s", "--latency", "-H", "Accept-Encoding: gzip",
         *script, url],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    p95 = re.search(r"p95_ms ([\d.]+)", out)
    return {"rps": rps, "p99": p99, "errors": errors, "p95": float(p95.group(1)) if p95 else None}


def step_post(base: str, connections: int) -> dict:
    """POST the first question page over and over, as one applicant per connection
    (each with its own session and token), so applicants do not queue on one draft. Each has
    answered once already, so every POST saves an answer into a draft that exists, as the floor's
    does (the first answer also creates the draft and a new cookie; wrk would keep the old one)."""
    sessions = []
    for _ in range(connections):
        body, headers = get(base + "/daftar/jalur")
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body.decode()).group(1)
        answer = f"jalur=reaktivasi&csrf_token={token}"
        renewed = post(base + "/daftar/jalur", answer, cookie).get("Set-Cookie")
        sessions.append(f"{renewed.split(';', 1)[0] if renewed else cookie}|{answer}")
    env = os.environ | {"BENCH_SESSIONS": ";".join(sessions)}
    return wrk(base + "/daftar/jalur", ["-s", str(ROOT / "bench" / "post.lua")], env, connections)


def page_weights(base: str):
    print("Page weight, gzipped: HTML + the CSS and scripts it loads")
    for name, path in PAGES.items():
        html = gzip.decompress(fetch(base + path)).decode()
        html_gz = len(gzip.compress(html.encode(), 9))
        css_gz = sum(len(fetch(base + href)) for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html))
        scripts = re.findall(r'<script src="([^"]+)"', html)
        js_gz = sum(len(fetch(base + src)) for src in scripts)
        total = html_gz + css_gz + js_gz
        mark = ""
        if name == "guide":
            within = total <= BUDGET_GUIDE_BYTES and not scripts
            mark = f"  (budget 14.0 KB and no script: {'ok' if within else 'OVER'})"
        if name == "apply step":
            mark = f"  (budget 35.0 KB: {'ok' if total <= BUDGET_STEP_BYTES else 'OVER'})"
        if name == "checklist":
            mark = f"  (budget 30.0 KB: {'ok' if total <= BUDGET_CHECKLIST_BYTES else 'OVER'})"
        print(f"  {name:<12} HTML {html_gz / 1024:4.1f} KB + CSS {css_gz / 1024:4.1f} KB + "
              f"{len(scripts)} script(s) {js_gz / 1024:4.1f} KB = {total / 1024:5.1f} KB{mark}")


# Run in a fresh interpreter per photo, so its peak memory is the photo's alone.
# (ru_maxrss would carry the parent's peak across exec; VmHWM belongs to this process alone.)
MEASURE_PHOTO = """
import statistics, sys, time
sys.path.insert(0, sys.argv[2])
from blueprints.apply.photos import process_photo

def high_water_mb():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

data = open(sys.argv[1], "rb").read()
before = high_water_mb()
times = []
for _ in range(3):
    start = time.perf_counter()
    process_photo(data, max_bytes=len(data))
    times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times):.0f} {high_water_mb() - before:.0f}")
"""


def photo_timing():
    """Time and weigh the processing of camera photos as an upload would: a 12-megapixel phone
    JPEG and a 49-megapixel one (budgets: under 1 s and well under 150 MB each)."""
    sys.path.insert(0, str(ROOT))
    from tests.camera import MB, camera_jpeg

    photos = [("4000 × 3000", camera_jpeg(4000, 3000, at_least=3 * MB, at_most=5 * MB)),
              ("8100 × 6075", camera_jpeg(8100, 6075, at_least=1 * MB, at_most=30 * MB))]
    print("\nPhoto processing (fresh process each; median of 3; peak memory the photo added)")
    with tempfile.TemporaryDirectory() as folder:
        for size, data in photos:
            path = Path(folder) / "photo.jpg"
            path.write_bytes(data)
            out = subprocess.run([sys.executable, "-c", MEASURE_PHOTO, str(path), str(ROOT)],
                                 capture_output=True, text=True, check=True).stdout.split()
            ms, grown = float(out[0]), float(out[1])
            verdict = "ok" if ms < 1000 and grown < 150 else "OVER"
            print(f"  {size} JPEG {len(data) / MB:4.1f} MB: {ms:4.0f} ms, +{grown:3.0f} MB memory "
                  f"(budget 1000 ms and 150 MB: {verdict})")


def photo_bytes_sent(base: str):
    """What a phone with JavaScript sends for a 4 MB camera photo: static/js/photos.js, run by
    Debian's Chromium on a question page, draws it again at most 2000 px long."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.camera import MB, camera_jpeg

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        photo = Path(folder) / "IMG_20261201_101500.jpg"
        original = photo.write_bytes(camera_jpeg(4000, 3000, at_least=4 * MB, at_most=5 * MB))
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(base + "/daftar/jalur")
        page.evaluate("""() => { const box = document.createElement('input');
            Object.assign(box, {type: 'file', id: 'foto', accept: 'image/*'}); box.dataset.shrink = '1';
            const form = document.createElement('form'); form.append(box); document.body.append(form); }""")
        page.set_input_files("#foto", photo)
        page.wait_for_function("() => !document.querySelector('form[data-shrinking]')")
        sent = page.evaluate("document.getElementById('foto').files[0].size")
        browser.close()
    seconds = sent * 8 / 400_000
    print(f"\nPhoto sent with JavaScript on: {original / MB:.1f} MB camera JPEG sent as "
          f"{sent / 1024:.0f} KB, about {seconds:.0f} s at 400 kbps (the original: {original * 8 / 400_000:.0f} s)")


def show(name: str, result: dict, note: str = ""):
    p95 = f"  p95 {result['p95']:6.1f} ms" if result.get("p95") is not None else ""
    print(f"  {name:<12} {result['rps']:8.0f} req/s  p99 {result['p99']:6.1f} ms{p95}  errors {result['errors']}{note}")


def migrated(env: dict):
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)


def postgres_database():
    """A fresh database on the PostgreSQL server, and the function that drops it; None if no server answers."""
    try:
        from sqlalchemy import create_engine, text
        server = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        name = "bench_" + uuid.uuid4().hex[:10]
        with server.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
    except Exception as error:  # noqa: BLE001 - no server: say so and go on
        print(f"\n(PostgreSQL at {POSTGRES} not reachable: {type(error).__name__}; its load run is skipped)")
        return None, None

    def drop():
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        server.dispose()

    return POSTGRES.rsplit("/", 1)[0] + "/" + name, drop


def load_run(label: str, env: dict) -> tuple[list[tuple[dict, dict]], list[tuple[dict, dict]], dict]:
    """Guides and form steps at CONNECTIONS concurrent connections on one database: wrk results per
    page (printed); ROUNDS pairs of a guide and the bare route, and of the step POST and the floor's,
    each pair run back to back so that both see the machine as it is then (a share drifted by a
    third between runs minutes apart); and the step POST at 2 connections."""
    migrated(env)
    process, base = start_gunicorn("app:create_app()", env)
    floor_process, floor_base = start_gunicorn("bench.floor:app", env | {"FLOOR_DATABASE_URL": env["DATABASE_URL"]})
    bare_process, bare_base = start_gunicorn("bench.bare:app", env)
    try:
        print(f"\nLoad on {label} ({CONNECTIONS} connections unless said, gzip accepted)")
        pages = {name: wrk(base + path) for name, path in LOAD.items()}
        guides = [(wrk(base + GUIDE), wrk(bare_base + "/")) for _ in range(ROUNDS)]
        rounds = [(step_post(base, CONNECTIONS), step_post(floor_base, CONNECTIONS)) for _ in range(ROUNDS)]
        two = step_post(base, 2)
    finally:
        stop(process)
        stop(floor_process)
        stop(bare_process)
    for name, result in pages.items():
        show(name, result)
    for n, (guide, bare) in enumerate(guides, start=1):
        show("guide", guide, f"  (round {n})")
        show("bare Flask", bare, f"  (round {n})")
    for n, (post_result, floor) in enumerate(rounds, start=1):
        show("step POST", post_result, f"  (round {n})")
        show("floor POST", floor, f"  (round {n}: bench/floor.py)")
    show("step POST", two, "  (2 connections)")
    return guides, rounds, two


def edit_live(base: str, path: Path, edits: int = 5) -> list[tuple[float, float]]:
    """Edit one guide several times; for each, seconds until one answer and until ten in a row show it."""
    original, url = path.read_text(encoding="utf-8"), f"{base}/panduan/{path.stem}"
    marker = original.split("\n---\n", 1)[1].split()[0]  # the body's first word
    found = []
    try:
        for n in range(edits):
            word = f"suntingan{n}{uuid.uuid4().hex[:6]}"
            path.write_text(original.replace(marker, f"{marker} {word}", 1), encoding="utf-8")
            written, first, in_a_row = time.monotonic(), None, 0
            while in_a_row < 10 and time.monotonic() - written < 30:
                if word.encode() in fetch(url, gzip_ok=False):
                    first, in_a_row = first or time.monotonic() - written, in_a_row + 1
                else:
                    in_a_row = 0
                    time.sleep(0.01)
            found.append((first or float("inf"), time.monotonic() - written))
    finally:
        path.write_text(original, encoding="utf-8")
    return found


def many_guides(env: dict, workdir: Path):
    """Start the site with GUIDES more guides: startup, search latency, and how soon an edit is live."""
    content = library.make(workdir / "many", GUIDES)
    env = env | {"CONTENT_DIR": str(content)}
    print(f"\nMany guides: {GUIDES} generated (bench/library.py) beside the site's own, on SQLite")
    started = time.monotonic()
    process, base = start_gunicorn("app:create_app()", env)
    print(f"  start (load, render and index every guide, then serve): {time.monotonic() - started:.1f} s")
    try:
        script = ["-s", str(ROOT / "bench" / "search.lua")]
        queries = os.environ | {"BENCH_QUERIES": ";".join(QUERIES)}
        searches = {n: wrk(base + "/cari", script, queries, n) for n in (1, CONNECTIONS)}
        edits = edit_live(base, content / "guides" / "panduan-contoh-0500.md")
    finally:
        stop(process)
    for n, result in searches.items():
        show("search", result, f"  ({n} connection{'s' if n > 1 else ''}, {len(QUERIES)} queries in turn)")
    p95 = searches[1]["p95"]
    print(f"  search p95 at 1 connection = {p95:.1f} ms (budget {BUDGET_SEARCH_P95_MS} ms: "
          f"{'ok' if p95 <= BUDGET_SEARCH_P95_MS else 'OVER'})")
    firsts, everywhere = [first for first, _ in edits], [every for _, every in edits]
    print(f"  an edited guide live on one worker after {', '.join(f'{t:.2f}' for t in firsts)} s; "
          f"on every worker after {', '.join(f'{t:.2f}' for t in everywhere)} s "
          f"(budget {BUDGET_EDIT_LIVE_S} s: {'ok' if max(everywhere) <= BUDGET_EDIT_LIVE_S else 'OVER'})")


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `apt-get install -y wrk` (make bench does this)")
    workdir = Path(tempfile.mkdtemp(prefix="jkn-bench-"))
    env = os.environ | {"FLASK_APP": "app:create_app", "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
    print(f"JKN Mudah benchmark: gunicorn, {WORKERS} workers, {CONNECTIONS} connections, "
          f"{SECONDS}s per URL, {os.cpu_count()} cores\n")
    try:
        migrated(env)
        app, base = start_gunicorn("app:create_app()", env)
        try:
            page_weights(base)
            photo_bytes_sent(base)
            print("\nThroughput on SQLite (wrk, gzip accepted)")
            bare_process, bare_base = start_gunicorn("bench.bare:app", env)
            try:
                bare = wrk(bare_base + "/")
            finally:
                stop(bare_process)
            show("bare Flask", bare)
            for name in ("home", "search"):
                show(name, wrk(base + PAGES[name]))
        finally:
            stop(app)
        runs = {"SQLite": load_run("SQLite", env)}
        url, drop = postgres_database()
        if url:
            try:
                runs["PostgreSQL"] = load_run("PostgreSQL", env | {"DATABASE_URL": url})
            finally:
                drop()
        print()
        for label, (guides, rounds, two) in runs.items():
            shares = [post_result["rps"] / floor["rps"] for post_result, floor in rounds]
            slower = [post_result["p95"] / floor["p95"] for post_result, floor in rounds]
            share, slow = statistics.median(shares), statistics.median(slower)
            print(f"  {label}: step POST / floor = {share:.2f} in requests/s, median of "
                  f"{', '.join(f'{x:.2f}' for x in shares)} (budget {BUDGET_FLOOR_SHARE}: "
                  f"{'ok' if share >= BUDGET_FLOOR_SHARE else 'UNDER'}), {slow:.2f} in p95, median of "
                  f"{', '.join(f'{x:.2f}' for x in slower)} (budget {BUDGET_FLOOR_P95}: "
                  f"{'ok' if slow <= BUDGET_FLOOR_P95 else 'OVER'})")
            ratios = [guide["rps"] / bare_route["rps"] for guide, bare_route in guides]
            ratio = statistics.median(ratios)
            print(f"  {label}: guide / bare = {ratio:.2f}, median of {', '.join(f'{x:.2f}' for x in ratios)} "
                  f"(budget {BUDGET_RATIO}: {'ok' if ratio >= BUDGET_RATIO else 'UNDER'})")
            p95s = {CONNECTIONS: statistics.median(post_result["p95"] for post_result, _ in rounds), 2: two["p95"]}
            for n, p95 in p95s.items():
                print(f"  {label}: step POST p95 at {n} connections = {p95:.1f} ms "
                      f"(budget {BUDGET_STEP_P95_MS} ms: {'ok' if p95 <= BUDGET_STEP_P95_MS else 'OVER'})")
        many_guides(env, workdir)
        message_rate(env, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    photo_timing()


if __name__ == "__main__":
    main()
