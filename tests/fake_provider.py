"""A fake SMS/WhatsApp provider on 127.0.0.1, as blueprints/messages/channels.py posts to one: it
accepts each Idempotency-Key once (a resend of an accepted message is answered but not delivered
again), and can be told to fail with 503 or to take its time answering."""
import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        provider = self.server.provider
        key = self.headers.get("Idempotency-Key", "")
        with provider.lock:
            provider.calls.append(key)
            failing = provider.failing
            if not failing:
                provider.delivered.setdefault(key, body)
        if failing:
            self.send_response(503)
            self.end_headers()
            return
        if provider.slow:
            time.sleep(provider.slow)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": f"fake-{key[:8]}"}).encode())

    def log_message(self, *args):
        pass


class FakeProvider:
    def __init__(self):
        self.calls: list[str] = []  # the Idempotency-Key of every request, in order
        self.delivered: dict[str, dict] = {}  # key -> the first body accepted for it
        self.failing, self.slow = False, 0.0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.provider = self
        self.url = f"http://127.0.0.1:{self.server.server_port}/kirim"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(Exception):
            self.server.shutdown()
        self.server.server_close()
