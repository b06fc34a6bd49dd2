"""Training of the prohibited-item detector (needs the `train` extra: torch). The app never imports this."""
