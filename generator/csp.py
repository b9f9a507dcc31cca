"""The Content-Security-Policy every page carries, in one place.

The theme prints it in a ``<meta http-equiv>`` tag at the top of ``<head>`` (a static site
cannot count on its host to send headers). It is the second line of defence behind the
sanitiser (`markup`): even HTML that reaches a page runs no script but the site's own files.
docs/security.md explains each directive.
"""

from __future__ import annotations

DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    # The embeddable card's preview shows the card with its own inline styles, as partners'
    # sites will, and the tables extension aligns columns with style attributes.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' https:",
    "media-src": "'self' https:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}

CONTENT_SECURITY_POLICY = "; ".join(f"{name} {sources}" for name, sources in DIRECTIVES.items())
