"""Exceptions named after the condition that raised them."""


class DiariumError(Exception):
    """Base class of every error diarium reports to a user."""


class NotAPDF(DiariumError):
    """The file does not start with a PDF header (a text file named ``.pdf``)."""


class EmptyFile(DiariumError):
    """The file has zero bytes."""


class EncryptedPDF(DiariumError):
    """The PDF needs a password to be read."""


class DamagedPDF(DiariumError):
    """The PDF is truncated or its structure cannot be parsed."""


class NoPages(DamagedPDF):
    """The PDF loads but has no page. pypdfium2 leaves such a document
    loaded (it raises without closing it), so its worker is replaced."""


class NoInputFiles(DiariumError):
    """The paths given to ingest held no PDF files."""


class UnknownTarget(DiariumError):
    """A correction names a recommendation or commission that does not exist."""


class BadSettings(DiariumError):
    """A folder's ``diarium.toml`` cannot be read."""


class InvalidDate(DiariumError):
    """A date given on the command line is not ``YYYY-MM-DD``."""
