"""The yardstick: a bare Flask route, served by gunicorn like the real app."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok():
    return "ok"
