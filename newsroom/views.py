"""Admin endpoints of the newsroom (under /admin/newsroom/, behind the admin login)."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .suggestions import suggest_tags

MAX_TEXT = 50_000  # characters; a long feature is about 10,000


@require_POST
def tag_suggestions(request):
    """Keywords for the text an editor is writing: {"tags": [...]}."""
    text = "\n".join(request.POST.get(name, "")[:MAX_TEXT] for name in ("title", "summary", "text"))
    existing = [name.strip() for name in request.POST.get("existing", "").split(",")]
    return JsonResponse({"tags": suggest_tags(text, exclude=[name for name in existing if name])})
