# Dayuan: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
PYTEST_ARGS ?=

# Django 6.1 needs Python >= 3.12: a suitable python on PATH first, then pyenv's versions.
define find_python
for candidate in python3.13 python3.12 python3; do \
  path=$$(command -v $$candidate 2>/dev/null) || continue; \
  $$path -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$path; exit 0; }; \
done; \
root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
for path in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  $$path -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$path; exit 0; }; \
done; \
exit 1
endef

.PHONY: help
help:
	@echo "make run        安装、迁移、载入演示内容并在 http://127.0.0.1:$(PORT) 启动"
	@echo "make test       运行全部测试(含 check 与 makemigrations --check)"
	@echo "make test-browser  真实浏览器测试(需要 Debian chromium)"
	@echo "make test-upgrade  升级检查:拆分前 (e49a9e4) 建的数据库迁移到当前代码后数据无损(UPGRADE_DATABASES=sqlite,postgresql)"
	@echo "make translations 列出管理后台仍为英文的消息(依赖升级后),有则失败"
	@echo "make lint       ruff 检查、格式检查与模块依赖方向检查 (import-linter)"
	@echo "make lock       重新生成依赖锁定文件"
	@echo "make stack      在本机启动生产环境(nginx 前端缓存、两个应用服务器、worker、PostgreSQL、Redis),http://localhost:$(STACK_PORT)"
	@echo "make stack-stop 停止 make stack 启动的全部进程"
	@echo "make test-stack 对运行中的 make stack 做整体测试(发布与前端缓存、缓存投毒、阅读数、故障)"
	@echo "make bench-stack 生产环境基准:前端缓存对比静态文件、发布到可见的时间、Zipf 命中率、绕过缓存"
	@echo "make bench-search  搜索基准测试(SQLite 与 PostgreSQL,10 万篇文章)"
	@echo "make bench-suggest 搜索建议基准测试:重建用时、冷热缓存延迟(SQLite 与 PostgreSQL,10 万篇文章)"
	@echo "make bench-search-rum RUM 索引与本项目 GIN 查询对比(需先 make bench-search 建好 PostgreSQL 数据库)"
	@echo "make bench-login   登录基准测试:猜密码时首页的延迟,锁定前后对比"
	@echo "make bench-audio-captcha 语音验证码基准:每个文件的 CPU、字节、信噪比,与图片验证码对比"
	@echo "make bench-distribution 搜索引擎推送基准:本地接口下每轮用时、查询数与内存"
	@echo "make bench-content-check 内容检查基准:一万字文章的检查用时(目标 10 毫秒以内)"
	@echo "make bench-live    图文直播基准:直播页与轮询接口(缓存与不缓存)对比静态文件"
	@echo "make bench-accessibility Lighthouse 无障碍评分:首页与文章页,标准版与长辈版(需先 make run)"

$(PY):
	@python=$$($(find_python)) || { \
	  echo "找不到 Python 3.12 或更新版本 (Django 6.1 requires Python >= 3.12)." >&2; \
	  echo "Install python3.12/python3.13, or a pyenv version of it, and run make again." >&2; \
	  exit 1; }; \
	echo "Using $$python"; \
	$$python -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-dev: $(PY) requirements-dev.lock
	$(UV) pip sync --quiet --python $(PY) requirements-dev.lock
	@touch $@

# The admin's Chinese (docs/translations.md): the .mo files are compiled from locale/ in pure
# Python, so no Debian gettext is needed, and never committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
$(CATALOGUES): %.mo: %.po home/translations.py $(VENV)/.installed-dev
	$(PY) -m home.translations compile $<

.PHONY: install
install: $(VENV)/.installed-dev $(CATALOGUES)

.PHONY: migrate
migrate: install
	$(MANAGE) migrate --noinput

.PHONY: demo
demo: migrate
	$(MANAGE) load_demo_content

# The web server and the scheduling worker (定时发布) run side by side; Ctrl-C stops both.
# They share a file cache, so a page the worker publishes or takes down is purged for
# the server too (with REDIS_URL, Redis is shared instead).
DEV_CACHE_DIR ?= $(CURDIR)/.cache/dev

.PHONY: run
run: demo
	@rm -rf $(DEV_CACHE_DIR)
	@CACHE_DIR=$(DEV_CACHE_DIR) $(MANAGE) run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	CACHE_DIR=$(DEV_CACHE_DIR) $(MANAGE) runserver 127.0.0.1:$(PORT)


# Tests and checks never take the site's settings variables from the shell: on a server
# they would point the suite at the live database, Redis and media (tests/support/isolation.py).
# TEST_DATABASE_URL and TEST_REDIS_URL run them on PostgreSQL and Redis (CI).
ISOLATED := $(PY) tests/support/isolation.py

.PHONY: check
check: install
	$(ISOLATED) $(MANAGE) check
	$(ISOLATED) $(MANAGE) makemigrations --check --dry-run

# Fails when a message of an installed package still shows in English (after an upgrade).
.PHONY: translations
translations: install
	$(ISOLATED) $(MANAGE) missing_translations

.PHONY: test
test: check lint
	$(ISOLATED) --report DJANGO_SETTINGS_MODULE=site_project.settings.test $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The browser tests' outside checkers (Nu HTML Checker, axe-core), pinned in tests/browser's
# package-lock.json. No install scripts: vnu-jar's would download a Java of its own, and
# Debian's default-jre-headless runs it.
BROWSER_TOOLS := tests/browser/node_modules/.installed
$(BROWSER_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
	@touch $@

.PHONY: test-browser
test-browser: install $(BROWSER_TOOLS) bench/lighthouse/node_modules/.installed
	$(ISOLATED) --report DJANGO_SETTINGS_MODULE=site_project.settings.test $(PY) -m pytest -m browser $(PYTEST_ARGS)

# Upgrade check (not pytest): a database built by the last commit before the app split migrates
# forward with nothing lost (tests/upgrade/). UPGRADE_DATABASES: a comma list, sqlite and/or
# postgresql (postgres@127.0.0.1:5432, database dayuan_upgrade). Needs the full git history.
UPGRADE_DATABASES ?= sqlite

.PHONY: test-upgrade
test-upgrade: install
	@status=0; for database in $$(echo "$(UPGRADE_DATABASES)" | tr ',' ' '); do \
	  $(PY) tests/upgrade/check_upgrade.py --database $$database || status=1; \
	done; exit $$status

# ruff, then the import contracts in pyproject.toml ([tool.importlinter]): apps depend one way.
.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

.PHONY: format
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: lock
lock: $(PY)
	$(UV) pip compile --quiet --python $(PY) pyproject.toml -o requirements.lock
	$(UV) pip compile --quiet --python $(PY) pyproject.toml --extra dev -o requirements-dev.lock

.PHONY: clean
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The production stack on this machine (deploy/stack.py, docs/deployment.md): nginx with the
# front cache, two gunicorn app servers, the worker, PostgreSQL and Redis.
STACK_PORT ?= 8080
STACK_HOST ?= localhost

.PHONY: stack
stack: install
	STACK_PORT=$(STACK_PORT) STACK_HOST=$(STACK_HOST) $(PY) deploy/stack.py up

.PHONY: stack-stop
stack-stop:
	$(PY) deploy/stack.py down

# Tests of the running stack through nginx (tests/stack/, docs/testing.md): publishing and
# the front cache, editors, cache poisoning, exact view counts, and faults (an app server
# killed, Redis and PostgreSQL stopped). `make stack` first; they stop only the stack's own
# processes. Not part of `make test`.
.PHONY: test-stack
test-stack: install
	STACK_PORT=$(STACK_PORT) STACK_HOST=$(STACK_HOST) $(ISOLATED) --report \
	  DJANGO_SETTINGS_MODULE=site_project.settings.test $(PY) -m pytest -m stack tests/stack $(PYTEST_ARGS)

# Benchmarks (not tests): N articles (default 10000); BENCH_ARGS=--postgres for PostgreSQL + Redis.
N ?= 10000
BENCH_ARGS ?=

.PHONY: bench
bench: install bench/lighthouse/node_modules/.installed bench-tools
	N=$(N) $(PY) bench/pages.py $(BENCH_ARGS)

# A gallery's address and one photo's address, cached and uncached (bench/galleries.py).
.PHONY: bench-galleries
bench-galleries: install bench-tools
	$(PY) bench/galleries.py $(BENCH_ARGS)

# The load generator and the browser Lighthouse drives, from Debian's packages.
BENCH_PACKAGES := wrk chromium fonts-wqy-microhei

.PHONY: bench-tools
bench-tools:
	@if ! command -v wrk >/dev/null || ! test -x /usr/bin/chromium; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_PACKAGES); \
		else \
			echo "make bench needs: apt-get install -y $(BENCH_PACKAGES)" >&2; exit 1; \
		fi; \
	fi

# The production stack under load (bench/stack.py, docs/deployment.md): an article through the
# front cache against nginx serving it as a file, publish to fresh, the front cache's hit
# ratio under a Zipf load over N articles (written once into the stack's database), and
# requests with the front cache bypassed, per app server. Brings the stack up first.
.PHONY: bench-stack
bench-stack: stack bench-tools
	N=$(N) STACK_PORT=$(STACK_PORT) STACK_HOST=$(STACK_HOST) $(PY) bench/stack.py

# The demo's video article (video/), cached and uncached, beside the static file
# (docs/video.md). VIDEO_N articles in the corpus (default 2000); BENCH_ARGS=--postgres.
VIDEO_N ?= 2000
.PHONY: bench-video
bench-video: install bench-tools
	VIDEO_N=$(VIDEO_N) $(PY) bench/video.py $(BENCH_ARGS)
# 专题: the topic page, its feed and the topic list under wrk, page cache on and off, beside a
# static file (docs/topics.md). TOPIC_N corpus articles (default 2000); BENCH_ARGS=--postgres.
TOPIC_N ?= 2000
.PHONY: bench-topics
bench-topics: install bench-tools
	TOPIC_N=$(TOPIC_N) $(PY) bench/topics.py $(BENCH_ARGS)

# Password guessing against the admin login: the cached home page alone, under 4 guessing
# loops with and without the lock-out, and login/reset timing for known and unknown accounts
# (docs/accounts.md). BENCH_ARGS=--postgres for PostgreSQL + Redis.
.PHONY: bench-login
bench-login: install bench-tools
	$(PY) bench/login.py $(BENCH_ARGS)

# The spoken captcha: CPU, bytes and duration per file beside the image, its signal-to-noise
# ratio, and a naive cut into digits (docs/comments.md). Needs espeak-ng.
AUDIO_N ?= 100
.PHONY: bench-audio-captcha
bench-audio-captcha: install
	$(PY) bench/audio_captcha.py --n $(AUDIO_N)

# The worker's push to Baidu and IndexNow against a local endpoint: runs needed, time and
# queries per run, memory (docs/distribution.md). PUSH_N addresses per engine.
PUSH_N ?= 5000
.PHONY: bench-distribution
bench-distribution: install
	$(PY) bench/distribution.py --n $(PUSH_N)
# The content check (内容检查) of a 10,000-character article, CPU ms at 100 to 10,000
# publishing words: the target is 10 ms (docs/contentcheck.md).
.PHONY: bench-content-check
bench-content-check: install
	$(PY) bench/content_check.py

# Search: recall, precision, latency, index build and memory on SQLite and PostgreSQL (see
# docs/search.md). SEARCH_N articles (default 100000, about 40 minutes for both databases);
# SEARCH_N=5000 for a quick run, SEARCH_DATABASES=sqlite for one database.
SEARCH_N ?= 100000
SEARCH_DATABASES ?= sqlite,postgresql

.PHONY: bench-search
bench-search: install
	$(PY) -W ignore -m bench.search.run --articles $(SEARCH_N) --databases $(SEARCH_DATABASES)

# Search suggestions (/search/suggest/): rebuild time, size, latency with a cold and a warm
# cache, on SQLite and PostgreSQL (docs/search.md). SUGGEST_N articles (default 100000, about
# 20 minutes for both databases); SEARCH_DATABASES as above.
SUGGEST_N ?= 100000

.PHONY: bench-suggest
bench-suggest: install
	$(PY) -W ignore -m bench.search.suggest --articles $(SUGGEST_N) --databases $(SEARCH_DATABASES)

# RUM (Debian's postgresql-15-rum) against the project's GIN path, on the PostgreSQL database
# `make bench-search` built (docs/search.md, "Why not RUM"). Installs the package when root.
.PHONY: bench-search-rum
bench-search-rum: install
	@dpkg -s postgresql-15-rum >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-rum; \
		else \
			echo "make bench-search-rum needs: apt-get install -y postgresql-15-rum" >&2; exit 1; \
		fi; }
	$(PY) -W ignore -m bench.search.rum --data bench/results/search/n$(SEARCH_N)

# Lighthouse's mobile accessibility score of the home page and an article in 标准版 and 长辈版,
# against a site already running (`make run` in another shell; docs/accessibility.md).
LIGHTHOUSE_SITE ?= http://127.0.0.1:$(PORT)
LIGHTHOUSE_ARTICLE ?= /gsyl/xinzhou/1082.html

.PHONY: bench-accessibility
bench-accessibility: install bench/lighthouse/node_modules/.installed bench-tools
	$(PY) bench/lighthouse_modes.py $(LIGHTHOUSE_SITE) $(LIGHTHOUSE_ARTICLE)

bench/lighthouse/node_modules/.installed: bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --ignore-scripts --no-audit --no-fund
	@touch $@

# Legacy import rate: IMPORT_N saved pages and DedeCMS rows into SQLite and PostgreSQL, search
# index included (docs/import.md). Needs the local MariaDB and PostgreSQL.
IMPORT_N ?= 10000

.PHONY: bench-import
bench-import: install
	$(PY) bench/import_bench.py --articles $(IMPORT_N)

# 图文直播 under load (bench/liveblogs.py, docs/liveblogs.md): the live page and its poll,
# cached and not, against a static file; BENCH_ARGS=--postgres for PostgreSQL + Redis.
.PHONY: bench-live
bench-live: install bench-tools
	$(PY) bench/liveblogs.py $(BENCH_ARGS)
