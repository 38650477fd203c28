"""The warning scorer's lab: replaying simulated cities, measuring, and training the shipped model."""
