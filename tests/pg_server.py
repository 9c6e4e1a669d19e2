"""A throw-away PostgreSQL server for the tests: `initdb` into a temporary folder, `postgres` on a free
loopback port (TCP only, password authentication), stopped and removed at the end.

PostgreSQL refuses to run as root, and CI runs the tests as root: then the server runs as `nobody`
(through `setpriv`), in a folder that user owns. The binaries are found on PATH or, as Debian
installs them, under /usr/lib/postgresql/<version>/bin. Without them the tests are skipped, and on
CI (CI=true) they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.support import free_port

START_TIMEOUT_S = 30
ADMIN = "ops_admin"
RUN_AS = "nobody"  # when the tests run as root


def find_bindir() -> Path | None:
    """The folder holding initdb and postgres: on PATH, else Debian's newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("initdb")
    if on_path and (Path(on_path).parent / "postgres").exists():
        return Path(on_path).parent
    candidates = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")
                  if (Path(p) / "initdb").exists() and (Path(p) / "postgres").exists()]
    if not candidates:
        return None

    def version(path: Path) -> tuple:
        return tuple(int(x) if x.isdigit() else 0 for x in path.parent.name.split("."))

    return max(candidates, key=version)


def unavailable(message: str) -> None:
    """Skip, or on CI fail: CI must run the PostgreSQL tests."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{message} (CI must run the PostgreSQL tests)", pytrace=False)
    pytest.skip(message)


class PostgresServer:
    """One cluster in `root` (a fresh temporary folder), on 127.0.0.1:`port`."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.password = f"pw-{secrets.token_hex(8)}"
        self.root = Path(tempfile.mkdtemp(prefix="ops-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.proc: subprocess.Popen | None = None
        self._user = None
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                unavailable("setpriv (util-linux) is needed to run PostgreSQL as an unprivileged user")
            self._user = pwd.getpwnam(RUN_AS)
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        os.chmod(self.root, 0o700)

    # -------------------------------------------------------------- processes
    def _command(self, args: list[str]) -> list[str]:
        if self._user is None:
            return args
        return ["setpriv", f"--reuid={self._user.pw_uid}", f"--regid={self._user.pw_gid}", "--clear-groups",
                "--", *args]

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        if self._user is not None:
            env.update(HOME=str(self.root), USER=RUN_AS, LOGNAME=RUN_AS)
        return env

    def init(self) -> None:
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._user is not None:
            os.chown(pwfile, self._user.pw_uid, self._user.pw_gid)
        result = subprocess.run(
            self._command([str(self.bindir / "initdb"), "-D", str(self.data), "-U", ADMIN, f"--pwfile={pwfile}",
                           "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"]),
            cwd=self.root, env=self._env(), capture_output=True, text=True, timeout=120)
        pwfile.unlink()
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        args = [str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=60"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self._command(args), cwd=self.root, env=self._env(), stdout=log,
                                         stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with psycopg.connect(self.url("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"postgres did not start:\n{self.log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)

    def stop(self, how: int = signal.SIGINT) -> None:
        """Fast shutdown (SIGINT): sessions are ended, the data kept. SIGQUIT: immediate (no checkpoint)."""
        if self.proc is None:
            return
        self.proc.send_signal(how)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def remove(self) -> None:
        self.stop(signal.SIGQUIT)  # the data is thrown away: no checkpoint needed
        shutil.rmtree(self.root, ignore_errors=True)

    # -------------------------------------------------------------- databases
    def url(self, dbname: str, password: str | None = None) -> str:
        return f"postgresql://{ADMIN}:{password or self.password}@127.0.0.1:{self.port}/{dbname}"

    @contextlib.contextmanager
    def connect(self, dbname: str) -> Iterator[psycopg.Connection]:
        with psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=5) as conn:
            yield conn

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its URL."""
        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        unavailable("PostgreSQL server binaries (initdb, postgres) not found; install them with: "
                    "sudo apt-get install postgresql")
    server = PostgresServer(bindir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()
