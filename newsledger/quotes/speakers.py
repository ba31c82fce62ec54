"""Who a speaker mention is: the entity it names, or the group it stands for.

In order: an entity mention overlapping the speaker's head word (the entities stage found it);
for a relative pronoun ("Sherman, who said"), the noun it hangs from; for a personal pronoun,
the last compatible speaker or person before it; for a surname or a description ("the deputy
secretary", "the ministry"), the entity whose name or role holds that word. A group source
("officials", "Western diplomats") is named in `speaker_group`; a source nobody found (a group,
"the ministry") becomes a new entity, coded with the actor knowledge when it is installed.
"""

from __future__ import annotations


from spacy.tokens import Token

from newsledger.mentions import MentionIndex
from newsledger.model import Document, Entity, Mention
from newsledger.quotes.lexicon import QuoteLexicon

PERSON_TYPES = {"PERSON"}
NAMED_ORG_LABELS = {"ORG", "NORP", "GPE"}


class SpeakerResolver:
    def __init__(self, lexicon: QuoteLexicon, knowledge=None):
        self.lexicon = lexicon
        self.knowledge = knowledge

    def __call__(self, document: Document, speakers: list[tuple[Token | None, tuple[int, int] | None]],
                 ) -> list[tuple[str | None, str | None]]:
        """(speaker_entity, speaker_group) for each (head token, span), resolved in text order."""
        mentions = MentionIndex(document)
        resolved: list[tuple[str | None, str | None]] = []
        history: list[tuple[int, str]] = []     # (offset, entity id) of speakers resolved so far
        for head, span in speakers:
            if head is None or span is None:
                resolved.append((None, None))
                continue
            entity_id, group = self._resolve(document, mentions, head, span, history)
            if entity_id:
                history.append((span[0], entity_id))
            resolved.append((entity_id, group))
        return resolved

    def _resolve(self, document, mentions, head: Token, span, history) -> tuple[str | None, str | None]:
        role = self.lexicon.pronouns.get(head.lower_)
        if role == "relative" and head.head.dep_ == "relcl":
            head = head.head.head
            span = (head.idx, head.idx + len(head))
            role = None
        found = mentions.entity_at(head.idx, head.idx + len(head)) or self._named_in(head, mentions)
        if found:
            return found.id, document.text[span[0]:span[1]] if found.type == "GROUP" else None
        if role in ("person", "group", "org"):
            return self._antecedent(document, mentions, head, role, history), None
        if role:
            return None, None
        if head.lemma_.lower() in self.lexicon.group_nouns and head.tag_ in ("NNS", "NNPS"):
            words = document.text[span[0]:span[1]]
            return self._new_entity(document, mentions, words, span, "GROUP"), words
        named = self._by_name_or_role(document, head)
        if named:
            return named, None
        if head.ent_type_ in NAMED_ORG_LABELS or (_is_definite(head) and self._names_body(head)):
            return self._new_entity(document, mentions, document.text[span[0]:span[1]], span, "ORG"), None
        return None, None

    def _named_in(self, head: Token, mentions: MentionIndex) -> Entity | None:
        """An entity named inside the speaker phrase ("Senate leader Mitch McConnell"), but not a
        possessor ("her counterpart", "Smith's spokesman" are someone else)."""
        for token in head.lefts:
            if token.dep_ != "poss":
                found = mentions.entity_at(token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
                if found:
                    return found
        return None

    def _antecedent(self, document, mentions, head: Token, role: str, history) -> str | None:
        gender = self.lexicon.pronoun_genders.get(head.lower_)
        if role == "person":
            def wanted(entity: Entity) -> bool:
                return entity.type in PERSON_TYPES and self._gender(entity) in (None, gender)
        else:
            def wanted(entity: Entity) -> bool:
                return entity.type not in PERSON_TYPES
        for offset, entity_id in reversed(history):
            entity = document.entity(entity_id)
            if offset < head.idx and entity is not None and wanted(entity):
                return entity_id
        found = mentions.last_before(head.idx, wanted)
        return found.id if found else None

    def _gender(self, entity: Entity) -> str | None:
        """The gender the text gives a person by the pronouns among their mentions, if any."""
        genders = {self.lexicon.pronoun_genders.get(m.text.lower()) for m in entity.mentions if m.kind == "pronoun"}
        genders.discard(None)
        return genders.pop() if len(genders) == 1 else None

    def _by_name_or_role(self, document: Document, head: Token) -> str | None:
        word = head.lower_
        for entity in document.entities:
            name_words = entity.name.lower().split()
            if head.pos_ == "PROPN" and name_words and name_words[-1] == word:
                return entity.id
            if head.pos_ == "NOUN" and (any(word in role.lower().split() for role in entity.roles)
                                        or word in name_words):
                return entity.id
        return None

    def _new_entity(self, document: Document, mentions: MentionIndex, words: str, span, entity_type: str) -> str:
        name = _strip_article(words)
        entity = next((e for e in document.entities if e.name.lower() == name.lower()), None)
        mention = Mention(start=span[0], end=span[1], text=words, kind="description")
        if entity is None:
            code, sector = self._code(name)
            entity = Entity(id=_next_entity_id(document), name=name, type=entity_type, code=code, sector=sector)
            document.entities.append(entity)
        if all(m.start != mention.start for m in entity.mentions):
            entity.mentions.append(mention)
            mentions.add(mention, entity)
        return entity.id

    def _names_body(self, head: Token) -> bool:
        """Whether the actor knowledge knows the word as a body ("ministry"), not a person ("mayor")."""
        title = self.knowledge.title(head.lower_) if self.knowledge is not None else None
        return title is not None and not title.person

    def _code(self, name: str) -> tuple[str | None, str | None]:
        if self.knowledge is None:
            return None, None
        actor = self.knowledge.lookup(name)
        if actor is not None:
            return getattr(actor, "code", None), getattr(actor, "sector", None)
        words = name.split()
        code = next((c for c in self.knowledge.demonyms(words) if c), None)
        sector = next((s for s in (self.knowledge.sector_for(w) for w in words) if s), None)
        return code, sector


def _is_definite(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "his", "her", "their") for c in head.children)


def _strip_article(words: str) -> str:
    first, _, rest = words.partition(" ")
    return rest if first.lower() == "the" and rest else words


def _next_entity_id(document: Document) -> str:
    numbers = [int(e.id[1:]) for e in document.entities if e.id[:1] == "e" and e.id[1:].isdigit()]
    return f"e{max(numbers, default=0) + 1}"
