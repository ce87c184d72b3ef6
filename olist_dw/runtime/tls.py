"""The local runtime's certificates for `olist-dw up --tls`: a certificate authority made
once (its key readable by the user only) and a server certificate it signs for this machine
(127.0.0.1, localhost), which PostgreSQL and NATS present; clients verify it against the
authority's certificate (`sslrootcert`, the NATS TLS context)."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from olist_dw.runtime.credentials import write_private

VALID_DAYS = 397  # what browsers accept for a server certificate; `up` renews it sooner
# an authority signs certificates and revocation lists, nothing else
_USAGES = [
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
]
AUTHORITY_USAGE = {u: u in ("digital_signature", "key_cert_sign", "crl_sign") for u in _USAGES}


@dataclass(frozen=True)
class LocalCertificates:
    folder: Path

    @property
    def authority(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def authority_key(self) -> Path:
        return self.folder / "ca-key.pem"

    @property
    def certificate(self) -> Path:
        return self.folder / "server.pem"

    @property
    def key(self) -> Path:
        return self.folder / "server-key.pem"


def certificates_of(home: Path) -> LocalCertificates:
    return LocalCertificates(home / "auth" / "tls")


def ensure_certificates(home: Path) -> LocalCertificates:
    """The authority (made once) and a server certificate valid for at least 30 more days."""
    found = certificates_of(home)
    found.folder.mkdir(parents=True, exist_ok=True)
    found.folder.chmod(0o700)
    if not found.authority.exists():
        _write_authority(found)
    if _expires_within(found.certificate, days=30):
        _write_server_certificate(found)
    return found


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "olist-dw local"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_authority(found: LocalCertificates) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("olist-dw local authority")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(**AUTHORITY_USAGE), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    write_private(found.authority_key, private_pem(key))
    found.authority.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def _write_server_certificate(found: LocalCertificates) -> None:
    authority_key = serialization.load_pem_private_key(found.authority_key.read_bytes(), None)
    authority = x509.load_pem_x509_certificate(found.authority.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=VALID_DAYS))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    write_private(found.key, private_pem(key))
    found.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _expires_within(path: Path, days: int) -> bool:
    try:
        certificate = x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return True
    return certificate.not_valid_after_utc < _now() + datetime.timedelta(days=days)
