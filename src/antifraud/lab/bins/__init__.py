"""Building the shipped BIN table and its held-out check from public card-BIN data (run by hand, once)."""
