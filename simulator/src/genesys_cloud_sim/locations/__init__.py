"""Locations API area (/api/v2/locations): the addresses sites are placed at."""
