"""The database connection: SQLite by default (WAL, foreign keys, busy timeout), any SQLAlchemy URL."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker



class StorageError(Exception):
    """A typed storage failure: `code` says what, for the UI to explain."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


def _classify(exc: Exception) -> StorageError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError("database_locked", str(exc))
    if "disk" in text and "full" in text or "no space" in text:
        return StorageError("disk_full", str(exc))
    if "readonly" in text or "read-only" in text:
        return StorageError("database_read_only", str(exc))
    return StorageError("database_error", str(exc))


class Database:
    def __init__(self, url: str, busy_timeout_ms: int = 5000):
        self.url = url
        is_sqlite = url.startswith("sqlite")
        if is_sqlite and ":///" in url and not url.endswith(":memory:"):
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True,
                                            connect_args={"timeout": busy_timeout_ms / 1000} if is_sqlite else {})
        if is_sqlite:
            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _record):  # noqa: ANN001
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
                cur.execute("PRAGMA synchronous=FULL")  # a decision on disk survives a power cut
                cur.close()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self, backup_dir: Path | None = None):
        """Bring the schema to this app's revision (Alembic; an SQLite file is backed up first)."""
        from .schema import upgrade

        try:
            return upgrade(self.engine, backup_dir)
        except OperationalError as exc:
            raise _classify(exc) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise _classify(exc) from exc
        except Exception:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
