"""ServerDate (models.json): the region's clock, real time plus the region's settable skew."""

from __future__ import annotations

from genesys_cloud_sim.core.clock import iso_ms
from genesys_cloud_sim.core.state import Region


def server_date(region: Region) -> dict[str, str]:
    return {"currentDate": iso_ms(region.now())}
