"""axe-core and the Nu HTML Checker on every kind of page, in both languages."""

import json
import subprocess
from pathlib import PurePath

import pytest

from tests.e2e.console import not_found_error

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

LANGUAGE_PREFIXES = {"en": "", "fr": "/fr"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(", ")}`
    );
}"""


def audited_pages(sample_site):
    """Return (name, path, expected status) for each page, in each language."""
    return [
        (f"{language} {name}", prefix + path, 404 if name == "not found" else 200)
        for language, prefix in LANGUAGE_PREFIXES.items()
        for name, path in sample_site.items()
    ]


def expected_errors(page, status):
    """Return the console errors the page must log: a 404 page logs its status."""
    return [not_found_error(page.url)] if status == 404 else []


def test_axe_finds_no_wcag_a_or_aa_violation(
    audit_page, browser_errors, axe_script, sample_site
):
    page = audit_page
    violations = {}
    for name, path, status in audited_pages(sample_site):
        response = page.goto(path)
        assert response.status == status, name
        page.add_script_tag(path=axe_script)
        found = page.evaluate(RUN_AXE, AXE_TAGS)
        if found:
            violations[name] = found
        assert browser_errors == expected_errors(page, status), name
        browser_errors.clear()
    assert violations == {}


def test_html_checker_finds_no_error(page, vnu_command, sample_site, tmp_path):
    names = {}
    for name, path, status in audited_pages(sample_site):
        response = page.goto(path)
        assert response.status == status, name
        file = tmp_path / f"{name.replace(' ', '-')}.html"
        file.write_bytes(response.body())
        names[file.name] = name
    checked = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", *sorted(names)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    errors = [
        f"{names.get(PurePath(m.get('url', '')).name, m.get('url'))}, "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stdout)["messages"]
        if m["type"] != "info"
    ]
    assert errors == []
    assert checked.returncode == 0
