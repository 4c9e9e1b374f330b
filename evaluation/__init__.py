"""Measuring the assistant on messages nobody on the team wrote.

`python -m evaluation nlu` runs the blind routing set through /api/chat on the
real stack; `python -m evaluation crisis` does the same for the blind crisis
set. `--dev` measures the development sets instead (for choosing between
variants), and `--detector-only` measures the gateway's crisis layers alone.
"""
