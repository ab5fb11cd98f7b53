from django.db import migrations


class Migration(migrations.Migration):
    """The search app's first migration: its models come in the ones after it."""

    initial = True

    dependencies = []

    operations = []
