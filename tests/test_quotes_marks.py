"""Which stretches of text are quoted: mark styles, nesting, paragraphs, broken marks."""

from newsledger.quotes.marks import find_quotations


def quoted(text: str) -> list[list[str]]:
    return [[text[start:end] for start, end in q.pieces] for q in find_quotations(text)]


def test_straight_curly_and_guillemet_quotes():
    text = 'He said "yes." She said \u201cno.\u201d They said \u00abmaybe.\u00bb'
    assert quoted(text) == [['"yes."'], ["\u201cno.\u201d"], ["\u00abmaybe.\u00bb"]]


def test_single_quotes_inside_double_stay_inside():
    text = "\u201cAs we tell our allies, \u2018nothing without you,\u2019 and we mean it,\u201d she said."
    assert quoted(text) == [["\u201cAs we tell our allies, \u2018nothing without you,\u2019 and we mean it,\u201d"]]


def test_apostrophes_are_not_quotes():
    assert quoted("The mayor\u2019s office didn\u2019t reply.") == []


def test_top_level_single_quotes_in_a_headline():
    assert quoted("Mayor: It\u2019s \u2018a Fine Day.\u2019\n") == [["\u2018a Fine Day.\u2019"]]


def test_quotation_over_several_paragraphs_opens_each_and_closes_once():
    text = "\u201cFirst part of it.\n\n\u201cSecond part of it.\n\n\u201cLast part.\u201d\n\nNarration."
    assert quoted(text) == [["\u201cFirst part of it.", "\u201cSecond part of it.", "\u201cLast part.\u201d"]]


def test_unclosed_quotation_ends_with_its_paragraph():
    text = "She said \u201cwe will stay the course.\n\nThe next day was calm."
    assert quoted(text) == [["\u201cwe will stay the course."]]


def test_stray_closing_mark_is_ignored():
    text = "We will see.\u201d\n\nThen \u201cmore\u201d came."
    assert quoted(text) == [["\u201cmore\u201d"]]


def test_wrongly_curled_marks_are_read_by_position():
    # a closing mark opening a paragraph opens; an opening mark ending one closes
    text = "\u201d We have far to go,\u201d he said.\n\n\u201cWe will not fold. \u201c\n"
    assert quoted(text) == [["\u201d We have far to go,\u201d"], ["\u201cWe will not fold. \u201c"]]


def test_straight_quotes_nesting_curly_ones():
    text = '"Read the question: \u201cDo you agree?\u201d Most did."\n'
    assert quoted(text) == [['"Read the question: \u201cDo you agree?\u201d Most did."']]


def test_wrong_single_closing_mark_ends_a_quoted_sentence():
    text = "She wrote \u201cWe can do it.\u2019 Then she left.\n"
    assert quoted(text) == [["\u201cWe can do it.\u2019"]]


def test_single_quotes_nested_in_double_do_not_end_it():
    text = "\u201cHe said \u2018go.\u2019 We went.\u201d Then rain.\n"
    assert quoted(text) == [["\u201cHe said \u2018go.\u2019 We went.\u201d"]]


def test_doubled_apostrophes_are_a_double_quote():
    text = "''This is not reform,'' he said. It''s odd.\n"
    assert quoted(text) == [["''This is not reform,''"]]
