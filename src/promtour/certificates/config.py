"""Certificate settings: ``certificates/config.toml``, read with tomllib and validated.

Everything an organiser may want to change (course title, hours, issuer, signatory,
city, pass marks, distinction band, verification URL, where files go) lives in the
TOML file, not in code. Relative paths are resolved against the config file's folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promtour.course import COURSE_HOURS, MODULES
from promtour.course import module as find_module
from promtour.paths import repo_root

from .errors import CertificateError

CONFIG_ENV = "PROMTOUR_CERT_CONFIG"

# section -> {key: (type(s), required)}
_SCHEMA: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    "course": {
        "id": ((str,), True),
        "title": ((str,), True),
        "programme": ((str,), False),
        "hours": ((int,), False),
        "serial_prefix": ((str,), True),
    },
    "issuer": {
        "name": ((str,), True),
        "city": ((str,), True),
        "signatory_name": ((str,), True),
        "signatory_title": ((str,), True),
    },
    "eligibility": {
        "module_pass": ((int, float), True),
        "overall_pass": ((int, float), True),
        "distinction": ((int, float, bool), False),
        "modules": ((dict,), False),
        "passport_pass": ((int, float), False),
        "passport": ((dict,), False),
        "defence_pass": ((int, float), False),
    },
    "verification": {"url": ((str,), False), "max_age_days": ((int,), False)},
    "paths": {
        "issued": ((str,), False),
        "registry": ((str,), False),
        "private_key": ((str,), False),
        "public_key": ((str,), False),
    },
}

_DEFAULT_PATHS = {
    "issued": "issued",
    "registry": "registry.db",
    "private_key": "issuer.key",
    "public_key": "public_key.pem",
}


@dataclass(frozen=True)
class CertConfig:
    course_id: str
    course_title: str
    programme: str
    hours: int
    serial_prefix: str
    issuer: str
    city: str
    signatory_name: str
    signatory_title: str
    pass_marks: dict[str, float]  # nbgrader assignment id -> percent
    passport_marks: dict[str, float]  # module key (m01…) -> percent of its passport section
    defence_pass: float  # percent of the defence rubric
    overall_pass: float
    distinction: float | None  # None: no distinction band
    verify_url: str | None
    revocations_max_age_days: int  # the page warns when the revocation list is older
    issued_dir: Path
    registry_path: Path
    private_key_path: Path
    public_key_path: Path
    source: Path | None = field(default=None, compare=False)

    def with_paths(self, base: Path | str) -> CertConfig:
        """The same settings with every file under ``base`` (tests, the demo)."""
        base = Path(base)
        return dataclasses.replace(
            self,
            issued_dir=base / _DEFAULT_PATHS["issued"],
            registry_path=base / _DEFAULT_PATHS["registry"],
            private_key_path=base / _DEFAULT_PATHS["private_key"],
            public_key_path=base / _DEFAULT_PATHS["public_key"],
        )

    def replace(self, **changes: Any) -> CertConfig:
        return dataclasses.replace(self, **changes)


def default_config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else repo_root() / "certificates" / "config.toml"


def load_config(path: Path | str | None = None, **overrides: Any) -> CertConfig:
    """Read and validate the TOML file; keyword ``overrides`` replace fields afterwards."""
    path = Path(path) if path else default_config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CertificateError(f"Нет файла настроек сертификатов: {path}") from None
    except UnicodeDecodeError:
        raise CertificateError(f"{path}: файл настроек должен быть в кодировке UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise CertificateError(f"{path}: ошибка в синтаксисе TOML: {exc}") from None
    cfg = parse_config(raw, base_dir=path.resolve().parent, source=path)
    return dataclasses.replace(cfg, **overrides) if overrides else cfg


def parse_config(raw: dict[str, Any], base_dir: Path, source: Path | None = None) -> CertConfig:
    where = str(source) if source else "настройки"
    _check_schema(raw, where)
    course, issuer, elig = raw["course"], raw["issuer"], raw["eligibility"]
    paths = {**_DEFAULT_PATHS, **raw.get("paths", {})}

    def pct(value: Any, name: str) -> float:
        if isinstance(value, bool) or not 0 <= float(value) <= 100:
            raise CertificateError(f"{where}: {name} должно быть числом от 0 до 100, а не {value!r}")
        return float(value)

    module_pass = pct(elig["module_pass"], "[eligibility] module_pass")
    pass_marks = {m.assignment: module_pass for m in MODULES}
    for key, value in elig.get("modules", {}).items():
        try:
            assignment = find_module(str(key)).assignment
        except KeyError:
            known = ", ".join(m.assignment for m in MODULES)
            raise CertificateError(f"{where}: в [eligibility.modules] нет модуля «{key}»; есть: {known}") from None
        pass_marks[assignment] = pct(value, f"[eligibility.modules] {key}")

    passport_pass = pct(elig.get("passport_pass", 60), "[eligibility] passport_pass")
    passport_marks = {m.key: passport_pass for m in MODULES}
    for key, value in elig.get("passport", {}).items():
        try:
            mod = find_module(str(key))
        except KeyError:
            mod = None
        if mod is None or mod.number == 0:
            known = ", ".join(m.key for m in MODULES)
            raise CertificateError(f"{where}: в [eligibility.passport] нет модуля «{key}»; есть: {known}")
        passport_marks[mod.key] = pct(value, f"[eligibility.passport] {key}")
    defence_pass = pct(elig.get("defence_pass", 60), "[eligibility] defence_pass")
    overall = pct(elig["overall_pass"], "[eligibility] overall_pass")
    distinction = elig.get("distinction", False)
    if distinction is False or distinction is None:
        distinction_band = None
    elif distinction is True:
        raise CertificateError(f"{where}: [eligibility] distinction — порог в процентах (например 90) или false")
    else:
        distinction_band = pct(distinction, "[eligibility] distinction")
        if distinction_band < overall:
            raise CertificateError(f"{where}: порог отличия ({distinction_band:g}) ниже проходного балла ({overall:g})")

    hours = course.get("hours", COURSE_HOURS)
    if hours != COURSE_HOURS:
        raise CertificateError(
            f"{where}: [course] hours = {hours!r}, а по программе курса {COURSE_HOURS} ак. ч. "
            "(часы задаются модулями в promtour.course; уберите hours из настроек)"
        )
    prefix = course["serial_prefix"]
    if not re.fullmatch(r"[A-Z]{1,6}", prefix):
        raise CertificateError(f"{where}: [course] serial_prefix — 1–6 латинских заглавных букв, а не {prefix!r}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,39}", course["id"]):
        raise CertificateError(f"{where}: [course] id — латиница в нижнем регистре, цифры, «-», а не {course['id']!r}")

    url = raw.get("verification", {}).get("url", "").strip() or None
    if url and not re.match(r"https?://[^\s]+$", url):
        raise CertificateError(f"{where}: [verification] url должен начинаться с https://, а не {url!r}")

    for sec, key in (
        ("course", "title"),
        ("issuer", "name"),
        ("issuer", "city"),
        ("issuer", "signatory_name"),
        ("issuer", "signatory_title"),
    ):
        if not raw[sec][key].strip():
            raise CertificateError(f"{where}: [{sec}] {key} не заполнено")

    def resolve(p: str) -> Path:
        q = Path(p).expanduser()
        return q if q.is_absolute() else base_dir / q

    return CertConfig(
        course_id=course["id"],
        course_title=course["title"].strip(),
        programme=course.get("programme", "").strip(),
        hours=hours,
        serial_prefix=prefix,
        issuer=issuer["name"].strip(),
        city=issuer["city"].strip(),
        signatory_name=issuer["signatory_name"].strip(),
        signatory_title=issuer["signatory_title"].strip(),
        revocations_max_age_days=int(raw.get("verification", {}).get("max_age_days", 7)),
        pass_marks=pass_marks,
        passport_marks=passport_marks,
        defence_pass=defence_pass,
        overall_pass=overall,
        distinction=distinction_band,
        verify_url=url,
        issued_dir=resolve(paths["issued"]),
        registry_path=resolve(paths["registry"]),
        private_key_path=resolve(paths["private_key"]),
        public_key_path=resolve(paths["public_key"]),
        source=source,
    )


def _check_schema(raw: dict[str, Any], where: str) -> None:
    for section in raw:
        if section not in _SCHEMA:
            raise CertificateError(f"{where}: неизвестный раздел [{section}]; есть: {', '.join(_SCHEMA)}")
    for section, keys in _SCHEMA.items():
        data = raw.get(section)
        if data is None:
            if any(required for _, required in keys.values()):
                raise CertificateError(f"{where}: нет раздела [{section}]")
            continue
        if not isinstance(data, dict):
            raise CertificateError(f"{where}: [{section}] должен быть разделом, а не значением")
        for key in data:
            if key not in keys:
                raise CertificateError(f"{where}: неизвестный ключ «{key}» в [{section}]; допустимы: {', '.join(keys)}")
        for key, (types, required) in keys.items():
            if key not in data:
                if required:
                    raise CertificateError(f"{where}: в [{section}] нет ключа «{key}»")
                continue
            value = data[key]
            bad_bool = isinstance(value, bool) and bool not in types
            if bad_bool or not isinstance(value, types):
                kind = {str: "строка", int: "число", float: "число", dict: "раздел", bool: "true/false"}
                want = " или ".join(dict.fromkeys(kind[t] for t in types))
                raise CertificateError(f"{where}: [{section}] {key} — ожидается {want}, а не {value!r}")
