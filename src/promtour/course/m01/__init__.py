"""Module 1 «Промышленный туризм и стратегия региона»: datasets, self-checks, regional dashboard."""
