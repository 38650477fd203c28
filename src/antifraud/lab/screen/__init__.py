"""Data behind the big screen, made from public sources (never imported by the server)."""
