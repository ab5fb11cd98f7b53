from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.translations import DOMAINS, LANGUAGE, format_errors, missing_messages


class Command(BaseCommand):
    help = (
        "列出管理后台仍显示为英文的消息:已安装的 Wagtail(含 contrib)、modelsearch、"
        "django-taggit、django-simple-captcha、wagtailmedia 与本项目各应用的英文消息,"
        "其软件包与本项目 locale/ 都没有简体中文翻译的。有缺失或占位符不符时失败。"
    )

    def handle(self, *args, **options):
        project_locale = Path(settings.LOCALE_PATHS[0])
        # Django's server-side catalogue merges every installed app's and its own.
        app_locales = [Path(config.path) / "locale" for config in apps.get_app_configs()]
        app_locales.append(Path(django.__file__).parent / "conf" / "locale")
        project_apps = [
            Path(config.path)
            for config in apps.get_app_configs()
            if Path(config.path).is_relative_to(settings.BASE_DIR)
            and "site-packages" not in Path(config.path).parts
        ]
        missing = missing_messages(project_locale, app_locales, project_apps)
        for message in missing:
            context = f" [{message.msgctxt}]" if message.msgctxt else ""
            where = f"{message.package} {message.domain}{context}"
            self.stdout.write(f"{where}: {message.msgid!r} ({message.reference})")
        errors = []
        for domain in DOMAINS:
            po_path = project_locale / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
            if po_path.exists():
                errors += [f"{po_path.name}: {error}" for error in format_errors(po_path)]
        for error in errors:
            self.stdout.write(error)
        if missing or errors:
            raise CommandError(
                f"{len(missing)} 条消息没有简体中文翻译,"
                f"{len(errors)} 条翻译的占位符或标记与原文不符"
                f"(请补充 {project_locale}/{LANGUAGE}/LC_MESSAGES/ 下的 .po,"
                "见 docs/translations.md)"
            )
        self.stdout.write(self.style.SUCCESS("管理后台的全部消息都有简体中文翻译。"))
