"""Dashboard panels: my review queue, articles sent back to me, most read, a 30-day chart."""

import datetime

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.admin.ui.components import Component

from news.models import ArticlePage, SectionPage
from viewcounts.models import DailyArticleViews

from . import review
from .roles import CHIEF_EDITOR, DESK_EDITOR, REPORTER

CHART_DAYS = 30


class ReviewQueuePanel(Component):
    name = "newsroom_review_queue"
    template_name = "newsroom/dashboard/review_queue.html"
    order = 50

    def __init__(self, user):
        self.task_states = review.awaiting_review_by(user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = []
        for state in self.task_states:
            page = state.workflow_state.content_object.specific
            rows.append(
                {
                    "page": page,
                    "title": state.revision.object_str or page.title,
                    "region": getattr(page, "region", None),
                    "task": state.task,
                    "submitted_by": state.workflow_state.requested_by,
                    "started_at": state.started_at,
                }
            )
        context["rows"] = rows
        return context


class ReturnedArticlesPanel(Component):
    name = "newsroom_returned"
    template_name = "newsroom/dashboard/returned.html"
    order = 40

    def __init__(self, returned):
        self.returned = returned

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["returned"] = self.returned
        return context


class MostReadPanel(Component):
    name = "newsroom_most_read"
    template_name = "newsroom/dashboard/most_read.html"
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        articles = ArticlePage.objects.live().defer_streamfields().select_related("region")
        context["today"] = DailyArticleViews.rank_articles(articles, days=1)
        context["week"] = DailyArticleViews.rank_articles(articles, days=7)
        return context


class CityActivityPanel(Component):
    name = "newsroom_city_activity"
    template_name = "newsroom/dashboard/city_activity.html"
    order = 160

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        activity = city_activity()
        context["chart"] = render_activity_chart(activity)
        context["activity"] = activity
        return context


def city_activity(days=CHART_DAYS, today=None):
    """Articles first published and views, per city and day, for the last `days` days.

    {"days": [date…], "cities": [(city, [published…], [views…])…]} in two queries.
    """
    today = today or timezone.localdate()
    dates = [today - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    start = timezone.make_aware(datetime.datetime.combine(dates[0], datetime.time.min))
    cities = list(SectionPage.objects.filter(is_city=True).order_by("path"))
    published = (
        ArticlePage.objects.filter(first_published_at__gte=start, region__in=cities)
        .annotate(day=TruncDate("first_published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()  # the page tree's default ordering would split the groups
        .values("region_id", "day")
        .annotate(total=Count("pk"))
    )
    views = (
        DailyArticleViews.objects.filter(date__gte=dates[0], article__region__in=cities)
        .order_by()
        .values("article__region_id", "date")
        .annotate(total=Sum("count"))
    )
    published_by = {(row["region_id"], row["day"]): row["total"] for row in published}
    views_by = {(row["article__region_id"], row["date"]): row["total"] for row in views}
    return {
        "days": dates,
        "cities": [
            (
                city,
                [published_by.get((city.pk, day), 0) for day in dates],
                [views_by.get((city.pk, day), 0) or 0 for day in dates],
            )
            for city in cities
        ],
    }


# One row per city: bars for articles published, a line for views; one scale each for
# all rows so cities compare at a glance.
LABEL_WIDTH = 56
DAY_WIDTH = 18
TOTALS_WIDTH = 130
ROW_HEIGHT = 42
TOP = 34
BOTTOM = 26
BAR_COLOUR = "#2e6bb3"
LINE_COLOUR = "#d9480f"


def render_activity_chart(activity):
    days, cities = activity["days"], activity["cities"]
    plot_width = DAY_WIDTH * len(days)
    width = LABEL_WIDTH + plot_width + TOTALS_WIDTH
    height = TOP + ROW_HEIGHT * max(len(cities), 1) + BOTTOM
    max_published = max([1, *(n for _, published, _ in cities for n in published)])
    max_views = max([1, *(n for _, _, views in cities for n in views)])
    first, last = days[0], days[-1]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="newsroom-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="city-chart-title">',
        f'<title id="city-chart-title">近 {len(days)} 天各市发稿量与阅读量'
        f"({first:%m-%d} 至 {last:%m-%d})</title>",
        f'<rect x="{LABEL_WIDTH}" y="8" width="12" height="12" fill="{BAR_COLOUR}"/>',
        f'<text x="{LABEL_WIDTH + 16}" y="18" font-size="12">发稿量(篇,柱)</text>',
        f'<line x1="{LABEL_WIDTH + 130}" y1="14" x2="{LABEL_WIDTH + 150}" y2="14" '
        f'stroke="{LINE_COLOUR}" stroke-width="2"/>',
        f'<text x="{LABEL_WIDTH + 156}" y="18" font-size="12">阅读量(次,线)</text>',
        f'<text x="{width - 4}" y="18" font-size="11" text-anchor="end" fill="#555">'
        f"最高:单日 {max_published} 篇 / {max_views} 次</text>",
    ]
    for row, (city, published, views) in enumerate(cities):
        top = TOP + row * ROW_HEIGHT
        baseline = top + ROW_HEIGHT - 8
        usable = ROW_HEIGHT - 12
        name = escape(city.title)
        parts.append(f'<g class="newsroom-chart__city" data-city="{escape(city.slug)}">')
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{baseline - 8}" font-size="13" '
            f'text-anchor="end">{name}</text>'
        )
        parts.append(
            f'<line x1="{LABEL_WIDTH}" y1="{baseline}" x2="{LABEL_WIDTH + plot_width}" '
            f'y2="{baseline}" stroke="#ccc"/>'
        )
        points = []
        for index, (day, count, seen) in enumerate(zip(days, published, views, strict=True)):
            x = LABEL_WIDTH + index * DAY_WIDTH
            label = f"{name} {day:%m-%d}:发稿 {count} 篇,阅读 {seen} 次"
            if count:
                bar = max(2, round(usable * count / max_published))
                parts.append(
                    f'<rect x="{x + 3}" y="{baseline - bar}" width="{DAY_WIDTH - 6}" '
                    f'height="{bar}" fill="{BAR_COLOUR}"><title>{label}</title></rect>'
                )
            y = baseline - round(usable * seen / max_views, 1)
            points.append(f"{x + DAY_WIDTH / 2},{y}")
            if seen:
                parts.append(
                    f'<circle cx="{x + DAY_WIDTH / 2}" cy="{y}" r="2.5" fill="{LINE_COLOUR}">'
                    f"<title>{label}</title></circle>"
                )
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE_COLOUR}" '
            f'stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + plot_width + 8}" y="{baseline - 8}" font-size="12">'
            f"发稿 {sum(published)} · 阅读 {sum(views)}</text>"
        )
        parts.append("</g>")
    axis_y = TOP + ROW_HEIGHT * max(len(cities), 1) + 16
    # Weekly ticks counted back from today, so the last one is "今天" and none overlap it.
    for index in range(len(days) - 1, -1, -7):
        x = LABEL_WIDTH + index * DAY_WIDTH + DAY_WIDTH / 2
        label = "今天" if index == len(days) - 1 else f"{days[index]:%m-%d}"
        parts.append(
            f'<text x="{x}" y="{axis_y}" font-size="11" text-anchor="middle" fill="#555">'
            f"{label}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def panels_for(request):
    """The newsroom panels this user should see on the dashboard."""
    user = request.user
    groups = set(user.groups.values_list("name", flat=True))
    panels = []
    if user.is_superuser or groups & {DESK_EDITOR, CHIEF_EDITOR}:
        panels.append(ReviewQueuePanel(user))
    returned = review.rejections_for_author(user)
    if returned:
        panels.append(ReturnedArticlesPanel(returned))
    if user.is_superuser or groups & {REPORTER, DESK_EDITOR, CHIEF_EDITOR}:
        panels.extend([MostReadPanel(), CityActivityPanel()])
    return panels
