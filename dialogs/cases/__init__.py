"""Cases (saker): numbered per network and year, the unit every poll and decision belongs to."""
