"""Where the extract stage's learned models live: tasks/extract/models/<name>.json, each with its
data card beside it (<name>.md)."""

from pathlib import Path

MODELS = Path(__file__).parent / "models"


def model_path(name: str) -> Path:
    """The file of a model: a name is tasks/extract/models/<name>.json, a path ending in .json
    is that file."""
    return Path(name) if name.endswith(".json") else MODELS / f"{name}.json"
