"""Bookkeeping: disposals as a double-entry journal, and file layouts to import it.

``journal`` turns disposals into balanced entries (pure accounting, no file format);
``layouts`` holds one module per accounting package's import format, each registering
a ``JournalLayout`` (``layouts.LAYOUTS``).
"""
