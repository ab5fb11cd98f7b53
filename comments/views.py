"""Reader-facing comment views.

The article page itself carries no form, token or captcha (it is cached and identical
for every reader); site.js loads the form from `comment_form`, and readers without
JavaScript follow a link to `comment_page`, a plain page with the same form. The fetched
form has no captcha until the reader starts typing (a challenge is a database row); the
plain page renders one, and DAYUAN_RATE_LIMITS bounds both per address.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from news.models import ArticlePage, SectionPage

from . import clients
from .forms import CommentForm
from .models import Comment, CommentSettings
from .posting import CommentRefused, comments_closed_reason, post_comment

# Far more than a 1000-character comment and its fields need (UTF-8, form-encoded).
MAX_BODY_BYTES = 64 * 1024
POSTED_MESSAGES = {
    "pending": "评论已提交,审核通过后显示。感谢参与!",
    "published": "评论已发表。",
}


def get_commentable_article(article_number):
    article = (
        ArticlePage.objects.live()
        .public()
        .filter(article_number=article_number)
        .defer_streamfields()
        .first()
    )
    if article is None or SectionPage.objects.ancestor_of(article).filter(live=False).exists():
        raise Http404("没有这篇文章。")
    return article


def wants_fragment(request):
    return request.headers.get("X-Requested-With") == "fetch"


def form_context(request, article, form=None, *, message="", error="", closed=None):
    site_settings = CommentSettings.for_request(request)
    if closed is None:
        closed = comments_closed_reason(article, site_settings)
    return {
        "post_moderated": site_settings.moderation == CommentSettings.Moderation.POST,
        "article": article,
        "form": None if closed else (form or CommentForm()),
        "closed_reason": closed,
        "message": message,
        "error": error,
        "post_url": reverse("comments:post", args=[article.article_number]),
        "page_url": reverse("comments:page", args=[article.article_number]),
    }


def render_fragment(request, context, status=200):
    if context.get("form") is not None:
        # Most fetched forms are never posted: their captcha waits until the reader types.
        context["form"].defer_captcha()
    response = render(request, "comments/form.html", context, status=status)
    # site.js shows only responses carrying this, never e.g. a CSRF failure page.
    response["X-Comment-Form"] = "1"
    return response


def render_form(request, article, status=200, **kwargs):
    context = form_context(request, article, **kwargs)
    if wants_fragment(request):
        return render_fragment(request, context, status)
    comments = Comment.objects.public().for_article(article).newest()
    paginator = Paginator(comments, settings.DAYUAN_COMMENT_PAGE_SIZE)
    context["comments"] = paginator.get_page(request.GET.get("page"))
    context["article_url"] = article.get_url(request)
    return render(request, "comments/page.html", context, status=status)


@never_cache
@require_GET
def comment_page(request, article_number):
    """All of an article's comments, with the form: works without JavaScript."""
    article = get_commentable_article(article_number)
    return render_form(request, article, message=POSTED_MESSAGES.get(request.GET.get("posted")))


@never_cache
@require_GET
def comment_form(request, article_number):
    """The form alone, for site.js to place under the article."""
    article = get_commentable_article(article_number)
    return render_fragment(request, form_context(request, article))


@never_cache
@require_POST
def comment_post(request, article_number):
    article = get_commentable_article(article_number)
    try:
        body_size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        body_size = 0
    if body_size > MAX_BODY_BYTES:
        return render_form(
            request,
            article,
            status=413,
            error=f"提交的内容过长,评论最多 {settings.DAYUAN_COMMENT_MAX_LENGTH} 个字。",
        )

    if "refresh_captcha" in request.POST:
        # The no-JavaScript way to get a new image: keep what was typed, check nothing.
        typed = {name: request.POST.get(name, "") for name in ("nickname", "text")}
        return render_form(request, article, form=CommentForm(initial=typed))

    client = clients.client_hash(request)
    if clients.is_limited(client):
        return render_form(
            request,
            article,
            status=429,
            form=CommentForm(initial={n: request.POST.get(n, "") for n in ("nickname", "text")}),
            error="评论太频繁了,请稍后再试。",
        )

    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_form(request, article, form=form, status=400)
    try:
        comment = post_comment(request, article, form.cleaned_data)
    except CommentRefused as refused:
        kept = CommentForm(initial={n: form.cleaned_data[n] for n in ("nickname", "text")})
        return render_form(
            request, article, form=kept, status=refused.status, error=refused.message
        )

    outcome = "published" if comment.is_public else "pending"
    if wants_fragment(request):
        return render_form(request, article, message=POSTED_MESSAGES[outcome])
    # Post/redirect/get: reloading the result page cannot post the comment again.
    return redirect(
        f"{reverse('comments:page', args=[article_number])}?posted={outcome}#comment-form",
    )
