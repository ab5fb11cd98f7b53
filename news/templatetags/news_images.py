"""`{% responsive_picture %}`: Wagtail's `{% picture %}` whose srcset lists each width once.

Same arguments as `{% picture %}` (Wagtail's parser reads them); the output is
news.images.DistinctWidthPicture, which leaves out a rendition that came back at a width
already listed (Wagtail never enlarges a narrow photo). Each rendition carries the
site's watermark while it is on (watermarks/specs.py).
"""

from django import template
from django.template.base import Token

from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

from news.images import DistinctWidthPicture
from watermarks.specs import watermarked

register = template.Library()


class DistinctWidthPictureNode(PictureNode):
    def get_filters(self):
        # Public pictures carry the site's watermark while it is on (watermarks/).
        return [Filter(spec=watermarked(f.spec)) for f in super().get_filters()]

    def render(self, context):
        picture_image = self.validate_image(context)
        if not picture_image:
            return ""
        renditions = get_renditions_or_not_found(picture_image, self.get_filters())
        if self.output_var_name:
            context[self.output_var_name] = DistinctWidthPicture(renditions)
            return ""
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return DistinctWidthPicture(renditions, attrs).__html__()


@register.tag
def responsive_picture(parser, token):
    tag_name = token.split_contents()[0]
    # Wagtail's own parser, as for `{% picture %}`: same checks, same error messages.
    wagtail_token = Token(
        token.token_type, "picture" + token.contents[len(tag_name) :], token.position, token.lineno
    )
    node = image(parser, wagtail_token)
    return DistinctWidthPictureNode(
        node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs
    )
