"""SQL fragments that every reader of the store shares (the CLI's queries and the web app's).

Table aliases are fixed so fragments compose: `d` documents, `ev` events, `q` quotes, `e` entities,
`a` actors, `s` the per-event source counts.
"""

from __future__ import annotations

# Events with their article and the articles reporting them (`s.sources`, `s.documents`).
EVENT_FROM = """FROM events ev JOIN documents d ON d.id = ev.document_id
    LEFT JOIN (SELECT event_id, count(DISTINCT document_id) AS sources,
                      string_agg(DISTINCT document_id, ',' ORDER BY document_id) AS documents
               FROM event_sources GROUP BY event_id) s ON s.event_id = ev.merged_id"""
# One row per event: syndicated copies are left out, and an event several articles report is
# kept once, by its earliest report (its `merged_id`). Events stored before the cross-document
# pass ran have no `merged_id` yet and stand for themselves.
CANONICAL_EVENT = "d.duplicate_of IS NULL AND (ev.merged_id IS NULL OR ev.merged_id = ev.document_id || '/' || ev.id)"
# An event without a date of its own happened, at the latest, when it was reported.
EVENT_WHEN = "COALESCE(ev.date, strftime(d.published, '%Y-%m-%d'))"
EVENT_SOURCES = "COALESCE(s.sources, 1)"
# Who said a quote: the canonical actor, else the entity, else the words naming the speaker or group.
QUOTE_SPEAKER = "COALESCE(a.name, e.name, q.speaker, q.speaker_group)"
# A quote's speaker entity and its canonical actor, when there is one.
QUOTE_SPEAKER_JOIN = """LEFT JOIN entities e ON e.document_id = q.document_id AND e.id = q.speaker_entity
    LEFT JOIN actors a ON a.id = e.actor_id"""
