from wagtail import hooks

from .records import IMPORT_ACTION


@hooks.register("register_log_actions")
def import_log_actions(actions):
    # Written for each imported article; it carries the old address.
    actions.register_action(IMPORT_ACTION, "从旧站导入", "从旧站导入")
