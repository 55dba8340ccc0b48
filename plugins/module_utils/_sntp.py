# Copyright (c) cxops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A minimal SNTP (RFC 4330) client: one request, the server's offset and the round-trip delay."""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass

NTP_EPOCH_OFFSET = 2208988800  # seconds from 1900-01-01 (NTP) to 1970-01-01 (Unix)
_PACKET = struct.Struct("!B B b b 11I")
# Indices into the unpacked header: mode byte, stratum, poll, precision, root delay, root dispersion,
# reference id, then the 64-bit timestamps reference, originate, receive and transmit as (seconds, fraction).
_STRATUM, _ORIGINATE, _RECEIVE, _TRANSMIT = 1, 9, 11, 13


@dataclass
class NtpSample:
    server: str
    offset: float  # server clock minus local clock, seconds
    delay: float  # round trip, seconds
    stratum: int


class NtpError(Exception):
    pass


def _to_ntp(seconds: float) -> tuple[int, int]:
    whole = int(seconds) + NTP_EPOCH_OFFSET
    return whole, int((seconds % 1) * 2**32)


def _from_ntp(whole: int, fraction: int) -> float:
    return whole - NTP_EPOCH_OFFSET + fraction / 2**32


def query(server: str, port: int = 123, timeout: float = 2.0) -> NtpSample:
    """Ask one server for its time (client mode 3, version 4)."""
    transmit = time.time()
    packet = bytearray(48)
    packet[0] = (0 << 6) | (4 << 3) | 3
    struct.pack_into("!II", packet, 40, *_to_ntp(transmit))
    try:
        address = socket.getaddrinfo(server, port, type=socket.SOCK_DGRAM)[0]
        with socket.socket(address[0], socket.SOCK_DGRAM) as sock:
            sock.settimeout(timeout)
            sock.sendto(bytes(packet), address[4])
            data = sock.recvfrom(512)[0]
            received = time.time()
    except socket.gaierror as error:
        raise NtpError(f"{server} does not resolve ({error.strerror})") from None
    except OSError as error:
        raise NtpError(f"{server} did not answer on UDP {port} within {timeout:g} s ({error.__class__.__name__})") from None
    if len(data) < 48:
        raise NtpError(f"{server} sent a short NTP packet ({len(data)} bytes)")
    fields = _PACKET.unpack(data[:48])
    stratum = fields[_STRATUM]
    if stratum == 0:
        raise NtpError(f"{server} answered 'kiss of death' (stratum 0): it refuses to serve this client")
    if tuple(fields[_ORIGINATE:_ORIGINATE + 2]) != _to_ntp(transmit):  # must echo our transmit time
        raise NtpError(f"{server} answered a different request (originate timestamp mismatch)")
    server_receive = _from_ntp(*fields[_RECEIVE:_RECEIVE + 2])
    server_transmit = _from_ntp(*fields[_TRANSMIT:_TRANSMIT + 2])
    offset = ((server_receive - transmit) + (server_transmit - received)) / 2
    delay = (received - transmit) - (server_transmit - server_receive)
    return NtpSample(server=server, offset=offset, delay=max(delay, 0.0), stratum=stratum)
