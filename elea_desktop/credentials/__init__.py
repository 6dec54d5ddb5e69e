"""Credential batches: encryption at rest, sheets (PDF) and the Moodle upload-users CSV."""
