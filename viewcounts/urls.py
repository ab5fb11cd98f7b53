from django.urls import path

from . import views

app_name = "viewcounts"

urlpatterns = [
    path("<int:article_number>/", views.record_view, name="record_view"),
]
