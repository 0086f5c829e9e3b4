"""Make a self-signed certificate for the `tls` profile of docker-compose.yml (trying https
locally; browsers warn about it). Uses `cryptography`, already in the image.

    python deploy/selfsigned.py DIRECTORY [HOSTNAME ...]

Writes DIRECTORY/selfsigned.crt and DIRECTORY/selfsigned.key unless both exist.
"""

import ipaddress
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make(directory: Path, hostnames: list[str]) -> bool:
    cert_path, key_path = directory / "selfsigned.crt", directory / "selfsigned.key"
    if cert_path.exists() and key_path.exists():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0])])
    alt_names = []
    for host in hostnames:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o640)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "certs")
    names = sys.argv[2:] or ["localhost", "127.0.0.1"]
    made = make(target, names)
    print(f"{'made' if made else 'kept'} {target}/selfsigned.crt for {', '.join(names)}")
