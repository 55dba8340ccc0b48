"""A Genesys Cloud Platform API v2 simulator (see simulator/README.md)."""

__version__ = "0.1.0"
