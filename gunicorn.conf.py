"""How `make serve` (and `make bench`) run gunicorn: read by gunicorn at start, before the app loads.

- Threads (gthread). With sync workers two slow phones sending a photo, or a database that never
  answers, held every worker and the guides stopped too. Each worker now serves THREADS requests at
  once, and gunicorn 27 keeps a connection that has sent nothing yet off the threads; a request
  whose body trickles in still holds its thread, so the load balancer must buffer request bodies
  (docs/DEPLOY.md).
- --preload: the content is loaded once before the workers fork, so a worker that restarts while an
  editor's file is broken still starts from the last good version; what was loaded is frozen for
  the garbage collector before each fork (pre_fork below).
- No control socket: gunicorn 27 otherwise opens ~/.gunicorn/gunicorn.ctl, shared by every instance
  on the machine, and a second instance would take over the first one's (it accepts reload and
  shutdown).
- Rate limits count in one place for every worker: Redis at REDIS_URL (or RATELIMIT_STORAGE_URI).
  Without either, a Redis on this machine's default port is used when one answers; with none at all,
  counters would live in each worker's memory (the real limit would be the limit times the workers),
  so one worker is started instead, with more threads, and the log says so.
- Each worker listens on a socket of its own (reuse_port: SO_REUSEPORT, gunicorn binds one per
  worker), so the kernel spreads connections over the workers. On one shared socket whichever worker
  woke first took them, and keep-alive clients stayed there: in `make bench` one run in three had
  all 32 connections on one worker, and half the throughput. Since the port could then be shared
  with another instance started by mistake, the server refuses to start on a port already taken.
"""
import errno
import gc
import os
import socket

import redis

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def local_redis_answers(url: str = LOCAL_REDIS) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.3, socket_timeout=0.3).ping())
    except (redis.RedisError, OSError):
        return False


def shared_limits(env, workers: int, local_redis: bool) -> tuple[str | None, int, str, bool]:
    """The rate-limit store to set (None: keep the environment's), the number of workers, what to tell
    the operator and whether to say it loudly, given the environment and whether a local Redis answers."""
    if env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL"):
        return None, workers, "rate limits: counted in the configured store, shared by every worker", False
    if local_redis:
        return LOCAL_REDIS, workers, f"rate limits: REDIS_URL is not set; counting in the local {LOCAL_REDIS}", True
    if workers > 1:
        return None, 1, (f"RATE LIMITS: REDIS_URL is not set and no Redis answers at {LOCAL_REDIS}: starting 1 worker "
                         f"instead of {workers}, so that every request counts against the same limits. "
                         "Set REDIS_URL to run more."), True
    return None, workers, "rate limits: one worker, counted in its memory", False


asked = int(os.environ.get("WEB_CONCURRENCY", "2"))
configured = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL")
store, workers, limits_notice, loud = shared_limits(os.environ, asked, not configured and local_redis_answers())
if store:
    os.environ["RATELIMIT_STORAGE_URI"] = store  # config.py reads it when the app loads, after this file
host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
bind = f"{host}:{port}"
worker_class = "gthread"
# 8 threads a worker: a request waiting for a database that does not answer holds its thread for
# the connect timeout (2 s and more), and the kernel hands each worker its own share of the
# connections. With 4, four such requests could take every thread of one worker, and /readyz or a
# guide sent there waited for them (CI once saw /readyz time out so); 8 leave room, at a few
# hundred KB of memory each.
threads = int(os.environ.get("WEB_THREADS", "8")) * asked // workers  # as many requests at once as asked
preload_app = True
control_socket_disable = True
reuse_port = True


def port_taken(host: str, port: int) -> bool:
    """Whether something listens on host:port already (a bind without SO_REUSEPORT fails)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def on_starting(server):
    if port_taken(host, port):
        raise SystemExit(f"port {port} on {host} is in use: another server is running there (stop it, or set PORT)")
    (server.log.warning if loud else server.log.info)(limits_notice)


def pre_fork(server, worker):
    # Everything the master preloaded (the app and the content snapshot) lives as long as the
    # worker, or until an edit replaces it. Frozen, the garbage collector no longer walks it: at
    # 1,000 guides a full collection took 80 ms, a pause in whichever request set it off (the search
    # page's p99 at one connection was 190 ms, 14 ms frozen), and writing to every object it walked
    # copied the master's memory pages into the worker, which slowed its first reload. Python's
    # documented use of gc.freeze before a fork. The cost: cyclic garbage in a snapshot an edit
    # replaced is not collected (what is freed by reference counting still is).
    gc.freeze()
