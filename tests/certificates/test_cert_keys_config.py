"""Keys (0600, never overwritten) and config validation (clear Russian errors)."""

from __future__ import annotations

import os
import stat

import pytest
from certhelpers import REPO

from promtour.certificates import CertificateError, load_config
from promtour.certificates.keys import check_pair, init_keys, load_private_key, load_public_key
from promtour.course import MODULES

CONFIG = (REPO / "certificates" / "config.toml").read_text(encoding="utf-8")


def test_init_creates_private_0600_and_public(cfg):
    info = init_keys(cfg)
    assert stat.S_IMODE(os.stat(cfg.private_key_path).st_mode) == 0o600
    assert cfg.public_key_path.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert len(info.key_id) == 16
    check_pair(load_private_key(cfg), load_public_key(cfg))


def test_init_never_overwrites(cfg):
    init_keys(cfg)
    before = cfg.private_key_path.read_bytes()
    with pytest.raises(CertificateError, match="уже создан"):
        init_keys(cfg)
    assert cfg.private_key_path.read_bytes() == before
    cfg.private_key_path.unlink()
    with pytest.raises(CertificateError, match="--force"):
        init_keys(cfg)
    init_keys(cfg, force_public=True)


def test_private_key_readable_by_others_is_refused(cfg):
    init_keys(cfg)
    os.chmod(cfg.private_key_path, 0o644)
    with pytest.raises(CertificateError, match="chmod 600"):
        load_private_key(cfg)


def test_mismatched_pair(cfg, tmp_path):
    init_keys(cfg)
    other = cfg.with_paths(tmp_path / "other")
    init_keys(other)
    with pytest.raises(CertificateError, match="не из одной пары"):
        check_pair(load_private_key(cfg), load_public_key(other))


def test_private_key_is_gitignored():
    ignore = (REPO / ".gitignore").read_text()
    assert "certificates/*.key" in ignore and "certificates/registry*" in ignore
    assert "certificates/issued/" in ignore


def test_repo_config_loads():
    cfg = load_config(REPO / "certificates" / "config.toml")
    assert (
        cfg.hours == 72
        and set(cfg.passport_marks) == {m.key for m in MODULES}
        and cfg.overall_pass <= (cfg.distinction or 100)
    )
    assert set(cfg.pass_marks) == {
        f"m0{i}-{n}"
        for i, n in enumerate(["strategy", "audiences", "excursion", "economics", "routes", "promotion"], 1)
    }
    assert cfg.private_key_path == REPO / "certificates" / "issuer.key"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("overall_pass = 45", "overall_pass = 170", "от 0 до 100"),
        ("[course]", "[course]\nhours = 36", "по программе курса 72"),
        ("passport_pass = 60", "passport_pass = 160", "от 0 до 100"),
        ('# "m03" = 70', '"m09" = 70', "нет модуля «m09»"),
        ("distinction = 90", "distinction = 40", "ниже проходного"),
        ("distinction = 90", "distinction = true", "порог в процентах"),
        ('# "m04-economics" = 65', '"m09-space" = 65', "нет модуля «m09-space»"),
        ('url = ""', 'url = "ftp://x"', "https://"),
        ('serial_prefix = "PT"', 'serial_prefix = "пт"', "латинских"),
        ("[issuer]", "[issuer]\nsignature = 1", "неизвестный ключ «signature»"),
        ('city = "Москва"', 'city = "  "', "city не заполнено"),
        ("[course]", "[course\n", "синтаксисе TOML"),
    ],
)
def test_config_errors_are_clear(tmp_path, old, new, message):
    assert old in CONFIG
    p = tmp_path / "config.toml"
    p.write_text(CONFIG.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CertificateError, match=message):
        load_config(p)


def test_module_override_and_missing_file(tmp_path):
    p = tmp_path / "config.toml"
    p.write_text(CONFIG.replace('# "m04-economics" = 65', '"m04" = 65'), encoding="utf-8")
    assert load_config(p).pass_marks["m04-economics"] == 65
    assert load_config(p).issued_dir == tmp_path / "issued"  # relative to the config file
    with pytest.raises(CertificateError, match="Нет файла настроек"):
        load_config(tmp_path / "nope.toml")
