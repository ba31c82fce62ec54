"""The one document model every stage shares.

A `Document` enters the pipeline with its text and metadata (from `ingest`), and each stage adds
its own layer to it: `clean` rewrites `text` and lists its `cleaning` changes, `entities` adds
`entities`, `quotes` adds `quotes`, and so on. Every offset in every layer indexes `Document.text`
(Python str indices, end exclusive), so any fact can be traced back to the exact characters it
came from.

The JSON form of a `Document` is versioned by `SCHEMA`; `newsledger schema` prints its JSON
Schema. Adding an optional field keeps the version; renaming or removing one bumps it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "newsledger/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]


class Layer(BaseModel):
    """Base of every model: unknown fields are refused, so a typo cannot slip into the output."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(Layer):
    """A stretch of `Document.text`."""

    start: int
    end: int
    text: str | None = None


class ErrorInfo(Layer):
    """Why a document could not be (fully) processed. The document is still written out."""

    stage: str = Field(description="the stage that failed: ingest, clean, nlp, entities, ...")
    kind: str = Field(description="short machine-readable reason: empty, binary, too_large, ...")
    message: str = Field(description="one line a person can act on")


# ---- clean -------------------------------------------------------------------------------

class CleaningChange(Layer):
    """One change cleaning made. `start`/`end` index the text as it was given (before cleaning)."""

    kind: str = Field(description="mojibake, boilerplate, duplicate, join_paragraph, spacing, quote_mark, whitespace, title, ...")
    start: int | None = None
    end: int | None = None
    before: str = ""
    after: str = ""


class Dateline(Layer):
    """The opening "WASHINGTON, March 4 (Reuters) -": where and when the story was filed and by
    which agency. Metadata, not prose: cleaning sets it apart from the first sentence."""

    text: str = Field(description="the dateline as written")
    place: str = Field(description="the place as written, in capitals: WASHINGTON")
    region: str | None = Field(None, description="a state or country after the place: France")
    date: str | None = Field(None, description="the date as written: March 4")
    agency: str | None = Field(None, description="the agency in brackets: Reuters, AP")
    start: int = Field(description="where the place name starts in Document.text")
    end: int


# ---- entities ----------------------------------------------------------------------------

class Mention(Layer):
    start: int
    end: int
    text: str
    kind: Literal["name", "alias", "pronoun", "description", "title"] = "name"


class Entity(Layer):
    id: str
    name: str
    type: str = Field(description="PERSON, ORG, GPE, NORP, GROUP, ...")
    code: str | None = Field(None, description="ISO 3166-1 alpha-3 for states, or IGO/NGO/MNC")
    sector: str | None = Field(None, description="GOV, MIL, REB, OPP, LEG, JUD, COP, BUS, MED, CVL, ...")
    roles: list[str] = Field(default_factory=list)
    affiliation: str | None = Field(None, description="country code a person or body belongs to")
    mentions: list[Mention] = Field(default_factory=list)


# ---- quotes ------------------------------------------------------------------------------

class Quote(Layer):
    id: str
    kind: Literal["direct", "indirect", "mixed"]
    content: list[Span]
    cue: Span | None = None
    speaker: Span | None = Field(None, description="the mention naming the speaker")
    speaker_entity: str | None = Field(None, description="id of the entity the speaker resolves to")
    speaker_group: str | None = Field(None, description="an unresolved group source: officials, diplomats, ...")


# ---- events ------------------------------------------------------------------------------

class Actor(Layer):
    entity: str | None = None
    text: str
    code: str | None = None
    sector: str | None = None


class Location(Layer):
    name: str
    code: str | None = Field(None, description="ISO 3166-1 alpha-3 of the country it lies in")
    lat: float | None = None
    lon: float | None = None
    start: int | None = None
    end: int | None = None


class Event(Layer):
    id: str
    type: PloverType
    mode: str | None = None
    source: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    trigger: Span
    sentence: Span
    date: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY as precise as the text allows")
    location: Location | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    quote: str | None = Field(None, description="id of the quote the event was reported in")


# ---- time / places / quantities ----------------------------------------------------------

class TimeExpression(Layer):
    id: str
    start: int
    end: int
    text: str
    value: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www; null when unanchored")
    end_value: str | None = Field(None, description="end of a range")
    granularity: Literal["day", "week", "month", "year", "range", "unknown"] = "unknown"
    relation: Literal["past", "present", "future"] | None = None


class Place(Layer):
    id: str
    start: int
    end: int
    text: str
    name: str
    code: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: Literal["location", "actor"] = "location"


class Quantity(Layer):
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str | None = Field(None, description="what is counted: troops, hours, members, ...")


# ---- readout -----------------------------------------------------------------------------

class ReadoutItem(Layer):
    """One statement of the readout, linked to the sentence (and quote/event) it came from."""

    text: str
    sentence: Span | None = None
    quote: str | None = None
    event: str | None = None
    date: str | None = None
    location: str | None = None


class Delegate(Layer):
    name: str
    role: str | None = None
    entity: str | None = None


class Party(Layer):
    name: str
    code: str | None = None
    delegation: list[Delegate] = Field(default_factory=list)
    said: list[ReadoutItem] = Field(default_factory=list)
    demanded: list[ReadoutItem] = Field(default_factory=list)
    offered: list[ReadoutItem] = Field(default_factory=list)
    threatened: list[ReadoutItem] = Field(default_factory=list)
    rejected: list[ReadoutItem] = Field(default_factory=list)


class TimelineItem(Layer):
    date: str | None = None
    text: str
    status: Literal["past", "current", "scheduled"] = "past"
    location: str | None = None
    event: str | None = None
    sentence: Span | None = None


class Readout(Layer):
    headline: str
    summary: str
    when: str | None = None
    where: str | None = None
    parties: list[Party] = Field(default_factory=list)
    outcome: list[ReadoutItem] = Field(default_factory=list)
    next_steps: list[ReadoutItem] = Field(default_factory=list)
    timeline: list[TimelineItem] = Field(default_factory=list)


# ---- the document ------------------------------------------------------------------------

class Document(Layer):
    schema_version: str = Field(SCHEMA, alias="schema")
    id: str
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD; anchors relative dates")
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    source: str | None = Field(None, description="where the document was read from (path, path#line, WARC record)")
    text: str = ""
    cleaning: list[CleaningChange] = Field(default_factory=list)
    dateline: Dateline | None = None
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    readout: Readout | None = None
    error: ErrorInfo | None = None

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_json_dict(cls, data: dict) -> "Document":
        return cls.model_validate(data)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None) if entity_id else None

    def speaker_name(self, quote: Quote) -> str | None:
        """Who said a quote: its speaker entity's name, else the words naming the speaker, else its group."""
        entity = self.entity(quote.speaker_entity)
        if entity is not None:
            return entity.name
        if quote.speaker is not None:
            return quote.speaker.text or self.text[quote.speaker.start:quote.speaker.end]
        return quote.speaker_group


def json_schema() -> dict:
    """The JSON Schema of one output document."""
    schema = Document.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA
    return schema
