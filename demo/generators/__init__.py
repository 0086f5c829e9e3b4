"""A believable demo school for Madrasti Growth, built deterministically by `seed_demo`."""
