"""Comments, view counts and the review task move to apps of their own (comments,
viewcounts, newsroom). Their tables stay where they are (each model names its old table),
so this only forgets them in news's migration state; 0008 moves their content types.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_view_count_flush"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name='articleviewcount',
                    name='news_views_count_idx',
                ),
                migrations.RemoveIndex(
                    model_name='comment',
                    name='news_comment_list_idx',
                ),
                migrations.RemoveField(
                    model_name='commentsettings',
                    name='site',
                ),
                migrations.RemoveIndex(
                    model_name='dailyarticleviews',
                    name='news_daily_views_rank_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='dailyarticleviews',
                    name='news_daily_views_unique',
                ),
                migrations.RemoveField(
                    model_name='newsroomreviewtask',
                    name='groups',
                ),
                migrations.RemoveField(
                    model_name='newsroomreviewtask',
                    name='task_ptr',
                ),
                migrations.DeleteModel(
                    name='SensitiveWord',
                ),
                migrations.DeleteModel(
                    name='ViewCountFlush',
                ),
                migrations.RemoveField(
                    model_name='articleviewcount',
                    name='article',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='article',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='moderated_by',
                ),
                migrations.RemoveField(
                    model_name='comment',
                    name='replied_by',
                ),
                migrations.DeleteModel(
                    name='CommentSettings',
                ),
                migrations.RemoveField(
                    model_name='dailyarticleviews',
                    name='article',
                ),
                migrations.DeleteModel(
                    name='NewsroomReviewTask',
                ),
                migrations.DeleteModel(
                    name='ArticleViewCount',
                ),
                migrations.DeleteModel(
                    name='Comment',
                ),
                migrations.DeleteModel(
                    name='DailyArticleViews',
                ),
    
            ],
            database_operations=[],
        )
    ]
