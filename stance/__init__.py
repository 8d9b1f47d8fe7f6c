"""Stance Tracker: actor-level stance toward peace talks, from news articles to timelines."""

__version__ = "0.2.0"
