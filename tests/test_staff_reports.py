import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from releases.models import PartnerNation, PressRelease
from staff.charts import bar_chart
from staff.filters import PeriodFilter
from staff.reports import build_report
from tests.factories import make_release, paris

pytestmark = pytest.mark.usefixtures("mid_june_2025")


@pytest.fixture
def releases(db):
    """Seven releases: four nations, a year boundary, a draft and a scheduled one."""
    make_release("A", published_at=paris(2015, 3, 2, 10), nations=["JP", "US"])
    make_release(
        "B",
        published_at=paris(2017, 1, 1, 0, 30),
        nations=[("AE", "new_entrant"), ("JP", "partner")],
    )
    make_release("C", published_at=paris(2020, 5, 5, 9), nations=["IN", "JP"])
    make_release("D", published_at=paris(2020, 11, 11, 9), nations=["JP", "US"])
    make_release("E", status=PressRelease.Status.DRAFT, nations=["IN"])
    make_release("F", published_at=paris(2019, 4, 1, 9))
    make_release("G", published_at=paris(2025, 7, 1, 9), nations=["JP", "US"])


def report_for(query=""):
    filterset = PeriodFilter(QueryDict(query), queryset=PressRelease.objects.all())
    assert filterset.is_valid(), filterset.errors
    return build_report(filterset.qs)


def summary(report):
    """Return each nation's figures as plain values, in the report's order."""
    return [
        (
            figures.nation.code,
            figures.total,
            figures.by_year,
            figures.first_at,
            figures.latest_at,
            [(nation.code, count) for nation, count in figures.named_with],
        )
        for figures in report.nations
    ]


def test_report_over_all_time(releases):
    report = report_for()
    assert report.total == 7
    assert report.year_counts() == [
        (2015, 1),
        (2016, 0),
        (2017, 1),
        (2018, 0),
        (2019, 1),
        (2020, 2),
        (2021, 0),
        (2022, 0),
        (2023, 0),
        (2024, 0),
        (2025, 1),
        (None, 1),
    ]
    assert summary(report) == [
        (
            "JP",
            5,
            {2015: 1, 2017: 1, 2020: 2, 2025: 1},
            paris(2015, 3, 2, 10),
            paris(2025, 7, 1, 9),
            [("US", 3), ("IN", 1), ("AE", 1)],
        ),
        (
            "US",
            3,
            {2015: 1, 2020: 1, 2025: 1},
            paris(2015, 3, 2, 10),
            paris(2025, 7, 1, 9),
            [("JP", 3)],
        ),
        (
            "IN",
            2,
            {2020: 1, None: 1},
            paris(2020, 5, 5, 9),
            paris(2020, 5, 5, 9),
            [("JP", 1)],
        ),
        (
            "AE",
            1,
            {2017: 1},
            paris(2017, 1, 1, 0, 30),
            paris(2017, 1, 1, 0, 30),
            [("JP", 1)],
        ),
    ]


def test_report_over_a_period(releases):
    report = report_for("published_after=2016-01-01&published_before=2020-12-31")
    assert report.total == 4
    assert report.year_counts() == [(2017, 1), (2018, 0), (2019, 1), (2020, 2)]
    assert summary(report) == [
        (
            "JP",
            3,
            {2017: 1, 2020: 2},
            paris(2017, 1, 1, 0, 30),
            paris(2020, 11, 11, 9),
            [("IN", 1), ("AE", 1), ("US", 1)],
        ),
        ("IN", 1, {2020: 1}, paris(2020, 5, 5, 9), paris(2020, 5, 5, 9), [("JP", 1)]),
        (
            "AE",
            1,
            {2017: 1},
            paris(2017, 1, 1, 0, 30),
            paris(2017, 1, 1, 0, 30),
            [("JP", 1)],
        ),
        (
            "US",
            1,
            {2020: 1},
            paris(2020, 11, 11, 9),
            paris(2020, 11, 11, 9),
            [("JP", 1)],
        ),
    ]


def test_report_of_published_releases_only(releases):
    report = report_for("status=published")
    assert report.total == 5
    assert [(f.nation.code, f.total) for f in report.nations] == [
        ("JP", 4),
        ("US", 2),
        ("IN", 1),
        ("AE", 1),
    ]


def test_matrix_gives_every_year_of_the_report(releases):
    report = report_for("published_after=2016-01-01&published_before=2020-12-31")
    assert [(f.nation.code, counts) for f, counts in report.matrix()] == [
        ("JP", [1, 0, 0, 2]),
        ("IN", [0, 0, 0, 1]),
        ("AE", [1, 0, 0, 0]),
        ("US", [0, 0, 0, 1]),
    ]


def test_named_with_keeps_the_three_most_frequent(db):
    make_release(nations=["JP", "US", "IN", "AE", "FR"])
    make_release(nations=["JP", "US", "FR"])
    report = build_report(PressRelease.objects.all())
    japan = report.figures_for(PartnerNation(code="JP"))
    assert [(nation.code, count) for nation, count in japan.named_with] == [
        ("FR", 2),
        ("US", 2),
        ("IN", 1),
    ]


def test_a_release_and_its_translation_count_once(releases):
    original = PressRelease.objects.get(title="C")
    make_release(
        "C (fr)",
        language="fr",
        translation_of=original,
        published_at=paris(2020, 5, 6, 9),
        nations=["IN", "JP"],
    )
    report = report_for()
    assert report.total == 7
    assert report.figures_for(PartnerNation(code="IN")).total == 2
    draft_original = report_for("status=draft")
    assert draft_original.total == 1
    original.status = PressRelease.Status.DRAFT
    original.save()
    published = report_for("status=published")
    assert published.figures_for(PartnerNation(code="IN")).total == 1


def test_years_follow_paris_time_at_new_year(db):
    make_release("Eve", published_at=paris(2016, 12, 31, 23, 59))
    make_release("Midnight", published_at=paris(2017, 1, 1, 0, 0))
    make_release("Summer", published_at=paris(2017, 7, 1, 0, 30))
    make_release("Draft", status=PressRelease.Status.DRAFT)
    assert report_for().by_year == {2016: 1, 2017: 2, None: 1}


def test_empty_report(db):
    report = build_report(PressRelease.objects.none())
    assert (report.total, report.years, report.nations) == (0, [], [])


NATIONS = ["JP", "US", "IN", "AE", "FR", "DE", "BR"]


def make_many(count):
    """Create releases over several nations and years, a draft every fifth."""
    for number in range(count):
        if number % 5 == 4:
            make_release(status=PressRelease.Status.DRAFT, nations=["JP"])
            continue
        make_release(
            published_at=paris(2010 + number % 9, 1 + number % 12, 10, 9),
            nations=[NATIONS[number % 7], NATIONS[(number + 3) % 7]],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_report_takes_five_queries_whatever_the_size(
    db, django_assert_num_queries, count
):
    make_many(count)
    with django_assert_num_queries(5):
        report = build_report(PressRelease.objects.all())
    assert report.total == count
    assert sum(f.total for f in report.nations) == (count - count // 5) * 2 + count // 5


def test_bar_chart_geometry():
    chart = bar_chart(
        [("2019", 10), ("2020", 5), ("2021", 0)],
        chart_id="chart-years",
        title="Releases per year",
        description="One bar per year.",
    )
    assert (chart.width, chart.height, chart.label_x, chart.bar_x) == (
        640,
        88,
        192,
        200,
    )
    assert [
        (bar.label, bar.value, bar.y, bar.width, bar.text_y, bar.value_x)
        for bar in chart.bars
    ] == [
        ("2019", 10, 12, 384, 20, 588),
        ("2020", 5, 36, 192, 44, 396),
        ("2021", 0, 60, 0, 68, 204),
    ]


def test_bar_chart_shortens_long_labels():
    chart = bar_chart(
        [("South Georgia and the South Sandwich Islands", 1)],
        chart_id="chart-nations",
        title="Nations",
        description="One bar per nation.",
    )
    assert chart.bars[0].short_label == "South Georgia and the South…"
    assert chart.bars[0].label == "South Georgia and the South Sandwich Islands"


def test_bar_chart_without_data_has_no_bar():
    chart = bar_chart([], chart_id="chart", title="Empty", description="Nothing.")
    assert (chart.bars, chart.height) == ([], 16)


def test_bar_chart_numbers_are_never_localised(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    chart = bar_chart(
        [(str(year), 1000) for year in range(1975, 2025)],
        chart_id="chart-years",
        title="Releases per year",
        description="One bar per year.",
    )
    svg = render_to_string("staff/bar_chart.html", {"chart": chart})
    assert 'viewBox="0 0 640 1216" width="640" height="1216"' in svg
    assert (
        '<text class="bar-value" x="588" y="1196" dominant-baseline="middle">1000'
        in svg
    )
