from django.db import models

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "文章标签"
        verbose_name_plural = "文章标签"
