"""The time stage: temporal expressions resolved against the publication date, event dates, quantities.

The stages run on their own here (no entities/quotes/events), with events built by hand, so these
tests check this layer alone.
"""

from __future__ import annotations

import pytest

from newsledger.model import Document, Event, Span
from newsledger.nlp import load_model
from newsledger.pipeline import make_stage
from newsledger.settings import Settings

WEDNESDAY = "2022-01-12"


@pytest.fixture(scope="module")
def run_time():
    settings = Settings()
    nlp = load_model(settings.model)
    stage = make_stage("time", settings)

    def run(text: str, published: str | None = WEDNESDAY, triggers: tuple[str, ...] = ()) -> Document:
        document = Document(id="t", text=text, published=published)
        document.events = [_event(text, f"v{n}", word) for n, word in enumerate(triggers, 1)]
        stage(document, nlp(text))
        return document

    return run


def _event(text: str, event_id: str, word: str) -> Event:
    start = text.index(word)
    return Event(id=event_id, type="CONSULT", trigger=Span(start=start, end=start + len(word), text=word),
                 sentence=Span(start=0, end=len(text)))


def _times(document: Document) -> dict[str, tuple]:
    return {t.text: (t.value, t.granularity, t.relation) for t in document.times}


@pytest.mark.parametrize("sentence, expected", [
    ("The ministers met on Monday.", ("2022-01-10", "day", "past")),
    ("The ministers met on Wednesday.", ("2022-01-12", "day", "present")),
    ("The ministers will meet on Monday.", ("2022-01-17", "day", "future")),
    ("The ministers are scheduled to meet on Monday.", ("2022-01-17", "day", "future")),
    ("She is going to visit Paris on Tuesday.", ("2022-01-18", "day", "future")),
    ("The ministers are meeting on Friday.", ("2022-01-14", "day", "future")),
    ("The ministers are meeting on Monday.", ("2022-01-10", "day", "past")),
    ("He said he had spoken to her on Thursday.", ("2022-01-06", "day", "past")),
    ("The envoys want to meet on Monday.", ("2022-01-17", "day", "future")),
    ("The envoys agreed to meet on Friday.", ("2022-01-14", "day", "future")),
])
def test_bare_weekday_follows_the_tense_of_its_clause(run_time, sentence, expected):
    weekday = next(t for t in run_time(sentence).times if t.text.endswith("day"))
    assert (weekday.value, weekday.granularity, weekday.relation) == expected


def test_modified_weekdays_count_from_publication(run_time):
    times = _times(run_time("Last Monday he resigned; next Monday his deputy takes over, and this Friday he leaves."))
    assert times["Last Monday"][0] == "2022-01-10"
    assert times["next Monday"][0] == "2022-01-17"
    assert times["this Friday"][0] == "2022-01-14"


def test_yesterday_today_tomorrow(run_time):
    times = _times(run_time("Rebels attacked yesterday, the army answers today and talks open tomorrow."))
    assert times["yesterday"] == ("2022-01-11", "day", "past")
    assert times["today"] == ("2022-01-12", "day", "present")
    assert times["tomorrow"] == ("2022-01-13", "day", "future")


def test_relative_weeks_months_years(run_time):
    times = _times(run_time("Prices rose last week and last month, will fall next week and next month, "
                            "peaked last year and may settle next year; this year is calm."))
    assert times["last week"] == ("2022-W01", "week", "past")
    assert times["next week"] == ("2022-W03", "week", "future")
    assert times["last month"] == ("2021-12", "month", "past")
    assert times["next month"] == ("2022-02", "month", "future")
    assert times["last year"] == ("2021", "year", "past")
    assert times["next year"] == ("2023", "year", "future")
    assert times["this year"] == ("2022", "year", "present")


def test_counted_periods_ago(run_time):
    times = _times(run_time("The ceasefire collapsed three days ago, two months ago the talks began."))
    assert times["three days ago"][:2] == ("2022-01-09", "day")
    assert times["two months ago"][:2] == ("2021-11", "month")


def test_dates_with_and_without_year(run_time):
    times = _times(run_time("The treaty was signed June 16, 2021, amended on Jan. 3 and Dec. 30, "
                            "and a vote will be held on March 5. Talks began 3 January 2020 and resumed 2/14/2021."))
    assert times["June 16, 2021"] == ("2021-06-16", "day", "past")
    assert times["Jan. 3"][0] == "2022-01-03"
    assert times["Dec. 30"][0] == "2021-12-30"
    assert times["March 5"] == ("2022-03-05", "day", "future")
    assert times["3 January 2020"][0] == "2020-01-03"
    assert times["2/14/2021"][0] == "2021-02-14"


def test_years_and_months(run_time):
    document = run_time("Russia annexed Crimea in 2014. Prices peaked in mid-2019. The vote took place in October; the next one "
                        "will take place in October. Inflation peaked in January 2022.")
    octobers = [t.value for t in document.times if t.text == "October"]
    assert _times(document)["2014"] == ("2014", "year", "past")
    assert _times(document)["2019"] == ("2019", "year", "past")
    assert octobers == ["2021-10", "2022-10"]
    assert _times(document)["January 2022"][:2] == ("2022-01", "month")


def test_month_named_alone(run_time):
    document = run_time("October was the wettest month; November will be drier.")
    assert [(t.text, t.value) for t in document.times if t.value] == [("October", "2021-10"), ("November", "2022-11")]


def test_ranges(run_time):
    document = run_time("Talks run from Jan. 10 to 12. The war lasted from 2014 to 2016. "
                        "The summit ran from March to May 2021. Inspectors stay from Monday to Wednesday.")
    ranges = {t.text: (t.value, t.end_value, t.granularity) for t in document.times}
    assert ranges["Jan. 10 to 12"] == ("2022-01-10", "2022-01-12", "range")
    assert ranges["2014 to 2016"] == ("2014", "2016", "range")
    assert ranges["March to May 2021"] == ("2021-03", "2021-05", "range")
    assert ranges["Monday to Wednesday"][2] == "range"
    assert ranges["Monday to Wednesday"][1] > ranges["Monday to Wednesday"][0]


def test_expressions_lie_within_a_line_and_keep_their_offsets(run_time):
    text = "The talks ended in January\n12 people were hurt.\n\nOn Monday the envoys met again in Geneva."
    times = {(t.text, t.start): t.value for t in run_time(text).times if t.value}
    assert times == {("January", text.index("January")): "2022-01", ("Monday", text.index("Monday")): "2022-01-10"}


def test_unanchored_expressions_stay_unresolved(run_time):
    document = run_time("The ministers met on Monday, after a vote in October and talks last week. "
                        "The accord was signed June 16, 2021.", published=None)
    times = _times(document)
    assert times["Monday"][0] is None
    assert times["October"][0] is None
    assert times["last week"][0] is None
    assert times["June 16, 2021"][0] == "2021-06-16"


def test_durations_are_kept_without_a_value(run_time):
    duration = next(t for t in run_time("They talked for eight hours.").times if "hours" in t.text)
    assert duration.value is None


def test_quantities_name_what_they_count(run_time):
    document = run_time("Russia massed 100,000 troops after eight hours of talks in the 57-member body, "
                        "pledged $2 billion and cut output 20 percent in 2021.")
    quantities = {q.text: (q.value, q.unit) for q in document.quantities}
    assert quantities["100,000 troops"] == (100000, "troops")
    assert quantities["eight hours"] == (8, "hours")
    assert quantities["57-member"] == (57, "members")
    assert quantities["$2 billion"] == (2_000_000_000, "dollars")
    assert quantities["20 percent"] == (20, "percent")
    assert not any("2021" in text for text in quantities)


def test_event_takes_its_own_time(run_time):
    text = "The envoys met on Monday and the ministers will meet on Friday."
    met, meet = run_time(text, triggers=("met", "meet")).events
    assert met.date == "2022-01-10" and not met.future
    assert meet.date == "2022-01-14" and meet.future


def test_event_takes_the_governing_time(run_time):
    text = "Delegations will continue the talks on Tuesday, with consultations in Brussels."
    (consultations,) = run_time(text, triggers=("consultations",)).events
    assert consultations.date == "2022-01-18" and consultations.future


def test_event_noun_takes_the_time_of_its_relative_clause(run_time):
    text = "The talks, which ended on Monday, were tense."
    (talks,) = run_time(text, triggers=("talks",)).events
    assert talks.date == "2022-01-10"


def test_reported_event_keeps_its_own_time(run_time):
    text = "The minister said on Monday that Russia will invade."
    said, invade = run_time(text, triggers=("said", "invade")).events
    assert said.date == "2022-01-10"
    assert invade.date is None


def test_past_report_without_time_gets_publication_date(run_time):
    (expressed,) = run_time("Russia expressed anger at the plan.", triggers=("expressed",)).events
    assert expressed.date == WEDNESDAY


def test_year_and_month_granularity_and_historical_flag(run_time):
    invaded, voted = run_time("Russia invaded in 2014. Parliament voted in October 2019.",
                              triggers=("invaded", "voted")).events
    assert invaded.date == "2014" and invaded.historical
    assert voted.date == "2019-10" and voted.historical


def test_seed_times(seed_document):
    values = {(t.text, t.value, t.relation) for t in seed_document.times}
    assert ("Monday", "2022-01-10", "present") in values
    assert ("Tuesday", "2022-01-11", "future") in values
    assert ("Wednesday", "2022-01-12", "future") in values
    assert ("Thursday", "2022-01-13", "future") in values
    assert ("2014", "2014", "past") in values
    assert any(q.text == "100,000 troops" and q.unit == "troops" for q in seed_document.quantities)
