"""Who is asking: the client's address, from the socket or from our own proxies' header."""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac

HASH_SALT = "dayuan.comments.client-address"
_META_HASH = "dayuan.client_hash"


def _parse(raw):
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _header_key(name):
    return "HTTP_" + name.upper().replace("-", "_")


def client_address(meta):
    """The client's address from a WSGI environ or `request.META`.

    Behind proxies the address is the one *our* proxies appended: with
    DAYUAN_TRUSTED_PROXY_COUNT proxies in front, the value that many places from the
    right of DAYUAN_CLIENT_IP_HEADER. Anything further left was written by the client
    and is never believed. IPv6 addresses are reduced to their /64.
    """
    address = None
    header = settings.DAYUAN_CLIENT_IP_HEADER
    if header:
        values = [value for value in meta.get(_header_key(header), "").split(",") if value.strip()]
        count = max(1, settings.DAYUAN_TRUSTED_PROXY_COUNT)
        if len(values) >= count:
            address = _parse(values[-count])
    address = address or _parse(meta.get("REMOTE_ADDR") or "")
    if address is None:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # One IPv6 subscriber usually holds a whole /64: limit the network, not each address.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def address_hash(address):
    """HMAC-SHA256 of an address under SECRET_KEY: stable, not reversible without the key."""
    return salted_hmac(HASH_SALT, address, algorithm="sha256").hexdigest()


def client_hash(meta):
    """`address_hash` of the client, kept in `meta` for the rest of the request: the rate
    limit and the view count both ask, and an HMAC per ask is measurable on /hits/."""
    digest = meta.get(_META_HASH)
    if digest is None:
        digest = meta[_META_HASH] = address_hash(client_address(meta))
    return digest
