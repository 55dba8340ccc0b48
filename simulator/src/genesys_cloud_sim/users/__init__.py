"""Users (/api/v2/users), their routing status and presence, presence definitions, and stations with their
association to users (/api/v2/stations, /api/v2/users/{userId}/station)."""
