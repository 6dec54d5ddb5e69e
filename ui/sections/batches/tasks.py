"""Work the Lots d'identifiants section hands to worker threads: plain functions over the core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class BatchesState:
    batches: list  # BatchInfo, newest first
    classes: dict  # batch id → class codes (the pupils' classes when the batch was made)
    establishment_name: str | None
    uai: str | None
    departures: dict  # batch id → pupils who left since, with a password still held


def load_batches(data_dir: Path, _report, _cancelled) -> BatchesState:
    from elea_desktop.directory.store import Directory

    with Directory.open(data_dir) as directory:
        batches = sorted(directory.list_batches(), key=lambda b: b.id, reverse=True)
        classes = directory.batch_classes()
        departures = directory.batch_departures()
        establishment = directory.establishment()
    return BatchesState(batches, classes, establishment.name if establishment else None,
                        establishment.uai if establishment else None, departures)
