"""Pure linking engines: case components, hubs, and the expansion over flows (no database, no web)."""
