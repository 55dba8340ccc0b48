"""Telephony API areas under /api/v2/telephony/providers/edges (sites now; Edges later)."""
