"""The file formats this version of cardgame reads and writes (no other import: the start
screen asks before anything heavy is loaded)."""

SESSION_SCHEMA = 2
"""The session file format this version of cardgame writes; it reads 1 and 2 (schema 2 keeps
the decks a session was played with inside its file)."""
DECK_SCHEMA = 1
"""The deck file format this version of cardgame reads."""
