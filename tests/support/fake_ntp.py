"""An SNTP server on loopback whose clock is `skew` seconds off this machine's, for probe tests."""

from __future__ import annotations

import socket
import struct
import threading
import time

NTP_EPOCH_OFFSET = 2208988800


def ntp_timestamp(seconds: float) -> tuple[int, int]:
    return int(seconds) + NTP_EPOCH_OFFSET, int((seconds % 1) * 2**32)


class FakeNtpServer:
    def __init__(self, skew: float = 0.0, stratum: int = 2, host: str = "127.0.0.1"):
        self.skew, self.stratum = skew, stratum
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                data, peer = self.sock.recvfrom(48)
            except OSError:
                return
            now = time.time() + self.skew
            reply = bytearray(48)
            reply[0], reply[1] = (4 << 3) | 4, self.stratum
            reply[24:32] = data[40:48]  # originate = the client's transmit
            struct.pack_into("!II", reply, 32, *ntp_timestamp(now))
            struct.pack_into("!II", reply, 40, *ntp_timestamp(now))
            self.sock.sendto(bytes(reply), peer)

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> FakeNtpServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
