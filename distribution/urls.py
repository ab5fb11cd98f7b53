from django.urls import re_path

from . import views

app_name = "distribution"

urlpatterns = [
    # The IndexNow key's own alphabet and length, so robots.txt and the like never match.
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", views.indexnow_key_file, name="indexnow_key"),
]
