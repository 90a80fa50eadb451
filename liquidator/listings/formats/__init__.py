"""One module per site: each defines ``LISTING`` (a ``ListingFile``) and may define
``REVISION`` (a ``RevisionFile``). ``listings.registry`` finds them by module name."""
