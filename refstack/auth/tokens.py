"""API bearer tokens: JWTs signed with a key registered in the profile.

Payload: ``{"user_openid": <openid>, "exp": <unix time>}``; ``exp`` is required,
``nbf``/``iat`` are checked when present, with 42 seconds of leeway. The
algorithm is pinned to the key type: RS256 for ssh-rsa keys, EdDSA for
ssh-ed25519 keys. Users mint tokens themselves, e.g.
``pyjwt --key=<private PEM> --alg=RS256 encode user_openid=<openid> exp=+3600``.
"""

import jwt

from refstack.common import exception
from refstack.common import keys

LEEWAY = 42
ALGORITHM = 'RS256'
ALGORITHMS = frozenset(keys.JWT_ALGORITHMS.values())
MAX_TOKEN_LENGTH = 16384

SCHEME_ERROR = "Authorization schema 'Bearer' should be used"
INVALID = 'Token is not valid'
NO_OPENID = "Token does not contain user's openid"


def parse_authorization(header):
    """Return the token of a ``Bearer <token>`` header.

    :raises: Unauthorized with the original's messages.
    """
    scheme, _, token = header.partition(' ')
    if scheme != 'Bearer':
        raise exception.Unauthorized(SCHEME_ERROR)
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise exception.Unauthorized(INVALID)
    return token


def verify_token(token, pubkeys_for_user):
    """Return the openid a token was issued for.

    :param pubkeys_for_user: callable(openid) -> list of stored pubkey rows.
    :raises: Unauthorized for any failure.
    """
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={'verify_signature': False})
    except jwt.PyJWTError:
        raise exception.Unauthorized(INVALID)
    algorithm = header.get('alg')
    if not isinstance(algorithm, str) or algorithm not in ALGORITHMS \
            or not isinstance(claims, dict):
        raise exception.Unauthorized(INVALID)
    openid = claims.get('user_openid')
    if not openid:
        raise exception.Unauthorized(NO_OPENID)
    if not isinstance(openid, str):
        raise exception.Unauthorized(INVALID)
    key = _signing_key(token, algorithm, pubkeys_for_user(openid))
    if key is None:
        raise exception.Unauthorized(INVALID)
    try:
        jwt.decode(token, key, algorithms=[algorithm], leeway=LEEWAY,
                   options={'require': ['exp']})
    except jwt.PyJWTError:
        raise exception.Unauthorized(INVALID)
    return openid


def _signing_key(token, algorithm, rows):
    """The key among the user's stored keys that signed ``token``, or None.

    Only the signature is checked against each key (a user may have many);
    the claims are checked once, with the key found.
    """
    for row in rows:
        try:
            key = keys.parse_public_key('%s %s' % (row.format, row.pubkey))
        except exception.ValidationError:
            continue
        if key.jwt_algorithm != algorithm:
            continue
        try:
            jwt.api_jws.decode_complete(token, key.key, algorithms=[algorithm])
        except jwt.PyJWTError:
            continue
        return key.key
    return None
