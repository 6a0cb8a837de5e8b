"""Stage dataclasses, table declarations and exceptions shared by every layer."""
