"""Moving a portal in: articles from saved pages and from a DedeCMS database.

Each source has a reader that turns its input into `records.LegacyArticle` values
(`text_pages`, `html_pages`, `dedecms`); `writer.ArticleWriter` puts them into the page
tree, and `runner.ImportRun` drives a whole import (per-article failures, progress,
summary, search index and page cache at the end).
"""
