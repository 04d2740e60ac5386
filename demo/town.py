"""The demo town's structure: Zhuanqiao's zones, communities, departments, tiers and subjects.

Names of zones and most communities are assumed (the article names only 银一居委 and 北桥);
they are demo data, editable in the admin like everything else here.
"""

TOWN = ("zhuanqiao", "颛桥镇", "Zhuanqiao Town")

# code, Chinese, English
ZONES = [
    ("beiqiao", "北桥片区", "Beiqiao Zone"),
    ("yindu", "银都片区", "Yindu Zone"),
    ("zhongxin", "中心片区", "Central Zone"),
    ("zhuanxi", "颛溪片区", "Zhuanxi Zone"),
    ("xibu", "西部片区", "Western Zone"),
]

# zone code, community code, Chinese, English, kind
COMMUNITIES = [
    ("beiqiao", "beiqiao", "北桥居委", "Beiqiao Neighbourhood", "neighbourhood"),
    ("beiqiao", "beiqiao-v", "北桥村委", "Beiqiao Village", "village"),
    ("beiqiao", "zhonggou", "中沟村委", "Zhonggou Village", "village"),
    ("beiqiao", "guanghua", "光华村委", "Guanghua Village", "village"),
    ("beiqiao", "lianjian", "联建村委", "Lianjian Village", "village"),
    ("yindu", "yinyi", "银一居委", "Yinyi Neighbourhood", "neighbourhood"),
    ("yindu", "yiner", "银二居委", "Yiner Neighbourhood", "neighbourhood"),
    ("yindu", "yinchun", "银春居委", "Yinchun Neighbourhood", "neighbourhood"),
    ("yindu", "yindu", "银都居委", "Yindu Neighbourhood", "neighbourhood"),
    ("yindu", "jindu", "金都居委", "Jindu Neighbourhood", "neighbourhood"),
    ("yindu", "moliyuan", "茉莉苑居委", "Moliyuan Neighbourhood", "neighbourhood"),
    ("zhongxin", "zhuanqiao", "颛桥居委", "Zhuanqiao Neighbourhood", "neighbourhood"),
    ("zhongxin", "lvmei", "绿梅居委", "Lvmei Neighbourhood", "neighbourhood"),
    ("zhongxin", "ziteng", "紫藤居委", "Ziteng Neighbourhood", "neighbourhood"),
    ("zhongxin", "wenbo", "文博居委", "Wenbo Neighbourhood", "neighbourhood"),
    ("zhongxin", "jingcheng", "景城居委", "Jingcheng Neighbourhood", "neighbourhood"),
    ("zhuanxi", "zhuanxi", "颛溪居委", "Zhuanxi Neighbourhood", "neighbourhood"),
    ("zhuanxi", "dongfang", "东方居委", "Dongfang Neighbourhood", "neighbourhood"),
    ("zhuanxi", "yuanxin", "缘心居委", "Yuanxin Neighbourhood", "neighbourhood"),
    ("zhuanxi", "tongxin", "同心村委", "Tongxin Village", "village"),
    ("zhuanxi", "anle", "安乐村委", "Anle Village", "village"),
    ("xibu", "dengta", "灯塔村委", "Dengta Village", "village"),
    ("xibu", "jianxin", "剑心村委", "Jianxin Village", "village"),
    ("xibu", "zhongxin-v", "中心村委", "Zhongxin Village", "village"),
    ("xibu", "lixin", "立新村委", "Lixin Village", "village"),
    ("xibu", "huabao", "华宝居委", "Huabao Neighbourhood", "neighbourhood"),
    ("xibu", "xingfu", "幸福居委", "Xingfu Neighbourhood", "neighbourhood"),
    ("xibu", "chunguang", "春光居委", "Chunguang Neighbourhood", "neighbourhood"),
]

# code, level, Chinese, English, target days (assumed)
TIERS = [
    ("building", 1, "楼道（小网格）", "Building (small grid)", 7),
    ("community", 2, "居村（中网格）", "Community (medium grid)", 15),
    ("town", 3, "镇（大网格）", "Town (large grid)", 30),
]

# The article names seven; the last three are assumed (DOMAIN.md).
DEPARTMENTS = [
    ("petition", "信访办", "Petition Office"),
    ("safety", "平安办", "Public Safety Office"),
    ("justice", "司法所", "Judicial Office"),
    ("police", "派出所", "Police Station"),
    ("community-building", "社建办", "Community Building Office"),
    ("city-ops", "城运中心", "City Operations Centre"),
    ("work-safety", "安监所", "Work Safety Office"),
    ("enforcement", "城管执法中队", "Urban Management Enforcement"),
    ("housing", "房管办", "Housing Management Office"),
    ("market", "市场监管所", "Market Supervision Office"),
]

# Stations of district bureaus in the town: the level above them is the district bureau (DOMAIN.md).
DISTRICT_STATIONS = {"justice", "police", "market"}

# code, Chinese, English, default lead department
SUBJECTS = [
    ("neighbour", "邻里纠纷", "Neighbour dispute", "justice"),
    ("illegal-construction", "违法搭建", "Illegal construction", "enforcement"),
    ("property", "物业管理", "Property management", "housing"),
    ("utilities", "水电煤与公共服务", "Utilities and public services", "city-ops"),
    ("wages", "劳资与欠薪", "Wages and labour", "justice"),
    ("noise", "噪声与环境", "Noise and environment", "city-ops"),
    ("housing", "房屋与动迁", "Housing and relocation", "housing"),
    ("public-order", "治安秩序", "Public order", "police"),
    ("work-safety", "安全生产", "Work safety", "work-safety"),
    ("market", "消费与市场", "Consumers and markets", "market"),
    ("community-services", "社区服务", "Community services", "community-building"),
    ("other", "其他", "Other", "petition"),
]

# Demo logins, one per role. Demo passwords exist only here, never in settings or migrations.
DEMO_PASSWORD = "zq-demo-2026"  # noqa: S105
# username, role, full name, department code, community code
DEMO_STAFF = [
    ("reception", "reception", "接待员 王芳", "petition", None),
    ("petition", "petition_office", "信访办 李强", "petition", None),
    ("officer", "department_officer", "执法中队 张伟", "enforcement", None),
    ("head", "department_head", "执法中队长 陈刚", "enforcement", None),
    ("grid", "grid_worker", "网格员 刘洋", None, "yinyi"),
    ("mediator", "mediator", "调解员 赵敏", None, "yinyi"),
    ("enforcer", "enforcement_officer", "执法队员 孙磊", "enforcement", None),
    ("community", "community_staff", "居委干部 周丽", None, "yinyi"),
    ("agent", "petition_agent", "信访代理员 吴军", None, "yinyi"),
    ("leader", "town_leader", "镇领导 郑华", None, None),
    ("admin", "administrator", "系统管理员", None, None),
]
