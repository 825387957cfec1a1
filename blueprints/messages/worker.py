"""The worker: `python -m blueprints.messages.worker` (what `make worker` runs), Huey's consumer
with WORKER_THREADS threads. The app is made here, with the same settings as the web server, so
tasks find the same database, keys and channels, and log through the same redacting handler."""
import os

from app import create_app

app = create_app()
huey = app.extensions["queue"].huey

if __name__ == "__main__":
    huey.create_consumer(workers=int(os.environ.get("WORKER_THREADS", "2")), worker_type="thread").run()
