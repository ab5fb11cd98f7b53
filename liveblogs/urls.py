from django.urls import re_path

from . import views

app_name = "liveblogs"

urlpatterns = [
    # Numbers as articles have them (news ARTICLE_FILENAME): inside a 32-bit column.
    re_path(r"^(?P<article_number>[1-9][0-9]{0,8})/entries\.json$", views.entries, name="entries"),
]
