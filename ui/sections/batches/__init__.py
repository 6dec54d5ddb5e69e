"""The Lots d'identifiants section: every credential batch, printed, saved, exported or marked distributed."""
