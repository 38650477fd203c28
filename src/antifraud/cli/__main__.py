"""``python -m antifraud.cli``: the same command as the `antifraud` console script."""

from antifraud.cli import main

main()
