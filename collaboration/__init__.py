"""Study groups, peer help and class goals (the 20%): see issue "Live collaboration"."""
