"""Peer centers (other cities' anti-fraud centers): warnings pushed to them and taken from them."""
