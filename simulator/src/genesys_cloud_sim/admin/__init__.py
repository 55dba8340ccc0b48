"""The simulator's own control API under /__sim (never under /api/v2, never faulted, never logged)."""
