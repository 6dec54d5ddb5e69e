"""Every dialog the window opens goes through a small function here, so tests can patch it (never exec())."""
