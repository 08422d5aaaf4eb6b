"""OpenSSH public keys and the RSA signatures RefStack uses.

A registered key signs uploads (X-Signature over the raw body), proves
possession at registration (a signature over b'signature') and signs API
tokens (JWT RS256). All signatures are RSA PKCS#1 v1.5 with SHA-256.
"""

import base64
import binascii
import hashlib

from cryptography import exceptions as crypto_exc
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa

from refstack.common import exception

SUPPORTED_FORMATS = ('ssh-rsa',)
# Formats the original listed; they are recognised only to give a clear error.
LEGACY_FORMATS = ('ssh-dss', 'pgp-sign-rsa', 'pgp-sign-dss')
MAX_KEY_LENGTH = 16384


class PublicKey:
    """A parsed OpenSSH public key line: ``<format> <base64> [comment]``."""

    def __init__(self, key_format, body, comment, key):
        self.format = key_format
        self.body = body
        self.comment = comment
        self.key = key

    @property
    def md5_hash(self):
        return md5_fingerprint(self.body)

    def to_pem(self):
        return self.key.public_bytes(serialization.Encoding.PEM,
                                     serialization.PublicFormat.SubjectPublicKeyInfo)


def md5_fingerprint(body):
    """The classic OpenSSH MD5 fingerprint (hex, no colons) of a base64 key body."""
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raw = body.encode('utf-8', 'replace')
    return hashlib.md5(raw, usedforsecurity=False).hexdigest()


def parse_public_key(line):
    """Parse an OpenSSH public key line.

    The comment may contain spaces.

    :raises: ValidationError 'Public key has unsupported format' or
        'Malformed public key'.
    """
    if isinstance(line, bytes):
        line = line.decode('utf-8', 'replace')
    if not isinstance(line, str) or len(line) > MAX_KEY_LENGTH:
        raise exception.ValidationError('Malformed public key')
    parts = line.strip().split(None, 2)
    if not parts or parts[0] not in SUPPORTED_FORMATS + LEGACY_FORMATS:
        raise exception.ValidationError('Public key has unsupported format')
    if parts[0] not in SUPPORTED_FORMATS:
        raise exception.ValidationError(
            'Public key has unsupported format: only ssh-rsa keys can sign.')
    if len(parts) < 2:
        raise exception.ValidationError('Malformed public key')
    try:
        key = serialization.load_ssh_public_key(
            ('%s %s' % (parts[0], parts[1])).encode('ascii'))
    except (ValueError, UnicodeError, crypto_exc.UnsupportedAlgorithm):
        raise exception.ValidationError('Malformed public key')
    if not isinstance(key, rsa.RSAPublicKey):
        raise exception.ValidationError('Public key has unsupported format')
    return PublicKey(parts[0], parts[1], parts[2] if len(parts) > 2 else '', key)


def decode_signature(hex_signature):
    """:raises: ValidationError 'Malformed signature'"""
    if isinstance(hex_signature, bytes):
        hex_signature = hex_signature.decode('ascii', 'replace')
    try:
        return binascii.unhexlify(hex_signature.strip())
    except (binascii.Error, ValueError, TypeError):
        raise exception.ValidationError('Malformed signature')


def verify(public_key, signature, data):
    """:raises: ValidationError 'Signature verification failed'"""
    try:
        public_key.key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except (crypto_exc.InvalidSignature, ValueError, TypeError):
        raise exception.ValidationError('Signature verification failed')
