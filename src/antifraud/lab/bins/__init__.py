"""Building the shipped BIN table and its two held-out checks from public card-BIN data (run by hand)."""
