"""Checkpoint: X-ray parcel screening workstation for prison and detention checkpoints."""

__version__ = "0.1.0"
