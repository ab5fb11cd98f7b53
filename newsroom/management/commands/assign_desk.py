from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom import desks, roles


class Command(BaseCommand):
    help = (
        "把用户分配到城市频道(编辑部),例如:assign_desk reporter_xinzhou xinzhou --role 记者。"
        "主编和评论审核员不分频道:assign_desk chief --role 主编。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("city", nargs="?", help="城市频道的别名(slug),例如 xinzhou")
        parser.add_argument(
            "--role", default=roles.REPORTER, choices=roles.ROLES, help="角色,默认 记者"
        )
        parser.add_argument("--remove", action="store_true", help="把用户从该城市频道移出")

    def handle(self, *args, username, city, role, remove, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username}。")
        try:
            if role in roles.DESK_ROLES or remove:
                if not city:
                    raise CommandError(
                        f"{role} 需要指定城市频道,例如:assign_desk {username} xinzhou"
                    )
                section = desks.city_by_slug(city)
                if remove:
                    desks.take_off_desk(user, section)
                    self.stdout.write(f"已把 {username} 移出 {section.title} 编辑部。")
                    return
                desks.put_on_desk(user, section, role)
                self.stdout.write(f"{username} 现在是 {section.title} 编辑部的{role}。")
            else:
                desks.give_role(user, role)
                self.stdout.write(f"{username} 现在是{role}(全站)。")
        except desks.DeskError as error:
            raise CommandError(str(error)) from error
