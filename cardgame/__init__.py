"""cardgame: dialogue cards for council theme days, in the terminal."""

__version__ = "0.1.0"
