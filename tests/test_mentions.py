from newsledger.mentions import MentionIndex
from newsledger.model import Document, Entity, Mention

TEXT = "The U.S. delegation met Ryabkov. He spoke first."


def mention(text: str, kind: str = "name", occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start=start, end=start + len(text), text=text, kind=kind)


def document() -> Document:
    return Document(id="m", text=TEXT, entities=[
        Entity(id="e1", name="U.S. delegation", type="GROUP", mentions=[mention("The U.S. delegation")]),
        Entity(id="e2", name="United States", type="GPE", code="USA", mentions=[mention("U.S.")]),
        Entity(id="e3", name="Ryabkov", type="PERSON", mentions=[mention("Ryabkov"), mention("He", "pronoun")]),
    ])


def test_the_shortest_overlapping_mention_names_the_span():
    index = MentionIndex(document())
    us = TEXT.index("U.S.")
    assert index.entity_at(us, us + 4).id == "e2"
    assert index.entity_at(TEXT.index("delegation"), TEXT.index("delegation") + 3).id == "e1"
    assert index.entity_at(TEXT.index("met"), TEXT.index("met") + 3) is None


def test_last_before_and_added_mentions():
    doc = document()
    index = MentionIndex(doc)
    spoke = TEXT.index("spoke")
    assert index.last_before(spoke, lambda entity: entity.type == "PERSON").id == "e3"
    assert index.last_before(spoke, lambda entity: entity.type == "GPE").id == "e2"
    first = mention("first")
    index.add(first, doc.entities[0])
    assert index.entity_at(first.start, first.end).id == "e1"
