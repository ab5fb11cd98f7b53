from wagtail import hooks

from .operations import WatermarkOperation
from .specs import OPERATION_NAME


@hooks.register("register_image_operations")
def register_watermark_operation():
    return [(OPERATION_NAME, WatermarkOperation)]
