"""Sending the directory to the platform (Éléa) from the window: preview, worker, progress, report."""
