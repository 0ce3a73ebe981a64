"""complicity: who is linked, and how, to the companies that build Xinjiang's surveillance system."""

__version__ = "0.1.0"
