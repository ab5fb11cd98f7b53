"""`make stack`: the production stack on this one machine; `make stack-stop` takes it down.

    nginx (front cache, static files)  :STACK_PORT (8080)
      -> two gunicorn app servers      127.0.0.1:8001, 127.0.0.1:8002 (one nginx upstream)
    the worker (scheduled publishing, view-count flushes, heartbeat)
    PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set, otherwise throwaway
    instances of its own under .stack/ (ports 55432 and 56379).

Production settings throughout: DEBUG off, a generated SECRET_KEY kept in .stack/,
ALLOWED_HOSTS set. Run it again to upgrade in place: migrate, collect static files,
reload the app servers gracefully, purge. docs/deployment.md explains each part.
"""

import argparse
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "deploy"))

from render import render_nginx  # noqa: E402

STATE = Path(os.environ.get("STACK_DIR", BASE_DIR / ".stack"))
RUN, LOGS = STATE / "run", STATE / "logs"
PYTHON = Path(sys.executable)
APP_PORTS = (8001, 8002)
PG_PORT, REDIS_PORT = 55432, 56379
# nginx with the purge module, and the servers the stack starts when it is given none.
# espeak-ng speaks the comment captcha (语音验证码, comments/audio.py).
PACKAGES = {
    "nginx": "nginx",
    "cache_purge": "libnginx-mod-http-cache-purge",
    "espeak": "espeak-ng",
}
PG_PACKAGE, REDIS_PACKAGE = "postgresql", "redis-server"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")


def say(message):
    print(f"[stack] {message}", flush=True)


# Packages ------------------------------------------------------------------


def ensure_packages(need_postgres, need_redis):
    missing = []
    if not shutil.which("nginx", path="/usr/sbin:/usr/bin"):
        missing.append(PACKAGES["nginx"])
    if not PURGE_MODULE.exists():
        missing.append(PACKAGES["cache_purge"])
    if not shutil.which("espeak-ng"):
        missing.append(PACKAGES["espeak"])
    if need_postgres and not postgres_bin("initdb"):
        missing.append(PG_PACKAGE)
    if need_redis and not shutil.which("redis-server"):
        missing.append(REDIS_PACKAGE)
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"make stack needs: apt-get install -y {' '.join(missing)}")
    say(f"installing {' '.join(missing)}")
    # Debian starts a service when its package is installed; the stack starts its own.
    policy = Path("/usr/sbin/policy-rc.d")
    had_policy = policy.exists()
    if not had_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    finally:
        if not had_policy:
            policy.unlink()


def postgres_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return found[0] if found else None


# Processes -----------------------------------------------------------------


def pid_alive(pidfile):
    try:
        pid = int(Path(pidfile).read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def wait_for(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    sys.exit(f"[stack] {what} did not come up within {timeout} s (logs: {LOGS})")


def http_status(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own URL
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def as_postgres_user(command):
    # PostgreSQL refuses to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def start_postgres():
    data = STATE / "postgres"
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(
            as_postgres_user(
                [
                    str(postgres_bin("initdb")),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not pid_alive(data / "postmaster.pid"):
        socket_dir = STATE / "postgres-socket"
        socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(socket_dir, "postgres", "postgres")
        log = LOGS / "postgres.log"
        log.touch()
        if os.geteuid() == 0:
            shutil.chown(log, "postgres", "postgres")
        say(f"starting PostgreSQL on 127.0.0.1:{PG_PORT}")
        subprocess.run(
            as_postgres_user(
                [
                    str(postgres_bin("pg_ctl")),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-w",
                    "start",
                    "-o",
                    f"-p {PG_PORT} -k {socket_dir} -c listen_addresses=127.0.0.1",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    url = f"postgres://postgres@127.0.0.1:{PG_PORT}/dayuan"
    exists = subprocess.run(
        [
            str(postgres_bin("psql")),
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname = 'dayuan'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(
            [
                str(postgres_bin("createdb")),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "dayuan",
            ],
            check=True,
        )
    return url


def stop_postgres():
    data = STATE / "postgres"
    if pid_alive(data / "postmaster.pid"):
        say("stopping PostgreSQL")
        subprocess.run(
            as_postgres_user([str(postgres_bin("pg_ctl")), "-D", str(data), "-m", "fast", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


# Debian's redis-server.service restarts Redis when it dies (Restart=always); the stack's
# own Redis runs under a small supervisor that does the same, after this pause.
REDIS_RESTART_SECONDS = 5


def redis_command():
    return [
        "redis-server",
        "--port",
        str(REDIS_PORT),
        "--bind",
        "127.0.0.1",
        "--daemonize",
        "no",
        "--pidfile",
        str(RUN / "redis.pid"),
        "--dir",
        str(STATE / "redis"),
        "--save",
        "",
        "--appendonly",
        "no",
        "--logfile",
        str(LOGS / "redis.log"),
    ]


def supervise_redis():
    """Run Redis, and start it again REDIS_RESTART_SECONDS after it exits, until SIGTERM."""
    stopping = False
    child = None

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping:
        child = subprocess.Popen(redis_command())
        status = child.wait()
        if stopping:
            break
        say(f"Redis exited (status {status}); starting it again in {REDIS_RESTART_SECONDS} s")
        time.sleep(REDIS_RESTART_SECONDS)


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis():
    supervisor = RUN / "redis-supervisor.pid"
    if not pid_alive(supervisor):
        # A Redis left by an older stack, started without its supervisor.
        stop_pidfile("Redis (unsupervised)", RUN / "redis.pid")
        (STATE / "redis").mkdir(exist_ok=True)
        say(f"starting Redis on 127.0.0.1:{REDIS_PORT} (restarted if it stops)")
        log = open(LOGS / "redis-supervisor.log", "ab")  # noqa: SIM115 - handed to the child
        process = subprocess.Popen(
            [str(PYTHON), str(Path(__file__).resolve()), "supervise-redis"],
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        supervisor.write_text(str(process.pid))
    wait_for(redis_answers, "Redis", 10)
    return f"redis://127.0.0.1:{REDIS_PORT}/0"


def stop_pidfile(name, pidfile, sig=signal.SIGTERM, wait=20):
    pid = pid_alive(pidfile)
    if not pid:
        return
    say(f"stopping {name}")
    os.kill(pid, sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and pid_alive(pidfile):
        time.sleep(0.2)
    if pid_alive(pidfile):
        os.kill(pid, signal.SIGKILL)
    Path(pidfile).unlink(missing_ok=True)


# The application -------------------------------------------------------------


def app_environment(host, port, database_url, redis_url, inherit=True):
    """What the app servers, the worker and manage.py run with; `inherit`: on top of ours."""
    secret = STATE / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    public = f"http://{host}:{port}"
    return {
        **(os.environ if inherit else {}),
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": secret.read_text().strip(),
        "ALLOWED_HOSTS": ",".join(dict.fromkeys([host, "localhost", "127.0.0.1"])),
        "CSRF_TRUSTED_ORIGINS": public,
        "WAGTAILADMIN_BASE_URL": public,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Plain HTTP on this machine; a real server terminates TLS in nginx.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "TRUSTED_PROXY_COUNT": "1",
        "FRONTEND_CACHE_URL": f"http://127.0.0.1:{port}",
        "MEDIA_ROOT": str(STATE / "media"),
        "STATIC_ROOT": str(STATE / "staticfiles"),
        "CACHE_KEY_PREFIX": "dayuan-stack",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare_application(env, host, port):
    say("migrate, collectstatic, setup_site")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "setup_site", "--name", "大院网", "--hostname", host, "--port", str(port))
    marker = STATE / "demo-content-loaded"
    if not marker.exists():
        say("loading the demo articles (once; no accounts)")
        manage(env, "load_demo_content", "--without-accounts")
        marker.touch()


def start_app_servers(env):
    for index, app_port in enumerate(APP_PORTS, start=1):
        pidfile = RUN / f"gunicorn-{index}.pid"
        if pid_alive(pidfile):
            # Already running: a graceful reload picks up the new code (make stack again).
            say(f"reloading app server {index} (127.0.0.1:{app_port})")
            os.kill(pid_alive(pidfile), signal.SIGHUP)
            continue
        say(f"starting app server {index} on 127.0.0.1:{app_port}")
        subprocess.run(
            [
                str(PYTHON.parent / "gunicorn"),
                "site_project.wsgi:application",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "2",
                "--daemon",
                "--pid",
                str(pidfile),
                "--error-logfile",
                str(LOGS / f"gunicorn-{index}.log"),
                "--graceful-timeout",
                "20",
                "--keep-alive",
                "30",
                # Django's own log (tracebacks included) goes to the same file.
                "--capture-output",
                # Each server its own, not one shared file under ~/.gunicorn.
                "--control-socket",
                str(RUN / f"gunicorn-{index}.ctl"),
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
    for app_port in APP_PORTS:
        wait_for(
            lambda p=app_port: http_status(f"http://127.0.0.1:{p}/") == 200,
            f"app server on {app_port}",
        )


def start_worker(env):
    pidfile = RUN / "worker.pid"
    stop_pidfile("the worker (restart)", pidfile)
    log = open(LOGS / "worker.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(
        [str(PYTHON), "manage.py", "run_worker"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pidfile.write_text(str(process.pid))
    say(f"worker running (pid {process.pid})")


def nginx_config(host, port):
    names = list(dict.fromkeys([host, "localhost", "127.0.0.1"]))
    server = render_nginx(
        server_names=names,
        app_servers=[f"127.0.0.1:{app_port}" for app_port in APP_PORTS],
        listen=f"{port}",
        static_root=STATE / "staticfiles",
        media_root=STATE / "media",
        cache_dir=STATE / "nginx" / "cache",
        cache_max_size="512m",
        access_log=LOGS / "nginx.access.log",
        error_log=LOGS / "nginx.error.log",
    )
    nginx = STATE / "nginx"
    return f"""load_module {PURGE_MODULE};
worker_processes auto;
pid {RUN / "nginx.pid"};
error_log {LOGS / "nginx.error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000;
    server_tokens off;
    client_body_temp_path {nginx}/client_body;
    proxy_temp_path {nginx}/proxy;
    fastcgi_temp_path {nginx}/fastcgi;
    uwsgi_temp_path {nginx}/uwsgi;
    scgi_temp_path {nginx}/scgi;
{server}
}}
"""


def start_nginx(host, port):
    nginx_dir = STATE / "nginx"
    (nginx_dir / "cache").mkdir(parents=True, exist_ok=True)
    config = nginx_dir / "nginx.conf"
    config.write_text(nginx_config(host, port))
    if os.geteuid() == 0:
        # Workers run as www-data: they read static files and uploads, write the cache.
        for path in (nginx_dir, STATE / "media", STATE / "staticfiles"):
            path.mkdir(parents=True, exist_ok=True)
            subprocess.run(["chown", "-R", "www-data:www-data", str(path)], check=True)
        config.write_text("user www-data;\n" + config.read_text())
    subprocess.run(["nginx", "-t", "-q", "-c", str(config), "-p", str(nginx_dir)], check=True)
    if pid_alive(RUN / "nginx.pid"):
        say("reloading nginx")
        subprocess.run(
            ["nginx", "-s", "reload", "-c", str(config), "-p", str(nginx_dir)], check=True
        )
    else:
        say(f"starting nginx on {host}:{port}")
        subprocess.run(["nginx", "-c", str(config), "-p", str(nginx_dir)], check=True)
    wait_for(lambda: http_status(f"http://127.0.0.1:{port}/", host) == 200, "nginx")


# Commands ------------------------------------------------------------------


def up(host, port):
    if host not in {"localhost", "127.0.0.1"}:
        sys.exit("STACK_HOST is localhost or 127.0.0.1")
    for folder in (STATE, RUN, LOGS):
        folder.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    ensure_packages(need_postgres=not database_url, need_redis=not redis_url)
    database_url = database_url or start_postgres()
    redis_url = redis_url or start_redis()
    (STATE / "database_url").write_text(database_url)
    # Read by `deploy/stack.py env` (the stack's tests and benchmark).
    address = STATE / "stack.json"
    address.write_text(
        json.dumps(
            {"host": host, "port": port, "database_url": database_url, "redis_url": redis_url}
        )
    )
    address.chmod(0o600)
    env = app_environment(host, port, database_url, redis_url)
    # nginx is not up yet: the pages setup_site and the demo loader publish are not purged
    # one by one (purge_cache empties the front cache once nginx is up).
    prepare_application({**env, "FRONTEND_CACHE_URL": ""}, host, port)
    start_app_servers(env)
    start_worker(env)
    start_nginx(host, port)
    # New code may render pages differently: nothing cached by the old one is served.
    manage(env, "purge_cache")
    say(
        f"大院网 is up: http://{host}:{port}/  (admin: http://{host}:{port}/admin/, "
        f"logs: {LOGS}, stop: make stack-stop)"
    )
    print(f"http://{host}:{port}/")


def down():
    if pid_alive(RUN / "nginx.pid"):
        say("stopping nginx")
        config = STATE / "nginx" / "nginx.conf"
        subprocess.run(
            ["nginx", "-s", "quit", "-c", str(config), "-p", str(STATE / "nginx")], check=False
        )
        wait_for(lambda: not pid_alive(RUN / "nginx.pid"), "nginx stop", 20)
    stop_pidfile("the worker", RUN / "worker.pid")
    for index in range(1, len(APP_PORTS) + 1):
        stop_pidfile(f"app server {index}", RUN / f"gunicorn-{index}.pid")
    stop_pidfile("Redis", RUN / "redis-supervisor.pid")
    stop_pidfile("Redis", RUN / "redis.pid")
    stop_postgres()
    say("stopped")


def print_environment():
    """`deploy/stack.py env`: the running stack's environment, as `export` lines for a shell
    (`eval "$(deploy/stack.py env)"` before `manage.py`, to work on the stack's database)."""
    address = STATE / "stack.json"
    if not address.exists():
        sys.exit("[stack] no stack here: run make stack first")
    stack = json.loads(address.read_text())
    env = app_environment(
        stack["host"], stack["port"], stack["database_url"], stack["redis_url"], inherit=False
    )
    for name, value in env.items():
        print(f"export {name}={shlex.quote(str(value))}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "down", "env", "supervise-redis"])
    args = parser.parse_args()
    if args.command == "up":
        up(os.environ.get("STACK_HOST", "localhost"), int(os.environ.get("STACK_PORT", "8080")))
    elif args.command == "env":
        print_environment()
    elif args.command == "supervise-redis":
        supervise_redis()
    else:
        down()


if __name__ == "__main__":
    main()
