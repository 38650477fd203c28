"""Messages of the newer rooms, one module per room (each defines ``MESSAGES`` and optionally ``LABELS``).

``antifraud.ui.messages`` merges every module here into the one catalogue and refuses a key defined twice,
so a room adds its texts in its own file instead of growing one shared dictionary.
"""
