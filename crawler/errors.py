"""Errors a user can fix; the CLI prints their message on one line and exits 2."""


class GovfreshError(Exception):
    """Base class for errors caused by the user's input (config, arguments, files)."""


class ConfigError(GovfreshError):
    """The sites config cannot be used."""
