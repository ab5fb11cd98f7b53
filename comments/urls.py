from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:article_number>/", views.comment_page, name="page"),
    path("<int:article_number>/form/", views.comment_form, name="form"),
    path("<int:article_number>/post/", views.comment_post, name="post"),
]
