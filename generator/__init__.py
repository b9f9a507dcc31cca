"""Partnership Showcase: a static-site generator for Erasmus+ partnerships and their results."""

__version__ = "0.1.0"
