"""Demo content for a fresh Dayuan site, written for this project.

Articles are assembled from a few story outlines and each city's own places, so
every city section has several different articles to show.
"""

from news.cities import CITY_NAMES

# Each city's districts and river, for the demo stories; the slugs come from news.cities.
CITY_DETAILS = {
    "taiyuan": (["小店区", "迎泽区", "晋源区"], "汾河"),
    "datong": (["平城区", "云冈区", "浑源县"], "御河"),
    "yangquan": (["城区", "郊区", "平定县"], "桃河"),
    "changzhi": (["潞州区", "上党区", "壶关县"], "浊漳河"),
    "jincheng": (["城区", "泽州县", "阳城县"], "沁河"),
    "shuozhou": (["朔城区", "怀仁市", "应县"], "桑干河"),
    "jinzhong": (["榆次区", "平遥县", "太谷区"], "潇河"),
    "yuncheng": (["盐湖区", "永济市", "芮城县"], "涑水河"),
    "xinzhou": (["忻府区", "五台县", "原平市"], "滹沱河"),
    "linfen": (["尧都区", "洪洞县", "霍州市"], "汾河"),
    "lvliang": (["离石区", "孝义市", "临县"], "三川河"),
}
CITIES = [(name, slug, *CITY_DETAILS[slug]) for slug, name in CITY_NAMES.items()]

# Demo pictures are 1200 × 800; these body images are narrower than the 960 pixels the
# article page asks for, like a reporter's phone photo or an imported one. Wagtail does not
# enlarge them, so the page must still list each width once in its srcset (the browser
# tests' Nu HTML Checker reads such a page).
NARROW_IMAGES = {"新能源公交车": (800, 533)}

# Each outline: title, summary, tags, body blocks. {city}, {district}, {river}
# are filled in per city.
STORY_OUTLINES = [
    {
        "title": "{city}{district}社区食堂开张 老人吃上热乎饭",
        "summary": "{district}首批社区食堂投入运营,六十岁以上老人就餐可享优惠。",
        "tags": ["民生", "养老", "社区"],
        "body": [
            (
                "paragraph",
                "<p>本周一中午,{city}{district}的第一家社区食堂正式开门。不到十一点半,"
                "门口已经排起了队,来得最早的是住在附近的几位退休职工。</p>",
            ),
            (
                "paragraph",
                "<p>食堂每天供应两荤两素一汤,六十岁以上的老人凭身份证可以享受八折。"
                "行动不便的老人还可以提前一天电话预约,由社区志愿者送餐上门。</p>",
            ),
            (
                "quote",
                {
                    "text": "以前一个人做饭,常常一碗面对付一顿,现在下楼就能吃上热乎饭。",
                    "attribution": "{district}居民王大爷",
                },
            ),
            ("heading", {"text": "下一步:覆盖更多小区", "level": "h2"}),
            (
                "paragraph",
                "<p>街道负责人介绍,年底前还将在另外三个小区开设食堂,"
                "争取让老人步行十分钟就能吃上一顿合口的饭菜。</p>",
            ),
        ],
    },
    {
        "title": "{city}{river}沿岸生态修复见成效 候鸟数量明显增多",
        "summary": "经过三年治理,{river}{city}段水质稳定向好,今年观测到的候鸟种类比往年更多。",
        "tags": ["生态", "环保", "{river}"],
        "body": [
            (
                "paragraph",
                "<p>清晨的{river}岸边,观鸟爱好者架起了长焦镜头。"
                "据当地林业部门统计,今年秋季在{city}段观测到的候鸟已超过四十种。</p>",
            ),
            ("image", "河岸湿地"),
            (
                "paragraph",
                "<p>三年来,{city}沿河拆除违章建筑、恢复湿地植被,"
                "并在{district}建设了污水处理厂,入河排污口全部实现在线监测。</p>",
            ),
            (
                "table",
                [["年份", "观测到的鸟类(种)"], ["2024", "28"], ["2025", "35"], ["2026", "42"]],
            ),
            (
                "paragraph",
                "<p>专家提醒,观鸟时请与鸟群保持距离,不要投喂,也不要使用无人机近距离拍摄。</p>",
            ),
        ],
    },
    {
        "title": "{city}秋季招聘会提供岗位五千余个",
        "summary": "本次招聘会面向高校毕业生和返乡青年,现场达成就业意向一千多人。",
        "tags": ["就业", "招聘", "民生"],
        "body": [
            (
                "paragraph",
                "<p>上周六,{city}秋季大型招聘会在{district}会展中心举行,"
                "两百多家企业带来了五千余个岗位,涵盖装备制造、物流、新能源和数字经济等行业。</p>",
            ),
            (
                "paragraph",
                "<p>与往年不同的是,今年专门设置了“直播带岗”区,"
                "企业负责人在镜头前介绍岗位,外地的求职者也能在线投递简历。</p>",
            ),
            ("heading", {"text": "求职提示", "level": "h3"}),
            (
                "paragraph",
                "<p>人社部门提醒求职者,签订劳动合同前要看清工作内容、工资和社保缴纳约定,"
                "遇到收取押金、培训费等情况可拨打12333咨询。</p>",
            ),
        ],
    },
    {
        "title": "{city}{district}古村落修缮完工 百年老院重新开门迎客",
        "summary": "修缮坚持“修旧如旧”,老院落保留原有格局,部分院子改作村史馆。",
        "tags": ["文旅", "古建筑", "乡村振兴"],
        "body": [
            (
                "paragraph",
                "<p>青砖灰瓦、木雕门楼,{city}{district}一处有着上百年历史的古村落近日完成修缮。"
                "施工队大量使用原来拆下的旧砖旧瓦,尽量让老院子保持原来的样子。</p>",
            ),
            ("gallery", ["古村门楼", "院落一角", "村史馆"]),
            (
                "paragraph",
                "<p>村里把两处闲置院落改成了村史馆和手工作坊,"
                "游客可以看到老物件,也可以跟着老艺人学做面塑。</p>",
            ),
            (
                "quote",
                {"text": "老房子有人住、有人看,才能一直活下去。", "attribution": "村党支部书记"},
            ),
        ],
    },
    {
        "title": "{city}新能源公交线路开通 市民出行更便捷",
        "summary": "新开通的线路连接{district}和高铁站,全程使用纯电动公交车。",
        "tags": ["交通", "新能源", "公交"],
        "body": [
            (
                "paragraph",
                "<p>从本月起,{city}新开通一条连接{district}与高铁站的公交线路,"
                "全程约四十分钟,早晚高峰发车间隔缩短到八分钟。</p>",
            ),
            ("image", "新能源公交车"),
            (
                "paragraph",
                "<p>线路全部使用纯电动公交车,车内配有手机无线充电和爱心座椅。"
                "乘客可以使用交通联合卡或手机扫码乘车。</p>",
            ),
        ],
    },
    {
        "title": "{city}开展秋季安全生产大检查",
        "summary": "检查覆盖矿山、危险化学品、建筑施工和人员密集场所,发现问题限期整改。",
        "tags": ["安全生产", "检查", "工作"],
        "body": [
            (
                "paragraph",
                "<p>连日来,{city}组织多个检查组,对全市矿山、危险化学品企业、"
                "建筑工地和商场等人员密集场所开展安全生产大检查。</p>",
            ),
            (
                "paragraph",
                "<p>在{district}的一处建筑工地,检查人员发现两处脚手架连接不牢,"
                "当场责令停工整改,并在三天后回头复查。</p>",
            ),
            ("heading", {"text": "群众也可以举报隐患", "level": "h2"}),
            ("paragraph", "<p>市应急管理部门公布了举报电话,对查证属实的重大隐患举报给予奖励。</p>"),
        ],
    },
]

# Three outlines per city, rotated so neighbouring cities differ.
OUTLINES_PER_CITY = 3

PROVINCE_STORIES = [
    (
        "sxyw",
        "全省冬季供暖准备工作全面启动",
        "各地供热企业完成设备检修,确保按时供暖。",
        ["供暖", "民生"],
    ),
    (
        "sxyw",
        "山西发布新一批省级非物质文化遗产名录",
        "新入选项目涵盖传统技艺、民俗和传统戏剧。",
        ["非遗", "文化"],
    ),
    (
        "shehui",
        "秋冬季节如何预防一氧化碳中毒",
        "专家提醒:使用燃煤取暖一定要注意通风。",
        ["安全", "健康"],
    ),
    (
        "jingji",
        "山西小杂粮走俏电商平台",
        "借助直播和冷链物流,小杂粮卖到了全国各地。",
        ["电商", "农业"],
    ),
    (
        "wenlv",
        "晋祠博物馆推出夜间参观",
        "每周五、周六开放夜场,讲解员带领游客赏古建。",
        ["文旅", "博物馆"],
    ),
]

ABOUT_TEXT = (
    "大院网是面向山西本地读者的综合资讯平台,报道全省和各市的新闻、民生与文化,"
    "并提供本地公共服务导航,方便读者一站式进入各类政务服务平台。"
)
DISCLAIMER_ZH = (
    "本站转载的文章、图片等内容仅供学习交流,不代表本站赞同其观点或对其真实性负责。"
    "如有问题,请及时联系本站处理。"
)
DISCLAIMER_EN = (
    "Reprinted articles, images and other works on this site are for learning and exchange only; "
    "their publication does not mean that this site agrees with their views or vouches for their "
    "accuracy. If there is any problem, please contact us and we will deal with it promptly."
)
PUBLIC_SERVICE_LINKS = [
    ("山西省人民政府", "https://www.shanxi.gov.cn/"),
    ("国家政务服务平台", "https://gjzwfw.www.gov.cn/"),
    ("山西政务服务网", "https://www.sxzwfw.gov.cn/"),
    ("太原市人民政府", "https://www.taiyuan.gov.cn/"),
    ("12345 政务服务便民热线", "https://www.shanxi.gov.cn/hdjl/"),
]
FRIENDLY_LINKS = [
    ("新华网", "https://www.xinhuanet.com/"),
    ("人民网", "https://www.people.com.cn/"),
]
