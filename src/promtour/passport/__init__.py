"""The product passport: one enterprise carried through six modules into one document.

- :mod:`.template` — the passport's parts (which module fills which), and the defence rubric;
- :mod:`.exhibit` — what a notebook cell shows so that its table or figure lands in the passport;
- :mod:`.extract` — the passport read back from a learner's graded notebooks and the gradebook;
- :mod:`.render` — PDF and DOCX.
"""
