import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('news', '0007_move_models_to_their_apps'),
        ('wagtailcore', '0098_apitoken'),
    ]

    # The tables exist already (created by news's migrations): state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NewsroomReviewTask',
                    fields=[
                        ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                        ('desk_only', models.BooleanField(default=False, help_text='勾选后,审核人只能审核自己有编辑权限的频道(城市)中的稿件。', verbose_name='仅限本频道')),
                        ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
                    ],
                    options={
                        'verbose_name': '新闻审核步骤',
                        'verbose_name_plural': '新闻审核步骤',
                        'db_table': 'news_newsroomreviewtask',
                    },
                    bases=('wagtailcore.task',),
                ),
    
            ],
            database_operations=[],
        )
    ]
