"""Éléa Desktop window: the Qt layer only. It calls elea_desktop; it never re-implements it."""
