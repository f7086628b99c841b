"""What every stage shares: settings, the error base, logging."""
