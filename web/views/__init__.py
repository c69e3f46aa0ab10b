"""The server-rendered pages, one module per role; pages several roles share live in ``shared``."""
