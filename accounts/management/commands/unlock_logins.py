"""List login locks, or lift them: by username, address, both, or all."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_ipv46_address
from django.utils import timezone

from accounts import lockouts


class Command(BaseCommand):
    help = "列出或解除后台登录锁定(不带参数时列出当前锁定)"

    def add_arguments(self, parser):
        parser.add_argument("--username", help="解除这个用户名的锁定(可与 --address 同用)")
        parser.add_argument("--address", help="解除这个网络地址的锁定(所有账号)")
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="清除全部失败记录与锁定"
        )

    def handle(self, *args, username=None, address=None, everything=False, **options):
        if everything and (username or address):
            raise CommandError("--all 不能和 --username、--address 同用。")
        if address:
            try:
                validate_ipv46_address(address)
            except ValidationError as error:
                raise CommandError(f"不是有效的网络地址:{address}") from error
        if everything:
            removed = lockouts.unlock_all()
        elif username or address:
            removed = lockouts.unlock(username=username, ip_address=address)
        else:
            self.list_locks()
            return
        self.stdout.write(f"已清除 {removed} 条失败记录。" if removed else "没有匹配的失败记录。")

    def list_locks(self):
        locks = lockouts.current_locks()
        if not locks:
            self.stdout.write("目前没有被锁定的账号或地址。")
            return
        for lock in locks:
            who = lock.username if lock.kind == lockouts.ACCOUNT else "所有账号"
            self.stdout.write(
                f"{lock.kind_label}\t{who}\t{lock.ip_address}\t{lock.failures} 次失败\t"
                f"{timezone.localtime(lock.unlocks_at):%Y-%m-%d %H:%M:%S} 自动解除"
            )
