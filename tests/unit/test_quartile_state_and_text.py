"""The quartile view's URL whitelist and its generated sentences."""

from __future__ import annotations

from datetime import date

from dashboard.metrics.quartile import QuartileDistance
from dashboard.views.quartile.state import choose_period, parse_query, query_string
from dashboard.views.quartile.text import (
    distance_sentence,
    ordinal,
)


def test_known_values_pass_and_unknown_fall_back_with_messages() -> None:
    ok = parse_query("shoplifting", "2024-06-30", "msg")
    assert (ok.offence, ok.period, ok.peer, ok.messages) == (
        "shoplifting",
        "2024-06-30",
        "msg",
        (),
    )
    bad = parse_query("arson'; drop table", "June", "galaxy")
    assert (bad.offence, bad.period, bad.peer) == ("total", None, "all")
    assert len(bad.messages) == 3
    assert "not one of the ONS groups" in bad.messages[0]


def test_defaults_without_a_query() -> None:
    query = parse_query()
    assert (query.offence, query.period, query.peer, query.messages) == (
        "total",
        None,
        "all",
        (),
    )


def test_period_not_loaded_falls_back_with_a_message() -> None:
    loaded = [date(2024, 6, 30), date(2025, 6, 30)]
    assert choose_period("2024-06-30", loaded, date(2025, 6, 30)) == (
        date(2024, 6, 30),
        None,
    )
    chosen, message = choose_period("1999-06-30", loaded, date(2025, 6, 30))
    assert chosen == date(2025, 6, 30)
    assert "30 June 1999" in message and "June 2025" in message


def test_query_string_reproduces_the_choices() -> None:
    assert (
        query_string("robbery", "2025-06-30", "region")
        == "?offence=robbery&period=2025-06-30&peer=region"
    )


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 253)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "253rd",
    ]


def test_distance_sentence_cases() -> None:
    reachable = QuartileDistance(4, 3, 223, 94.5154, 2315, 10.0386)
    text = distance_sentence(
        reachable,
        area_name="Peterborough",
        count=23061,
        population=219509,
        population_year=2023,
        national_rate=85.5,
    )
    assert "2,315 fewer offences (10.0% fewer, to 94.52 per 1,000" in text
    assert "quartile 4 into quartile 3" in text
    assert "to reach the England and Wales rate of 85.5" in text
    lowest = QuartileDistance(1, None, None, None, None, None)
    assert "already in the lowest-rate quartile" in distance_sentence(
        lowest,
        area_name="P",
        count=1,
        population=1000,
        population_year=2023,
        national_rate=5.0,
    )
    single = QuartileDistance(4, None, None, None, None, None)
    assert "too few areas" in distance_sentence(
        single,
        area_name="P",
        count=1,
        population=1000,
        population_year=2023,
        national_rate=None,
    )


def test_limits_in_the_link_are_whitelisted() -> None:
    from dashboard.metrics.funnel import LIMIT_METHODS
    from dashboard.views.quartile.state import LIMIT_OPTIONS, limit_options

    assert set(LIMIT_OPTIONS) == set(LIMIT_METHODS)
    assert [option["value"] for option in limit_options()] == [
        "random",
        "scaled",
        "poisson",
    ]
    assert parse_query().limits == "random"
    assert parse_query(limits="poisson").limits == "poisson"
    bad = parse_query(limits="<script>")
    assert bad.limits == "random"
    assert bad.messages == (
        "The link asked for limits \u201c<script>\u201d, which is not one of random, "
        "scaled or poisson; showing limits that allow for variation between areas.",
    )
    # The default is left out of the link, so older links stay as they were.
    assert query_string("total", "2025-06-30", "all", "random") == (
        "?offence=total&period=2025-06-30&peer=all"
    )
    assert query_string("total", "2025-06-30", "all", "poisson").endswith(
        "&peer=all&limits=poisson"
    )
