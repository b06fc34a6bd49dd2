"""Alembic's environment for Checkpoint: the app passes its own connection in (see app/storage/schema.py);
there is no alembic.ini to keep beside the database."""
from alembic import context

from app.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
