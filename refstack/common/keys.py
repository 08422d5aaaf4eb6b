"""OpenSSH public keys and the signatures RefStack uses.

A registered key signs uploads (X-Signature over the raw body), proves
possession at registration (a signature over b'signature') and signs API
tokens (JWT). RSA keys sign with PKCS#1 v1.5 and SHA-256 (JWT RS256); Ed25519
keys sign with Ed25519 (JWT EdDSA).
"""

import base64
import binascii
import functools
import hashlib

from cryptography import exceptions as crypto_exc
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa

from refstack.common import exception

SUPPORTED_FORMATS = ('ssh-rsa', 'ssh-ed25519')
# Formats the original listed; they are recognised only to give a clear error.
LEGACY_FORMATS = ('ssh-dss', 'pgp-sign-rsa', 'pgp-sign-dss')
MAX_KEY_LENGTH = 16384
# Smallest RSA key accepted for registration. Keys registered before (the
# original accepted any size) keep working for uploads and tokens.
MIN_RSA_BITS = 2048
UNSUPPORTED = 'Public key has unsupported format'
UNSUPPORTED_DETAIL = ('Only ssh-rsa (%d bits or more) and ssh-ed25519 keys are accepted.'
                      % MIN_RSA_BITS)
JWT_ALGORITHMS = {'ssh-rsa': 'RS256', 'ssh-ed25519': 'EdDSA'}


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

    @property
    def jwt_algorithm(self):
        """The only JWT algorithm tokens signed by this key may use."""
        return JWT_ALGORITHMS[self.format]


def md5_fingerprint(body):
    """The classic OpenSSH MD5 fingerprint (hex, no colons) of a base64 key body."""
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raw = body.encode('utf-8', 'replace')
    return hashlib.md5(raw, usedforsecurity=False).hexdigest()


def check_format(line):
    """Check the key type (the first token of a key line) alone.

    :raises: ValidationError 'Public key has unsupported format', with a
        detail naming the accepted types; also for an empty line.
    """
    if isinstance(line, bytes):
        line = line.decode('utf-8', 'replace')
    parts = line.split(None, 1) if isinstance(line, str) else []
    if not parts or parts[0] not in SUPPORTED_FORMATS:
        raise exception.ValidationError(UNSUPPORTED, extra={'detail': UNSUPPORTED_DETAIL})
    return parts[0]


def parse_public_key(line):
    """Parse an OpenSSH public key line (ssh-rsa or ssh-ed25519).

    The comment may contain spaces.

    :raises: ValidationError 'Public key has unsupported format' or
        'Malformed public key'.
    """
    if isinstance(line, bytes):
        line = line.decode('utf-8', 'replace')
    if not isinstance(line, str) or len(line) > MAX_KEY_LENGTH:
        raise exception.ValidationError('Malformed public key')
    key_format = check_format(line)
    parts = line.strip().split(None, 2)
    if len(parts) < 2:
        raise exception.ValidationError('Malformed public key')
    key = _load_key(key_format, parts[1])
    return PublicKey(key_format, parts[1], parts[2] if len(parts) > 2 else '', key)


@functools.lru_cache(maxsize=256)
def _load_key(key_format, body):
    # Kept: every signed upload and every JWT request loads its user's keys.
    try:
        key = serialization.load_ssh_public_key(('%s %s' % (key_format, body)).encode('ascii'))
    except (ValueError, UnicodeError, crypto_exc.UnsupportedAlgorithm):
        raise exception.ValidationError('Malformed public key')
    expected = rsa.RSAPublicKey if key_format == 'ssh-rsa' else ed25519.Ed25519PublicKey
    if not isinstance(key, expected):
        raise exception.ValidationError('Malformed public key')
    return key


def check_strength(public_key):
    """Refuse RSA keys shorter than MIN_RSA_BITS (used when registering a key).

    :raises: ValidationError 'Public key is too weak'
    """
    if isinstance(public_key.key, rsa.RSAPublicKey) and public_key.key.key_size < MIN_RSA_BITS:
        raise exception.ValidationError(
            'Public key is too weak', extra={'detail': 'RSA keys must have at least %d '
                                                       'bits.' % MIN_RSA_BITS})


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
        if isinstance(public_key.key, rsa.RSAPublicKey):
            public_key.key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            public_key.key.verify(signature, data)
    except (crypto_exc.InvalidSignature, ValueError, TypeError):
        raise exception.ValidationError('Signature verification failed')
