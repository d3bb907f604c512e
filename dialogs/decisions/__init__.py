"""The decision log (vedtak): append-only entries, anchoring, corrections and export."""
