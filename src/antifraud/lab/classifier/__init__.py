"""The text classifier's lab: phrase tables, the corpus grammar and generator, training and metrics."""
