"""A throwaway PostgreSQL server for tests: temporary data dir, 127.0.0.1, a free port.

The server binaries come from `C360_PG_BIN` (default /usr/lib/postgresql/15/bin).
`initdb` refuses to run as root, so as root the server runs as the `postgres` user
(`runuser -u postgres --`). Authentication is `trust` and `fsync` is off: it holds
test data only and is removed when stopped.

    with PostgresServer.start() as server:
        os.environ.update(server.env)   # C360_PG_HOST, C360_PG_PORT, C360_PG_USER, ...

`python tests/postgres_server.py` starts one for working by hand and stops it on Ctrl-C.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("C360_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"
DATABASE = "customer360"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> list[str]:
    """The command prefix that runs a server binary as a non-root user."""
    return ["runuser", "-u", SUPERUSER, "--"] if os.geteuid() == 0 else []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def available() -> bool:
    return (PG_BIN / "initdb").is_file() and (os.geteuid() != 0 or shutil.which("runuser"))


@dataclass
class PostgresServer:
    root: Path
    port: int
    host: str = "127.0.0.1"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def env(self) -> dict[str, str]:
        """What profiles.yml and orchestration/config.py read to reach this server."""
        return {
            "C360_PG_HOST": self.host,
            "C360_PG_PORT": str(self.port),
            "C360_PG_USER": SUPERUSER,
            "C360_PG_PASSWORD": "",
            "C360_PG_DBNAME": DATABASE,
        }

    @classmethod
    def start(cls, database: str = DATABASE) -> PostgresServer:
        root = Path(tempfile.mkdtemp(prefix="c360-pg-"))
        server = cls(root=root, port=_free_port())
        try:
            if os.geteuid() == 0:
                shutil.chown(root, SUPERUSER)
            server._run(
                PG_BIN / "initdb",
                "-D",
                server.data_dir,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            )
            options = (
                f"-h {server.host} -p {server.port} -k {root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c timezone=UTC"
            )
            server._run(
                PG_BIN / "pg_ctl",
                "-D",
                server.data_dir,
                "-o",
                options,
                "-l",
                root / "server.log",
                "-w",
                "start",
            )
            server._run(
                PG_BIN / "createdb", "-h", server.host, "-p", server.port, "-U", SUPERUSER, database
            )
        except BaseException:
            server.stop()
            raise
        return server

    def create_database(self, name: str) -> dict[str, str]:
        """A new empty database on this server; the environment that points at it."""
        self._run(PG_BIN / "createdb", "-h", self.host, "-p", self.port, "-U", SUPERUSER, name)
        return {**self.env, "C360_PG_DBNAME": name}

    def settings(self, dbname: str = DATABASE):
        """The project settings with the postgres target on this server's database `dbname`."""
        from orchestration.config import load_settings

        settings = load_settings()
        postgres = dataclasses.replace(
            settings.postgres, host=self.host, port=self.port, user=SUPERUSER, password="",
            dbname=dbname,
        )  # fmt: skip
        return dataclasses.replace(settings, dbt_target="postgres", postgres=postgres)

    def _run(self, *args: object) -> None:
        command = [*_as_server_user(), *(str(a) for a in args)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}"
            )

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its files; safe to call twice.

        If pg_ctl cannot stop it, the postmaster whose id this server wrote is sent
        SIGTERM and then SIGKILL; its files are removed only once it is gone.
        """
        pid_file = self.data_dir / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            try:
                self._run(PG_BIN / "pg_ctl", "-D", self.data_dir, "-m", "fast", "-w", "stop")
            except RuntimeError as error:
                print(f"pg_ctl stop failed, signalling postmaster {pid}: {error}", file=sys.stderr)
                for sig in (signal.SIGTERM, signal.SIGKILL):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, sig)
                    for _ in range(50):
                        if not _alive(pid):
                            break
                        time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server per test session, stopped at the end (also on failure)."""
    if not available():
        pytest.fail(f"PostgreSQL server binaries not found in {PG_BIN} (set C360_PG_BIN)")
    server = PostgresServer.start()
    try:
        yield server
    finally:
        server.stop()


if __name__ == "__main__":
    with PostgresServer.start() as running:
        print(" ".join(f"{k}={v}" for k, v in running.env.items()), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
