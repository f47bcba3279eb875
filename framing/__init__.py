"""framing: stance toward Beijing, Taipei and Washington, and Policy Frames, in news paragraphs.

Kept import-free on purpose: `framing-score` must start in about the time scikit-learn takes
to import, so nothing here may pull in Hydra, `datasets` or scikit-learn.
"""

__version__ = "0.1.0"
