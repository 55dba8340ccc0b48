"""Conversations (/api/v2/conversations/calls): outbound calls placed for users, carried by their sites' Edges to
seeded or default far ends, hung up and securely paused through the API."""
