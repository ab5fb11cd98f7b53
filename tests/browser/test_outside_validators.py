"""Issue 3: the reader's pages pass checkers the project does not write itself.

The Nu HTML Checker (the W3C validator) must find no error in the HTML the application
sends, and axe-core no serious or critical accessibility problem in the rendered page.
"""

import pytest

from tests.browser.conftest import DEMO_ARTICLE_PATH, describe_problems

pytestmark = pytest.mark.browser

# One page of each kind a reader lands on.
PAGES = {
    "home": "/",
    "section": "/gsyl/",
    "city section": "/gsyl/xinzhou/",
    "article": DEMO_ARTICLE_PATH,
    "tag": "/tags/新能源/",
    "search": "/search/?q=忻州",
}
BLOCKING_IMPACTS = {"serious", "critical"}


def test_pages_have_no_nu_html_checker_errors(nu_html_checker, demo_site, open_page):
    documents = {}
    for name, path in PAGES.items():
        reader = open_page(f"{demo_site}{path}")
        assert reader.problems == [], name
        documents[name] = reader.response.text()

    errors = {name: found for name, found in nu_html_checker(documents).items() if found}

    assert not errors, describe_problems(errors)


def test_pages_have_no_serious_accessibility_problems(axe_script, demo_site, open_page):
    problems = {}
    for name, path in PAGES.items():
        # axe is injected as an inline script, which the site's policy rightly refuses.
        page = open_page(f"{demo_site}{path}", bypass_csp=True).page
        page.add_script_tag(path=str(axe_script))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = [
            f"{violation['impact']} {violation['id']}: {violation['help']} "
            f"{[node['target'] for node in violation['nodes']][:5]}"
            for violation in results["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        if found:
            problems[name] = found

    assert not problems, describe_problems(problems)
