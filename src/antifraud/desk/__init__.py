"""The 24/7 intervention desk (人工干预): working warnings, station visits, the duty roster."""
