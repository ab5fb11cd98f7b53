"""A starting list of common misspellings (易错词), and who may keep the two lists.

The misspellings are the ones Chinese newsrooms' proofreaders list most often: wrong
characters in set phrases (再接再励), near-homophones (做为, 既使) and the 截止/截至 slip
of news copy. Editors extend and correct the list in 内容检查 → 易错词.

The 主编 group manages both lists and the 编辑 group may view them; newsroom/roles.py
grants the same to groups it creates later. Frozen here: the groups' names as they were.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITOR = "主编"
DESK_EDITOR = "编辑"
MODELS = ("publishingword", "misspelling")
MANAGE = [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")]
VIEW = [f"view_{model}" for model in MODELS]

MISSPELLINGS = [
    ("做为", "作为"),
    ("既使", "即使"),
    ("再接再励", "再接再厉"),
    ("截止目前", "截至目前"),
    ("按装", "安装"),
    ("布署", "部署"),
    ("渡假", "度假"),
    ("幅射", "辐射"),
    ("松驰", "松弛"),
    ("宣泻", "宣泄"),
    ("精萃", "精粹"),
    ("璀灿", "璀璨"),
    ("震憾", "震撼"),
    ("国藉", "国籍"),
    ("重迭", "重叠"),
    ("气慨", "气概"),
    ("装璜", "装潢"),
    ("修茸", "修葺"),
    ("发韧", "发轫"),
    ("粗旷", "粗犷"),
    ("峻工", "竣工"),
    ("侯车", "候车"),
    ("入场卷", "入场券"),
    ("泊来品", "舶来品"),
    ("凑和", "凑合"),
    ("迫不急待", "迫不及待"),
    ("一愁莫展", "一筹莫展"),
    ("穿流不息", "川流不息"),
    ("走头无路", "走投无路"),
    ("默守成规", "墨守成规"),
    ("甘败下风", "甘拜下风"),
    ("自抱自弃", "自暴自弃"),
    ("针贬时弊", "针砭时弊"),
    ("鬼鬼崇崇", "鬼鬼祟祟"),
    ("直接了当", "直截了当"),
    ("一股作气", "一鼓作气"),
    ("谈笑风声", "谈笑风生"),
    ("出奇不意", "出其不意"),
    ("不径而走", "不胫而走"),
    ("食不裹腹", "食不果腹"),
    ("病入膏盲", "病入膏肓"),
    ("一如继往", "一如既往"),
    ("变本加利", "变本加厉"),
    ("世外桃园", "世外桃源"),
    ("莫明其妙", "莫名其妙"),
    ("原形必露", "原形毕露"),
    ("金榜提名", "金榜题名"),
    ("美仑美奂", "美轮美奂"),
    ("声名雀起", "声名鹊起"),
    ("如火如茶", "如火如荼"),
    ("按步就班", "按部就班"),
    ("眼花瞭乱", "眼花缭乱"),
    ("记忆尤新", "记忆犹新"),
    ("关怀倍至", "关怀备至"),
    ("趋之若骛", "趋之若鹜"),
    ("黄梁美梦", "黄粱美梦"),
    ("滥芋充数", "滥竽充数"),
    ("貌和神离", "貌合神离"),
]


def seed_misspellings(apps, schema_editor):
    Misspelling = apps.get_model("contentcheck", "Misspelling")
    known = set(Misspelling.objects.values_list("wrong", flat=True))
    Misspelling.objects.bulk_create(
        Misspelling(wrong=wrong, correct=correct, note="初始列表")
        for wrong, correct in MISSPELLINGS
        if wrong not in known
    )


def unseed_misspellings(apps, schema_editor):
    Misspelling = apps.get_model("contentcheck", "Misspelling")
    Misspelling.objects.filter(wrong__in=[wrong for wrong, _ in MISSPELLINGS], note="初始列表").delete()


def _permissions(apps, codenames):
    # On a fresh database Django creates permissions after all migrations have run.
    app = apps.get_app_config("contentcheck")
    app.models_module = True
    create_permissions(app, apps=apps, verbosity=0)
    app.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(content_type__app_label="contentcheck", codename__in=codenames)
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in ((CHIEF_EDITOR, MANAGE), (DESK_EDITOR, VIEW)):
        permissions = _permissions(apps, codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps, MANAGE)
    for group in Group.objects.filter(name__in=(CHIEF_EDITOR, DESK_EDITOR)):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("contentcheck", "0001_initial"),
        # The newsroom's roles, 主编 and 编辑 among them, are created there.
        ("news", "0004_newsroom_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(seed_misspellings, unseed_misspellings),
        migrations.RunPython(grant, revoke),
    ]
