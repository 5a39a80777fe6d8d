"""Module 3: enterprise readiness for visitors and excursion design (технологическая карта)."""
