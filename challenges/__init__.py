"""Friendly 1v1 challenges, personal challenges and opt-in boards (the 10%)."""
