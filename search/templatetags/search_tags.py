from django import template

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def search_pagination(context, page_obj):
    """Links to other pages of results, keeping the query and filters."""
    params = context["request"].GET.copy()

    def url_for(number):
        params["page"] = number
        return f"?{params.urlencode()}"

    return {
        "page_obj": page_obj,
        "previous_url": url_for(page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        "next_url": url_for(page_obj.next_page_number()) if page_obj.has_next() else None,
        "first_url": url_for(1),
        "last_url": url_for(page_obj.paginator.num_pages),
    }
