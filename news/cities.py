"""The 11 prefecture-level cities of Shanxi and their fixed address slugs.

Written down rather than derived: automatic pinyin gets 长治 wrong (zhangzhi). The demo
content and the importer both build city sections from this table.
"""

CITY_NAMES = {
    "taiyuan": "太原",
    "datong": "大同",
    "yangquan": "阳泉",
    "changzhi": "长治",
    "jincheng": "晋城",
    "shuozhou": "朔州",
    "jinzhong": "晋中",
    "yuncheng": "运城",
    "xinzhou": "忻州",
    "linfen": "临汾",
    "lvliang": "吕梁",
}
