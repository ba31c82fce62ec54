"""Where the document's entities are mentioned: the look-up every stage after `entities` needs.

Stages find the entity a token or phrase names by the offsets of `Document.entities[*].mentions`.
Mentions may nest ("the U.S. delegation" holds "U.S."); a look-up takes the shortest mention
overlapping the span, the most specific name there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from newsledger.model import Document, Entity, Mention


class MentionIndex:
    """Entity mentions sorted by start offset."""

    def __init__(self, document: Document):
        self.entries = sorted(((m.start, m.end, entity) for entity in document.entities for m in entity.mentions),
                              key=lambda entry: entry[:2])
        self.starts = [start for start, _, _ in self.entries]
        self.longest = max((end - start for start, end, _ in self.entries), default=0)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity of the shortest mention overlapping [start, end)."""
        found = None
        index = bisect_right(self.starts, end - 1) - 1
        # No mention starting before `start - longest` can reach `start`.
        while index >= 0 and self.entries[index][0] >= start - self.longest:
            m_start, m_end, entity = self.entries[index]
            if m_end > start and (found is None or m_end - m_start < found[1] - found[0]):
                found = (m_start, m_end, entity)
            index -= 1
        return found[2] if found else None

    def last_before(self, offset: int, wanted: Callable[[Entity], bool]) -> Entity | None:
        """The entity of the last mention starting before `offset` that `wanted` accepts."""
        for index in range(bisect_right(self.starts, offset - 1) - 1, -1, -1):
            if wanted(self.entries[index][2]):
                return self.entries[index][2]
        return None

    def add(self, mention: Mention, entity: Entity) -> None:
        """Indexes a mention a stage has just added to `entity`."""
        index = bisect_right(self.starts, mention.start)
        self.entries.insert(index, (mention.start, mention.end, entity))
        self.starts.insert(index, mention.start)
        self.longest = max(self.longest, mention.end - mention.start)
