"""Help: the commands a caller may use where they are."""
