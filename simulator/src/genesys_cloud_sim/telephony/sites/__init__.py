"""Telephony sites (/api/v2/telephony/providers/edges/sites): name, location, NTP servers, update window."""
