"""PLOVER event coding of one parsed document.

Per sentence:
1. candidates: lexicon triggers whose constraints hold (verbs in a main, complement or adverbial
   clause; nouns only through a support verb "held talks", an occurrence verb "talks ended", an
   agent "Russia's invasion", or a speaker's verdict "is a non-starter"), plus obligations and
   penalties in reported speech ("Sherman said Moscow must de-escalate" is a REQUEST by the
   speaker, "warned that Moscow would face sanctions" a THREATEN);
2. one event per predicate: a candidate inside another's clause is its content and is dropped
   ("threatened [to cut off electricity]"), except coordinated clauses with their own subject;
3. reported intentions are coded as the commitment they are: "said it will support" -> AGREE,
   "said they would boycott" -> THREATEN, "will not accept" / "cannot reverse" -> REJECT;
4. source and target actors from the dependency paths the pattern names, and the four flags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from newsledger.events import learned, syntax
from newsledger.events.actors import NON_STATE_CODES, ActorCoder, name_span, written_phrase
from newsledger.events.flags import Flags
from newsledger.events.learned import EventModel
from newsledger.events.quoted import QuoteIndex
from newsledger.events.lexicon import Lexicon, TriggerPattern
from newsledger.knowledge.actors import ActorKnowledge
from newsledger.model import Actor, Document, Event, Quote, Span

BAD_VERB_DEPS = ("amod", "compound", "acl", "pcomp", "csubj", "csubjpass", "nmod", "npadvmod", "pobj",
                 "dobj", "nsubj", "nsubjpass", "attr", "appos", "poss")
RELATIVE_PRONOUNS = ("who", "which", "that", "whom")
# the parts of speech under which a word may be a lexicon trigger, and the lexicon's part of speech for each
TRIGGER_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# Words whose listing is remembered before the memo starts over: bounds memory on an endless corpus.
MAX_LISTED_WORDS = 100_000


@dataclass(frozen=True)
class Candidate:
    token: Token          # syntactic head of the trigger
    first: Token          # first token of the trigger text
    pattern: TriggerPattern
    anchor: Token         # the verb whose clause holds the event (the trigger itself for verbs)
    speaker: Token | None = None  # the speech verb whose subject is the source (reported demands, verdicts)

    @property
    def is_noun(self) -> bool:
        return self.pattern.pos != "VERB"


# The last place a target is looked for: where the event happened ("lifted the curfew in Abidjan").
LOCATION_SLOT = "in|at|into|near|throughout|across|inside"
# Reported obligations have no lexicon line: their target is the subject of the obliged clause.
OBLIGATION = TriggerPattern(lemma="must", pos="VERB", type="REQUEST", mode=None, targets=())
# Reported penalties ("warned that Moscow would face sanctions") neither: a THREATEN from the speaker
# to the clause's subject.
PENALTY = TriggerPattern(lemma="face", pos="VERB", type="THREATEN", mode=None, targets=())


class EventCoder:
    def __init__(self, lexicon: Lexicon, knowledge: ActorKnowledge, model: EventModel | None = None):
        self.lexicon = lexicon
        self.cue = lexicon.cue
        self.knowledge = knowledge
        self.flags = Flags(lexicon)
        self.model = model
        self.listed_words: dict[tuple[str, str, str], bool] = {}

    def __call__(self, document: Document, parsed: Doc) -> None:
        actors = self._actors(document)
        quotes = QuoteIndex(document.quotes)
        events: list[Event] = []
        tree = syntax.Tree(parsed)
        for sentence in parsed.sents:
            kept = self._one_per_predicate(self._candidates(sentence, actors, tree), tree)
            found = {p.token.i: p for p in learned.predicates(sentence, tree)} if self.model is not None else {}
            coded = [(candidate, event) for candidate in kept
                     if (event := self._event(candidate, sentence, document, actors, quotes, "",
                                              found.get(candidate.token.i) or found.get(candidate.anchor.i),
                                              self._complement_predicate(candidate, found))) is not None]
            events.extend(event for _, event in coded)
            if self.model is not None:
                events.extend(self._learned(sentence, found.values(), kept, document, actors, quotes))
        events.sort(key=lambda event: event.trigger.start)
        document.events = [event.model_copy(update={"id": f"v{i}"}) for i, event in enumerate(events, 1)]

    def rule_types(self, document: Document, parsed: Doc) -> dict[int, str]:
        """The type the hand rules give each predicate they code, by token index (a feature of the
        learned type model)."""
        actors = self._actors(document)
        types = {}
        tree = syntax.Tree(parsed)
        for sentence in parsed.sents:
            for candidate in self._one_per_predicate(self._candidates(sentence, actors, tree), tree):
                types[candidate.token.i] = types[candidate.anchor.i] = candidate.pattern.type
        return types

    def _actors(self, document: Document) -> ActorCoder:
        return ActorCoder(document, self.knowledge, self.cue("pronouns"), self.cue("descent_words"),
                          self.cue("location_prepositions"), self.cue("speech_verbs"))

    def _country(self, code: str, sector: str | None = None) -> Actor:
        """A state as an actor no phrase names: its name, else its code, as the text."""
        return Actor(text=self.knowledge.country_name(code) or code, code=code, sector=sector)

    # ---- the learned coder ------------------------------------------------------------------------

    def _learned(self, sentence: SpacySpan, found: Iterable[learned.Predicate], kept: list[Candidate],
                 document: Document, actors: ActorCoder, quotes: QuoteIndex) -> list[Event]:
        """Events of the predicates the rules left alone, typed by the learned model."""
        events = []
        for predicate in found:
            token = predicate.token
            if any(self._covers(candidate, token.i, predicate.tree) for candidate in kept):
                continue
            probabilities = self.model.types.probabilities(learned.type_features(predicate, None))
            # the predicate reports some event more likely than not; its type is the likeliest one
            # (a single type's probability under-counts an event the types share: ASSAULT or COERCE)
            if 1 - probabilities[learned.NONE] < self.model.threshold:
                continue
            type_ = max((t for t in probabilities if t != learned.NONE), key=probabilities.get)
            quote = quotes.content_at(token.idx)
            with actors.at_venue(type_ in self.cue("venue_types")):
                source, target = self._roles(predicate, actors, document, quote, agent_source=True)
            target = target or self._place_recipient(type_, token, actors)
            if not source or not target:
                continue  # the models learned dyads: what one side does to another
            if not any(self._political(actor, document) for actor in source + target):
                continue  # "Watkins doubled Villa's lead": PLOVER codes what political actors do
            events.append(Event(
                id="", type=type_, source=source, target=target,
                trigger=Span(start=token.idx, end=token.idx + len(token.text), text=token.text),
                sentence=Span(start=sentence.start_char, end=sentence.end_char),
                negated=self.flags.negated(token, token), hypothetical=self.flags.hypothetical(token, token),
                future=self.flags.future(token, token, reported=self._speech_governor(token) is not None),
                historical=self.flags.historical(token, token, document.published),
                quote=quote.id if quote else None,
            ))
        return events

    def _political(self, actor: Actor, document: Document) -> bool:
        """A party of the kind PLOVER codes: a state, organization or sector (the actor has a code or
        a sector), a named organization or nationality, or a person with a title or role."""
        if actor.code or actor.sector:
            return True
        entity = document.entity(actor.entity)
        return entity is not None and (entity.type in self.cue("political_entity_types") or bool(entity.roles))

    @staticmethod
    def _complement_predicate(candidate: Candidate, found: dict[int, learned.Predicate]) -> learned.Predicate | None:
        """The predicate of a verb trigger's infinitive complement: "threatened [to shell the tree]"."""
        clause = None if candidate.is_noun else syntax.child(candidate.token, "xcomp")
        return found.get(clause.i) if clause is not None else None

    def _completed(self, candidate: Candidate, source: list[Actor], target: list[Actor], implied: list[Actor],
                   predicate: learned.Predicate, actors: ActorCoder, document: Document,
                   quote: Quote | None, complement: learned.Predicate | None = None) -> tuple[list[Actor], list[Actor]]:
        """The source and target the rules left empty, from the learned roles of the predicate. A
        target the rules only implied (a domestic event's own state) gives way to the one the
        sentence names, which keeps the state's code when it has none of its own ("police arrested
        the leader of the network") and names no region of other states ("accused the West")."""
        learned_source, learned_target = self._roles(predicate, actors, document, quote, exclude=candidate.token)
        if not learned_target and complement is not None:
            _, learned_target = self._roles(complement, actors, document, quote, exclude=candidate.token)
        if candidate.pattern.type not in self.cue("violence_types"):  # the rules' convention names violence's source
            source = source or learned_source
        learned_target = [a for a in learned_target if a not in source]
        if implied and learned_target:
            return source, [a if a.code or self.knowledge.names_region(a.text)
                            else a.model_copy(update={"code": implied[0].code}) for a in learned_target]
        return source, target or learned_target

    def _reported_parties(self, candidate: Candidate, source: list[Actor], target: list[Actor], actors: ActorCoder,
                          document: Document, quote: Quote | None) -> tuple[list[Actor], list[Actor]]:
        """The speaker and the one asked or warned, by their words where they have no code ("the
        opposition leader said the government must resign")."""
        speaker = syntax.subject(candidate.speaker) or syntax.agent(candidate.speaker)
        if not source and speaker is not None:
            source = self._argument_actors(speaker, actors, document, quote)
        if not target and (subject := self._obliged(candidate)) is not None \
                and not syntax.is_pronoun(subject, self.cue("first_person")):
            target = [a for a in self._argument_actors(subject, actors, document, quote) if a not in source]
        return source, target

    def _named_source(self, predicate: learned.Predicate, candidate: Candidate, actors: ActorCoder,
                      document: Document, quote: Quote | None) -> list[Actor]:
        """The learned source of a violent event the rules placed (an unattributed attack takes the
        country it happened in), when it is a name the entities stage found: "AQAP has carried out
        attacks in Yemen" is AQAP's, while "a car bomb in Kiev killed ..." stays unattributed."""
        source, _ = self._roles(predicate, actors, document, quote, exclude=candidate.token)
        return source if any(actor.entity for actor in source) else []

    def _roles(self, predicate: learned.Predicate, actors: ActorCoder, document: Document,
               quote: Quote | None, exclude: Token | None = None,
               agent_source: bool = False) -> tuple[list[Actor], list[Actor]]:
        """The arguments the role model takes for the source and the target, as actors (never the
        event's own noun, `exclude`: "the talks produced ..."); with `agent_source`, a source that
        cannot act is none ("Marquette's numbers show ..."), and without a source no target is read
        (the learned coder makes no event of it)."""
        scored = [(argument, self.model.roles.probabilities(learned.role_features(predicate, argument)))
                  for argument in predicate.arguments if argument.head != exclude and not self._relative_of(argument.head)]
        chosen: dict[str, learned.Argument] = {}
        # the more certain role first; the other from the remaining arguments
        for role in sorted(("source", "target"), key=lambda r: -max((p[r] for _, p in scored), default=0.0)):
            rest = [(argument, p) for argument, p in scored if argument not in chosen.values()]
            argument, p = max(rest, key=lambda item: item[1][role], default=(None, {}))
            if argument is not None and p[role] >= learned.ROLE_MIN:
                chosen[role] = argument
        heads = {role: _phrase_head(argument.head) for role, argument in chosen.items()}
        if agent_source and "source" in heads and not self._agent(heads["source"], actors):
            del heads["source"]
        if "target" in heads:
            heads["target"] = self._target_head(heads["target"])
        source = self._argument_actors(heads["source"], actors, document, quote) if "source" in heads else []
        if agent_source and not source:
            return [], []
        target = self._argument_actors(heads["target"], actors, document, quote) if "target" in heads else []
        if target and any(self._political(actor, document) for actor in source + target):
            others = [argument for argument, p in scored if argument not in chosen.values() and p["target"] >= learned.ROLE_MIN]
            target = self._more_targets(target, others, actors, document, quote)
        return source, [a for a in target if a not in source]

    def _more_targets(self, target: list[Actor], others: list[learned.Argument], actors: ActorCoder,
                      document: Document, quote: Quote | None) -> list[Actor]:
        """The target with every other party the role model also takes as a target ("provided
        weapons to X to fight Y"). Only parties PLOVER codes, so they never make an event of parties
        it does not (the caller asks that of the first target); a pronoun is left to the parties it
        stands for."""
        target = list(target)
        for argument in others:
            if argument.head.pos_ != "PRON":
                head = self._target_head(_phrase_head(argument.head))
                target += [a for a in self._argument_actors(head, actors, document, quote)
                           if self._political(a, document) and not self._repeats(a, target)]
        return target

    def _target_head(self, head: Token) -> Token:
        """The party a phrase taken as the target names: "the attack [by the rebels]" is the rebels'."""
        return _agent_of(head, self.cue("agent_prepositions"))

    @staticmethod
    def _repeats(actor: Actor, target: list[Actor]) -> bool:
        """Whether a further target only says again who the target is: the same actor, or a phrase
        about a state already there, of no entity or the same one ("Moscow", then "Moscow's interests")."""
        return actor in target or actor.code is not None and any(
            other.code == actor.code and actor.entity in (None, other.entity) for other in target)

    def _relative_of(self, token: Token) -> bool:
        """"his [counterpart]", "its [rival]": the possessor of a relational noun is the other side
        of the relation, never the party the noun names."""
        return token.dep_ == "poss" and token.head.lemma_.lower() in self.cue("relational_nouns")

    def _argument_actors(self, head: Token, actors: ActorCoder, document: Document, quote: Quote | None) -> list[Actor]:
        """The actors a noun phrase names; uncoded, with its words (and entity), when no code is known."""
        if found := actors.phrase(head):
            return found
        if syntax.is_pronoun(head, self.cue("first_person")) and quote is not None \
                and (found := self._quote_speaker(quote, document)):
            return found
        entity = actors.mentions.entity_at(head.idx, head.idx + len(head.text))
        if entity is None and head.pos_ == "PRON":
            antecedent = learned.reported_antecedent(head)  # "the rebels said they would release ..."
            return self._argument_actors(antecedent, actors, document, quote) if antecedent is not None else []
        text = written_phrase(head)
        return [Actor(entity=entity.id if entity else None, text=text, sector=self.knowledge.sector_for(text))]

    # ---- 1. candidates -------------------------------------------------------------------------

    def _candidates(self, sentence: SpacySpan, actors: ActorCoder, tree: syntax.Tree) -> list[Candidate]:
        """The sentence's rule triggers. Each reading is tried only where the tree allows it (most
        tokens allow none): an obligation needs a modal under the verb or an obliging verb above it,
        a penalty a penalty verb, a lexicon trigger a word of a trigger's part of speech or the
        first part of a hyphenated word."""
        tokens = range(sentence.start, sentence.end)
        obliged = self._obliged_verbs(tokens, tree)
        penalizing = {i for i in tokens if tree.pos[i] == "VERB" and tree.has_lemma(i, self.cue("penalty_verbs"))}
        listed = self._listed(tokens, tree)
        found = []
        for i in sorted(obliged | penalizing | listed):
            token = tree.doc[i]
            candidate = ((self._obligation(token) if i in obliged else None)
                         or (self._penalty(token) if i in penalizing else None)
                         or (self._lexical(token, actors) if i in listed else None))
            if candidate is not None:
                found.append(candidate)
        return found

    def _obliged_verbs(self, tokens: range, tree: syntax.Tree) -> set[int]:
        """The verbs `_obligation` may read: with a modal among their auxiliaries ("must go"), or an
        infinitive with an auxiliary under an obliging verb ("has to go")."""
        verbs = set()
        for i in tokens:
            if tree.deps[i] == "aux":
                verb = tree.heads[i]
                if tree.lower[i] in self.cue("obligation_modals") or tree.deps[verb] == "xcomp" \
                        and tree.has_lemma(tree.heads[verb], self.cue("obligation_verbs")):
                    verbs.add(verb)
        return verbs

    def _listed(self, tokens: range, tree: syntax.Tree) -> set[int]:
        """The tokens under one of whose forms the lexicon lists a pattern, and the first parts of
        hyphenated words (`_forms` reads the whole word)."""
        lower, spaces, lemmas = tree.lower, tree.spaces, tree.lemmas
        last = len(lower) - 2
        return {i for i in tokens
                if not spaces[i] and i < last and lower[i + 1] == "-" and not spaces[i + 1]
                or (pos := TRIGGER_POS.get(tree.pos[i])) is not None and self._lists(lower[i], lemmas[i], pos)}

    def _lists(self, lower: str, lemma: str, pos: str) -> bool:
        """Whether the lexicon lists a pattern under one of the word's forms; asked of every token,
        so remembered per word (a tenth of the stage's CPU otherwise)."""
        key = (lower, lemma, pos)
        listed = self.listed_words.get(key)
        if listed is None:
            if len(self.listed_words) >= MAX_LISTED_WORDS:
                self.listed_words.clear()
            listed = self.listed_words[key] = any(self.lexicon.candidates(form, pos)
                                                  for form in syntax.word_forms(lower, lemma))
        return listed

    def _forms(self, token: Token):
        """(lemma, pos, syntactic head, first token) under which a token may be a trigger."""
        if (compound := syntax.hyphen_compound(token)) is not None:
            word, last = compound
            for pos in ("VERB", "NOUN", "ADJ"):
                yield word, pos, last, token
        if token.i > 0 and token.doc[token.i - 1].text == "-" and not token.doc[token.i - 1].whitespace_:
            return  # the tail of a hyphenated word is read with its head
        pos = TRIGGER_POS.get(token.pos_)
        if pos is not None:
            for lemma in syntax.lemmas(token):
                yield lemma, pos, token, token

    def _lexical(self, token: Token, actors: ActorCoder) -> Candidate | None:
        for lemma, pos, head, first in self._forms(token):
            for pattern in self.lexicon.candidates(lemma, pos):
                if not self._constraints_hold(pattern, head):
                    continue
                anchor = self._anchor(pattern, head, actors)
                if anchor is not None:
                    speaker = self._speech_governor(anchor) if pattern.pos != "VERB" else None
                    return Candidate(head, first, pattern, anchor, speaker)
        return None

    def _constraints_hold(self, pattern: TriggerPattern, token: Token) -> bool:
        if pattern.particle and syntax.particle(token) != pattern.particle:
            return False
        if pattern.active and syntax.is_passive(token):
            return False
        if pattern.objects:
            obj = syntax.direct_object(token) if pattern.pos == "VERB" else None
            if obj is None or not any(syntax.has_lemma(o, pattern.objects) for o in syntax.object_heads(obj)
                                      + syntax.children(obj, "compound")):
                return False
        if pattern.prepositions and not any(p.lower_ in pattern.prepositions for p in syntax.children(token, "prep")):
            return False
        if pattern.prep_objects and not any(syntax.has_lemma(o, pattern.prep_objects) for prep in syntax.children(token, "prep")
                                            for o in syntax.children(prep, "pobj")):
            return False
        if pattern.modifiers and not any(syntax.has_lemma(m, pattern.modifiers)
                                         for m in syntax.children(token, "amod", "compound", "nmod")):
            return False
        if pattern.needs_clause and ((clause := syntax.governed_clause(token)) is None
                                     or syntax.is_question(clause, self.cue("question_words"))):
            return False
        if pattern.needs_infinitive and not any(syntax.is_infinitive(c) for c in syntax.children(token, "xcomp")):
            return False
        return True

    def _anchor(self, pattern: TriggerPattern, token: Token, actors: ActorCoder) -> Token | None:
        """The verb whose clause states the event, or None when the trigger is a mere mention."""
        if pattern.pos == "VERB":
            if token.pos_ != "VERB" or token.dep_ in BAD_VERB_DEPS:
                return None
            if token.dep_ == "relcl" and not self._first_person_relative(token):
                return None
            obj = syntax.direct_object(token)
            if pattern.type in ("ASSAULT", "COERCE") and obj is not None \
                    and syntax.has_lemma(obj, self.cue("nonphysical_objects")):
                return None  # "kill the bill"
            if pattern.type == "CONSULT" and obj is not None and syntax.has_lemma(obj, self.cue("abstract_objects")):
                return None  # "meet the demand"
            if self._obligation_without_speaker(token):
                return None  # "You should resign." is neither a resignation nor, unreported, a request
            subject = syntax.child(token, "nsubj")
            if subject is not None and not self._agent(subject, actors) and not (
                    pattern.type in self.cue("violence_types") and self._weapon(subject)):
                return None  # "analyses agree", "the topic provided an opening", "that promises to ..."
            return token
        return self._noun_anchor(pattern, token, actors)

    def _agent(self, subject: Token, actors: ActorCoder) -> bool:
        """Whether a subject can act: a name (or a named entity the tagger did not take for a proper
        noun: "ICE returned ..."), a personal pronoun, a coded actor, a titled or national group, or
        a word for people ("protesters", "prisoners")."""
        if subject.lower_ in RELATIVE_PRONOUNS:
            subject = subject.head.head if subject.head.dep_ == "relcl" else subject
        if subject.pos_ == "PROPN" or subject.ent_type_ in self.cue("acting_entity_types") \
                or syntax.is_pronoun(subject, self.cue("pronouns") | {"you"}):
            return True
        return bool(actors.phrase(subject, with_conjuncts=False)) or syntax.has_lemma(subject, self.cue("agent_nouns")) \
            or self.knowledge.sector_for(subject.text) is not None

    def _weapon(self, token: Token) -> bool:
        """A weapon or an attack that kills or wounds: "a roadside bombing", "a minefield explosion"."""
        return syntax.has_lemma(token, self.cue("armed_words") | self.cue("attack_nouns"))

    def _addressee(self, subject: Token) -> bool:
        """Someone who can be asked to act: a name, a pronoun other than I/we, or a titled or
        national group ("Russian troops", "officials"); not "there" or "the result"."""
        if subject.lower_ == "there" or syntax.is_pronoun(subject, self.cue("first_person")):
            return False
        if subject.pos_ == "PROPN" or syntax.is_pronoun(subject, self.cue("addressee_pronouns")):
            return True
        return self.knowledge.sector_for(subject.text) is not None or self.knowledge.demonym(subject.text) is not None

    def _obligation_without_speaker(self, verb: Token) -> bool:
        return any(a.lower_ in self.cue("obligation_modals") for a in syntax.children(verb, "aux"))

    def _first_person_relative(self, verb: Token) -> bool:
        """"demands ... that we cannot reverse": a speaker's own commitment in a relative clause."""
        subject = syntax.child(verb, "nsubj")
        return verb.dep_ == "relcl" and subject is not None and syntax.is_pronoun(subject, self.cue("first_person"))

    def _noun_anchor(self, pattern: TriggerPattern, trigger: Token, actors: ActorCoder) -> Token | None:
        noun = trigger
        while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head  # "talks and a meeting": coordinated nouns share the anchor
        if noun.dep_ == "conj" and syntax.has_lemma(noun.head, self.cue("occurrence_verbs")):
            return noun.head  # "A session follows on Wednesday, and a meeting ... on Thursday"
        while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "NUM"):
            noun = noun.head.head  # "eight hours of talks", "a series of attacks"
        head = noun.head
        supports = pattern.support_verbs or self.cue("support_verbs")
        if noun.dep_ in ("dobj", "obj", "nsubjpass") and syntax.has_lemma(head, supports):
            return head
        if noun.dep_ == "pobj" and head.head.pos_ == "VERB" and (
                (pattern.support_verbs and syntax.has_lemma(head.head, pattern.support_verbs))
                or (head.lower_ == "for" and syntax.has_lemma(head.head, self.cue("travel_verbs")))):
            return head.head  # "remained on alert", "returned to Geneva for talks"
        if pattern.support_verbs:
            return None
        if noun.dep_ == "nsubj" and syntax.has_lemma(head, self.cue("occurrence_verbs")):
            return head
        if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "VERB" \
                and syntax.has_lemma(noun.head.head, supports | self.cue("occurrence_verbs")):
            return noun.head.head  # "will continue ... with consultations in Brussels"
        if trigger.dep_ in ("attr", "acomp", "nsubj") and trigger.head.lemma_.lower() == "be" \
                and pattern.type in self.cue("verdict_types") and self._speech_governor(trigger.head) is not None:
            return trigger.head  # a speaker's verdict: "... is a non-starter, she said"
        if self._agentive(noun, actors) and self._in_clause_role(noun):
            return syntax.clause_verb(noun)
        return None

    def _agentive(self, noun: Token, actors: ActorCoder) -> bool:
        """"Russia's invasion", "invasion by Russia", "military movement by Russian forces"."""
        holders = syntax.children(noun, "poss") + syntax.prepositional_objects(noun, self.cue("agent_prepositions"))
        return any(actors.phrase(holder) for holder in holders)

    @staticmethod
    def _in_clause_role(noun: Token) -> bool:
        """A subject or object of a verb, or a verb's/adjective's prepositional object, not a noun's modifier."""
        if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "attr"):
            return True
        return noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "ADJ", "AUX")

    def _obligation(self, verb: Token) -> Candidate | None:
        """"X said Y must/should Z", "... has to Z": a REQUEST from the speaker to Y."""
        if not (verb.n_lefts or verb.n_rights):
            return None  # both readings below need an auxiliary under the verb
        modal = next((a for a in syntax.children(verb, "aux") if a.lower_ in self.cue("obligation_modals")), None)
        anchor = verb
        if modal is None and verb.dep_ == "xcomp" and syntax.has_lemma(verb.head, self.cue("obligation_verbs")) \
                and syntax.child(verb, "aux") is not None:
            modal, anchor = verb.head, verb.head
        if modal is None or syntax.child(anchor, "neg") is not None or syntax.is_passive(verb):
            return None  # "X should be hanged" states an opinion about X, it asks nothing of X
        if anchor.dep_ == "relcl" or verb.dep_ == "relcl":
            return None  # "the opportunity that Hillary has to speak"
        subject = syntax.child(verb, "nsubj") or syntax.noun_before(modal)
        if subject is None or not self._addressee(subject):
            return None  # "there needs to be a law", "we should", "the result should boost ...": no one is asked
        speaker = self._speech_governor(anchor)
        if speaker is None:
            return None
        return Candidate(verb, modal if modal.i < verb.i else verb, OBLIGATION, anchor, speaker)

    def _penalty(self, verb: Token) -> Candidate | None:
        """"X warned (that) Y would face sanctions (if ...)": a THREATEN from the speaker to Y. The
        penalty must be announced (will/would) or conditional; "Russia faced sanctions" is a report."""
        if verb.pos_ != "VERB" or not syntax.has_lemma(verb, self.cue("penalty_verbs")) \
                or syntax.child(verb, "neg") is not None or verb.dep_ == "relcl":
            return None
        obj = syntax.direct_object(verb)
        if obj is None or syntax.is_passive(verb) or not syntax.has_lemma(obj, self.cue("penalty_words")):
            return None
        announced = self.flags.aux_lemmas(verb) & (self.cue("future_auxiliaries") | self.cue("reported_future_auxiliaries"))
        if not announced and next(syntax.conditional_clauses(verb, self.cue("conditional_marks")), None) is None:
            return None
        speaker = self._speech_governor(verb)
        if speaker is None:
            return None
        return Candidate(verb, verb, PENALTY, verb, speaker)

    def _speech_governor(self, anchor: Token) -> Token | None:
        """The speech verb whose reported clause the anchor is in ("Sherman said [Moscow must ...]")."""
        current = anchor
        while current.head != current and current.dep_ in ("ccomp", "conj", "xcomp", "parataxis", "advcl"):
            head = current.head
            if current.dep_ in ("ccomp", "parataxis") and syntax.has_lemma(head, self.cue("speech_verbs")):
                return head
            current = head
        for token in anchor.children:  # "X will provide aid ..., the WFP said" parsed with the verb as root
            if token.dep_ in ("ccomp", "parataxis", "advcl", "conj") and token.i > anchor.i \
                    and syntax.has_lemma(token, self.cue("speech_verbs")) and syntax.child(token, "nsubj") is not None:
                return token
        return None

    # ---- 2. one event per predicate ---------------------------------------------------------

    def _one_per_predicate(self, candidates: list[Candidate], tree: syntax.Tree) -> list[Candidate]:
        kept: list[Candidate] = []
        for candidate in sorted(candidates, key=lambda c: (_depth(c.anchor), _depth(c.token))):
            if not any(self._contains(outer, candidate, tree) for outer in kept):
                kept.append(candidate)
        return sorted(kept, key=lambda c: c.first.i)

    @staticmethod
    def _covers(candidate: Candidate, verb: int, tree: syntax.Tree) -> bool:
        """Whether a rule candidate already reads the verb (asked of every verb the rules left, for
        each candidate of the sentence): its own word, or a verb of its predicate."""
        return verb == candidate.token.i or EventCoder._in_predicate(candidate.anchor.i, verb, tree)

    @staticmethod
    def _contains(outer: Candidate, inner: Candidate, tree: syntax.Tree) -> bool:
        """Whether `inner` is part of `outer`'s predicate (its content, or the same clause)."""
        if inner.is_noun and outer.is_noun and inner.token != outer.token and (
                inner.token in outer.token.conjuncts or inner.token.dep_ == "conj"):
            return False  # "a session ... and a meeting ...": two events
        return inner.token.i == outer.anchor.i or EventCoder._in_predicate(outer.anchor.i, inner.anchor.i, tree)

    @staticmethod
    def _in_predicate(anchor: int, token: int, tree: syntax.Tree) -> bool:
        """Whether the token is the anchor or below it, with no coordinated clause that has its own
        subject in between (that is another predicate)."""
        below = []
        while token != anchor:
            if tree.heads[token] == token:
                return False  # the root, and the anchor was not above the token
            below.append(token)
            token = tree.heads[token]
        return not any(tree.deps[i] == "conj" and tree.child(i, "nsubj", "nsubjpass") is not None for i in below)

    # ---- 3 + 4. the event -------------------------------------------------------------------

    def _event(self, candidate: Candidate, sentence: SpacySpan, document: Document, actors: ActorCoder,
               quotes: QuoteIndex, event_id: str, predicate: learned.Predicate | None = None,
               complement: learned.Predicate | None = None) -> Event | None:
        """The event a candidate reports, or None where it names no party."""
        token, anchor, pattern = candidate.token, candidate.anchor, candidate.pattern
        quote = quotes.content_at(candidate.first.idx)
        with actors.at_venue(pattern.type in self.cue("venue_types")):
            parties = self._parties(candidate, sentence, document, actors, quotes, quote, predicate, complement)
        if parties is None:
            return None
        source, target = parties
        negated = self.flags.negated(token, anchor)
        speaker = candidate.speaker or self._speech_governor(anchor)
        future = self.flags.future(token, anchor, reported=speaker is not None)
        type_, mode = pattern.type, pattern.mode
        # a reported penalty is a commitment too: "would face" -> THREATEN
        commitment = self._commitment(candidate, negated, future, speaker is not None) if pattern is not OBLIGATION else None
        if commitment is not None:
            type_, negated, future = commitment, False, False
            mode = mode if type_ == "THREATEN" else None
        elif not future and (retyped := self._retyped(candidate, predicate)) != type_:
            type_, mode = retyped, None  # a mode belongs to its pattern's type
        if type_ == "AGREE" and self._hostile_content(candidate, actors):
            type_ = "THREATEN"  # "have sworn to fight", "promised to retaliate"
        if type_ == "THREATEN":
            mode = self._threat_mode(candidate) or mode
        last = compound[1] if (compound := syntax.hyphen_compound(token)) else token
        end = max(last.idx + len(last.text), candidate.first.idx + len(candidate.first.text))
        start = min(token.idx, candidate.first.idx)
        return Event(
            id=event_id, type=type_, mode=mode, source=source, target=target,
            trigger=Span(start=start, end=end, text=document.text[start:end]),
            sentence=Span(start=sentence.start_char, end=sentence.end_char),
            negated=negated, hypothetical=self.flags.hypothetical(token, anchor), future=future,
            historical=self.flags.historical(token, anchor, document.published),
            quote=quote.id if quote else None,
        )

    def _parties(self, candidate: Candidate, sentence: SpacySpan, document: Document, actors: ActorCoder,
                 quotes: QuoteIndex, quote: Quote | None, predicate: learned.Predicate | None,
                 complement: learned.Predicate | None) -> tuple[list[Actor], list[Actor]] | None:
        """The source and target of a candidate's event, from its pattern's slots; the learned roles
        of its predicate (when given) fill what the slots leave empty. None where it names no party."""
        pattern = candidate.pattern
        source = self._source(candidate, actors, document, quotes, quote)
        placed: list[Actor] = []
        if not source and pattern.type in self.cue("violence_types"):
            source = placed = self._place_source(candidate, sentence, actors)
        target = self._target(candidate, actors)
        # a place, like a domestic event's own state, only implies the target: one the sentence
        # names takes its place and its code ("attacked an army camp in western Kabul")
        implied = [] if target else self._located_target(candidate, actors)
        target = target or implied
        if not source and pattern.type in self.cue("home_protest_types"):
            source = self._home_protesters(candidate, target)
        if not target and candidate.speaker is None and pattern is not OBLIGATION:
            target = implied = self._domestic_target(pattern.type, source, sentence, actors)
        if pattern.armed and not self._armed(candidate, source, source + target):
            return None
        named = bool(source or target)
        if _reported(candidate):
            source, target = self._reported_parties(candidate, source, target, actors, document, quote)
            if pattern is OBLIGATION and _own_state(target, source, self.cue("state_sectors")):
                return None  # "Putin said Russia must boost its troops": his own policy, asked of no one
        # a reported obligation or penalty is the speaker's act on the clause's subject: the roles
        # the obliged clause's own verb gives ("[the government] must resign") are not its roles
        elif predicate is not None and not (source and target and not implied):
            source, target = self._completed(candidate, source, target, implied, predicate, actors, document, quote,
                                             complement)
        if (placed or not source) and predicate is not None and pattern.type in self.cue("violence_types"):
            source = self._named_source(predicate, candidate, actors, document, quote) or source
        # "the talks produced no breakthrough": a mention of an event no one is named in, unless the
        # role model finds both sides ("ordered an investigation against DEA officials")
        if (candidate.is_noun or pattern.type in self.cue("violence_types")) and candidate.speaker is None \
                and not named and not (source and target):
            return None
        if placed and source == placed and target == implied:
            return None  # "sent troops to fight in Ukraine": where, and no one the place stands for
        return source, target or self._place_recipient(pattern.type, candidate.anchor, actors)

    def _retyped(self, candidate: Candidate, predicate: learned.Predicate | None) -> str:
        """The rule's type, unless the type model, reading the predicate with the rule's type among
        its features, finds another type more likely by `RETYPE_MARGIN`. Only for a verb trigger: a
        verb's type depends on its arguments ("called for sanctions", "approved troop deployments"),
        which the model reads, while a noun trigger names its event ("sanctions", "talks") and
        the model would read only its support verb; and not for the constructions the rules read
        themselves (reported obligations and penalties)."""
        pattern = candidate.pattern
        if predicate is None or pattern is OBLIGATION or pattern is PENALTY or predicate.token != candidate.token:
            return pattern.type
        probabilities = self.model.types.probabilities(learned.type_features(predicate, pattern.type))
        best = max((t for t in probabilities if t != learned.NONE), key=probabilities.get)
        if pattern.type in learned.SUBTYPES.get(best, ()):
            return pattern.type  # the model's class, which the rule's type refines
        return best if probabilities[best] - probabilities.get(pattern.type, 0.0) >= learned.RETYPE_MARGIN else pattern.type

    def _commitment(self, candidate: Candidate, negated: bool, future: bool, reported: bool) -> str | None:
        """The commitment a stated intention makes, or None when the event is stated as a fact."""
        anchor, type_ = candidate.anchor, candidate.pattern.type
        auxes = self.flags.aux_lemmas(anchor)
        intends = anchor.dep_ == "xcomp" and syntax.has_lemma(
            anchor.head, self.cue("intent_adjectives") | self.cue("intent_verbs")) \
            and not self._scheduled(anchor.head)
        able = bool(auxes & (self.cue("ability_modals") | self.cue("future_auxiliaries")
                             | self.cue("reported_future_auxiliaries")))
        cooperative = type_ in self.cue("cooperative_types")
        if negated and cooperative and (able or intends):
            return "REJECT"  # "will not accept", "we cannot reverse"
        if negated:
            return None  # "the troops would not deploy": no threat, the event itself, negated
        if not (intends or (future and reported)):
            return None
        conditions = {mark for _, mark in syntax.conditional_clauses(anchor, self.cue("conditional_marks"))}
        if conditions & self.cue("threat_conditional_marks"):
            return "THREATEN"  # "will withdraw its force unless ..."
        if type_ == "CONSULT" and not intends and not conditions and auxes & self.cue("future_auxiliaries"):
            return None  # "will meet on Tuesday" is a scheduled meeting, not an offer
        if cooperative:
            return "AGREE"
        return "THREATEN" if type_ in self.cue("hostile_types") else None

    def _scheduled(self, governor: Token) -> bool:
        """"are expected to meet", "is planned to open": a passive schedule word states what others
        expect, not an intention of the subject's ("Iran expects to sign" is one)."""
        return syntax.is_passive(governor) and governor.lower_ in self.cue("schedule_words")

    def _hostile_content(self, candidate: Candidate, actors: ActorCoder) -> bool:
        """"vowed [to fight]", "pledged [to impose sanctions]": a commitment to a hostile act."""
        clause = syntax.governed_clause(candidate.token)
        if clause is None:
            return False
        obj = syntax.direct_object(clause)
        return any((inner := self._lexical(token, actors)) is not None and inner.pattern.type in self.cue("hostile_types")
                   for token in (clause, obj) if token is not None)

    def _threat_mode(self, candidate: Candidate) -> str | None:
        """What a threat threatens, read from its content: sanctions or force."""
        content = syntax.governed_clause(candidate.token)
        if content is None:
            content = syntax.governed_clause(candidate.anchor)
        if content is None:
            content = candidate.token
        # "warned of consequences [if China sent warships]": the condition is not what is threatened
        condition = {t for verb, _ in syntax.conditional_clauses(content, self.cue("conditional_marks"))
                     for t in verb.subtree}
        lemmas = {t.lemma_.lower() for t in content.subtree if t not in condition}
        if lemmas & self.cue("sanction_words"):
            return "sanctions"
        if lemmas & self.cue("armed_words"):
            return "force"
        return candidate.pattern.mode

    def _armed(self, candidate: Candidate, source: list[Actor], actors: list[Actor]) -> bool:
        """An armed actor, or a weapon or armed group among the trigger's own arguments ("attacked
        the convoy with rockets"); "attacked Clinton for her support of military action" is not."""
        if any(a.sector in self.cue("armed_sectors") for a in actors):
            return True
        if any(a.sector is None and a.code and a.code not in NON_STATE_CODES for a in source):
            return True  # a state as a whole ("Iran attacks the tanker")
        arguments = [c for c in candidate.token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep")
                     and not (c.dep_ == "prep" and c.lower_ in ("for", "over", "about"))]
        return any(self._weapon(t) for c in arguments for t in c.subtree)

    # ---- actors ------------------------------------------------------------------------------

    def _source(self, candidate: Candidate, actors: ActorCoder, document: Document, quotes: QuoteIndex,
                quote: Quote | None) -> list[Actor]:
        token, anchor = candidate.token, candidate.anchor
        if _reported(candidate) or (candidate.is_noun and anchor.lemma_.lower() == "be" and candidate.speaker):
            return self._speaker_actors(candidate.speaker, actors, document, quotes)
        if candidate.is_noun:
            if found := self._noun_holder(candidate, actors):
                return found
            holder = syntax.subject(anchor) if token.dep_ not in ("nsubj", "nsubjpass", "conj") else None
        elif syntax.is_passive(token):
            holder = syntax.agent(token)
            if holder is None and candidate.pattern.type in self.cue("self_passive_types"):
                holder = syntax.child(token, "nsubjpass")  # "the guerrillas have been demobilized"
        else:
            holder = syntax.subject(token)
        if holder is not None and holder.lower_ in RELATIVE_PRONOUNS and holder.head.dep_ == "relcl":
            holder = holder.head.head
        if holder is None:
            return []
        if found := actors.phrase(holder):
            return found
        # an unresolved pronoun: "I"/"we" in a quote is its speaker; "it"/"they" a state or organization
        # before it ("Syria says it ..."); "he", "she", "their forces" the speaker
        if syntax.is_pronoun(holder, self.cue("first_person")) and quote is not None \
                and (found := self._quote_speaker(quote, document)):
            return found
        if syntax.is_pronoun(holder, self.cue("nonpersonal_pronouns")):
            return self._antecedent(holder, actors)
        owner = syntax.child(holder, "poss")
        if syntax.is_pronoun(holder, self.cue("pronouns")) or (
                owner is not None and syntax.is_pronoun(owner, self.cue("pronouns"))):  # "he", "their forces"
            if (speech := self._speech_governor(anchor)) is not None:
                return self._speaker_actors(speech, actors, document, quotes)
            if quote is not None:
                return self._quote_speaker(quote, document)
        return []

    def _antecedent(self, pronoun: Token, actors: ActorCoder) -> list[Actor]:
        """"She warned that Moscow would face sanctions if it invaded": an unresolved "it"/"they"
        is the nearest state or organization before it in the sentence, a subject first ("Syria
        says it ..."); never a person, so with none the source stays empty."""
        start = actors.sentence(pronoun).start
        before = [t for t in pronoun.doc[start:pronoun.i] if t.pos_ in ("PROPN", "NOUN")
                  and t.dep_ not in ("compound", "flat", "amod", "poss")]
        for scope in ([t for t in before if t.dep_ in ("nsubj", "nsubjpass")], before):
            for token in reversed(scope):
                found = actors.phrase(token, with_conjuncts=False)
                if found and not any(_is_person(actor, actors.document) for actor in found):
                    return found
        return []

    def _attribution(self, clause: Token) -> bool:
        """"demanded ..., diplomats quoted a declaration as saying": a reporting clause with its own
        subject is where the text comes from, not what was demanded ("refused to respond" is content)."""
        return syntax.has_lemma(clause, self.cue("speech_verbs") | self.cue("attribution_verbs")) \
            and syntax.child(clause, "nsubj") is not None

    def _home_protesters(self, candidate: Candidate, target: list[Actor]) -> list[Actor]:
        """Protesters of no stated nationality who protest against a state's government, police or
        army ("fundamentalists staged a strike against the Algerian president") are, as CAMEO coders
        assume, that state's own people."""
        subject = syntax.subject(candidate.anchor)
        states = {a.code for a in target if a.code not in NON_STATE_CODES and a.sector in self.cue("state_sectors")}
        if subject is None or syntax.is_pronoun(subject, self.cue("pronouns")) or len(states) != 1:
            return []
        code = states.pop()
        return [Actor(text=subject.text, code=code, sector=self.knowledge.sector_for(subject.text))]

    def _place_source(self, candidate: Candidate, sentence: SpacySpan, actors: ActorCoder) -> list[Actor]:
        """The source of violence no one is named for ("a roadside bombing near Samarra killed ...",
        "was killed by a device outside Basra"): as CAMEO coders do, unidentified armed forces
        (UAF) of the country where it happened, read from the clause's place, else the sentence's."""
        for scope in (candidate.anchor.subtree, sentence):
            if (code := self._location_code(scope, actors)) is not None:
                return [self._country(code, sector="UAF")]
        return []

    def _place_recipient(self, type_: str, anchor: Token, actors: ActorCoder) -> list[Actor]:
        """The recipient of aid no one is named for, as PLOVER coders take it: the country it is
        delivered in ("provided $340 million for assistance in northern Iraq"); none for other types."""
        if type_ not in self.cue("delivered_types"):
            return []
        code = self._location_code(anchor.subtree, actors, dependencies=("prep",))
        return [self._country(code)] if code is not None else []

    def _location_code(self, tokens: Iterable[Token], actors: ActorCoder,
                       dependencies: tuple[str, ...] = ("prep", "advmod")) -> str | None:
        """The country of the first location phrase ("in Basra", "near Samarra") among `tokens`;
        not where something was said ("Borrell said in Luxembourg")."""
        for preposition in tokens:
            if preposition.lower_ in self.cue("location_prepositions") and preposition.dep_ in dependencies \
                    and not syntax.places_saying(preposition, self.cue("speech_verbs")):
                if (code := self._place_code(preposition, actors)) is not None:
                    return code
        return None

    def _place_code(self, preposition: Token, actors: ActorCoder) -> str | None:
        """The country of the first place named in a location phrase: a city, a country or capital,
        or a nationality ("the Iraqi city of Basra")."""
        for token in preposition.subtree:
            if token.pos_ not in ("PROPN", "ADJ") or not token.text[:1].isupper():
                continue
            name = name_span(token).text
            found = self.knowledge.lookup(name, on=actors.on)
            if found is not None and found.kind in ("country", "capital") and actors.valid(found.code):
                return found.code
            if (code := self.knowledge.place_country(name) or self.knowledge.demonym(token.text)) is not None:
                return code
        return None

    def _noun_holder(self, candidate: Candidate, actors: ActorCoder) -> list[Actor]:
        noun = candidate.token
        between = syntax.prepositional_objects(noun, {"between"})
        if between:
            return [a for obj in between for a in actors.phrase(obj)]
        holders = syntax.children(noun, "poss") + syntax.prepositional_objects(noun, self.cue("agent_prepositions"))
        if candidate.pattern.type in self.cue("participant_of_types"):
            holders += syntax.prepositional_objects(noun, {"of"})  # "a meeting of the OSCE's Permanent Council"
        for holder in holders:
            if found := actors.phrase(holder):
                return found
        modifiers = [actor for child in noun.lefts if child.dep_ in ("compound", "amod", "nmod")
                     for token in child.subtree if token.pos_ in ("PROPN", "ADJ")
                     for actor in [actors.name_actor(token)] if actor is not None]
        return modifiers

    def _speaker_actors(self, speech: Token, actors: ActorCoder, document: Document,
                        quotes: QuoteIndex) -> list[Actor]:
        for quote in quotes.cued_at(speech.idx):
            if found := self._quote_speaker(quote, document):
                return found
        holder = syntax.subject(speech) or syntax.agent(speech)
        if holder is None:
            holder = next((t for t in speech.children if t.dep_ in ("nsubj", "dobj") or
                           (t.dep_ == "attr" and t.i > speech.i)), None)
        if holder is None:  # "X was quoted as saying ...": the speaker is the subject higher up
            holder = next((found for governor in syntax.ancestors_within(speech)
                           if (found := syntax.child(governor, "nsubj", "nsubjpass")) is not None), None)
        found = actors.phrase(holder) if holder is not None else []
        if not found and (holder is None or syntax.is_pronoun(holder, self.cue("pronouns"))):
            outer = self._speech_governor(speech)  # "Sherman said [she told ... that ...]"
            if outer is not None:
                return self._speaker_actors(outer, actors, document, quotes)
        return found

    @staticmethod
    def _quote_speaker(quote: Quote, document: Document) -> list[Actor]:
        entity = document.entity(quote.speaker_entity)
        if entity is None or entity.code is None:
            return []
        text = quote.speaker.text if quote.speaker and quote.speaker.text else entity.name
        return [Actor(entity=entity.id, text=text, code=entity.code, sector=entity.sector)]

    @staticmethod
    def _obliged(candidate: Candidate) -> Token | None:
        """The subject of a reported obligation's or penalty's clause: the one asked or warned."""
        subject = syntax.child(candidate.token, "nsubj")
        if subject is None:
            subject = syntax.subject(candidate.anchor)
        return subject if subject is not None else syntax.noun_before(candidate.first)

    def _target(self, candidate: Candidate, actors: ActorCoder) -> list[Actor]:
        if _reported(candidate):
            if (subject := self._obliged(candidate)) is None:
                return []
            found = actors.phrase(subject)
            if not found and syntax.is_pronoun(subject, self.cue("nonpersonal_pronouns")):
                return self._antecedent(subject, actors)  # "if Russia attacks, it will face sanctions"
            return found
        for slot in candidate.pattern.targets:
            if found := self._slot(candidate, slot, actors):
                return found
        return []

    def _located_target(self, candidate: Candidate, actors: ActorCoder) -> list[Actor]:
        """Where the event happened, the last place a target is looked for ("lifted the curfew in
        Abidjan")."""
        if candidate.pattern.type in self.cue("venue_types") or _reported(candidate):
            return []  # "met for eight hours in Geneva": the place is where they met, not whom
        if found := self._slot(candidate, LOCATION_SLOT, actors):
            return found
        # "killed 23 people when they blew themselves up in Tel Aviv": the place is in a clause of time
        for clause in syntax.children(candidate.anchor, "advcl"):
            if any(mark.lower_ in self.cue("time_marks") for mark in syntax.children(clause, "mark", "advmod")) \
                    and (found := self._slot(candidate, LOCATION_SLOT, actors, clause=clause)):
                return found
        return []

    def _domestic_target(self, type_: str, source: list[Actor], sentence: SpacySpan,
                         actors: ActorCoder) -> list[Actor]:
        """The target of an event whose text names none, when the event is domestic: coded, as in
        CAMEO/PLOVER practice, with the source's own state. It is domestic when a state's own civil
        body acts (its government, police, courts, rebels, workers), or when a people protests,
        concedes or coerces in a sentence naming no other state. Armies and states themselves
        ("Russia invaded in 2014") usually act abroad and get no implied target."""
        states = {a.code for a in source if a.code and a.code not in NON_STATE_CODES}
        sectors = {a.sector for a in source}
        if type_ not in self.cue("domestic_types") or len(states) != 1 or sectors & self.cue("external_sectors"):
            return []
        code = states.pop()
        if sectors == {None} and (type_ not in self.cue("popular_domestic_types")
                                  or actors.sentence_countries(sentence) - {code}):
            return []
        return [self._country(code)]

    def _slot(self, candidate: Candidate, slot: str, actors: ActorCoder, clause: Token | None = None) -> list[Actor]:
        token = clause or candidate.token
        if slot in ("obj", "poss", "mod"):
            obj = syntax.direct_object(token) if token.pos_ in ("VERB", "AUX") else None
            return actors.phrase(obj) if obj is not None else []
        if slot == "dative":
            obj = syntax.child(token, "dative", "iobj")
            if obj is not None and obj.dep_ == "dative" and obj.pos_ == "ADP":
                obj = syntax.child(obj, "pobj")
            return actors.phrase(obj) if obj is not None else []
        if slot == "comp":
            if clause is not None:
                return []
            governed = syntax.governed_clause(token)
            if governed is None and candidate.anchor != token:
                governed = syntax.governed_clause(candidate.anchor)  # "reiterated its demand [that Israel ...]"
            if governed is None or self._attribution(governed):
                return []
            subject = syntax.child(governed, "nsubj", "nsubjpass")
            if subject is not None and not syntax.is_pronoun(subject, self.cue("pronouns")) and (found := actors.phrase(subject)):
                return found
            for inner in ("obj", "dative", "to", "with", "against", "from", "on", "in", "into"):
                if found := self._slot(candidate, inner, actors, clause=governed):
                    return found
            return []
        if slot == "cond":
            for verb, _ in syntax.conditional_clauses(candidate.anchor, self.cue("conditional_marks")):
                subject = syntax.child(verb, "nsubj", "nsubjpass")
                if subject is not None and (found := actors.phrase(subject)):
                    return found
            return []
        holders = [token]
        if clause is None and candidate.anchor != token:
            holders.append(candidate.anchor)
        if token.pos_ == "VERB" and (obj := syntax.direct_object(token)) is not None:
            holders.append(obj)
        names = frozenset(slot.split("|"))
        return [a for holder in holders for obj in syntax.prepositional_objects(holder, names)
                if obj != candidate.token for a in actors.phrase(obj)]


def _phrase_head(token: Token) -> Token:
    """The noun a compound modifier belongs to: the party of "freed [a US diplomat]" is the
    diplomat (coded USA by the modifier), not the bare "US"."""
    while token.dep_ == "compound" and token.head != token:
        token = token.head
    return token


def _agent_of(head: Token, agent_prepositions: frozenset[str]) -> Token:
    """The party a noun phrase names: its own head, or, for a noun with a "by" agent, the agent
    ("condemned the protest [by white farmers]": the farmers are condemned)."""
    agents = syntax.prepositional_objects(head, agent_prepositions) if head.pos_ == "NOUN" else []
    return agents[0] if agents and agents[0].pos_ in ("NOUN", "PROPN", "PRON") else head


def _own_state(target: list[Actor], source: list[Actor], state_sectors: frozenset[str]) -> bool:
    """Whether every target is, as a whole, the state one of the sources governs or serves."""
    states = {actor.code for actor in source if actor.sector in state_sectors and actor.code not in NON_STATE_CODES}
    return bool(target) and all(actor.sector is None and actor.code in states for actor in target)


def _is_person(actor: Actor, document: Document) -> bool:
    entity = document.entity(actor.entity)
    return entity is not None and entity.type == "PERSON"


def _reported(candidate: Candidate) -> bool:
    """An obligation or penalty in reported speech: its source is the speaker, its target the subject."""
    return candidate.pattern is OBLIGATION or candidate.pattern is PENALTY


def _depth(token: Token) -> int:
    return sum(1 for _ in syntax.ancestors_within(token))
