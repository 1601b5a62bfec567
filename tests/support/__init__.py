"""Helpers the tests share: one place for each, so no test module imports another's private parts.

- ``stores``: snapshots of a store and its folder, seed edits, and the store-and-journal agreement check.
- ``inputs``: small write-ups and 360Giving files made to order.
- ``cli``: the command line in a fresh process, optionally killed at a step or on a full disk.
- ``apptest``: reading what an AppTest run shows, as a reader sees it.
- ``browser``: waiting for a served page and saving its screenshot.
"""
