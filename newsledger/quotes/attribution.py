"""Attributions from the parse: who (source) is reported by which cue to have said what (content).

Rules over the dependency parse, in four steps, then a learned model for what they miss:
1. cues: a cue verb from the lexicon with a subject (or a passive agent, the subject of the
   verb it hangs from: "..., adding that", or the noun it describes: "a group backing Bush"), and
   what it reports: the quotation after its colon
   or comma, its clausal complement ("said (that) ..."), the main clause it interrupts or ends
   ("..., she said"), or the quotation just before it ("“...,” she said"). "according to X"
   reports the rest of its sentence; a cue noun ("Trump's call for ...") or stance adjective
   ("X is critical of ...") what it is about. A raising verb or an agentless passive ("X
   appears to ...", "X is expected to ...") reports its clause and raised subject, with no source.
2. objects: failing those, the object of a cue verb that reports its object ("announced his
   resignation") or any verb's quoted object ("called the plan “a disaster”"), where no cue
   already reports that quotation; "Poll: ..." and "SMITH: ..." credit the paragraph to the name.
   A stance or belief inside someone else's reported content is part of it, not its own.
3. quotation marks decide the kind: content that is all quotation is direct, content holding
   a quotation is mixed, the rest indirect.
4. quotations no cue took: a second piece of a quotation split by its cue goes with that cue; a
   quoted sentence after a quote ending in a quotation and its cue clause continues it; "“...” ―
   Name" credits the name; "“...,” Name, an adviser, said" credits the name where the parse hung
   it elsewhere; "X fired back: “...”" credits the subject of the verb a colon ends; a
   stand-alone quoted paragraph without a cue (a "floating" quote) is one more quote of the last
   speaker.
5. the keep model (learned.py) weighs each attribution the rules found; those it does not keep
   are dropped (what PolNeAR does not count: a "say" heading no statement, a stray quotation).
6. the cue model (learned.py): every verb, noun and adjective no rule took, with the clause,
   object or topic it would report and its subject or possessor, is a candidate; those the model
   accepts are attributions too, most probable first, none repeating a found content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsledger.quotes.learned import Candidate, Found, LinearModel, candidate_features, found_features
from newsledger.quotes.lexicon import QuoteLexicon
from newsledger.quotes.marks import DOUBLE_MARKS, SINGLE_CLOSING, Quotation
from newsledger.nlp.attachment import span_root

CLAUSE_DEPS = {"ccomp"}
SUBJECT_DEPS = {"nsubj", "csubj"}
# a cue hanging from another verb shares its subject: "..., adding that", "and said"
SUBJECT_SHARING_DEPS = {"conj", "advcl", "xcomp", "acl"}
# a cue set off from the clause it reports: "X, she said, Y" / "X, she said."
INTERRUPTING_DEPS = {"parataxis", "ccomp", "advcl", "conj"}
# a verb whose object holds a quotation reports it ("called the plan “a disaster”"), unless the
# verb only links or owns
NOT_CUES = {"be", "have", "get", "make", "take", "give", "go", "come"}
OBJECT_DEPS = {"dobj", "dative", "oprd", "prep", "xcomp", "advmod", "npadvmod", "acomp", "attr"}
# an object that can be the content of a stance or speech verb, leading the content
FIRST_OBJECT_DEPS = {"dobj", "xcomp", "prep", "oprd"}
# "a call for X", "his views on X", "her opposition to X", "warned of X": the topic a cue noun or
# verb reports; other prepositions set circumstances ("said in an interview", "responded with")
TOPIC_PREPOSITIONS = {"for", "on", "about", "against", "to", "of"}
OWN_CONTENT_DEPS = {"dobj", "xcomp", "ccomp", "oprd"}
# the words the cue model weighs, and what they may report (see learned.py)
CANDIDATE_POS = {"VERB", "NOUN", "ADJ"}
CANDIDATE_CLAUSE_DEPS = {"ccomp", "xcomp", "acl"}
CANDIDATE_OBJECT_DEPS = {"dobj", "attr", "oprd", "prep", "acomp"}
CLOSING_QUOTE_TOKENS = {"\u201d", '"', "''", "\u2019"}
SENTENCE_END = {".", "!", "?", "\u2026", "\n", "\n\n"}
SET_OFF_PUNCT = {",", "\u2014", "\u2013", "--", "(", ")", ":"}
# at most this many words of an attribution's content may lie outside quotation marks for
# it still to count as a direct quote ("that", a stray word the parse put in the clause)
DIRECT_OUTSIDE_WORDS = 2
# how a quotation followed by its cue ends: "“...,” she said", "“...?” she asked"
QUOTE_BEFORE_CUE_ENDINGS = {",", "?", "!", "\u2014", "-"}
# "“...” ― Jane Doe": a dash after a quotation credits it to the name that ends the line
CREDIT_DASHES = "\u2015\u2014\u2013-"
CREDIT_WORDS = 6
# "Poll: ..." / "SMITH: ...": at most four capitalised words and a colon open a paragraph
COLON_CREDIT = re.compile(r"[\"\u201c\u201d]?(?P<name>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}): +(?P<content>\S)")
SENTENCE_BREAK = re.compile(r"[.!?\n]")
# how many earlier contents to check for one that holds a cue (contents overlap only a little)
EMBEDDING_LOOKBACK = 8
TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with", "from"}
# the words that may name a speaker beside a quotation's cue verb ("Gene Sperling", "the senator")
NAME_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ"}
# how far after a quotation its cue verb may come: "“...,” Gene Sperling, a top outside adviser, said"
CUE_CLAUSE_WORDS = 12
# The longest reported content in the PolNeAR train annotations has 1,323 words; a candidate
# content longer than this many tokens is no quote.
MAX_CONTENT_TOKENS = 2000
# a floating quote continues a speaker named at most this many paragraphs earlier
FLOATING_PARAGRAPHS = 3


@dataclass
class Attribution:
    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    speaker_head: Token | None
    paragraph: int
    continues: "Attribution | None" = None   # the attribution whose speaker a floating quote takes
    quotations: set[int] = field(default_factory=set)
    reports_speech: bool = True   # False for a stance, belief or evidence cue ("supports", "thinks")
    rule: str = ""                # which rule found it: "cue:clause", "object", "floating", ... (for the keep model)

    @property
    def end(self) -> int:
        return max(end for _, end in self.content)


class AttributionFinder:
    def __init__(self, lexicon: QuoteLexicon, cue_model: LinearModel | None = None, keep_model: LinearModel | None = None):
        self.lexicon = lexicon
        self.cue_model = cue_model
        self.keep_model = keep_model

    def __call__(self, parsed: Doc, quotations: list[Quotation]) -> list[Attribution]:
        layout = _Layout(parsed.text, quotations)
        attributions = self._rule_attributions(parsed, layout)
        contents = _FoundContents(parsed, attributions)
        # candidates are what the rules left before the keep model weighs them, as in training
        candidates = self._candidates(parsed, layout, contents) if self.cue_model is not None else []
        if self.keep_model is not None:
            attributions = [a for a, found in zip(attributions, self._described(parsed, attributions, contents))
                            if self.keep_model.probability(self.found_features(found)) >= self.keep_model.threshold]
        if candidates:
            attributions.extend(self._learned_attributions(layout, candidates))
        attributions.sort(key=lambda a: a.content[0][0])
        return attributions

    def rules_and_candidates(self, parsed: Doc, quotations: list[Quotation]) -> tuple[list[Attribution], list[Found], list[Candidate]]:
        """What the rules find (and how the keep model sees it) and the candidates left for the
        cue model (for training both)."""
        layout = _Layout(parsed.text, quotations)
        attributions = self._rule_attributions(parsed, layout)
        contents = _FoundContents(parsed, attributions)
        return attributions, self._described(parsed, attributions, contents), self._candidates(parsed, layout, contents)

    def _rule_attributions(self, parsed: Doc, layout: "_Layout") -> list[Attribution]:
        attributions: list[Attribution] = []
        object_attributions: list[Attribution] = []
        for token in parsed:
            if layout.quotation_at(token.idx) is not None:
                continue   # cues inside a quotation belong to the quoted speaker's speech
            found = (self._cue_attribution(token, layout) or self._phrase_attribution(token, layout)
                     or self._noun_attribution(token, layout) or self._adjective_attribution(token, layout))
            if found and found.content:
                attributions.append(found)
            elif found is None:
                found = self._object_attribution(token, layout)
                if found and found.content:
                    object_attributions.append(found)
        # a verb reporting its object is a source only where no cue already reports that quotation
        # ("she said he called it “a disgrace”" is her quote)
        claimed = set().union(*(a.quotations for a in attributions))
        for candidate in object_attributions:
            if not candidate.quotations & claimed:
                attributions.append(candidate)
                claimed |= candidate.quotations
        attributions.extend(self._colon_credits(parsed, layout))
        _drop_nested_duplicates(attributions)
        _drop_embedded_stances(attributions)
        self._place_unclaimed_quotations(parsed, layout, attributions)
        return attributions

    # ---- the cue model's candidates ---------------------------------------------

    def _candidates(self, parsed: Doc, layout: "_Layout", found: "_FoundContents") -> list[Candidate]:
        """Every verb, noun and adjective outside quotations that no rule took as a cue, with the
        content it would report and its source; not one repeating a content the rules found."""
        candidates = []
        for word in parsed:
            if word.pos_ not in CANDIDATE_POS or found.is_cue(word) or layout.quotation_at(word.idx) is not None:
                continue
            reported = _candidate_content(word)
            if reported is None:
                continue
            content, construction = reported
            if found.repeats(content):
                continue
            start, end = content[0].idx, content[-1].idx + len(content[-1])
            candidates.append(Candidate(
                cue=word, speaker=_candidate_speaker(word), content=content, construction=construction,
                lexicon_class=self.lexicon.cue_class(self.lexicon.lemma(word)),
                holds_quotation=bool(layout.quotations_in([(start, end)])),
                in_other_content=found.covers(word), overlap=found.share_covered(content)))
        return candidates

    def candidate_features(self, candidate: Candidate) -> list[str]:
        return candidate_features(candidate, self.lexicon.lemma(candidate.cue))

    def _described(self, parsed: Doc, attributions: list[Attribution], found: "_FoundContents") -> list[Found]:
        """The attributions the rules found, as the keep model weighs them."""
        contents = found.contents
        described = []
        for n, attribution in enumerate(attributions):
            cue = _token_at(parsed, attribution.cue[0]) if attribution.cue else None
            described.append(Found(
                rule=attribution.rule, kind=attribution.kind, cue=cue, speaker=attribution.speaker_head,
                content=[parsed[i] for i in sorted(contents[n])], quotations=len(attribution.quotations),
                reports_speech=attribution.reports_speech, paragraph=attribution.paragraph,
                in_other_content=cue is not None and any(m != n for m in found.holders.get(cue.i, ()))))
        return described

    def found_features(self, found: Found) -> list[str]:
        return found_features(found, self.lexicon.lemma(found.cue) if found.cue is not None else "none")

    def _learned_attributions(self, layout: "_Layout", candidates: list[Candidate]) -> list[Attribution]:
        """The candidates the cue model accepts, most probable first, none repeating another's content."""
        scored = sorted(((self.cue_model.probability(self.candidate_features(c)), n, c) for n, c in enumerate(candidates)),
                        key=lambda s: (-s[0], s[1]))
        learned, taken = [], []
        for probability, _, candidate in scored:
            if probability < self.cue_model.threshold:
                break
            tokens = set(range(candidate.content.start, candidate.content.end))
            if any(_same_content(tokens, other) for other in taken):
                continue
            taken.append(tokens)
            start, end = _trim(candidate.content)
            if start is None:
                continue
            attribution = self._attribution(candidate.cue, candidate.speaker, [(start, end)], layout)
            if attribution.content:   # empty where the parse ran the content into another paragraph
                attribution.rule = "learned"
                learned.append(attribution)
        return learned

    # ---- cues -------------------------------------------------------------------

    def _cue_attribution(self, cue: Token, layout: "_Layout") -> Attribution | None:
        if not cue.tag_.startswith("VB"):
            return None
        if self.lexicon.lemma(cue) in self.lexicon.raising_verbs:
            return self._sourceless_attribution(cue, layout)
        if self.lexicon.lemma(cue) not in self.lexicon.cue_verbs:
            return None
        speaker = self._speaker_of(cue)
        if speaker is None or speaker.i == cue.i:
            return self._sourceless_attribution(cue, layout)
        introduced = _introduced_quotation(cue, speaker, layout)
        if introduced is not None:
            return _found_by("cue:introduced", self._attribution(cue, speaker, list(layout.quotations[introduced].pieces),
                                                                 layout, {introduced}))
        complement = self._complement_span(cue, speaker)
        content = complement or _interrupted_span(cue, speaker, self.lexicon)
        if content is None:
            quotation = layout.quotation_before(_cue_clause_start(cue, speaker, layout).idx)
            if quotation is not None:
                return _found_by("cue:quotation_before", self._attribution(
                    cue, speaker, list(layout.quotations[quotation].pieces), layout, {quotation}))
            return None
        return _found_by("cue:clause" if complement else "cue:interrupted", self._span_attribution(cue, speaker, content, layout))

    def _speaker_of(self, verb: Token) -> Token | None:
        """Who holds a cue verb: its subject, or for a second statement the first cue's."""
        return _speaker_of(verb.head.head) if self._second_statement(verb) else _speaker_of(verb)

    def _second_statement(self, verb: Token) -> bool:
        """'X said Y was wrong and criticized Z', 'X insisted that ..., claiming that ...': a cue
        verb without a subject of its own, conjoined to (or hanging from) the head of the clause
        another cue reports. The parse hangs it from the reported clause; it is the reporter's
        second statement, so it is neither part of the first one's content nor said by the
        reported clause's subject."""
        clause = verb.head
        return (verb.dep_ in ("conj", "advcl") and clause.dep_ in CLAUSE_DEPS
                and self.lexicon.lemma(verb) in self.lexicon.cue_verbs
                and self.lexicon.lemma(clause.head) in self.lexicon.cue_verbs
                and not any(child.dep_ in SUBJECT_DEPS | {"nsubjpass"} for child in verb.children))

    def _complement_span(self, cue: Token, speaker: Token) -> list[Token] | None:
        """The clause a cue reports, up to a second statement of the same speaker hung from it."""
        clauses = [c for c in cue.children if c.dep_ in CLAUSE_DEPS]
        if any(c.dep_ == "dobj" for c in cue.rights):
            clauses = [c for c in clauses if not _closed_before(c, cue)]
        if not clauses:
            return None
        # "On his claim there are others, Ben said he believes ...": the parse may hang a fronted
        # phrase from the cue as a clause too; a speaker before the cue opens what it reports
        after = [c for c in clauses if c.i > cue.i]
        if after and speaker.i < cue.i:
            clauses = after
        speaker_tokens = {t.i for t in speaker.subtree}
        start = min(c.left_edge.i for c in clauses)
        end = max(c.right_edge.i for c in clauses)
        second = [c.left_edge.i for clause in clauses for c in clause.rights if self._second_statement(c)]
        if second:
            end = min(second) - 1
            while end > start and (cue.doc[end].dep_ == "cc" or cue.doc[end].text in SET_OFF_PUNCT):
                end -= 1
        return [t for t in cue.doc[start:end + 1] if t.i not in speaker_tokens and t.i != cue.i]

    def _sourceless_attribution(self, cue: Token, layout: "_Layout") -> Attribution | None:
        """A cue nobody is said to hold: a passive without its agent ("is widely believed to be ...",
        "Asked about the plan, ..."), or a raising verb ("appears to ...", "it seems that ...").
        What it reports is its clause or object; a raised subject is part of it ("the plan is
        expected to fail": the plan failing is the content), but not the one a verb of asking or
        telling addresses ("she was asked whether ...": the question is the content)."""
        lemma = self.lexicon.lemma(cue)
        raising = lemma in self.lexicon.raising_verbs
        if not (raising or _is_passive(cue)):
            return None
        subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        clause = next((c for c in cue.children if c.dep_ in ("xcomp", "ccomp")), None)
        if clause is not None:
            tokens = list(clause.subtree)
            raised = subject is not None and subject.dep_ != "expl" and subject.lower_ != "it"
            if raised and lemma not in self.lexicon.addressing_verbs:
                tokens = list(subject.subtree) + tokens
        elif not raising and lemma in self.lexicon.object_content_verbs and subject is None:
            tokens = _object_span(cue)   # "Asked about the plan, ...": the object is the content
        else:
            return None
        if not tokens:
            return None
        spans = [_trim(run) for run in _runs(tokens)]
        spans = [(start, end) for start, end in spans if start is not None]
        if not spans:
            return None
        attribution = self._attribution(cue, None, spans, layout)
        attribution.reports_speech = False
        attribution.rule = "sourceless"
        return attribution

    def _object_attribution(self, verb: Token, layout: "_Layout") -> Attribution | None:
        """A verb reporting its object: a cue verb's ('announced his resignation'), or any verb's
        quoted object ('called the plan “a disaster”')."""
        if not verb.tag_.startswith("VB") or self.lexicon.lemma(verb) in NOT_CUES:
            return None
        if self.lexicon.lemma(verb) in self.lexicon.object_content_verbs:
            content, rule = _object_span(verb), "object"
        else:
            content, rule = _quoted_object_span(verb, layout), "object:quoted"
        speaker = self._speaker_of(verb) if content else None
        if speaker is None:
            return None
        return _found_by(rule, self._span_attribution(verb, speaker, content, layout))

    def _span_attribution(self, cue: Token, speaker: Token, content: list[Token], layout: "_Layout") -> Attribution | None:
        start, end = _trim(content)
        if start is None:
            return None
        attribution = self._attribution(cue, speaker, [(start, end)], layout)
        attribution.reports_speech = self.lexicon.cue_verbs.get(self.lexicon.lemma(cue)) == "speech"
        return attribution

    def _noun_attribution(self, noun: Token, layout: "_Layout") -> Attribution | None:
        """"Trump's claim that ...": a cue noun, its possessor the source, its that-clause the content."""
        if noun.pos_ != "NOUN" or self.lexicon.lemma(noun) not in self.lexicon.cue_nouns:
            return None
        speaker = next((c for c in noun.children if c.dep_ == "poss"), None)
        content = next((c for c in noun.rights if _reports_for_noun(c)), None)
        if speaker is None or content is None:
            return None
        return _found_by("noun", self._stance(noun, speaker, content, layout))

    def _adjective_attribution(self, adjective: Token, layout: "_Layout") -> Attribution | None:
        """'X is critical of Y', 'X was confident that ...': the subject of the linking verb is the
        source, what the adjective is about (its clause or prepositional object) the content."""
        if adjective.pos_ != "ADJ" or adjective.dep_ != "acomp" or self.lexicon.lemma(adjective) not in self.lexicon.cue_adjectives:
            return None
        speaker = _speaker_of(adjective.head)
        about = next((c for c in adjective.rights if c.dep_ in ("ccomp", "xcomp", "prep")), None)
        if speaker is None or about is None:
            return None
        return _found_by("adjective", self._stance(adjective, speaker, about, layout))

    def _stance(self, cue: Token, speaker: Token, content: Token, layout: "_Layout") -> Attribution | None:
        """A stated position (not reported speech) whose content is `content`'s phrase, looking
        through a preposition to its object ("critical of the tax", "call for a ceasefire")."""
        if content.dep_ == "prep":
            content = next((c for c in content.children if c.dep_ in ("pobj", "pcomp")), None)
            if content is None:
                return None
        start, end = _trim(list(content.subtree))
        if start is None:
            return None
        attribution = self._attribution(cue, speaker, [(start, end)], layout)
        attribution.reports_speech = False
        return attribution

    def _phrase_attribution(self, token: Token, layout: "_Layout") -> Attribution | None:
        """'according to X' (and the other cue phrases): X is the source of the clause it modifies."""
        for phrase in self.lexicon.cue_phrases:
            if token.lower_ != phrase[0]:
                continue
            words = [t.lower_ for t in token.doc[token.i:token.i + len(phrase)]]
            if words != list(phrase):
                continue
            last = token.doc[token.i + len(phrase) - 1]
            source = next((c for c in last.children if c.dep_ == "pobj"), None)
            if source is None:
                return None
            phrase_tokens = {t.i for t in token.doc[token.i:last.i + 1]} | {t.i for t in source.subtree}
            rest = [t for t in token.sent if t.i not in phrase_tokens]
            start, end = _trim(rest)
            if start is None:
                return None
            cue = (token.idx, last.idx + len(last))
            return _found_by("phrase", self._attribution_from(cue, source, [(start, end)], layout, set()))
        return None

    def _attribution(self, cue: Token, speaker: Token | None, content: list[tuple[int, int]], layout: "_Layout",
                     quotations: set[int] | None = None) -> Attribution:
        cue_end = max((t for t in cue.children if t.dep_ == "prt"), key=lambda t: t.i, default=cue)
        return self._attribution_from((cue.idx, cue_end.idx + len(cue_end)), speaker, content, layout, quotations or set())

    def _attribution_from(self, cue: tuple[int, int], speaker: Token | None, content: list[tuple[int, int]],
                          layout: "_Layout", quotations: set[int]) -> Attribution:
        if not quotations:
            content = layout.within_paragraph(content, cue[0])
        quotations = quotations | layout.quotations_in(content)
        kind, content = layout.classify(content, quotations)
        speaker_span = layout.within_paragraph([_noun_phrase(speaker)], speaker.idx)[0] if speaker is not None else None
        return Attribution(kind=kind, content=content, cue=cue, speaker=speaker_span,
                           speaker_head=speaker, paragraph=layout.paragraph_of(cue[0]), quotations=quotations)

    def _colon_credits(self, parsed: Doc, layout: "_Layout") -> list[Attribution]:
        """'Poll: Voters Abandon Party' (a headline), 'SMITH: We will win.' (a transcript line): the
        name before a colon opening a paragraph is the source of the rest of it."""
        found = []
        for paragraph, start in enumerate(layout.paragraph_starts):
            end = layout.paragraph_end(paragraph)
            match = COLON_CREDIT.match(layout.text, start, end)
            if not match:
                continue
            name = parsed.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
            if name is None or any(t.pos_ == "VERB" for t in name):
                continue
            # past the headline only a transcript speaker: a name in capitals or a person's name
            if paragraph > 0 and not (match.group("name").isupper() or all(t.ent_type_ == "PERSON" for t in name)):
                continue
            content = [(match.start("content"), end)]
            quotations = layout.quotations_in(content)
            if any(layout.quotations[q].start < start for q in quotations):
                continue   # a transcript line inside a longer quotation: that quotation's speaker's
            kind, content = layout.classify(content, quotations)
            found.append(Attribution(kind=kind, content=content, cue=(match.end("name"), match.end("name") + 1),
                                     speaker=(match.start("name"), match.end("name")), speaker_head=span_root(name),
                                     paragraph=paragraph, rule="colon"))
        return found

    # ---- quotations no cue took ------------------------------------------------

    def _place_unclaimed_quotations(self, parsed: Doc, layout: "_Layout", attributions: list[Attribution]) -> None:
        claimed = set().union(*(a.quotations for a in attributions)) if attributions else set()
        by_sentence = {}
        for attribution in attributions:
            if attribution.kind == "direct" and attribution.cue:
                by_sentence.setdefault(layout.sentence_of(parsed, attribution.cue[0]), attribution)
        ordered = sorted(attributions, key=lambda a: a.end)
        for index, quotation in enumerate(layout.quotations):
            if index in claimed:
                continue
            sentence = layout.sentence_of(parsed, layout.first_word(quotation))
            same_sentence = by_sentence.get(sentence)
            if same_sentence is not None:
                _extend(same_sentence, index, quotation)
                continue
            if not layout.stands_alone(quotation):
                continue   # a term in quotation marks inside someone's sentence: not a quote
            credited = (_credited(parsed, layout, index) or self._cue_after(parsed, layout, index)
                        or self._introduced_by_colon(parsed, layout, index))
            if credited is not None:
                attributions.append(credited)
                ordered = sorted(attributions, key=lambda a: a.end)
                continue
            previous = _last_before(ordered, quotation.start)
            paragraph = layout.paragraph_of(quotation.start)
            quoting = _last_before([a for a in ordered if _ends_quoted(a, layout)], quotation.start)
            if quoting and _only_cue_between(quoting, quotation.start, layout):
                _extend(quoting, index, quotation)
                continue
            speaker_source = (previous.continues or previous) if previous else None
            if speaker_source and paragraph - speaker_source.paragraph > FLOATING_PARAGRAPHS:
                speaker_source = None
            floating = Attribution(kind="direct", content=list(quotation.pieces), cue=None,
                                   speaker=speaker_source.speaker if speaker_source else None,
                                   speaker_head=speaker_source.speaker_head if speaker_source else None,
                                   paragraph=paragraph, continues=speaker_source, quotations={index}, rule="floating")
            attributions.append(floating)
            ordered.insert(bisect_right([a.end for a in ordered], floating.end), floating)

    def _cue_after(self, parsed: Doc, layout: "_Layout", index: int) -> Attribution | None:
        """'“...,” Gene Sperling, an adviser, said at ...' / '“...,” said Robert Reich, who ...': a
        speech verb right after a quotation, whose subject the parse hung elsewhere (so no cue
        took the quotation); its speaker is the name beside it."""
        quotation = layout.quotations[index]
        if layout.quotation_before(quotation.end) != index:
            return None   # the quotation ended its sentence: what follows is not its cue clause
        words = _cue_clause_after(parsed, quotation.end)
        verb = next((w for w in words if w.tag_.startswith("VB")), None)
        if verb is None or self.lexicon.cue_verbs.get(self.lexicon.lemma(verb)) != "speech":
            return None
        at = words.index(verb)
        name = words[at + 1:] if at == 0 else words[:at]
        name = name[:next((n for n, w in enumerate(name) if w.text == ","), len(name))]
        if not name or any(w.pos_ not in NAME_POS for w in name) or name[-1].pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        return Attribution(kind="direct", content=list(quotation.pieces), cue=(verb.idx, verb.idx + len(verb)),
                           speaker=(name[0].idx, name[-1].idx + len(name[-1])), speaker_head=name[-1],
                           paragraph=layout.paragraph_of(verb.idx), quotations={index}, rule="cue:after")

    def _introduced_by_colon(self, parsed: Doc, layout: "_Layout", index: int) -> Attribution | None:
        """'Rubio fired back forcefully: “...”', 'Trump issued the following statement:' and the
        quotation in the next paragraph: a quotation right after a colon is said by the subject
        of the verb that colon ends, whatever the verb (no cue from the lexicon took it)."""
        quotation = layout.quotations[index]
        end = quotation.start
        while end > 0 and layout.text[end - 1].isspace():
            end -= 1
        colon = _token_at(parsed, end - 1) if end and layout.text[end - 1] == ":" else None
        if colon is None or colon.text != ":":
            return None
        # the parse may hang the colon from the quotation's own verb: then the verb before it
        verb = colon.head if colon.head.i < colon.i else next(
            (t for t in reversed(parsed[colon.sent.start:colon.i]) if t.pos_ == "VERB"), colon)
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        speaker = self._speaker_of(verb) if verb.pos_ in ("VERB", "AUX") and verb.i < colon.i else None
        if speaker is None or (speaker.lower_ == "it" and self.lexicon.lemma(verb) not in self.lexicon.cue_verbs):
            return None   # "Wait, it gets better:" introduces what follows, nobody says it
        # "went so far as to say:": the cue verb right before the colon names the act better
        last = parsed[colon.i - 1]   # the speaker's verb comes before the colon, so there is one
        cue = last if last.pos_ == "VERB" and self.lexicon.lemma(last) in self.lexicon.cue_verbs else verb
        attribution = self._attribution(cue, speaker, list(quotation.pieces), layout, {index})
        attribution.rule = "colon:introduced"
        return attribution


def _credited(parsed: Doc, layout: "_Layout", index: int) -> Attribution | None:
    """'“...” ― Jane Doe': the quotation credited to the name after a dash."""
    quotation = layout.quotations[index]
    credit = layout.credit_after(quotation)
    if credit is None:
        return None
    head = parsed.char_span(*credit, alignment_mode="expand")
    return Attribution(kind="direct", content=list(quotation.pieces), cue=(quotation.end, credit[0]),
                       speaker=credit, speaker_head=span_root(head) if head is not None else None,
                       paragraph=layout.paragraph_of(quotation.start), quotations={index}, rule="credit")


class _FoundContents:
    """Which tokens the rules' attributions cover, as cue or content, for the cue model's candidates."""

    def __init__(self, parsed: Doc, attributions: list[Attribution]):
        self.cue_starts = {a.cue[0] for a in attributions if a.cue}
        self.contents: list[set[int]] = []
        # token index -> the contents holding it, so a look-up reads only the contents that share a token
        self.holders: dict[int, list[int]] = {}
        for n, attribution in enumerate(attributions):
            tokens = set()
            for start, end in attribution.content:
                span = parsed.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    tokens.update(range(span.start, span.end))
            self.contents.append(tokens)
            for i in tokens:
                self.holders.setdefault(i, []).append(n)

    def is_cue(self, word: Token) -> bool:
        return word.idx in self.cue_starts

    def covers(self, word: Token) -> bool:
        return word.i in self.holders

    def share_covered(self, content: Span) -> float:
        return sum(1 for i in range(content.start, content.end) if i in self.holders) / len(content)

    def repeats(self, content: Span) -> bool:
        """Whether a found content matches `content` as the scorer would (token Dice >= 0.5, so
        only a content sharing a token can)."""
        tokens = set(range(content.start, content.end))
        sharing = {n for i in tokens for n in self.holders.get(i, ())}
        return any(_same_content(tokens, self.contents[n]) for n in sorted(sharing))


def _found_by(rule: str, attribution: Attribution | None) -> Attribution | None:
    """`attribution`, marked with the rule that found it."""
    if attribution is not None:
        attribution.rule = rule
    return attribution


def _token_at(parsed: Doc, offset: int) -> Token | None:
    span = parsed.char_span(offset, offset + 1, alignment_mode="expand")
    return parsed[span.start] if span is not None and len(span) else None


def _token_index_after(parsed: Doc, offset: int) -> int:
    span = parsed.char_span(offset, len(parsed.text), alignment_mode="expand")
    return span.start if span is not None else len(parsed)


def _same_content(tokens: set[int], other: set[int]) -> bool:
    """Whether two contents are one for the scorer: token Dice >= 0.5."""
    return 2 * len(tokens & other) >= 0.5 * (len(tokens) + len(other))


class _Layout:
    """Where the quotations, paragraphs and words of one text are, for quick look-ups."""

    def __init__(self, text: str, quotations: list[Quotation]):
        self.text = text
        self.quotations = quotations
        self.pieces = sorted((start, end, i) for i, q in enumerate(quotations) for start, end in q.pieces)
        self.piece_starts = [start for start, _, _ in self.pieces]
        # paragraphs are the non-blank lines: blank lines between them do not count as distance
        self.paragraph_starts = [0] + [i + 1 for i, ch in enumerate(text)
                                       if ch == "\n" and i + 1 < len(text) and not text[i + 1].isspace()]
        self._sentence_starts: list[int] | None = None

    def quotation_at(self, offset: int) -> int | None:
        i = bisect_right(self.piece_starts, offset) - 1
        if i >= 0 and offset < self.pieces[i][1]:
            return self.pieces[i][2]
        return None

    def quotation_after(self, offset: int) -> int | None:
        """The quotation that starts right after `offset` (after spaces and a colon or comma)."""
        i = offset
        while i < len(self.text) and (self.text[i].isspace() or self.text[i] in ":,"):
            i += 1
        found = self.quotation_at(i)
        return found if found is not None and self.quotations[found].start == i else None

    def quotation_before(self, offset: int) -> int | None:
        """The quotation that ends right before `offset` (before spaces and a comma)."""
        i = offset
        while i > 0 and (self.text[i - 1].isspace() or self.text[i - 1] == ","):
            i -= 1
        found = self.quotation_at(i - 1) if i > 0 else None
        if found is None or self.quotations[found].end != i:
            return None
        # a quotation that ended its sentence ('.”') is not introducing the cue after it
        closing = self.text[i - 3:i].rstrip(DOUBLE_MARKS + SINGLE_CLOSING + "'").rstrip()
        return found if closing[-1:] in QUOTE_BEFORE_CUE_ENDINGS else None

    def credit_after(self, quotation: Quotation) -> tuple[int, int] | None:
        """'“...” ― Jane Doe': the name a dash credits a quotation to, alone on the rest of its line."""
        i = quotation.end
        while i < len(self.text) and self.text[i] in " \t\u00a0":
            i += 1
        if i >= len(self.text) or self.text[i] not in CREDIT_DASHES:
            return None
        line_end = self.text.find("\n", i)
        line_end = len(self.text) if line_end < 0 else line_end
        name = self.text[i + 1:line_end]
        start = i + 1 + len(name) - len(name.lstrip())
        end = start + len(name.strip().rstrip("."))
        words = self.text[start:end].split()
        if not words or len(words) > CREDIT_WORDS or not words[0][:1].isupper():
            return None
        return start, end

    def quotations_in(self, spans: list[tuple[int, int]]) -> set[int]:
        found = set()
        for start, end in spans:
            i = max(bisect_right(self.piece_starts, start) - 1, 0)
            while i < len(self.pieces) and self.pieces[i][0] < end:
                if self.pieces[i][1] > start:
                    found.add(self.pieces[i][2])
                i += 1
        return found

    def classify(self, content: list[tuple[int, int]], quotations: set[int]) -> tuple[str, list[tuple[int, int]]]:
        if not quotations:
            return "indirect", content
        pieces = sorted(p for i in quotations for p in self.quotations[i].pieces)
        outside = sum(self.words_between(a, b) for a, b in _outside(content, pieces))
        if outside <= DIRECT_OUTSIDE_WORDS:
            return "direct", pieces
        start = min(content[0][0], pieces[0][0])
        end = max(content[-1][1], max(e for s, e in pieces if s < content[-1][1]))
        return "mixed", [(start, end)]

    def is_title(self, index: int) -> bool:
        """A quotation whose words are all capitalised (small words aside): a title or a name."""
        quotation = self.quotations[index]
        words = [w for w in self.text[quotation.start:quotation.end].split() if any(ch.isalpha() for ch in w)]
        return all(w.lstrip("\"\u201c\u2018(\u00ab")[:1].isupper() or w.lower() in TITLE_SMALL_WORDS for w in words)

    def words_between(self, start: int, end: int) -> int:
        return sum(1 for word in self.text[start:end].split() if any(ch.isalnum() for ch in word))

    def paragraph_end(self, paragraph: int) -> int:
        start = self.paragraph_starts[paragraph]
        end = self.paragraph_starts[paragraph + 1] if paragraph + 1 < len(self.paragraph_starts) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return end

    def within_paragraph(self, spans: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
        """`spans` cut to the paragraph holding `offset` (the parse may run a clause across paragraphs)."""
        paragraph = self.paragraph_of(offset)
        start, end = self.paragraph_starts[paragraph], self.paragraph_end(paragraph)
        clipped = [(max(a, start), min(b, end)) for a, b in spans]
        return [(a, b) for a, b in clipped if b > a]

    def paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def sentence_of(self, parsed: Doc, offset: int) -> int:
        if self._sentence_starts is None:
            self._sentence_starts = [s.start_char for s in parsed.sents]
        return bisect_right(self._sentence_starts, offset) - 1

    def first_word(self, quotation: Quotation) -> int:
        """Where the quotation's first word starts (the parse may end the sentence before it
        after its opening mark)."""
        text = self.text[quotation.start:quotation.end]
        return quotation.start + next((i for i, ch in enumerate(text) if ch.isalnum()), 0)

    def stands_alone(self, quotation: Quotation) -> bool:
        """A quotation that is a sentence of its own (not a phrase inside someone's sentence)."""
        i = quotation.start  # the character before it, past spaces and tabs (no copy of the text before)
        while i > 0 and self.text[i - 1] in " \t":
            i -= 1
        opens_sentence = i == 0 or self.text[i - 1] in "\n.!?:\u201d\"\u2026"
        return opens_sentence and self.words_between(quotation.start, quotation.end) >= 3


def _speaker_of(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if any(child.dep_ == "nsubjpass" for child in cue.children):
        return None   # "when Sherman was asked ..., she replied": asked by someone unnamed, not by her
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return None   # "the statement he made": the noun, not a speaker
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return cue.head   # "a group backing Bush", "protesters saying ...": the noun does it
    if cue.dep_ in SUBJECT_SHARING_DEPS and cue.head.i != cue.i:
        head = cue.head
        while head.pos_ in ("ADV", "ADJ") and head.head.i != head.i:
            head = head.head   # "went so far as to say", "was quick to say": the verb above
        if head.pos_ in ("VERB", "AUX"):
            return _speaker_of(head)
    return None


def _closed_before(clause: Token, cue: Token) -> bool:
    """"Russia invaded in 2014; Putin claims the region as Russian": a clause before the cue that
    a semicolon closes is the writer's, though the parse may hang it from the cue."""
    return clause.i < cue.i and any(t.text == ";" for t in cue.doc[clause.right_edge.i:cue.i])


def _candidate_content(word: Token) -> tuple[Span, str] | None:
    """What a word would report were it a cue, and how it hangs from it: a verb's or adjective's
    clause ("sees that ..."), its object and what the object is said to be ("sees him as weak"),
    its prepositional object ("boasted of his skills"), a noun's topic ("criticism of the plan"),
    or the subject of a passive ("his leadership was revered")."""
    rights = [c for c in word.rights if not c.is_punct]
    clauses = [c for c in rights if c.dep_ in CANDIDATE_CLAUSE_DEPS]
    if clauses:
        return _reported(word.doc, clauses[0].left_edge.i, clauses[-1].right_edge.i, f"{clauses[0].dep_}:{_clause_mark(clauses[0])}")
    objects = [c for c in rights if c.dep_ in CANDIDATE_OBJECT_DEPS]
    if objects:
        first = objects[0]
        start, construction = first.left_edge, first.dep_
        if first.dep_ == "prep":
            inner = next((c for c in first.children if c.dep_ in ("pobj", "pcomp")), None)
            if inner is None:
                return None
            start, construction = inner.left_edge, f"prep:{first.lower_}"
        end = first.right_edge
        for following in objects[1:]:
            if not (following.dep_ == "oprd" or (following.dep_ == "prep" and following.lower_ == "as")):
                break
            end = following.right_edge
        return _reported(word.doc, start.i, end.i, construction)
    subject = next((c for c in word.children if c.dep_ == "nsubjpass"), None)
    if subject is not None:
        return _reported(word.doc, subject.left_edge.i, subject.right_edge.i, "nsubjpass")
    return None


def _reported(doc: Doc, first: int, last: int, construction: str) -> tuple[Span, str] | None:
    """The tokens first..last as a candidate's content, unless longer than any reported content:
    in a sentence of thousands of words every verb would otherwise report most of it (quadratic).
    A span, not a list: most candidates are dropped by their token indices alone, before a token
    object is made."""
    if last - first + 1 > MAX_CONTENT_TOKENS:
        return None
    return doc[first:last + 1], construction


def _clause_mark(clause: Token) -> str:
    """How a clause opens: 'that', 'to', a wh-word, or nothing."""
    first = clause.left_edge
    if first.lower_ in ("that", "to", "whether", "if") or first.tag_ in ("WDT", "WP", "WRB"):
        return first.lower_
    return "none"


def _candidate_speaker(word: Token) -> Token | None:
    """Who would hold a candidate cue: a verb's subject, a noun's possessor or the subject of the
    verb taking it ("took credit for"), an adjective's subject."""
    if word.pos_ == "NOUN":
        possessor = next((c for c in word.children if c.dep_ == "poss"), None)
        if possessor is not None:
            return possessor
    elif word.pos_ == "VERB":
        speaker = _speaker_of(word)
        if speaker is not None or _is_passive(word):
            return speaker
    # the subject of the nearest verb it hangs from: "Trump, calling the plan ...", "was devoted to criticizing"
    for ancestor in word.ancestors:
        subject = next((c for c in ancestor.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and ancestor.pos_ in ("VERB", "AUX"):
            return subject
    return None


def _reports_for_noun(child: Token) -> bool:
    """What a cue noun reports: its that-clause ("claim that ..."), its infinitive ("call to ban
    ..."), or its topic ("call for a ban", "views on trade")."""
    if child.dep_ in ("acl", "ccomp"):
        return any((m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")
                   for m in child.children)
    return child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS


def _is_passive(verb: Token) -> bool:
    """'is believed', 'was asked', and a bare participle opening a clause ('Asked about it, ...')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("advcl", "ROOT") and verb.i == verb.sent.start


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """`tokens` (sorted by position) cut into runs of adjacent tokens."""
    tokens = sorted(tokens, key=lambda t: t.i)
    runs = [[tokens[0]]]
    for token in tokens[1:]:
        if token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _object_span(verb: Token) -> list[Token] | None:
    """'accused the government of lying', 'announced his resignation': the object and what follows it."""
    objects = [c for c in verb.rights if c.dep_ in OBJECT_DEPS]
    if not objects or objects[0].dep_ not in FIRST_OBJECT_DEPS:
        return None
    if objects[0].dep_ == "prep" and objects[0].lower_ not in TOPIC_PREPOSITIONS:
        return None
    return list(verb.doc[objects[0].left_edge.i:objects[-1].right_edge.i + 1])


def _quoted_object_span(verb: Token, layout: "_Layout") -> list[Token] | None:
    """'called the plan “a disaster”', 'accused him of “recklessness”': a verb whose object is quoted."""
    objects = [c for c in verb.rights if c.dep_ in OBJECT_DEPS]
    if not objects:
        return None
    tokens = list(verb.doc[objects[0].left_edge.i:objects[-1].right_edge.i + 1])
    quotations = layout.quotations_in([(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))])
    if all(layout.is_title(index) for index in quotations):
        return None   # 'appeared on “Meet the Press”': a name in quotation marks, not a quote
    return tokens


def _interrupted_span(cue: Token, speaker: Token, lexicon: QuoteLexicon) -> list[Token] | None:
    """'Y, she said.' / 'Y, she said, Z': the clause the cue is set off from."""
    head = cue.head
    if cue.dep_ not in INTERRUPTING_DEPS or head.i == cue.i or lexicon.lemma(head) in lexicon.cue_verbs:
        return None
    if any(c.dep_ in OWN_CONTENT_DEPS for c in cue.children):
        return None   # "Biden and Putin agreed to convene": the cue has content of its own
    cue_tokens = {t.i for t in cue.subtree} | {t.i for t in speaker.subtree}
    clause = [i for i in cue_tokens if not cue.doc[i].is_punct]
    left = cue.doc[min(clause) - 1] if min(clause) > 0 else None
    right = cue.doc[max(clause) + 1] if max(clause) + 1 < len(cue.doc) else None
    set_off_left = left is None or left.text in SET_OFF_PUNCT | CLOSING_QUOTE_TOKENS
    set_off_right = right is None or right.text in SET_OFF_PUNCT | SENTENCE_END | CLOSING_QUOTE_TOKENS
    if not (set_off_left and set_off_right):
        return None
    rest = [t for t in head.subtree if t.i not in cue_tokens]
    return rest or None


def _cue_clause_start(cue: Token, speaker: Token, layout: "_Layout") -> Token:
    """The first word of the cue's clause; words the parse hung from the cue that lie inside a
    quotation ("“The RNC has built it,” she said", parsed as the cue's modifier) are not part of it."""
    first = min(speaker.left_edge.i, cue.i)
    if layout.quotation_at(cue.left_edge.idx) is None:
        first = min(first, cue.left_edge.i)
    return cue.doc[first]


def _cue_clause_after(parsed: Doc, offset: int) -> list[Token]:
    """The words (and commas) after a quotation up to the end of its sentence or the next
    quotation mark, at most CUE_CLAUSE_WORDS of them."""
    words = []
    for token in parsed[_token_index_after(parsed, offset):]:
        if token.text in SENTENCE_END or token.text in CLOSING_QUOTE_TOKENS or token.text in DOUBLE_MARKS:
            break
        if len(words) == CUE_CLAUSE_WORDS:
            break
        if not (token.is_punct and token.text != ",") and not token.is_space:
            words.append(token)
    return words


def _introduced_quotation(cue: Token, speaker: Token, layout: "_Layout") -> int | None:
    """'She said: “...”' / 'said Jo Smith, “...”': the quotation right after the cue (and its
    speaker, when inverted), also across a paragraph break after a colon."""
    last = speaker.right_edge if speaker.i > cue.i else cue
    following = last.i + 1 < len(cue.doc) and cue.doc[last.i + 1]
    if not following or following.text not in (":", ","):
        return None
    return layout.quotation_after(last.idx + len(last))


def _trim(tokens: list[Token]) -> tuple[int | None, int | None]:
    words = [t for t in tokens if not (t.is_punct and t.text not in "\u201c\u201d\"\u2019\u2018") and not t.is_space]
    if not words:
        return None, None
    return words[0].idx, words[-1].idx + len(words[-1])


def _noun_phrase(head: Token) -> tuple[int, int]:
    """The speaker's words: the head noun with what comes before it (not a relative clause after)."""
    start = head
    for child in head.lefts:
        if child.dep_ not in ("punct", "cc", "prep"):
            start = child.left_edge if child.left_edge.i < start.i else start
            break
    end = head
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod") or (child.dep_ == "prep" and child.lower_ == "of"):
            end = child.right_edge
    return start.idx, end.idx + len(end)


def _outside(content: list[tuple[int, int]], pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `content` not inside any quotation piece."""
    result = []
    for start, end in content:
        cursor = start
        for piece_start, piece_end in pieces:
            if piece_end <= cursor or piece_start >= end:
                continue
            if piece_start > cursor:
                result.append((cursor, piece_start))
            cursor = max(cursor, piece_end)
        if cursor < end:
            result.append((cursor, end))
    return result


def _only_cue_between(previous: Attribution, offset: int, layout: _Layout) -> bool:
    """Whether nothing but the previous quote's own cue clause ("..., she said.") precedes `offset`."""
    if not layout.words_between(previous.end, offset):
        return True
    if previous.cue is None or not previous.end <= previous.cue[0] < offset:
        return False
    clause_start = max(previous.cue[1], previous.speaker[1] if previous.speaker else 0)
    breaks = list(SENTENCE_BREAK.finditer(layout.text, clause_start, offset))
    if not breaks:
        return False
    # across a paragraph break only the cue clause's own sentence may come between; in one
    # paragraph the cue clause may hold abbreviations ("N.Y.", "George W. Bush") that look like
    # sentence ends, so the quote need only open the last sentence
    same_paragraph = layout.paragraph_of(previous.cue[0]) == layout.paragraph_of(offset)
    sentence_end = breaks[-1] if same_paragraph else breaks[0]
    return not layout.words_between(sentence_end.end(), offset)


def _ends_quoted(attribution: Attribution, layout: _Layout) -> bool:
    """Whether the attribution's content ends with one of its quotations (a direct quote, or a
    mixed one whose quotation closes it: "Like most campaigns, “the process ...,” she said")."""
    return any(layout.quotations[index].end >= attribution.end for index in attribution.quotations)


def _extend(attribution: Attribution, index: int, quotation: Quotation) -> None:
    attribution.quotations.add(index)
    attribution.content = sorted(set(attribution.content) | set(quotation.pieces))


def _last_before(ordered: list[Attribution], offset: int) -> Attribution | None:
    ends = [a.end for a in ordered]
    i = bisect_right(ends, offset) - 1
    return ordered[i] if i >= 0 else None


def _drop_embedded_stances(attributions: list[Attribution]) -> None:
    """A stance or belief inside what someone is reported to have said is part of that report
    ("X said Y supports the plan"), not an attribution of its own."""
    contents = sorted((start, end) for a in attributions if a.reports_speech for start, end in a.content)
    starts = [start for start, _ in contents]

    def inside_speech(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return any(contents[j][1] > offset for j in range(max(i - EMBEDDING_LOOKBACK, 0), i + 1))

    attributions[:] = [a for a in attributions if a.reports_speech or a.cue is None or not inside_speech(a.cue[0])]


def _drop_nested_duplicates(attributions: list[Attribution]) -> None:
    """Two cues of one source over the same quotation (a conjoined 'said and added'): keep the first."""
    seen: dict[tuple, Attribution] = {}
    for attribution in list(attributions):
        key = tuple(attribution.content)
        if key in seen and seen[key].speaker == attribution.speaker:
            attributions.remove(attribution)
        else:
            seen[key] = attribution
