"""Utilities API area: the server's clock."""
