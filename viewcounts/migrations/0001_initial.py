import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('news', '0007_move_models_to_their_apps'),
    ]

    # The tables exist already (created by news's migrations): state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ViewCountFlush',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('last_batch', models.CharField(blank=True, max_length=36)),
                        ('flushed_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'verbose_name': '阅读数写入记录',
                        'verbose_name_plural': '阅读数写入记录',
                        'db_table': 'news_viewcountflush',
                    },
                ),
                migrations.CreateModel(
                    name='ArticleViewCount',
                    fields=[
                        ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='view_count_record', serialize=False, to='news.articlepage', verbose_name='文章')),
                        ('count', models.PositiveBigIntegerField(default=0, verbose_name='阅读数')),
                    ],
                    options={
                        'verbose_name': '阅读数',
                        'verbose_name_plural': '阅读数',
                        'db_table': 'news_articleviewcount',
                        'indexes': [models.Index(fields=['-count'], name='news_views_count_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyArticleViews',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='日期')),
                        ('count', models.PositiveIntegerField(default=0, verbose_name='阅读数')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_views', to='news.articlepage', verbose_name='文章')),
                    ],
                    options={
                        'verbose_name': '每日阅读数',
                        'verbose_name_plural': '每日阅读数',
                        'db_table': 'news_dailyarticleviews',
                        'indexes': [models.Index(fields=['date', '-count'], name='news_daily_views_rank_idx')],
                        'constraints': [models.UniqueConstraint(fields=('article', 'date'), name='news_daily_views_unique')],
                    },
                ),
    
            ],
            database_operations=[],
        )
    ]
