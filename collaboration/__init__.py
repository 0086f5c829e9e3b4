"""Study groups and their live sessions (the collaboration 20%): see issue 5, points 1-3."""
