import socket

import pytest

from ansible_collections.cxops.genesys_cloud.plugins.module_utils import _sntp
from support.fake_ntp import FakeNtpServer


@pytest.mark.parametrize("skew", [0.0, 2.5, -1.25])
def test_offset_is_measured(skew):
    server = FakeNtpServer(skew=skew)
    try:
        sample = _sntp.query("127.0.0.1", server.port, timeout=2)
    finally:
        server.close()
    assert sample.offset == pytest.approx(skew, abs=0.05)
    assert sample.stratum == 2 and sample.delay >= 0


def test_silent_server_times_out_with_the_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    try:
        with pytest.raises(_sntp.NtpError, match=r"did not answer on UDP \d+ within 0.2 s"):
            _sntp.query("127.0.0.1", sock.getsockname()[1], timeout=0.2)
    finally:
        sock.close()


def test_kiss_of_death_is_reported():
    server = FakeNtpServer(stratum=0)
    try:
        with pytest.raises(_sntp.NtpError, match="kiss of death"):
            _sntp.query("127.0.0.1", server.port, timeout=2)
    finally:
        server.close()
