from django.urls import path

from wagtail import hooks

from . import admin_views, mourning


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("mourning/", admin_views.switch_mourning, name="home_mourning")]


hooks.register("construct_homepage_panels", admin_views.dashboard_panels)
# The scheduling worker (newsroom's run_worker) purges at mourning's start and end.
hooks.register("run_worker_job", mourning.worker_job)
