"""The floor for the answer POST: the least a save can do and keep what ours guarantees.

Flask with Flask-WTF's CSRF check, the session cookie naming a draft, one row read and written with
Fernet on the same database (SQLite in WAL mode, or PostgreSQL), then 303. `make bench` serves it under
the same gunicorn as the site and prints the site's answer POST as a share of it."""
import json
import os

from cryptography.fernet import Fernet
from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf
from sqlalchemy import Column, Integer, MetaData, Table, Text, create_engine, event, insert, select, update

app = Flask(__name__)
app.config["SECRET_KEY"] = "bench-floor"
CSRFProtect(app)
fernet = Fernet(Fernet.generate_key())
url = os.environ["FLOOR_DATABASE_URL"]
engine = create_engine(url)
if url.startswith("sqlite"):
    @event.listens_for(engine, "connect")
    def _wal(connection, _record):
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")

rows = Table("floor_drafts", MetaData(), Column("id", Integer, primary_key=True), Column("answers", Text))
rows.create(engine, checkfirst=True)
engine.dispose()  # gunicorn --preload forks after this: each worker opens its own connections


@app.get("/daftar/jalur")
def page():
    if "draft" not in session:
        with engine.begin() as connection:
            session["draft"] = connection.execute(insert(rows).values(answers=fernet.encrypt(b"{}").decode())
                                                  ).inserted_primary_key[0]
    return f'<form method="post"><input id="csrf_token" name="csrf_token" type="hidden" value="{generate_csrf()}">'


@app.post("/daftar/jalur")
def save():
    with engine.begin() as connection:
        sealed = connection.execute(select(rows.c.answers).where(rows.c.id == session["draft"])).scalar_one()
        answers = json.loads(fernet.decrypt(sealed))
        answers["jalur"] = request.form["jalur"]
        connection.execute(update(rows).where(rows.c.id == session["draft"])
                           .values(answers=fernet.encrypt(json.dumps(answers).encode()).decode()))
    return redirect("/daftar/kartu", 303)
