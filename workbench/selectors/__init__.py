"""Reads shaped for pages and exports: a constant number of queries per page, no N+1."""
