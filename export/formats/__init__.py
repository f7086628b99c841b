"""The built-in formats; importing this package registers them (in this order)."""

from export.formats import generic  # noqa: F401
from export.formats import yayoi  # noqa: F401
from export.formats import moneyforward  # noqa: F401
from export.formats import freee  # noqa: F401
