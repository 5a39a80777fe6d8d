"""``promtour cert site OUT``: a static verification page any static host can serve.

The folder holds ``index.html`` with its script and styles (no CDN, no external fonts), the
issuer's public keys as a JWKS (``jwks.json``, every key ever used, by ``kid``), the signed
revocation list (``revocations.jws``) and ``site.json`` (course, issuer, how old a revocation
list may be). The page reads the token from the URL's fragment and verifies it in the browser
with WebCrypto's Ed25519: nothing but these files is fetched.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from promtour.fsutil import atomic_write_json

from . import revocations
from .config import CertConfig
from .keys import jwks

ASSETS = ("index.html", "verify.js", "style.css")


def build_site(config: CertConfig, out: Path, now: float | None = None) -> list[Path]:
    """Write (or refresh) the site in ``out``; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ASSETS:
        with resources.as_file(resources.files(__package__) / "site" / name) as src:
            shutil.copyfile(src, out / name)
        written.append(out / name)
    atomic_write_json(out / "jwks.json", jwks(config))
    meta = {
        "course": {config.course_id: config.course_title},
        "issuer": config.issuer,
        "programme": config.programme,
        "max_age_days": config.revocations_max_age_days,
    }
    atomic_write_json(out / "site.json", meta)
    written += [out / "jwks.json", out / "site.json", revocations.write(config, out, now)]
    return written
