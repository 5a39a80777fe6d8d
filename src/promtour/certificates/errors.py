"""The one exception the certificate code raises for the organiser to read."""

from __future__ import annotations

from promtour.errors import KitError


class CertificateError(KitError):
    """A problem the organiser can fix; the message is one Russian sentence.

    The CLI prints it as is (no traceback) and exits with status 1.
    """
