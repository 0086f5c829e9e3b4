"""Progress follows real events: domain signals sent inside the sender's transaction."""
