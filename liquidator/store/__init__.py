"""The store: every read and write of the database, one function each.

Functions take the session (or, for the column reads, its connection) as a keyword and
leave committing to the caller. A speed-up for one engine lives inside the function
it speeds up, never beside it. ``items`` and ``disposals`` hold the stock, ``orders``
the imported Amazon orders and the cancellation desk's cases, ``columns`` the one
reader of many rows, ``writes`` the one bulk writer.
"""
