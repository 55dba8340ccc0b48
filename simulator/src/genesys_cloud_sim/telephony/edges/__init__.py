"""Edges (/api/v2/telephony/providers/edges): hardware Edges paired with simulated appliances, their interfaces
and Edge groups."""
