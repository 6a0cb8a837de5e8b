"""Publishing: Datasette metadata for any database name and the source plugin."""
