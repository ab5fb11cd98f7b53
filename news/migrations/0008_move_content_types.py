"""Content types follow the models that moved out of news, so every permission a group
holds on them, every log entry and every review task row keeps pointing at the right model.
"""

from django.db import migrations

MOVED = {
    "comments": ["comment", "sensitiveword", "commentsettings"],
    "viewcounts": ["articleviewcount", "dailyarticleviews", "viewcountflush"],
    "newsroom": ["newsroomreviewtask"],
}


def relabel(apps, old_label, new_label_for):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, new_label in new_label_for.items():
        old = ContentType.objects.filter(app_label=old_label(model), model=model).first()
        if old is None:
            continue
        # A content type created under the new label in the meantime holds nothing yet.
        ContentType.objects.filter(app_label=new_label, model=model).delete()
        old.app_label = new_label
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    targets = {model: app for app, models in MOVED.items() for model in models}
    relabel(apps, lambda model: "news", targets)


def backwards(apps, schema_editor):
    sources = {model: app for app, models in MOVED.items() for model in models}
    relabel(apps, lambda model: sources[model], dict.fromkeys(sources, "news"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_move_models_to_their_apps"),
        ("comments", "0001_initial"),
        ("viewcounts", "0001_initial"),
        ("newsroom", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
