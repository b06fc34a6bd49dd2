"""A throwaway PostgreSQL server for the tests, so the suite runs against both databases.

CHECKPOINT_TEST_POSTGRES_URL, if set, names a server to use instead. Otherwise, where Debian's
postgresql package is installed (.ci/run installs it), a new cluster is made in a temporary folder
and started on a free loopback port (as the `postgres` user when the tests run as root, since the
server refuses root), and removed at the end. Without either, PostgreSQL tests are skipped, saying why.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    def __init__(self):
        self.bin = _binaries()
        self.dir: Path | None = None
        self.port = _free_port()
        self.as_user = None
        if os.geteuid() == 0:
            try:
                self.as_user = pwd.getpwnam("postgres")
            except KeyError:
                self.as_user = None

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_user is not None:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt install postgresql)")
        if os.geteuid() == 0 and self.as_user is None:
            raise RuntimeError("running as root and there is no postgres user to run the server")
        self.dir = Path(tempfile.mkdtemp(prefix="checkpoint-pg-"))
        if self.as_user is not None:
            os.chown(self.dir, self.as_user.pw_uid, self.as_user.pw_gid)
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "checkpoint", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "server.log"), "-w", "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off", "start")
        url = f"postgresql+psycopg://checkpoint@127.0.0.1:{self.port}/postgres"
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return url
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.dir is None:
            return
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
