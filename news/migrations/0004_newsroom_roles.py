"""The newsroom's roles (记者, 编辑, 主编, 评论审核员) and the two-step review workflow.

City desks and attaching the workflow to sections need the section pages, which only
exist after content is created: `manage.py setup_newsroom` (run by the demo loader).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # On a fresh database Django creates permissions after all migrations have run;
    # the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    from news.newsroom.roles import ensure_roles

    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    from news.newsroom import roles

    apps.get_model("wagtailcore", "Workflow").objects.filter(name=roles.WORKFLOW_NAME).delete()
    apps.get_model("news", "NewsroomReviewTask").objects.filter(
        name__in=[roles.DESK_REVIEW_TASK, roles.CHIEF_REVIEW_TASK]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_newsroom"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
