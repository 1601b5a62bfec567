"""Every write to the store, in one place: ``dash.write.service`` is what pages and the CLI call.

- ``service``: import a write-up or a 360Giving file, decide on a theme code, build; each returns
  an ``Outcome`` (done or not, one sentence, the report) and never raises at its caller.
- ``write_ups``, ``grants``: what each kind of write reads and checks before the lock, and what
  it changes under it (the same code a build replays the journal with).
- ``build``: the store from the seed files, then the journal replayed in order.
- ``legacy``: round 1's import records, still replayed.
"""
