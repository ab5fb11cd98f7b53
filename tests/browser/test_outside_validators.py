"""Issue 3: the reader's pages pass checkers the project does not write itself.

The Nu HTML Checker (the W3C validator) must find no error in the HTML the application
sends, and axe-core no accessibility problem at all, of any impact, in the rendered page:
in both reading modes (标准版 and 长辈版) and at a desktop and a phone width.
"""

import pytest

from tests.browser.conftest import (
    READER_PAGE_STATUS,
    READER_PAGES,
    READING_MODES,
    describe_problems,
)

pytestmark = pytest.mark.browser


def test_pages_have_no_nu_html_checker_errors(nu_html_checker, demo_site, open_page):
    # One check per page serves both modes: the HTML sent is the same in both
    # (test_reading_mode.py proves it byte for byte).
    documents = {}
    for name, path in READER_PAGES.items():
        reader = open_page(f"{demo_site}{path}", status=READER_PAGE_STATUS.get(name, 200))
        # The browser reports the 404 page's own status as a console error; nothing else.
        unexpected = [
            problem
            for problem in reader.problems
            if not (name == "404" and "the server responded with a status of 404" in problem)
        ]
        assert unexpected == [], name
        documents[name] = reader.response.text()

    errors = {name: found for name, found in nu_html_checker(documents).items() if found}

    assert not errors, describe_problems(errors)


@pytest.mark.parametrize("mode", READING_MODES)
def test_pages_have_no_accessibility_problems(axe_script, demo_site, open_page, mode):
    problems = {}
    checked = 0
    for width in (1280, 375):
        for name, path in READER_PAGES.items():
            # axe is injected as an inline script, which the site's policy rightly refuses.
            page = open_page(
                f"{demo_site}{path}",
                width=width,
                bypass_csp=True,
                mode=mode,
                status=READER_PAGE_STATUS.get(name, 200),
            ).page
            assert page.evaluate("document.documentElement.classList.contains('elderly')") == (
                mode == "elderly"
            ), name
            page.add_script_tag(path=str(axe_script))
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            checked += len(results["passes"]) > 0
            found = [
                f"{violation['impact']} {violation['id']}: {violation['help']} "
                f"{[node['target'] for node in violation['nodes']][:5]}"
                for violation in results["violations"]
            ]
            if found:
                problems[f"{name} at {width}px"] = found

    assert checked == 2 * len(READER_PAGES)
    assert not problems, describe_problems(problems)
