"""Scan images stored by content hash, written atomically and verified when read."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .db import StorageError


class ImageArchive:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        """Store bytes; returns their SHA-256. The same content is stored once."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.path_for(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())  # on disk before it gets its name
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            code = "disk_full" if getattr(exc, "errno", None) == 28 else "archive_write_failed"
            raise StorageError(code, str(exc)) from exc
        return digest

    def get(self, digest: str) -> bytes:
        path = self.path_for(digest)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise StorageError("image_missing", digest) from exc
        if hashlib.sha256(data).hexdigest() != digest:
            raise StorageError("image_altered", digest)
        return data
