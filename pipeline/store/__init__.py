"""The store: the only package that imports sqlite-utils."""
