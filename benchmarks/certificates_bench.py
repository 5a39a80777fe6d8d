"""Benchmark: issue N certificates (default 1,000) and compare with a naive baseline.

    .venv/bin/python benchmarks/certificates_bench.py [--n 1000] [--baseline-n 100] [--workers 2]

Both run in this process on synthetic learners (invented names) in a temp dir:
- kit: ``issue_decisions`` end to end — sign, render (cached static page, font subsets
  and compressed streams, QR without mask search; process pool), atomic writes and
  one registry transaction per certificate;
- baseline: one reportlab file at a time, the same page drawn from scratch, signed and
  written (no registry), timed on ``--baseline-n`` certificates; its rate is per certificate.
The gradebook read is not timed here (one bulk query per module; see the tests).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from promtour.certificates import load_config, tokens
from promtour.certificates.eligibility import Decision, ModuleResult
from promtour.certificates.issue import issue_decisions
from promtour.certificates.keys import init_keys, key_id, load_private_key
from promtour.certificates.render import CertificateData, Layout, Renderer
from promtour.course import MODULES
from promtour.learners import Learner
from promtour.paths import repo_root

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Римский-Корсаков",
]
MALE = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Илья", "Кирилл"]
FEMALE = ["Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Дарья", "Анна-Мария"]
FATHERS = ["Александров", "Дмитриев", "Сергеев", "Андреев", "Константинов", "Вячеславов", "Ильин"]


def synthetic_decisions(n: int, seed: int = 7) -> list[Decision]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        female = rnd.random() < 0.5
        surname = rnd.choice(SURNAMES)
        if female:
            surname = surname[:-2] + "ая" if surname.endswith("ий") else surname + "а"
            surname = surname.replace("ий-", "ая-")
        first = rnd.choice(FEMALE if female else MALE)
        father = rnd.choice(FATHERS)
        patronymic = (father[:-2] + "ична") if father == "Ильин" else father + ("на" if female else "ич")
        if father == "Ильин" and not female:
            patronymic = "Ильич"
        learner = Learner(f"bench{i:05d}", surname, first, patronymic, f"bench{i:05d}@example.org")
        mods = [ModuleResult(m.key, m.assignment, m.title, 60.0, rnd.uniform(70, 100)) for m in MODULES]
        overall = sum(m.percent for m in mods) / len(mods)
        out.append(Decision(learner.learner_id, learner, mods, overall, overall >= 90))
    return out


def baseline(cfg, decisions: list[Decision], folder: Path) -> float:
    """The straightforward way: a fresh page, drawn in full, for every certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    layout = Layout.from_config(cfg)
    private = load_private_key(cfg)
    kid = key_id(private.public_key())
    today = date.today()
    t0 = time.perf_counter()
    for i, d in enumerate(decisions, start=1):
        serial = f"BL-{today.year}-{i:06d}"
        payload = {
            "v": 1,
            "s": serial,
            "n": d.learner.full_name,
            "c": cfg.course_id,
            "h": cfg.hours,
            "d": today.isoformat(),
            "r": int(d.overall),
            "k": kid,
        }
        tok = tokens.sign(payload, private, kid)
        data = CertificateData(
            serial,
            d.learner.full_name,
            d.learner.patronymic,
            today,
            d.overall,
            d.distinction,
            tuple(m.percent for m in d.modules),
            tok,
            tokens.qr_text(tok, cfg.verify_url),
        )
        pdf = Renderer(layout, fast=False).render(data)
        (folder / f"{serial}.pdf").write_bytes(pdf)
        hashlib.sha256(pdf).hexdigest()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--baseline-n", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="certbench-") as tmp:
        cfg = load_config(repo_root() / "certificates" / "config.toml").with_paths(Path(tmp) / "certs")
        init_keys(cfg)
        decisions = synthetic_decisions(args.n)
        # warm the font cache outside both timings (a one-off 0.1–0.3 s per process)
        Renderer(Layout.from_config(cfg)).warm()
        c0 = time.process_time()
        base_s = baseline(cfg, decisions[: args.baseline_n], Path(tmp) / "baseline")
        base_cpu = time.process_time() - c0
        c0, k0 = time.process_time(), _children_cpu()
        t0 = time.perf_counter()
        report = issue_decisions(cfg, decisions, workers=args.workers)
        kit_s = time.perf_counter() - t0
        kit_cpu = time.process_time() - c0 + _children_cpu() - k0  # pool workers are reaped by now
        assert len(report.issued) == args.n, (len(report.issued), args.n)
        pdfs = list(cfg.issued_dir.glob("*.pdf"))
        size_kb = sum(p.stat().st_size for p in pdfs) / len(pdfs) / 1024
    base_rate = args.baseline_n / base_s
    kit_rate = args.n / kit_s
    kit_ms, base_ms = kit_cpu / args.n * 1000, base_cpu / args.baseline_n * 1000
    idle_s = kit_cpu / min(args.workers, os.cpu_count() or 1)
    print(
        f"certificates: {args.n} issued in {kit_s:.2f} s = {kit_rate:.1f}/s "
        f"(workers={args.workers}, cores={os.cpu_count()}); naive baseline {base_rate:.1f}/s "
        f"on {args.baseline_n}; speedup {kit_rate / base_rate:.1f}x; {size_kb:.0f} KB per PDF"
    )
    print(
        f"cpu: kit {kit_ms:.1f} ms/certificate (all processes), baseline {base_ms:.1f} ms; "
        f"{args.n} on {min(args.workers, os.cpu_count() or 1)} idle cores ≈ {idle_s:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f} (other processes share these cores)"
    )
    return 0


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


if __name__ == "__main__":
    sys.exit(main())
