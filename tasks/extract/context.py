"""Context: what the extractor knows about one document while it reads it."""

from tasks.extract.attribution import SpeakerResolver
from tasks.extract.normalise import NormalisedText
from tasks.text.patterns import lowered_ascii


class DocumentContext:
    """What the extractor knows about one document."""

    def __init__(self, norm: NormalisedText) -> None:
        self.text = norm.text
        self.lowered = lowered_ascii(norm.text)
        self.resolver = SpeakerResolver(norm.text)
