"""The worker's entry point: `huey_consumer blueprints.messages.worker.huey` (what `make worker`
runs). The app is made here, with the same settings as the web server, so tasks find the same
database, keys and channels."""
from app import create_app

app = create_app()
huey = app.extensions["queue"].huey
