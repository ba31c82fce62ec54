"""The learned part of the event coder: predicate arguments, the model files, training examples,
and the CAMEO conversion, on sentences and table lines we wrote."""

from __future__ import annotations

import pytest

from newsledger.events import build_cameo, learned
from newsledger.events.train import Relation, Sentence, _marked_spans, collect, fit_models, read_plv


@pytest.fixture(scope="module")
def nlp():
    from newsledger.nlp import load_model
    from newsledger.settings import Settings

    return load_model(Settings().model)


def slots(nlp, text: str, verb: str) -> dict[str, str]:
    doc = nlp(text)
    predicate = next(p for p in learned.predicates(doc[:]) if p.token.text == verb)
    return {argument.head.text: argument.slot for argument in predicate.arguments}


def test_a_party_deep_in_the_object_is_an_argument_with_its_path(nlp):
    found = slots(nlp, "The council imposed new sanctions on the leaders of the allies of the rebel group.", "imposed")
    assert found["council"] == "nsubj"
    assert found["leaders"] == "dobj>prep:on>pobj"
    assert found["allies"] == "dobj>prep:on>pobj>prep:of>pobj"  # five edges down: MAX_DEPTH
    assert "group" not in found  # seven edges down: past it


def test_an_infinitive_inherits_its_subject(nlp):
    found = slots(nlp, "The ministers agreed to meet their counterparts in Oslo.", "meet")
    assert found["ministers"].startswith("inherited:")
    assert found["counterparts"] == "dobj"


def test_a_predicates_slots_are_its_arguments_first_edges(nlp):
    """The type model's slots are found without walking every path: the same set as the full walk's."""
    doc = nlp("The council, which the rebels had attacked, agreed to impose new sanctions on the leaders "
              "of the allies. Troops who fired on protesters were arrested by police in the capital. "
              "He said that talks with Iran, Russia and China would resume after officials urged Israel to "
              "ease the blockade, and the minister's spokesman denied it.")
    predicates = learned.predicates(doc[:])
    assert len(predicates) >= 8
    for predicate in predicates:
        assert predicate.slots == {argument.slot.split(">")[0] for argument in predicate.arguments}
    assert {"inherited:xcomp", "governor:relcl"} <= {slot for p in predicates for slot in p.slots}


def test_the_tree_reads_the_parse_as_its_tokens_do(nlp):
    from newsledger.events.syntax import Tree, has_lemma

    doc = nlp("Iran's foreign minister said on Monday that talks with the E.U. would not resume.\n\n"
              "Protesters gathered in the capital; police dispersed them with tear-gas.")
    tree = Tree(doc)
    verbs = {"say", "gather", "disperse", "resume"}
    assert sum(has_lemma(token, verbs) for token in doc) == 4
    for token in doc:
        i = token.i
        assert tree.heads[i] == token.head.i
        assert tree.children(i) == [child.i for child in token.children]
        assert (tree.deps[i], tree.pos[i], tree.lower[i]) == (token.dep_, token.pos_, token.lower_)
        assert tree.lemmas[i] == token.lemma_.lower()
        assert tree.spaces[i] == bool(token.whitespace_)
        assert tree.has_lemma(i, verbs) == has_lemma(token, verbs)


def test_the_trees_subject_is_the_tokens_subject(nlp):
    """Own, controlled ("urged Israel to ease"), coordinated and raised subjects, and none for a passive."""
    from newsledger.events import syntax

    doc = nlp("The minister urged Israel to ease the blockade and agreed to meet the envoy, who was "
              "arrested by police. Egypt is scheduled to host the talks, which the rebels said would fail.")
    tree = syntax.Tree(doc)
    subjects = {token.i: syntax.subject(token) for token in doc if token.pos_ in ("VERB", "AUX")}
    assert len([s for s in subjects.values() if s is not None]) >= 4
    for i, subject in subjects.items():
        assert tree.subject(i) == (subject.i if subject is not None else None)


def test_marked_spans_index_the_unmarked_sentence():
    marked = "<s>The mayor</s> praised <t>the firefighters</t> on Friday."
    plain = "The mayor praised the firefighters on Friday."
    spans = _marked_spans(marked)
    assert plain[slice(*spans["s"])] == "The mayor" and plain[slice(*spans["t"])] == "the firefighters"


def test_read_plv_groups_relations_by_sentence(tmp_path):
    path = tmp_path / "plv.tsv"
    header = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\n"
    rows = ["0\t7\tA praised B.\t<s>A</s> praised <t>B</t>.\tA\tB\tSUPPORT\n",
            "1\t7\tA praised B.\t<s>A</s> praised <t>B</t>.\tA\tB\tYIELD\n"]
    path.write_text(header + "".join(rows), encoding="utf-8")
    [sentence] = read_plv(path)
    assert sentence.id == "plv-7" and [r.type for r in sentence.relations] == ["SUPPORT", "CONCEDE"]


def test_models_learn_the_type_and_the_roles_from_relations(nlp, tmp_path):
    from newsledger.model import Document

    texts = ["The mayor praised the firefighters.", "The senator praised the nurses.",
             "The rebels attacked the convoy.", "The militia attacked the village."] * 3
    types = ["SUPPORT", "SUPPORT", "ASSAULT", "ASSAULT"] * 3
    sentences = []
    for i, (text, type_) in enumerate(zip(texts, types)):
        words = text.rstrip(".").split()
        source, target = " ".join(words[:2]), " ".join(words[3:])
        sentences.append(Sentence(f"s{i}", text, [Relation(source, target, type_, (0, len(source)),
                                                           (text.index(target), text.index(target) + len(target)))]))
    analyzed = [(Document(id=s.id, text=s.text), nlp(s.text)) for s in sentences]
    examples = collect(sentences, analyzed, lambda document, doc: {})
    assert examples.reachable == len(sentences)
    model = fit_models(examples)
    doc = nlp("The governor praised the volunteers.")
    [predicate] = learned.predicates(doc[:])
    probabilities = model.types.probabilities(learned.type_features(predicate, None))
    assert max(probabilities, key=probabilities.get) == "SUPPORT"
    assert abs(sum(probabilities.values()) - 1) < 1e-9
    roles = {a.head.text: max((p := model.roles.probabilities(learned.role_features(predicate, a))), key=p.get)
             for a in predicate.arguments}
    assert roles == {"governor": "source", "volunteers": "target"}
    model.save(tmp_path / "model.json")
    loaded = learned.EventModel.load(tmp_path / "model.json")
    assert loaded.types.probabilities(learned.type_features(predicate, None)) == pytest.approx(probabilities)


def test_the_shipped_model_loads():
    model = learned.EventModel.load()
    assert model is not None and "NONE" in model.types.classes and set(model.roles.classes) == set(learned.ROLES)


def test_cameo_tables_are_read_as_petrarch_reads_them(tmp_path):
    crosswalk = tmp_path / "crosswalk.txt"
    crosswalk.write_text("05: SUPPORT\n051: SUPPORT,  , diplomatic # praise\n17: COERCE\n173: COERCE, arrest, # x\n",
                         encoding="utf-8")
    table = build_cameo.read_crosswalk(crosswalk)
    assert build_cameo.plover_of("0511", table) == ("SUPPORT", "")
    assert build_cameo.plover_of("173", table) == ("COERCE", "arrest")
    assert build_cameo.plover_of("021", table) == ("REQUEST", "")  # APPEAL folded into REQUEST
    verbs = tmp_path / "verbs.txt"
    verbs.write_text("&TROOPS\n+SOLDIERS\n+ARMED_FORCES\n\n####### VERB PATTERNS #######\n"
                     "---  HAIL   [051]  ---\nHAIL\nLAUD {LAUDS LAUDED}\n- * &TROOPS [173] # HAIL\n",
                     encoding="utf-8")
    verb_rows, pattern_rows = build_cameo.dictionary_rows(verbs, table)
    assert ("laud", "hail", "051", "SUPPORT", "") in verb_rows
    assert {(block, word) for block, word, *_ in pattern_rows} == {("hail", "soldiers"), ("hail", "forces")}


def coder_with(types: learned.MulticlassModel, roles: learned.MulticlassModel):
    """The rules with hand-written type and role models."""
    from newsledger.events.coder import EventCoder
    from newsledger.events.lexicon import Lexicon
    from newsledger.knowledge.actors import ActorKnowledge

    return EventCoder(Lexicon.load(), ActorKnowledge.load(), learned.EventModel(types, roles, 0.5))


def coded(coder, text: str):
    from newsledger.events.train import analyze_through_quotes

    [(document, doc)] = analyze_through_quotes([("t", text)])
    coder(document, doc)
    return document.events


@pytest.fixture(scope="module")
def retyping_coder():
    """A type model that prefers COERCE wherever the rules say ASSAULT or SANCTION, and CONCEDE
    wherever they say RETREAT (roles uniform)."""
    classes = [learned.NONE, "ASSAULT", "COERCE", "SANCTION", "CONCEDE", "RETREAT"]
    weights = {"lexicon=ASSAULT": [0, 0, 5, 0, 0, 0], "lexicon=SANCTION": [0, 0, 10, 5, 0, 0],
               "lexicon=RETREAT": [0, 0, 0, 0, 5, 0]}
    return coder_with(learned.MulticlassModel(classes, weights), learned.MulticlassModel(list(learned.ROLES), {}))


def coded_types(coder, text: str) -> list[str]:
    return [event.type for event in coded(coder, text)]


def test_the_type_model_retypes_a_verb_the_rules_coded(retyping_coder):
    assert coded_types(retyping_coder, "Iraq invaded Kuwait in 1990.") == ["COERCE"]


def test_a_noun_trigger_keeps_the_type_it_names(retyping_coder):
    assert coded_types(retyping_coder, "The United States imposed sanctions on Iran.") == ["SANCTION"]


def test_a_future_event_keeps_the_rules_type(retyping_coder):
    assert coded_types(retyping_coder, "Iraq will invade Kuwait.") == ["ASSAULT"]


def test_a_retreat_is_not_retyped_into_the_class_that_holds_it(retyping_coder):
    assert coded_types(retyping_coder, "The rebels withdrew from the town.") == ["RETREAT"]


def test_an_empty_target_comes_from_the_complement_clause():
    """"refused [to release the hostages]": the rule event's target is the object of its
    complement, which the role model finds there (as "dobj"), not under the trigger itself (where it
    hangs as "xcomp>dobj", which this model leaves without a role)."""
    types = learned.MulticlassModel([learned.NONE, "REJECT"], {"bias": [5, 0]})
    roles = learned.MulticlassModel(list(learned.ROLES),
                                    {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0], "path=dobj": [0, 0, 6]})
    [event] = coded(coder_with(types, roles), "The rebels refused to release the hostages.")
    assert event.type == "REJECT"
    assert [a.text for a in event.source] == ["rebels"] and [a.text for a in event.target] == ["hostages"]


def test_a_noun_targets_party_is_its_agent():
    """"mentioned the attack [by the rebels]": the role model takes the object, and the party it
    names is the attack's agent."""
    types = learned.MulticlassModel([learned.NONE, "ACCUSE"], {"bias": [0, 0], "lemma=mention": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES),
                                    {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0], "path=dobj": [0, 0, 6]})
    [event] = coded(coder_with(types, roles), "The council mentioned the attack by the rebels.")
    assert event.type == "ACCUSE"
    assert [a.text for a in event.target] == ["rebels"]


@pytest.mark.parametrize("text, source", [
    ("Harakat Zorvan bombed a market in Mogadishu.", ["Harakat Zorvan"]),  # a name: the attack is its own
    ("A car bomb killed two soldiers in Mogadishu.", ["Somalia"]),  # no name: unattributed, in Somalia
])
def test_a_named_subject_claims_an_attack_the_rules_placed(text, source):
    types = learned.MulticlassModel([learned.NONE, "ASSAULT"], {"bias": [5, 0]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0]})
    [event] = coded(coder_with(types, roles), text)
    assert event.type == "ASSAULT" and [a.text for a in event.source] == source


@pytest.fixture(scope="module")
def dyad_roles_coder():
    """Roles by path alone: the subject is the source, an "against" object the target."""
    types = learned.MulticlassModel([learned.NONE, "ACCUSE"], {"bias": [5, 0]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0],
                                                          "path=dobj>prep:against>pobj": [0, 0, 6]})
    return coder_with(types, roles)


def test_an_event_noun_the_role_model_finds_both_sides_of_is_an_event(dyad_roles_coder):
    """The rules name no one around "investigation"; the role model reads both sides off its
    support verb."""
    [event] = coded(dyad_roles_coder, "The council ordered an investigation against the mayor.")
    assert event.type == "ACCUSE"
    assert [a.text for a in event.source] == ["council"] and [a.text for a in event.target] == ["mayor"]


def test_an_event_noun_with_one_side_from_the_role_model_stays_a_mention(dyad_roles_coder):
    assert coded(dyad_roles_coder, "The talks produced no breakthrough.") == []


@pytest.fixture(scope="module")
def aid_coder():
    """"provide" is AID; the subject is the source, and no argument is ever a target."""
    types = learned.MulticlassModel([learned.NONE, "AID"], {"bias": [0, 0], "lemma=provide": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0]})
    return coder_with(types, roles)


def test_aid_with_no_recipient_named_goes_to_the_country_it_is_delivered_in(aid_coder):
    [event] = coded(aid_coder, "Norway provided $40 million for relief in Somalia.")
    assert event.type == "AID" and [a.text for a in event.source] == ["Norway"]
    assert [(a.text, a.code) for a in event.target] == [("Somalia", "SOM")]


def test_aid_with_no_recipient_and_no_place_is_no_dyad(aid_coder):
    assert coded(aid_coder, "Norway provided $40 million for relief.") == []


def test_a_compound_the_role_model_picks_stands_for_its_noun_phrase():
    """The role model takes "US" in "freed a US diplomat": the party is the diplomat, coded USA."""
    types = learned.MulticlassModel([learned.NONE, "CONCEDE"], {"bias": [0, 0], "lemma=free": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0],
                                                          "path=dobj>compound": [0, 0, 6]})
    [event] = coded(coder_with(types, roles), "Rwanda freed a US diplomat on Sunday.")
    assert [(a.text, a.code) for a in event.target] == [("US diplomat", "USA")]


def test_the_possessor_of_a_relational_noun_is_never_its_party():
    """"met his counterpart": whoever the counterpart is, it is not "his" (Blinken himself), even
    where the role model rates the possessor higher."""
    types = learned.MulticlassModel([learned.NONE, "CONSULT"], {"bias": [5, 0]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0],
                                                          "path=dobj>poss": [0, 0, 8], "path=dobj": [0, 0, 6]})
    [event] = coded(coder_with(types, roles), "Antony Blinken met his counterpart in Beijing.")
    assert event.type == "CONSULT" and [a.text for a in event.target] == ["his counterpart"]


@pytest.fixture(scope="module")
def violence_roles_coder():
    """Roles by path alone: the subject or the "by" agent is the source, the object or the
    passive subject the target."""
    types = learned.MulticlassModel([learned.NONE, "ASSAULT"], {"bias": [5, 0]})
    roles = learned.MulticlassModel(list(learned.ROLES), {
        "bias": [3, 0, 0], "path=nsubj": [0, 6, 0], "path=agent:by>pobj": [0, 6, 0],
        "path=dobj": [0, 0, 6], "path=nsubjpass": [0, 0, 6]})
    return coder_with(types, roles)


@pytest.mark.parametrize("text", ["The Zorvan Guard arrested Mara Tellen on Sunday.",
                                  "Mara Tellen was arrested by the Zorvan Guard on Sunday."])
def test_a_named_party_the_rules_cannot_code_still_claims_its_violence(violence_roles_coder, text):
    """Neither name has a code, so the rules name no one; the role model finds the names."""
    [event] = coded(violence_roles_coder, text)
    assert event.type == "COERCE"
    assert [a.text for a in event.source] == ["Zorvan Guard"]
    assert [a.text for a in event.target] == ["Mara Tellen"]


def test_violence_by_no_one_named_stays_unattributed(violence_roles_coder):
    assert coded(violence_roles_coder, "A car bomb killed two soldiers.") == []


def test_the_party_attacked_takes_the_place_of_where_it_was_and_its_code(violence_roles_coder):
    """"attacked an army camp in Kabul": the rules alone can only say where (Kabul); the party
    the sentence names is the camp, in Afghanistan."""
    from newsledger.events.coder import EventCoder
    from newsledger.events.lexicon import Lexicon
    from newsledger.knowledge.actors import ActorKnowledge

    [event] = coded(violence_roles_coder, "The rebels attacked an army camp in Kabul.")
    assert [(a.text, a.code) for a in event.target] == [("army camp", "AFG")]
    [placed] = coded(EventCoder(Lexicon.load(), ActorKnowledge.load()), "The rebels attacked an army camp in Kabul.")
    assert [(a.text, a.code) for a in placed.target] == [("Kabul", "AFG")]


@pytest.fixture(scope="module")
def any_verb_coder():
    """Every predicate is an ACCUSE; the subject is the source, the object the target."""
    types = learned.MulticlassModel([learned.NONE, "ACCUSE"], {"bias": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0], "path=dobj": [0, 0, 6]})
    return coder_with(types, roles)


@pytest.mark.parametrize("text", ["The new figures show a decline for the senator.",
                                  "That proposition enacted the strictest rules in the region."])
def test_a_learned_event_needs_a_source_that_can_act(any_verb_coder, text):
    assert coded(any_verb_coder, text) == []


@pytest.mark.parametrize("text, source", [("The senators criticized the governor.", "senators"),
                                          ("Zorvex Holdings sued the governor.", "Zorvex Holdings")])
def test_a_learned_event_whose_source_can_act_is_kept(any_verb_coder, text, source):
    [event] = coded(any_verb_coder, text)
    assert [a.text for a in event.source] == [source]


@pytest.mark.parametrize("text", ["Mara Tellen doubled her lead over Joss Arden.",
                                  "Joss Arden painted the old harbour."])
def test_a_learned_event_between_parties_plover_does_not_code_is_none(any_verb_coder, text):
    """Two people with no title, role or state: sport, arts and lives, not political events."""
    assert coded(any_verb_coder, text) == []


@pytest.mark.parametrize("text, source", [("Senator Mara Tellen criticized Joss Arden.", "Senator Mara Tellen"),
                                          ("Zorvex Holdings sued Joss Arden.", "Zorvex Holdings"),
                                          ("Mara Tellen criticized the police.", "Mara Tellen"),
                                          ("The employees criticized Joss Arden.", "employees")])
def test_one_political_party_makes_a_learned_event(any_verb_coder, text, source):
    """A titled person, a named organization, or a sector ("police", "employees") on either side."""
    [event] = coded(any_verb_coder, text)
    assert [a.text for a in event.source] == [source]


def test_every_party_the_role_model_takes_as_target_is_a_target():
    """"sent aid to the mayor for the rebels": both objects take the target role; the likelier is
    the first target, and the other joins it."""
    types = learned.MulticlassModel([learned.NONE, "AID"], {"bias": [0, 0], "lemma=send": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0],
                                                          "path=dative:to>pobj": [0, 0, 6],
                                                          "path=prep:for>pobj": [0, 0, 5]})
    [event] = coded(coder_with(types, roles), "The council sent aid to the mayor for the rebels.")
    assert [a.text for a in event.target] == ["mayor", "rebels"]


def test_a_party_that_takes_the_target_role_second_is_never_a_pronoun():
    types = learned.MulticlassModel([learned.NONE, "AID"], {"bias": [0, 0], "lemma=send": [0, 5]})
    roles = learned.MulticlassModel(list(learned.ROLES), {"bias": [3, 0, 0], "path=nsubj": [0, 6, 0],
                                                          "path=dative:to>pobj": [0, 0, 6],
                                                          "path=prep:for>pobj": [0, 0, 5]})
    [event] = coded(coder_with(types, roles), "The council sent aid to the mayor for them.")
    assert [a.text for a in event.target] == ["mayor"]
