"""Tokens API area: the calling token described and revoked."""
