"""Evaluating the high-risk district and group detector on simulated cities with planted hot spots."""
