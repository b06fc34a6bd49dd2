import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "images"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def table():
    from app.devices.simulator.physics import load_table

    return load_table()


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a PostgreSQL server (an empty `postgres` database per test comes from `postgres_url`)."""
    from postgres import ThrowawayPostgres

    if os.environ.get("CHECKPOINT_TEST_POSTGRES_URL"):
        yield os.environ["CHECKPOINT_TEST_POSTGRES_URL"]
        return
    server = ThrowawayPostgres()
    if server.bin is None:  # skipped where PostgreSQL is not installed; .ci/run installs it, so CI never skips
        pytest.skip("PostgreSQL is not installed (Debian: apt install postgresql)")
    try:
        url = server.start()
    except Exception:
        server.stop()
        raise  # installed but not starting: a real failure, not a reason to skip
    yield url
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh database on the test server for one test."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"cp_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The same test on an SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'checkpoint.sqlite3'}"
    return request.getfixturevalue("postgres_url")
