"""Who counts as a reader: crawlers and scripted clients don't."""

import re

# Crawlers and scripted clients don't count as readers.
BOT_USER_AGENT = re.compile(
    r"bot|spider|crawl|slurp|baiduspider|yisouspider|bytespider|curl|wget|python-|"
    r"httpclient|okhttp|go-http|java/|libwww|scrapy|headlesschrome/\d+\.\d+ lighthouse",
    re.IGNORECASE,
)
HIT_PATH = re.compile(r"^/hits/(\d{1,9})/$")


def is_reader_agent(user_agent):
    return bool(user_agent) and not BOT_USER_AGENT.search(user_agent)
