"""Phones and phone base settings (/api/v2/telephony/providers/edges/phones, .../phonebasesettings): WebRTC
softphones, each owning its user's station."""
