"""Segmentation and classification: a file's lines → logical documents of a kind."""
