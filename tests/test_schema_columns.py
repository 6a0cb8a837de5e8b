"""Missing columns of existing tables are added when the database is opened."""

from __future__ import annotations

from pathlib import Path

from pipeline.store.save import open_db
from pipeline.store.schema import ensure_tables


def test_ensure_tables_adds_the_missing_columns_of_each_table(tmp_path: Path) -> None:
    """Columns dropped from two tables (as in a database of an older diarium)
    come back with their types; the other columns stay as they were."""
    db = open_db(str(tmp_path / "d.db"))
    made = {name: dict(db.table(name).columns_dict) for name in db.table_names()}
    assert made["documents"]["title"] is str
    assert made["pages"]["ocr_confidence"] is float
    db.conn.execute("alter table documents drop column title")
    db.conn.execute("alter table pages drop column ocr_confidence")
    assert "title" not in db.table("documents").columns_dict
    ensure_tables(db)
    again = {name: dict(db.table(name).columns_dict) for name in db.table_names()}
    assert again == made
    db.close()
