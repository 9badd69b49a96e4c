#!/usr/bin/env python3
"""Generate the Kundulun (昆都仑区) example district for kunqu.

Deterministic: a seeded random.Random and the standard library only, so running

    python3 examples/tools/gen_kundulun.py

regenerates these files byte for byte:

    examples/kundulun/profile.toml          district profile (streets, communities, residents)
    examples/kundulun/orgs.csv              502 organizations as of 2015-06-30 (UTF-8, LF)
    examples/kundulun/street-2015-06.csv    沼潭街道's June 2015 spreadsheet: 12 new filed
                                            groups (GB18030, CRLF, Chinese headers and enums)

The columns are kunqu's schema 2: a filed (grassroots, 备案) group's date is filed_on (备案日期),
with the accepting office filing_office (受理单位) and its activity_area (活动区域); only
registered orgs have registered_on (登记日期).

examples/kundulun/orgs.toml holds the same 514 orgs, written by kunqu itself from the two CSV
files (its two-line comment header kept, the registry keys left out):

    kunqu --db /tmp/k.db db init --profile examples/kundulun/profile.toml
    kunqu --db /tmp/k.db org import examples/kundulun/orgs.csv
    kunqu --db /tmp/k.db org import examples/kundulun/street-2015-06.csv
    { head -3 examples/kundulun/orgs.toml; kunqu --db /tmp/k.db org export --format toml | grep -v '^key = '; } > orgs.toml.new
    mv orgs.toml.new examples/kundulun/orgs.toml

Figures follow the 2015 article (seed/kundulun-2015-article.txt): 137 orgs in 2012,
514 in 2015 (about 7 per 10,000 residents, target 20), 72 communities, the named
city-registered orgs of the incubator. All people, phone numbers, addresses and codes
are fictional. Check the output with examples/tools/check_kundulun.py.
"""

import datetime as dt
import os
import random

SEED = 20150618  # the article's publication date
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "kundulun"))

CUTOFF = dt.date(2015, 6, 30)
LAST_FILING_IN_ORGS = dt.date(2015, 6, 12)   # the street sheet (file C) starts after this

# ---------------------------------------------------------------------------------------
# Streets and communities (12 街道 + 2 镇, 72 communities)
# ---------------------------------------------------------------------------------------
STREETS = [
    ("林荫路街道", ["林荫路社区", "乌兰社区", "钢铁大街社区", "富强路社区", "民主路社区", "青年路社区"],
     ["林荫路", "钢铁大街", "乌兰道", "青年路"]),
    ("前进道街道", ["前进道东社区", "前进道西社区", "文化路社区", "平安里社区", "胜利路社区", "新光社区"],
     ["前进道", "文化路", "钢铁大街"]),
    ("友谊大街街道", ["友谊大街社区", "友谊十七社区", "友谊二十社区", "钢花社区", "和平路社区", "光明路社区", "团结里社区"],
     ["友谊大街", "青年路", "和平路"]),
    ("市府东路街道", ["市府东路社区", "民族东路社区", "政和社区", "华清社区", "幸福南路社区", "科学路社区"],
     ["市府东路", "民族东路", "幸福南路", "科学路"]),
    ("少先路街道", ["少先路社区", "少先二十社区", "阳光社区", "红星社区", "健康路社区", "育才路社区"],
     ["少先路", "健康路", "育才路"]),
    ("团结大街街道", ["团结大街东社区", "团结大街西社区", "团结十六社区", "团结二十社区", "和谐社区", "万青社区"],
     ["团结大街", "三八路", "万青路"]),
    ("鞍山道街道", ["鞍山道社区", "鞍山道北社区", "青山路社区", "友谊小区社区", "兴华社区", "建设路社区"],
     ["鞍山道", "建设路", "兴华路"]),
    ("沼潭街道", ["沼潭东社区", "沼潭西社区", "北沙梁社区", "南沙梁社区", "新宇社区", "新华社区"],
     ["沼潭路", "北沙梁路", "昆河路"]),
    ("昆北街道", ["昆北第一社区", "昆北第二社区", "金茂社区", "翡翠社区"],
     ["昆北路", "凡尔丁大街"]),
    ("阿尔丁大街街道", ["阿尔丁社区", "包钢花园社区", "新都市社区", "奥林社区", "华丰社区"],
     ["阿尔丁大街", "巴彦塔拉大街", "奥林路"]),
    ("昆工路街道", ["昆工路社区", "工大社区", "昆河南社区", "学府社区", "华源社区"],
     ["昆工路", "学府路", "阿尔丁大街"]),
    ("白云路街道", ["第一社区", "第二社区", "第三社区", "白云路社区", "富丽社区"],
     ["白云路", "钢铁大街", "富丽路"]),
    ("卜尔汉图镇", ["卜尔汉图村", "阿都赖村"], []),
    ("昆河镇", ["刘宝窑子村", "昆河村"], []),
]
POP_TOTAL_2015 = 734_000

# ---------------------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------------------
CS31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W31 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
W11714 = [3, 7, 9, 10, 5, 8, 4, 2]
REGION = {"district": "150203", "city": "150200", "region": "150000"}
TYPE_DIGIT = {"social_group": "1", "social_service": "2", "foundation": "3"}


def gb11714_check(body8):
    s = sum(int(c, 36) * w for c, w in zip(body8, W11714))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_code(type_, authority, digits6):
    body = "MJ" + digits6
    s17 = "5" + TYPE_DIGIT[type_] + REGION[authority] + body + gb11714_check(body)
    c = (31 - sum(CS31.index(ch) * w for ch, w in zip(s17, W31)) % 31) % 31
    return s17 + CS31[c]


# ---------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------
SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢"
            "蒋蔡贾丁魏薛叶阎潘杜戴夏钟汪田任姜范方石姚谭邹熊金陆郝孔白崔康毛邱秦史侯邵孟段雷"
            "钱汤尹常武乔贺龚云闫")
GIVEN = ("秀英 桂兰 玉兰 淑珍 凤英 建国 建华 志强 志刚 海军 海燕 丽华 丽娟 红梅 红霞 春梅 晓东 晓燕 "
         "文革 卫东 振华 振国 国庆 国强 德胜 宝山 永福 福林 金凤 翠萍 美玲 静 伟 敏 勇 军 磊 洋 芳 娜 "
         "霞 杰 涛 斌 鹏 慧 颖 琳 博 欣 俊峰 素芬 瑞芳 兰英 桂芝 秀梅 淑芬 庆华 学军 利民").split()
MONGOLIAN = "乌兰 其其格 巴特尔 萨仁高娃 额尔敦 宝音 阿拉坦仓 斯琴 图雅 娜仁 那顺 敖登 苏日娜 朝鲁 孟和 乌日娜".split()

# registered social groups: (name core, category)
SG_CORES = [
    ("老年书画研究会", "culture_sports"), ("老年体育协会", "culture_sports"), ("钢城诗词学会", "culture_sports"),
    ("摄影家协会", "culture_sports"), ("书法家协会", "culture_sports"), ("美术家协会", "culture_sports"),
    ("音乐家协会", "culture_sports"), ("舞蹈家协会", "culture_sports"), ("二人台艺术研究会", "culture_sports"),
    ("蒙古族文化研究会", "culture_sports"), ("围棋协会", "culture_sports"), ("象棋协会", "culture_sports"),
    ("健身气功协会", "culture_sports"), ("太极拳协会", "culture_sports"), ("门球协会", "culture_sports"),
    ("乒乓球协会", "culture_sports"), ("羽毛球协会", "culture_sports"), ("武术协会", "culture_sports"),
    ("秧歌协会", "culture_sports"), ("合唱协会", "culture_sports"), ("京剧票友协会", "culture_sports"),
    ("收藏家协会", "culture_sports"), ("集邮协会", "culture_sports"), ("登山户外运动协会", "culture_sports"),
    ("自行车运动协会", "culture_sports"), ("钓鱼协会", "culture_sports"), ("民间文艺家协会", "culture_sports"),
    ("花鸟鱼虫协会", "culture_sports"), ("个体劳动者协会", "other"), ("餐饮行业协会", "other"),
    ("家政服务业协会", "household_services"), ("物业管理协会", "property_management"),
    ("业主委员会联谊会", "property_management"), ("社会工作者协会", "other"), ("志愿者协会", "volunteer"),
    ("慈善协会", "volunteer"), ("老科技工作者协会", "senior_expert"), ("老教育工作者协会", "senior_expert"),
    ("科普志愿者协会", "senior_expert"), ("老年大学校友会", "senior_expert"), ("关爱青少年成长促进会", "youth"),
    ("残疾人互助协会", "disability"), ("盲人按摩协会", "disability"), ("聋人协会", "disability"),
    ("青年创业促进会", "employment"), ("中小企业促进会", "employment"), ("再就业促进会", "employment"),
    ("人民调解员协会", "mediation"), ("调解志愿者协会", "mediation"), ("婚姻家庭研究会", "marriage_family"),
    ("家庭教育研究会", "youth"), ("养老服务业协会", "elderly_care"), ("老龄事业促进会", "elderly_care"),
    ("健康养生协会", "elderly_care"), ("社区教育研究会", "other"), ("心理咨询师协会", "emotional_support"),
    ("法律服务志愿者协会", "legal_aid"), ("应急救援志愿者协会", "emergency_rescue"),
    ("消防安全协会", "emergency_rescue"), ("退役军人联谊会", "other"), ("母婴护理协会", "household_services"),
]
# registered social-service institutions (民办非企业单位): (kind, category)
SS_KINDS = [
    ("养老服务中心", "elderly_care"), ("居家养老服务中心", "elderly_care"), ("老年公寓", "elderly_care"),
    ("日间照料中心", "elderly_care"), ("社会工作服务社", "youth"), ("社工服务社", "emotional_support"),
    ("职业技能培训学校", "employment"), ("青少年成长服务中心", "youth"), ("课外托管服务中心", "youth"),
    ("残疾人康复中心", "disability"), ("心理咨询服务中心", "emotional_support"),
    ("家庭教育指导中心", "marriage_family"), ("婚姻家庭服务中心", "marriage_family"),
    ("家政服务中心", "household_services"), ("法律服务中心", "legal_aid"), ("调解服务中心", "mediation"),
    ("文化艺术培训学校", "culture_sports"), ("体育健身俱乐部", "culture_sports"),
    ("物业服务中心", "property_management"), ("应急救护培训中心", "emergency_rescue"),
    ("志愿服务中心", "volunteer"), ("老专家咨询服务中心", "senior_expert"), ("幼儿园", "other"),
]
BRANDS = ("康乐 福寿 夕阳情 安康 睦邻 同心 春晖 彩虹 金色年华 晨曦 爱心 乐龄 博雅 启明 新苗 向日葵 益民 惠民 "
          "和美 暖阳 仁和 德馨 颐和 百合 钢城 鹿城 阿尔丁 赛汗 星光 明德 金秋 长青 家和 福满堂 善行 "
          "蒲公英 绿洲 童心 友邻 立新").split()

SCOPE = {
    "mediation": "人民调解、矛盾纠纷排查化解、法律知识宣传",
    "household_services": "家政服务培训、便民维修、社区家庭服务",
    "emotional_support": "心理咨询、情感疏导、空巢老人精神慰藉",
    "senior_expert": "老专家咨询服务、科普宣传、技术指导",
    "culture_sports": "组织群众文体活动、业务培训、展演交流",
    "elderly_care": "居家养老服务、日间照料、助餐助洁",
    "marriage_family": "婚姻家庭咨询、家庭矛盾调适、家庭教育指导",
    "volunteer": "志愿者招募培训、志愿服务项目实施、志愿服务记录",
    "youth": "青少年课外辅导、成长陪伴、青少年社会工作服务",
    "disability": "残疾人康复训练、就业帮扶、权益维护",
    "legal_aid": "法律咨询、法律援助、普法宣传",
    "employment": "职业技能培训、就业指导、创业扶持",
    "emergency_rescue": "应急救援、防灾减灾培训、安全知识宣传",
    "property_management": "老旧小区物业服务、环境卫生、楼院管理",
    "other": "行业交流、业务培训、咨询服务",
}
HUB_SCOPE_SC = "社会组织孵化培育、办公场地与人员培训、项目对接与管理咨询"
HUB_SCOPE_PA = "联系服务社区社会组织、备案指导、公益项目申报"

# filed (grassroots) groups: category -> (weight, [names])
GRASS = {
    "culture_sports": (44, ["夕阳红舞蹈队", "红歌合唱团", "太极拳队", "秧歌队", "腰鼓队", "健身操队", "书画社",
                            "京剧票友会", "二人台艺术团", "乒乓球队", "门球队", "模特队", "葫芦丝队", "广场舞队",
                            "柔力球队", "摄影小组", "萨克斯乐队", "安代舞队", "太极扇队", "健步走队", "剪纸兴趣小组",
                            "象棋队", "空竹队", "合唱团"]),
    "mediation": (9, ["调解小组", "劝和小组", "和事佬调解室", "邻里调解队", "老娘舅调解队", "矛盾纠纷调解小组"]),
    "household_services": (9, ["能人巧匠服务队", "便民维修队", "家政互助小组", "水暖电工服务队", "缝补小组",
                               "义务理发队"]),
    "emotional_support": (7, ["心理疏导小组", "知心大姐工作室", "陪伴聊天队", "暖心关爱小组", "空巢老人精神慰藉小组"]),
    "senior_expert": (6, ["老专家服务团", "老干部宣讲团", "银发智囊团", "老教师辅导站", "老党员服务队"]),
    "elderly_care": (8, ["为老服务队", "银龄互助小组", "老年餐桌服务队", "助老帮扶队", "邻里守望队"]),
    "volunteer": (8, ["志愿服务队", "平安志愿巡逻队", "环保志愿者队", "学雷锋志愿服务队", "楼栋长志愿队"]),
    "youth": (5, ["快乐4点半课堂", "四点半课堂", "青少年读书会", "小小志愿者队", "暑期托管班"]),
    "disability": (2, ["助残服务队", "阳光助残小组", "残疾人康复互助组"]),
    "marriage_family": (1, ["婚姻家庭调适小组", "好婆媳互助组"]),
    "legal_aid": (1, ["法律咨询服务队", "普法宣传队"]),
    "employment": (1, ["再就业互助小组", "巧手编织就业坊"]),
    "property_management": (1, ["楼院自管小组", "老旧小区自治管理会"]),
}
COMMON = ["夕阳红舞蹈队", "红歌合唱团", "太极拳队"]  # names that recur across communities
GRASS_SCOPE = {
    "culture_sports": ["每日晨练、节日演出", "排练演出、参加社区文化活动", "健身锻炼、交流比赛"],
    "mediation": ["调解邻里纠纷、家庭矛盾"], "household_services": ["为居民提供水暖电工维修服务"],
    "emotional_support": ["走访空巢老人、谈心陪伴"], "senior_expert": ["政策宣讲、技术咨询"],
    "elderly_care": ["为高龄独居老人提供助餐助洁"], "volunteer": ["楼院巡逻、环境整治"],
    "youth": ["放学后代管小学生、辅导作业"], "disability": ["助残帮扶、康复陪护"],
}
SUPERVISOR = {
    "culture_sports": "文体局", "elderly_care": "民政局", "youth": "教育局", "employment": "人力资源和社会保障局",
    "disability": "残疾人联合会", "legal_aid": "司法局", "mediation": "司法局", "marriage_family": "妇女联合会",
    "senior_expert": "科学技术协会", "household_services": "商务局", "property_management": "住房和城乡建设局",
    "volunteer": "精神文明建设委员会办公室", "emergency_rescue": "安全生产监督管理局", "other": "工商业联合会",
    "emotional_support": "卫生局",
}
CAT_ZH = {
    "mediation": "矛盾化解", "household_services": "社区家庭服务", "emotional_support": "精神慰藉",
    "senior_expert": "老专家服务", "culture_sports": "社区文体", "elderly_care": "为老服务", "volunteer": "志愿服务",
    "youth": "青少年", "disability": "助残",
}
TYPE_ZH = {"social_group": "社会团体", "social_service": "民办非企业单位"}

HEADER = ("name,tier,type,registration_authority,level,category,street,community,hub,credit_code,filing_no,"
          "filed_on,filing_office,founded,registered_on,status,status_date,status_reason,representative,phone,"
          "address,activity_area,business_scope,funds,members,staff,party_org,supervisor,notes").split(",")
HEADER_ZH = ("名称,登记方式,类型,层级,类别,街道,社区,枢纽组织,备案号,成立日期,备案日期,受理单位,负责人,联系电话,地址,"
             "活动区域,成员数,备注").split(",")

R = random.Random(SEED)
# Draws for the columns added with kunqu's schema 2 (filing_office, activity_area) come from a
# generator of their own, so that every value the files held before stays byte for byte as it was.
R2 = random.Random(SEED + 2)


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
def rdate(a, b):
    return a + dt.timedelta(days=R.randint(0, (b - a).days))


def person():
    if R.random() < 0.1:
        return R.choice(MONGOLIAN)
    return R.choice(SURNAMES) + R.choice(GIVEN)


def phone(mobile_share):
    if R.random() < mobile_share:
        return R.choice(["13", "15", "18"]) + str(R.randint(0, 9)) + "%08d" % R.randint(0, 99_999_999)
    return "0472-" + R.choice("256") + "%06d" % R.randint(100_000, 999_999)


def is_town(street):
    return street.endswith("镇")


def community_prefix(street, community):
    # "第一社区" alone is ambiguous; people write "白云路街道第一社区"
    return street + community if community.startswith("第") else community


def address(street, community=None, venue=False):
    roads = STREET_ROADS[street]
    if not roads:  # towns: villages
        v = community or R.choice(STREET_COMM[street])
        return "包头市昆都仑区%s%s%s" % (street, v, R.choice(["村委会", "村委会活动室", "文化大院"]))
    road = R.choice(roads)
    base = "包头市昆都仑区%s%d号" % (road, R.randint(1, 180))
    if venue and community:
        return base + community_prefix(street, community) + R.choice(["活动室", "居委会二楼", "党群服务站"])
    if R.random() < 0.3:
        return base + R.choice(["%d号楼%d单元" % (R.randint(1, 30), R.randint(1, 6)), "%d层" % R.randint(2, 12),
                                "综合楼%d室" % R.randint(101, 520)])
    return base


def entry_date(row):
    """The date an org entered the registry: its filing (filed groups), else its registration."""
    return row["filed_on"] or row["registered_on"]


def filing_office(street):
    """The office that accepts a filing (受理单位): the subdistrict office, or a town's government."""
    return street + ("人民政府" if is_town(street) else "办事处")


def grassroots_area(street, community, category):
    """Where a filed group is active (活动区域): mostly its community, sometimes a square or the street."""
    if is_town(street):
        opts = [(community + "辖区", 5), (community + "及周边村组", 2)]
        if category == "culture_sports":
            opts.append((community + "文化大院", 3))
    else:
        cp = community_prefix(street, community)
        opts = [(cp + "辖区", 8), (cp + "及周边小区", 2), (street + "辖区", 1)]
        if category == "culture_sports":
            opts += [(cp + "文化广场", 4), (cp + "活动室", 2)]
        elif category in ("volunteer", "property_management"):
            opts.append((cp + "各楼院", 3))
        elif category in ("elderly_care", "emotional_support"):
            opts.append((cp + "辖区老年人家庭", 2))
        elif category == "youth":
            opts.append((cp + "辖区中小学生", 2))
    return R2.choices([o for o, _ in opts], [w for _, w in opts])[0]


def registered_area(row):
    """A registered org's area of activity (活动地域) follows its registering authority and level."""
    if row["registration_authority"] == "city":
        return "包头市"
    if row["registration_authority"] == "region":
        return "内蒙古自治区"
    if row["level"] == "street":
        return row["street"] + "辖区"
    if row["level"] == "community":
        return community_prefix(row["street"], row["community"]) + "辖区"
    return "昆都仑区"


def money(lo, hi, step):
    v = R.randrange(lo, hi + 1, step)
    return "%d.00" % v if R.random() < 0.4 else str(v)


STREET_ROADS = {s: roads for s, _, roads in STREETS}
STREET_COMM = {s: comms for s, comms, _ in STREETS}
ALL_COMM = [(s, c) for s, comms, _ in STREETS for c in comms]
assert len(ALL_COMM) == 72 and len({c for _, c in ALL_COMM}) == 72

used_codes = []


def new_code(type_, authority):
    while True:
        code = credit_code(type_, authority, "%06d" % R.randint(1_000, 99_999))
        if code[8:17] not in [u[8:17] for u in used_codes]:
            used_codes.append(code)
            return code


def blank(**kw):
    row = {h: "" for h in HEADER}
    row.update(kw)
    return row


# ---------------------------------------------------------------------------------------
# A. profile
# ---------------------------------------------------------------------------------------
def make_population():
    weights = []
    for s, comms, _ in STREETS:
        w = sum((0.55 if is_town(s) else 1.0) * R.uniform(0.8, 1.25) for _ in comms)
        weights.append(w)
    tot = sum(weights)
    pops = {}
    for (s, _, _), w in zip(STREETS, weights):
        p15 = int(round(POP_TOTAL_2015 * w / tot))
        series = {2015: p15}
        for y in (2014, 2013, 2012):
            series[y] = int(round(series[y + 1] / R.uniform(1.004, 1.014)))
        pops[s] = series
    return pops


def write_profile(pops):
    L = []
    L.append("# 昆都仑区社会组织登记示例 — 区情配置 (district profile for the kunqu example registry)")
    L.append("# 由 examples/tools/gen_kundulun.py 生成，勿手工修改 (generated; do not edit by hand).")
    L.append("# 街道、社区名称参照昆区实际，部分为虚构；人口为示例数据 (names partly fictional; populations are example data).")
    L.append("")
    L.append("[district]")
    L.append('name = "昆都仑区"')
    L.append('code = "150203"                # 行政区划代码 (administrative division code, credit-code positions 3–8)')
    L.append('city = "包头市"')
    L.append('region = "内蒙古自治区"')
    L.append("density_target = 20            # 每万人拥有社会组织目标数 (organizations per 10,000 residents)")
    L.append("")
    L.append("[settings]")
    L.append('filing_number_pattern = "KQBA-{year}-{seq:04}"   # 备案号：昆区备案-年份-当年顺序号 (filing number)')
    L.append('# 孵化基地及容量 (incubator sites and their places): the district park opened in August 2014')
    L.append('incubator_sites = "昆都仑区社会组织孵化园=20; 林荫路街道社会组织孵化中心=6; 沼潭街道社会组织孵化中心=6"')
    L.append('incubation_term = "2y"          # 计划孵化期 (planned stay)')
    L.append('incubation_pass_mark = 60       # 孵化评估合格分 (review score that passes)')
    for s, comms, _ in STREETS:
        L.append("")
        kind = "镇 (town)" if is_town(s) else "街道 (subdistrict)"
        L.append("# %s — %s, %d 个社区/村" % (s, kind, len(comms)))
        L.append("[[street]]")
        L.append('name = "%s"' % s)
        L.append("communities = [%s]" % ", ".join('"%s"' % c for c in comms))
        L.append("population = [   # 常住人口 (resident population, year end)")
        for y in (2012, 2013, 2014, 2015):
            L.append('  { year = %d, residents = %d, kind = "resident" },' % (y, pops[s][y]))
        L.append("]")
    with open(os.path.join(OUT, "profile.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L) + "\n")


# ---------------------------------------------------------------------------------------
# B. orgs
# ---------------------------------------------------------------------------------------
def make_orgs():
    rows = []
    # --- hubs: street service centres (2012 pilot) and community promotion associations
    sc_code, pa_code, hub_date = {}, {}, {}
    for s, _, _ in STREETS:
        reg = rdate(dt.date(2012, 4, 1), dt.date(2012, 8, 31))
        code = new_code("social_service", "district")
        sc_code[s] = code
        hub_date[code] = reg
        rows.append(blank(name=s + "社会组织服务中心", tier="registered", type="social_service",
                          registration_authority="district", level="street", category="other", street=s,
                          credit_code=code, founded=str(reg - dt.timedelta(days=R.randint(10, 60))),
                          registered_on=str(reg), status="active", representative=person(), phone=phone(0.2),
                          address=address(s, R.choice(STREET_COMM[s]), venue=True)
                          if is_town(s) else "包头市昆都仑区%s%d号%s办事处%s" % (
                              STREET_ROADS[s][0], R.randint(1, 120), s, R.choice(["三楼", "四楼", "综合楼"])),
                          business_scope=HUB_SCOPE_SC, funds=money(30_000, 100_000, 10_000), staff=str(R.randint(3, 8)),
                          party_org="true"))
    pa_comms = [sc for sc in ALL_COMM if sc[1] == "第一社区"]
    rest = [sc for sc in ALL_COMM if sc[1] != "第一社区"]
    pa_comms += R.sample(rest, 35)
    pa_comms.sort(key=ALL_COMM.index)
    pa_dates = [rdate(dt.date(2012, 10, 8), dt.date(2012, 12, 28)) for _ in range(10)] + \
               [rdate(dt.date(2013, 1, 7), dt.date(2013, 9, 30)) for _ in range(26)]
    R.shuffle(pa_dates)
    pa_rows = []
    for (s, c), reg in zip(pa_comms, pa_dates):
        code = new_code("social_group", "district")
        pa_code[(s, c)] = code
        hub_date[code] = reg
        pa_rows.append(blank(name=community_prefix(s, c) + "社会组织促进会", tier="registered", type="social_group",
                             registration_authority="district", level="community", category="other", street=s,
                             community=c, credit_code=code,
                             founded=str(reg - dt.timedelta(days=R.randint(7, 45))), registered_on=str(reg),
                             status="active", representative=person(), phone=phone(0.3),
                             address=address(s, c, venue=True), business_scope=HUB_SCOPE_PA,
                             funds=money(30_000, 50_000, 10_000), members=str(R.randint(30, 80)),
                             staff=str(R.randint(1, 5)), party_org=R.choice(["true", "true", "false"])))
    pa_rows.sort(key=lambda r: r["registered_on"])
    rows += pa_rows
    hubs = list(rows)

    def hub_of(s, c):
        return pa_code.get((s, c)) or sc_code[s]

    # --- registered non-hub orgs
    others = []
    names_by_auth = {"district": [], "city": [], "region": []}

    def reg_row(authority, type_, name, cat, reg, level="district", street=None, community=""):
        street = street or R.choice([s for s, _, _ in STREETS if not is_town(s)])
        supervisor = ""
        if reg.year < 2013 and R.random() < 0.75:
            dept = SUPERVISOR[cat]
            supervisor = ("包头市昆都仑区" if authority == "district" else "包头市") + dept
        founded = reg - dt.timedelta(days=R.randint(15, 200))
        members = str(R.randint(30, 500)) if type_ == "social_group" else ""
        funds = {"social_group": lambda: money(30_000, 100_000, 10_000),
                 "social_service": lambda: money(30_000, 500_000, 5_000),
                 "foundation": lambda: money(2_000_000, 8_000_000, 500_000)}[type_]()
        return blank(name=name, tier="registered", type=type_, registration_authority=authority, level=level,
                     category=cat, street=street, community=community, credit_code=new_code(type_, authority),
                     founded=str(founded), registered_on=str(reg), status="active", representative=person(),
                     phone=phone(0.4), address=address(street, community or None), business_scope=SCOPE[cat],
                     funds=funds, members=members, staff=str(R.randint(1, 30)),
                     party_org="true" if R.random() < 0.55 else "false", supervisor=supervisor)

    def uniq_name(authority, make):
        while True:
            n, cat = make()
            if n not in names_by_auth[authority]:
                names_by_auth[authority].append(n)
                return n, cat

    # registered_on dates for 142 ordinary registered orgs: 100 before 2013, then 13/16/13
    years = [1992 + i for i in range(21)]
    yweights = [1 + i * i / 20 for i in range(21)]
    reg_dates = []
    for _ in range(100):
        y = R.choices(years, yweights)[0]
        reg_dates.append(rdate(dt.date(y, 1, 5), dt.date(y, 12, 28)))
    reg_dates += [rdate(dt.date(2013, 1, 5), dt.date(2013, 12, 28)) for _ in range(13)]
    reg_dates += [rdate(dt.date(2014, 1, 5), dt.date(2014, 12, 28)) for _ in range(16)]
    reg_dates += [rdate(dt.date(2015, 1, 5), CUTOFF) for _ in range(13)]
    assert len(reg_dates) == 142
    # 12 of them are city-registered
    city_idx = R.sample(range(142), 12)
    sg_pool = list(SG_CORES)
    R.shuffle(sg_pool)
    for i, reg in enumerate(reg_dates):
        authority = "city" if i in city_idx else "district"
        prefix = "包头市" if authority == "city" else "包头市昆都仑区"
        if R.random() < 0.45 and sg_pool:
            core, cat = sg_pool.pop()
            type_ = "social_group"
            name, cat = uniq_name(authority, lambda: (prefix + core, cat))
        else:
            type_ = "social_service"
            name, cat = uniq_name(authority, lambda: (lambda k: (prefix + R.choice(BRANDS) + k[0], k[1]))(
                R.choice(SS_KINDS)))
        level, street, community = "district", None, ""
        if authority == "district":
            x = R.random()
            if x < 0.10:
                street = R.choice([s for s, _, _ in STREETS])
                level = "street"
            elif x < 0.16:
                street, community = R.choice(ALL_COMM)
                level = "community"
        others.append(reg_row(authority, type_, name, cat, reg, level, street, community))

    # foundations (city / region)
    for name, auth, reg, cat in [("包头市钢城助学基金会", "city", dt.date(2009, 11, 17), "youth"),
                                 ("内蒙古草原爱心公益基金会", "region", dt.date(2013, 7, 22), "disability"),
                                 ("包头市昆仑敬老基金会", "city", dt.date(2014, 10, 9), "elderly_care")]:
        names_by_auth[auth].append(name)
        r = reg_row(auth, "foundation", name, cat, reg)
        r["staff"] = str(R.randint(3, 9))
        others.append(r)

    # the article's named orgs (city-registered, in the district incubator)
    named = [
        ("包头市心愿公益协会", "social_group", "volunteer", "2013-05-12", "2013-09-26",
         "2014年8月入驻昆区社会组织孵化园；2015年4月签约承接区志愿服务购买项目(25万元)"),
        ("包头市自强公益协会", "social_group", "disability", "2013-08-03", "2014-01-15",
         "入驻昆区社会组织孵化园"),
        ("包头市婚姻家庭协会", "social_group", "marriage_family", "2013-11-20", "2014-03-20",
         "入驻昆区社会组织孵化园"),
        ("包头市社会工作发展中心", "social_service", "youth", "2014-02-18", "2014-06-10",
         "入驻昆区社会组织孵化园，提前出壳，承接昆区青少年社会工作服务项目"),
        ("包头市蓝天应急救援协会", "social_group", "emergency_rescue", "2014-01-08", "2014-05-22",
         "2014年9月入驻昆区社会组织孵化园,首批孵化成功并承接政府购买服务"),
    ]
    for name, type_, cat, founded, reg, note in named:
        names_by_auth["city"].append(name)
        r = reg_row("city", type_, name, cat, dt.date.fromisoformat(reg),
                    street=R.choice(["林荫路街道", "阿尔丁大街街道", "友谊大街街道", "市府东路街道", "鞍山道街道"]))
        r.update(founded=founded, notes=note, supervisor="", party_org="true")
        others.append(r)

    # --- grassroots (filed) groups: 12 in the 2012 pilot, then 68 / 120 / 102
    g_dates = [rdate(dt.date(2012, 9, 3), dt.date(2012, 12, 28)) for _ in range(12)]
    g_dates += [rdate(dt.date(2013, 3, 1), dt.date(2013, 12, 27)) for _ in range(68)]
    g_dates += [rdate(dt.date(2014, 1, 6), dt.date(2014, 12, 26)) for _ in range(120)]
    g_dates += [rdate(dt.date(2015, 1, 5), LAST_FILING_IN_ORGS) for _ in range(102)]
    g_dates.sort()
    cats = list(GRASS)
    cweights = [GRASS[c][0] for c in cats]
    names_in_comm = {}
    grass = []
    for reg in g_dates:
        eligible = [sc for sc in ALL_COMM if hub_date[hub_of(*sc)] <= reg - dt.timedelta(days=7)]
        s, c = R.choice(eligible)
        taken = names_in_comm.setdefault((s, c), [])
        while True:
            cat = R.choices(cats, cweights)[0]
            names = GRASS[cat][1]
            base = R.choices(names, [4 if n in COMMON else 1 for n in names])[0]
            name = base if R.random() < (0.7 if base in COMMON else 0.5) else community_prefix(s, c) + base
            if name not in taken and community_prefix(s, c) + base not in taken and base not in taken:
                break
        taken.append(name)
        type_ = "social_group" if cat == "culture_sports" or R.random() < 0.4 else "social_service"
        founded = "" if R.random() < 0.025 else str(reg - dt.timedelta(days=R.randint(0, 6 * 365)))
        scope = R.choice(GRASS_SCOPE[cat]) if cat in GRASS_SCOPE and R.random() < 0.35 else ""
        grass.append(blank(name=name, tier="grassroots", type=type_, level="community", category=cat, street=s,
                           community=c, hub=hub_of(s, c), founded=founded, filed_on=str(reg),
                           status="active", representative=person(), phone=phone(0.75),
                           address=address(s, c, venue=R.random() < 0.7), business_scope=scope,
                           members=str(R.randint(8, 120)), staff=str(R.choice([0, 0, 0, 1, 1, 2, 3])),
                           party_org="true" if R.random() < 0.1 else "false"))

    # --- statuses
    def after(reg, lo=dt.date(2013, 1, 1)):
        start = max(dt.date.fromisoformat(reg) + dt.timedelta(days=180), lo)
        return str(rdate(start, CUTOFF))

    old_district = [r for r in others if r["registration_authority"] == "district" and r["registered_on"] < "2013"]
    old_sg = [r for r in old_district if r["type"] == "social_group"]
    dereg_named = R.choice(old_sg)   # its name is later reused by a new association
    dereg_named.update(status="deregistered", status_date=after(dereg_named["registered_on"], dt.date(2013, 3, 1)),
                       status_reason="dissolved", notes="会员大会决议自行解散，已办理注销登记")
    dereg_named["status_date"] = min(dereg_named["status_date"], "2013-10-31")
    pool = [r for r in old_district if r["status"] == "active"]
    picks = R.sample(pool, 6)
    for r, reason in zip(picks[:2], ["purpose_fulfilled", "split_merge"]):
        r.update(status="deregistered", status_date=after(r["registered_on"]), status_reason=reason)
    for r, reason in zip(picks[2:4], ["连续两年未参加年检", "违规开展评比表彰活动，情节严重"]):
        r.update(status="revoked", status_date=after(r["registered_on"], dt.date(2014, 6, 1)), status_reason=reason)
    for r, reason in zip(picks[4:6], ["年检不合格，限期停止活动三个月整改",
                                      "未按章程换届，责令限期停止活动"]):
        r.update(status="suspended", status_date=after(r["registered_on"], dt.date(2015, 1, 1)), status_reason=reason)
    gpicks = R.sample([g for g in grass if "2013" <= g["filed_on"] < "2014-07"], 2)
    for g, reason in zip(gpicks, ["dissolved", "other"]):
        g.update(status="deregistered", status_date=after(g["filed_on"], dt.date(2014, 3, 1)),
                 status_reason=reason)
    gpicks[1]["notes"] = "负责人迁出社区，队员分散参加其他团队，撤销备案"

    # a new association registers under the dissolved one's name (allowed: the old one is deregistered)
    reuse = [r for r in others if r["registration_authority"] == "district" and r["type"] == "social_group"
             and r["registered_on"] > dereg_named["status_date"] and r["level"] == "district"]
    if not reuse:
        reuse = [r for r in others if r["registration_authority"] == "district" and r["registered_on"] >
                 dereg_named["status_date"] and r["level"] == "district" and r["type"] == "social_service"]
        reuse[0].update(type="social_group", members=str(R.randint(30, 500)),
                        credit_code=new_code("social_group", "district"))
    rr = reuse[0]
    rr.update(name=dereg_named["name"], category=dereg_named["category"], business_scope=dereg_named["business_scope"],
              notes="原同名组织已于%s年注销，重新发起成立" % dereg_named["status_date"][:4])

    # a few notes that exercise CSV quoting
    act = [r for r in others if r["status"] == "active" and not r["notes"]]
    act[3]["notes"] = '2014年获评"优秀社会组织"'
    act[10]["notes"] = "2014年等级评估3A\n2015年申请入驻区社会组织孵化园"
    act[20]["notes"] = "2013年起脱钩，直接登记"
    gact = [g for g in grass if g["status"] == "active" and not g["notes"]]
    gact[5]["notes"] = "星级文体团队"
    gact[40]["notes"] = '获评社区"最美志愿服务队"'
    gact[90]["notes"] = "由社区促进会推荐备案，活动场地:社区活动室"

    body = sorted(others + grass, key=entry_date)  # stable: ties keep creation order
    rows = hubs + body

    # addresses with commas (6 ASCII, 4 full-width)
    picks = R.sample(range(len(rows)), 10)
    for k, i in enumerate(picks):
        sep = "," if k < 6 else "，"
        rows[i]["address"] += sep + R.choice(["%s小区%d号楼%d单元" % (R.choice(["乌兰", "钢花", "友谊", "富强", "阳光"]),
                                                                    R.randint(1, 40), R.randint(1, 6)),
                                              "底商%d号" % R.randint(1, 30), "院内平房"])

    # filing numbers: per year, in order of filing date (ties: file order)
    seq = {}
    for r in sorted([r for r in rows if r["tier"] == "grassroots"], key=lambda r: r["filed_on"]):
        y = r["filed_on"][:4]
        seq[y] = seq.get(y, 0) + 1
        r["filing_no"] = "KQBA-%s-%04d" % (y, seq[y])

    # the columns of schema 2: the accepting office and area of each filed group, the area of
    # activity (活动地域) of each registered org
    for r in rows:
        if r["tier"] == "grassroots":
            r["filing_office"] = filing_office(r["street"])
            r["activity_area"] = grassroots_area(r["street"], r["community"], r["category"])
        else:
            r["activity_area"] = registered_area(r)
    return rows, seq, sc_code, pa_code


def csv_field(v):
    if any(ch in v for ch in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_csv(path, header, rows, eol, encoding):
    lines = [",".join(csv_field(h) for h in header)]
    lines += [",".join(csv_field(r[h]) for h in header) for r in rows]
    with open(path, "wb") as f:
        f.write((eol.join(lines) + eol).encode(encoding))


# ---------------------------------------------------------------------------------------
# C. 沼潭街道 June 2015 sheet
# ---------------------------------------------------------------------------------------
def make_street_sheet(rows, seq2015, sc_code, pa_code):
    street = "沼潭街道"
    comms = STREET_COMM[street]
    taken = {c: [r["name"] for r in rows if r["street"] == street and r["community"] == c] for c in comms}
    no_dance = [c for c in comms if not any("夕阳红舞蹈队" in n for n in taken[c])]
    assert no_dance, "every 沼潭 community already has a 夕阳红舞蹈队"
    dates = sorted(rdate(dt.date(2015, 6, 15), dt.date(2015, 6, 29)) for _ in range(12))
    cats = list(CAT_ZH)
    plan = [(no_dance[0], "culture_sports", "夕阳红舞蹈队")]
    for i in range(11):
        plan.append((comms[i % len(comms)], cats[i % len(cats)], None))
    R.shuffle(plan)
    out = []
    for k, ((c, cat, fixed), reg) in enumerate(zip(plan, dates)):
        while True:
            base = fixed or R.choice(GRASS[cat][1])
            name = base if (fixed or R.random() < 0.5) else community_prefix(street, c) + base
            if name not in taken[c] and base not in taken[c] and community_prefix(street, c) + base not in taken[c]:
                break
        taken[c].append(name)
        type_ = "social_group" if cat == "culture_sports" or R.random() < 0.4 else "social_service"
        out.append({
            "名称": name, "登记方式": "备案", "类型": TYPE_ZH[type_], "层级": "社区", "类别": CAT_ZH[cat],
            "街道": street, "社区": c, "枢纽组织": pa_code.get((street, c)) or sc_code[street],
            "备案号": "KQBA-2015-%04d" % (seq2015 + k + 1),
            "成立日期": str(reg - dt.timedelta(days=R.randint(0, 900))), "备案日期": str(reg),
            "受理单位": filing_office(street),
            "负责人": person(), "联系电话": phone(0.6), "地址": address(street, c, venue=True),
            "活动区域": grassroots_area(street, c, cat),
            "成员数": str(R.randint(8, 120)), "备注": "",
        })
    out[2]["备注"] = "6月例会集中报送,材料齐全"
    out[7]["备注"] = "由社区促进会推荐"
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    pops = make_population()
    write_profile(pops)
    rows, seq, sc_code, pa_code = make_orgs()
    write_csv(os.path.join(OUT, "orgs.csv"), HEADER, rows, "\n", "utf-8")
    sheet = make_street_sheet(rows, seq["2015"], sc_code, pa_code)
    write_csv(os.path.join(OUT, "street-2015-06.csv"), HEADER_ZH, sheet, "\r\n", "gb18030")
    print("wrote %s: profile.toml, orgs.csv (%d rows), street-2015-06.csv (%d rows)" % (OUT, len(rows), len(sheet)))


if __name__ == "__main__":
    main()
