"""Storage layers: SQLite metadata/versions/audit, Mem0 vectors, the entity graph."""
