"""Routing objects that other areas refer to (queues, wrap-up codes, languages) and teams: seeded only, no routes."""
