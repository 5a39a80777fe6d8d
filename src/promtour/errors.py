"""The kit's one error type: what the CLI prints as a single clear line."""


class KitError(Exception):
    """A user-facing failure (bad input, missing file, failed step), message in Russian."""
