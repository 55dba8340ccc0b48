"""Organizations API area: the calling token's org."""
