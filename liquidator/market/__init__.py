"""Market data: prices seen for the items, where they came from, and what they mean.

``observations`` stores and lists price observations (append-only); ``lookup`` turns
them into each item's market price and its fall for scoring (one query); ``files``
parses price files (our CSV and Keepa's product export); ``imports`` and ``fetch``
are the cores of ``prices import`` and ``prices fetch``; ``sp_api_source`` and
``keepa_source`` talk to the two services through their libraries, which nothing
else imports (the optional ``market`` extra).
"""
