import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('news', '0007_move_models_to_their_apps'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist already (created by news's migrations): state only.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SensitiveWord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('word', models.CharField(help_text='不区分大小写和全角半角;读者在字间插入空格或标点也能识别。', max_length=60, unique=True, verbose_name='敏感词')),
                        ('action', models.CharField(choices=[('block', '禁止发布'), ('mask', '以 * 遮盖')], db_index=True, default='block', max_length=8, verbose_name='处理方式')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                    ],
                    options={
                        'verbose_name': '敏感词',
                        'verbose_name_plural': '敏感词',
                        'db_table': 'news_sensitiveword',
                        'ordering': ['action', 'word'],
                    },
                ),
                migrations.CreateModel(
                    name='CommentSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('comments_open', models.BooleanField(default=True, help_text='关闭后全站文章都不能发表新评论,已通过的评论仍然显示。', verbose_name='开放评论')),
                        ('moderation', models.CharField(choices=[('pre', '先审后发:评论经编辑审核通过后才显示(默认)'), ('post', '先发后审:未命中敏感词的评论立即显示,编辑事后复审')], default='pre', max_length=8, verbose_name='审核方式')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': '评论设置',
                        'db_table': 'news_commentsettings',
                    },
                ),
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nickname', models.CharField(blank=True, max_length=30, verbose_name='昵称')),
                        ('text', models.TextField(help_text='读者看到的文字(替换词已遮盖)。', verbose_name='评论内容')),
                        ('submitted_text', models.TextField(help_text='读者提交的原文,仅供审核与存档,不公开显示。', verbose_name='原始内容')),
                        ('status', models.CharField(choices=[('pending', '待审核'), ('published', '已显示(先发后审,待复审)'), ('approved', '已通过'), ('rejected', '未通过')], db_index=True, default='pending', max_length=16, verbose_name='状态')),
                        ('flagged_words', models.CharField(blank=True, help_text='提交时命中的替换词,以“、”分隔。', max_length=500, verbose_name='命中敏感词')),
                        ('client_hash', models.CharField(db_index=True, editable=False, max_length=64, verbose_name='来源标识')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='提交时间')),
                        ('moderated_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='审核时间')),
                        ('reply_text', models.TextField(blank=True, help_text='显示在评论下方,标明为编辑回复。', max_length=1000, verbose_name='编辑回复')),
                        ('replied_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='回复时间')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='news.articlepage', verbose_name='文章')),
                        ('moderated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
                        ('replied_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='回复人')),
                    ],
                    options={
                        'verbose_name': '评论',
                        'verbose_name_plural': '评论',
                        'db_table': 'news_comment',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['article', 'status', '-created_at'], name='news_comment_list_idx')],
                    },
                ),
    
            ],
            database_operations=[],
        )
    ]
