"""TLS to Genesys Cloud, with the simulator served over HTTPS under a self-signed certificate: a module refuses the
server with a message that says why and how to trust it, and works once told how (ca_path, or validate_certs: false
for a test endpoint). REQUESTS_CA_BUNDLE is set as in many execution environments: it must not override either."""

from __future__ import annotations

import datetime
import ipaddress
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from e2e.module_task import ansible_env, run_module
from genesys_cloud_sim.testing import SimulatorProcess

SEED = {"regions": {"us-east-1": {"orgs": [{
    "name": "TLS Org",
    "clients": [{"client_id": "tls-admin", "client_secret": "tls-admin-secret", "permissions": ["*"]}],
    "locations": [{"name": "TLS HQ", "emergencyNumber": {"number": "+13175550100"}}],
    "sites": [{"name": "TLS Site", "location": "TLS HQ"}],
}]}}}


def write_self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that signs itself (so it is also the CA to trust), and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "genesys-cloud-sim e2e")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "sim-cert.pem", directory / "sim-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture(scope="module")
def https_sim(tmp_path_factory):
    cert_file, key_file = write_self_signed_certificate(tmp_path_factory.mktemp("tls"))
    with SimulatorProcess(config=SEED, tls=(cert_file, key_file), strict_fields=True) as sim:
        yield sim, cert_file


def read_sites(sim: SimulatorProcess, workdir: Path, **tls_options):
    """site_info over HTTPS with these TLS options, in an environment whose REQUESTS_CA_BUNDLE trusts public CAs."""
    args = {"api_base_url": sim.base_url("us-east-1"), "client_id": "tls-admin",
            "client_secret": "tls-admin-secret", **tls_options}
    env = ansible_env(workdir, REQUESTS_CA_BUNDLE=certifi.where(), CURL_CA_BUNDLE=certifi.where())
    return run_module("site_info", args, workdir, env)


def test_an_unverifiable_certificate_is_refused_saying_how_to_trust_it(https_sim, tmp_path):
    sim, _cert_file = https_sim
    assert sim.url.startswith("https://")
    tokens_before = len(sim.admin.tokens())
    run = read_sites(sim, tmp_path)
    assert run.failed and run.result["error"]["code"] == "tls.verification.failed"
    message = run.result["msg"]
    assert "POST /oauth/token" in message  # the first call, the login, is where it stopped
    assert re.search(r"certificate of 127\.0\.0\.1:\d+ could not be verified \(self.signed certificate\)", message)
    assert "ca_path" in message and "validate_certs: false" in message
    assert "could not be reached" not in message  # it was reached: a network hint would send the operator astray
    assert len(sim.admin.tokens()) == tokens_before  # no login crossed the refused connection


def test_validate_certs_false_accepts_the_certificate(https_sim, tmp_path):
    sim, _cert_file = https_sim
    run = read_sites(sim, tmp_path, validate_certs=False)
    assert not run.failed, run.output[-3000:]
    assert [site["name"] for site in run.result["sites"]] == ["TLS Site"]


def test_ca_path_trusts_the_self_signed_certificate(https_sim, tmp_path):
    sim, cert_file = https_sim
    run = read_sites(sim, tmp_path, ca_path=str(cert_file))
    assert not run.failed, run.output[-3000:]
    assert [site["name"] for site in run.result["sites"]] == ["TLS Site"]


class QuietHandler(BaseHTTPRequestHandler):
    """A plain HTTP server's handler that does not log the TLS hello it cannot read."""

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin  # the base class's signature
        pass


def test_https_to_a_plain_http_server_is_a_handshake_failure_not_a_certificate_one(tmp_path):
    with ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler) as plain:
        threading.Thread(target=plain.serve_forever, daemon=True).start()
        args = {"api_base_url": f"https://127.0.0.1:{plain.server_port}/us-east-1", "access_token": "unused"}
        run = run_module("site_info", args, tmp_path)
        plain.shutdown()
    assert run.failed and run.result["error"]["code"] == "tls.handshake.failed"
    assert "TLS handshake with 127.0.0.1" in run.result["msg"] and "https://" in run.result["msg"]
    assert "validate_certs" not in run.result["msg"]  # turning verification off would not help
