#!/usr/bin/env python3
"""Check the Kundulun example files written by gen_kundulun.py (standard library only).

    python3 examples/tools/check_kundulun.py

Re-reads examples/kundulun/{profile.toml, orgs.csv, street-2015-06.csv, orgs.toml} and asserts
the rules the example data promises (counts from the 2015 article, valid credit codes, filing
numbers and dates apart from registration dates, accepting offices, hubs, name uniqueness,
encodings, orgs.toml holding the same orgs). Exits non-zero with a message on the first broken rule;
prints a short summary when all hold. The credit-code check is written independently of the
generator on purpose.
"""

import collections
import csv
import io
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.normpath(os.path.join(HERE, "..", "kundulun"))

HEADER = ("name,tier,type,registration_authority,level,category,street,community,hub,credit_code,filing_no,"
          "filed_on,filing_office,founded,registered_on,status,status_date,status_reason,representative,phone,"
          "address,activity_area,business_scope,funds,members,staff,party_org,supervisor,notes").split(",")
HEADER_ZH = ("名称,登记方式,类型,层级,类别,街道,社区,枢纽组织,备案号,成立日期,备案日期,受理单位,负责人,联系电话,地址,"
             "活动区域,成员数,备注").split(",")
CATEGORIES = ["mediation", "household_services", "emotional_support", "senior_expert", "culture_sports",
              "elderly_care", "marriage_family", "volunteer", "youth", "disability", "legal_aid", "employment",
              "emergency_rescue", "property_management", "other"]
CAT_ZH = {"矛盾化解": "mediation", "社区家庭服务": "household_services", "精神慰藉": "emotional_support",
          "老专家服务": "senior_expert", "社区文体": "culture_sports", "为老服务": "elderly_care",
          "志愿服务": "volunteer", "青少年": "youth", "助残": "disability"}
TYPE_ZH = {"社会团体": "social_group", "民办非企业单位": "social_service"}
AUTH_REGION = {"district": "150203", "city": "150200", "region": "150000"}
TYPE_DIGIT = {"social_group": "1", "social_service": "2", "foundation": "3"}
NAMED = {"包头市心愿公益协会": ("social_group", "volunteer"), "包头市自强公益协会": ("social_group", "disability"),
         "包头市婚姻家庭协会": ("social_group", "marriage_family"),
         "包头市社会工作发展中心": ("social_service", "youth"),
         "包头市蓝天应急救援协会": ("social_group", "emergency_rescue")}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE = re.compile(r"^(0472-\d{7}|1[358]\d{9})$")
FILING = re.compile(r"^KQBA-(\d{4})-(\d{4})$")


def check(cond, msg):
    if not cond:
        sys.exit("check_kundulun: FAILED: " + msg)


def uscc_problem(code):
    """None if code is a valid GB 32100-2015 code, else what is wrong."""
    cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if len(code) != 18 or any(c not in cs for c in code):
        return "length or character set"
    org = code[8:17]
    vals = [int(c, 36) for c in org[:8]]
    s = sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2)))
    c = 11 - s % 11
    expect9 = {10: "X", 11: "0"}.get(c, str(c))
    if org[8] != expect9:
        return "GB 11714 check digit, expected " + expect9
    w = 1
    total = 0
    for ch in code[:17]:
        total += cs.index(ch) * w
        w = w * 3 % 31
    expect = cs[(31 - total % 31) % 31]
    if code[17] != expect:
        return "check character, expected " + expect
    return None


def is_date(s):
    import datetime
    if not DATE.match(s):
        return False
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def entry(r):
    """The date an org entered the registry: filed_on for a filed group, else registered_on."""
    return r["filed_on"] or r["registered_on"]


def office_of(street):
    """The office that accepts a filing: the subdistrict office, or a town's government."""
    return street + ("人民政府" if street.endswith("镇") else "办事处")


def main():
    # ---------------- profile
    with open(os.path.join(DIR, "profile.toml"), "rb") as f:
        prof = tomllib.load(f)
    d = prof["district"]
    check(d == {"name": "昆都仑区", "code": "150203", "city": "包头市", "region": "内蒙古自治区",
                "density_target": 20}, "district table")
    check(prof["settings"] == {"filing_number_pattern": "KQBA-{year}-{seq:04}"}, "settings table")
    check(set(prof) == {"district", "settings", "street"}, "top-level keys")
    streets = prof["street"]
    check(13 <= len(streets) <= 15, "13–15 streets/towns")
    comm_of = {}
    pop = collections.Counter()
    for s in streets:
        check(set(s) == {"name", "communities", "population"}, "street keys " + s["name"])
        for c in s["communities"]:
            check(c not in comm_of, "community name unique: " + c)
            comm_of[c] = s["name"]
        years = [p["year"] for p in s["population"]]
        check(years == [2012, 2013, 2014, 2015], "population years " + s["name"])
        res = [p["residents"] for p in s["population"]]
        check(res == sorted(res), "population grows " + s["name"])
        check(all(p["kind"] == "resident" for p in s["population"]), "kind resident")
        for p in s["population"]:
            pop[p["year"]] += p["residents"]
    street_names = [s["name"] for s in streets]
    check(len(comm_of) == 72, "72 communities, got %d" % len(comm_of))
    check(abs(pop[2015] - 734_000) <= 2_000, "2015 population about 734,000: %d" % pop[2015])
    check(pop[2012] < pop[2015], "population grows")

    # ---------------- orgs.csv
    raw = open(os.path.join(DIR, "orgs.csv"), "rb").read()
    check(not raw.startswith(b"\xef\xbb\xbf"), "orgs.csv has no BOM")
    check(b"\r" not in raw, "orgs.csv uses LF only")
    text = raw.decode("utf-8")
    rdr = csv.reader(io.StringIO(text, newline=""))
    header = next(rdr)
    check(header == HEADER, "orgs.csv header")
    rows = [dict(zip(HEADER, r)) for r in rdr]
    check(all(len(r) == len(HEADER) for r in rows), "field count")
    check(len(rows) == 502, "502 orgs, got %d" % len(rows))
    # RFC 4180 minimal quoting: re-serialise and compare
    lines = []
    for r in [dict(zip(HEADER, HEADER))] + rows:
        lines.append(",".join('"%s"' % r[h].replace('"', '""') if re.search('[,"\r\n]', r[h]) else r[h]
                              for h in HEADER))
    check("\n".join(lines) + "\n" == text, "orgs.csv quotes only where needed")

    # ---------------- street sheet
    raw_c = open(os.path.join(DIR, "street-2015-06.csv"), "rb").read()
    check(not raw_c.startswith(b"\xef\xbb\xbf"), "street sheet has no BOM")
    check(raw_c.count(b"\n") == raw_c.count(b"\r\n") and raw_c.endswith(b"\r\n"), "street sheet CRLF")
    try:
        raw_c.decode("utf-8")
        check(False, "street sheet must be GB18030, not UTF-8")
    except UnicodeDecodeError:
        pass
    rdr = csv.reader(io.StringIO(raw_c.decode("gb18030"), newline=""))
    check(next(rdr) == HEADER_ZH, "street sheet header")
    sheet = [dict(zip(HEADER_ZH, r)) for r in rdr]
    check(len(sheet) == 12, "12 rows in the street sheet")
    check(len(rows) + len(sheet) == 514, "514 in all")

    total_orgs = len(rows) + len(sheet)

    # ---------------- per-row rules
    by_code = {}
    pos_of_code = {}
    for i, r in enumerate(rows):
        n = r["name"]
        check(n.strip() == n and n, "name %d" % i)
        check(r["tier"] in ("registered", "grassroots"), "tier " + n)
        check(r["category"] in CATEGORIES, "category " + n)
        check(r["level"] in ("district", "street", "community"), "level " + n)
        check(r["street"] in street_names, "street from profile " + n)
        if r["community"]:
            check(comm_of.get(r["community"]) == r["street"], "community in its street " + n)
        if r["level"] == "community":
            check(r["community"], "community required for level community " + n)
        if r["tier"] == "grassroots":
            check(is_date(r["filed_on"]) and r["filed_on"] <= "2015-06-30", "grassroots: filed_on " + n)
            check(r["registered_on"] == "", "grassroots: no registered_on (its date is filed_on) " + n)
            check(r["filing_office"] == office_of(r["street"]), "grassroots: filing_office is its street's office " + n)
        else:
            check(is_date(r["registered_on"]) and r["registered_on"] <= "2015-06-30", "registered_on " + n)
            check(bool(r["filed_on"]) == bool(r["filing_no"]), "registered: filed_on only with filing_no " + n)
            if r["filed_on"]:   # filed first, then registered (转登记)
                check(is_date(r["filed_on"]) and r["filed_on"] <= r["registered_on"], "filed_on <= registered_on " + n)
            else:
                check(r["filing_office"] == "", "registered: filing_office only when filed first " + n)
        check(r["activity_area"] and r["activity_area"] == r["activity_area"].strip() and len(r["activity_area"]) <= 20,
              "activity_area " + n)
        if r["founded"]:
            check(is_date(r["founded"]) and r["founded"] <= entry(r), "founded <= filed_on/registered_on " + n)
        check(r["representative"] and 2 <= len(r["representative"]) <= 4, "representative " + n)
        check(PHONE.match(r["phone"]), "phone " + n)
        check(r["address"].startswith("包头市昆都仑区"), "address in Kundulun " + n)
        check(r["staff"].isdigit() and 0 <= int(r["staff"]) <= 30, "staff " + n)
        check(r["party_org"] in ("true", "false"), "party_org " + n)
        if r["supervisor"]:
            check(r["tier"] == "registered" and r["registered_on"] < "2013", "supervisor only on older orgs " + n)
        if r["status"] == "active":
            check(r["status_date"] == "" and r["status_reason"] == "", "active has no status date " + n)
        else:
            check(r["status"] in ("deregistered", "revoked", "suspended"), "status " + n)
            check(is_date(r["status_date"]) and entry(r) < r["status_date"] <= "2015-06-30", "status_date " + n)
            check(r["status_reason"], "status_reason " + n)
            if r["status"] == "deregistered":
                check(r["status_reason"] in ("purpose_fulfilled", "dissolved", "split_merge", "other"),
                      "deregistration reason " + n)
        if r["tier"] == "registered":
            check(r["type"] in TYPE_DIGIT, "type " + n)
            code = r["credit_code"]
            p = uscc_problem(code)
            check(p is None, "credit code %s of %s: %s" % (code, n, p))
            check(code[0] == "5" and code[1] == TYPE_DIGIT[r["type"]], "code authority/type digits " + n)
            check(r["registration_authority"] in AUTH_REGION, "registration_authority " + n)
            check(code[2:8] == AUTH_REGION[r["registration_authority"]], "authority agrees with code " + n)
            check(code[8:10] == "MJ", "MJ-style org code " + n)
            check(code not in by_code, "credit code unique " + code)
            by_code[code] = r
            pos_of_code[code] = i
            check(r["hub"] == "", "registered: no hub " + n)
            if r["filing_no"]:
                check(FILING.match(r["filing_no"]) and r["filing_no"][5:9] == r["filed_on"][:4], "filing_no " + n)
            check(re.match(r"^\d+(\.\d{2})?$", r["funds"]), "funds plain yuan " + n)
            if r["type"] == "foundation":
                check(r["registration_authority"] in ("city", "region"), "foundations by city/region " + n)
            if r["type"] == "social_group" and r["members"]:
                check(30 <= int(r["members"]) <= 500, "association members " + n)
            check(r["business_scope"], "business scope " + n)
        else:
            check(r["type"] in ("social_group", "social_service"), "grassroots type " + n)
            check(r["credit_code"] == "" and r["registration_authority"] == "" and r["funds"] == "",
                  "grassroots: no code/authority/funds " + n)
            check(r["community"], "grassroots community " + n)
            check(FILING.match(r["filing_no"]), "filing_no " + n)
            check(r["filing_no"][5:9] == r["filed_on"][:4], "filing year " + n)
            check(8 <= int(r["members"]) <= 120, "grassroots members " + n)

    # hubs
    is_sc = {c: r for c, r in by_code.items() if r["name"].endswith("社会组织服务中心")}
    is_pa = {c: r for c, r in by_code.items() if r["name"].endswith("社会组织促进会")}
    for c, r in is_sc.items():
        check(r["type"] == "social_service" and r["registration_authority"] == "district" and
              r["level"] == "street" and r["category"] == "other", "street centre shape " + r["name"])
    for c, r in is_pa.items():
        check(r["type"] == "social_group" and r["registration_authority"] == "district" and
              r["level"] == "community", "promotion association shape " + r["name"])
    sc_of = {r["street"]: c for c, r in is_sc.items()}
    pa_of = {r["community"]: c for c, r in is_pa.items()}
    check(sorted(sc_of) == sorted(street_names), "one service centre per street")
    check(len(pa_of) == len(is_pa) and 30 <= len(pa_of) <= 42, "promotion associations in about half the communities")
    hub_codes = set(is_sc) | set(is_pa)
    for c in hub_codes:
        check(by_code[c]["status"] == "active", "hubs are active")
    for i, r in enumerate(rows):
        if r["tier"] != "grassroots":
            continue
        h = r["hub"]
        check(h in hub_codes, "hub exists " + r["name"])
        check(h == pa_of.get(r["community"], sc_of[r["street"]]), "hub is the community's PA or street centre " + r["name"])
        check(pos_of_code[h] < i, "hub row precedes " + r["name"])
        check(by_code[h]["registered_on"] <= r["filed_on"], "hub registered before filing " + r["name"])
    n_hubs = len(hub_codes)
    check(all(rows[i]["credit_code"] in hub_codes for i in range(n_hubs)), "hubs first")
    body = [entry(r) for r in rows[n_hubs:]]
    check(body == sorted(body), "rows after the hubs in order of filed_on/registered_on")

    # counts and shares
    tiers = collections.Counter(r["tier"] for r in rows)
    check(0.35 <= tiers["registered"] / len(rows) <= 0.45, "about 40% registered")
    check(sum(entry(r) <= "2012-12-31" for r in rows) == 137, "137 by end of 2012")
    per_year = collections.Counter(entry(r)[:4] for r in rows)
    check(per_year["2013"] < per_year["2014"] < 2 * (per_year["2015"] + len(sheet)), "growth accelerates")
    g_pre = sum(r["tier"] == "grassroots" and r["filed_on"] < "2013" for r in rows)
    check(g_pre < 0.1 * tiers["grassroots"], "filing mostly from 2013")
    st = collections.Counter(r["status"] for r in rows)
    check(st == {"active": 493, "deregistered": 5, "revoked": 2, "suspended": 2}, "status counts %s" % st)
    check(set(r["category"] for r in rows) == set(CATEGORIES), "every category appears")
    check(set(r["type"] for r in rows) == set(TYPE_DIGIT), "every type appears")
    check(set(r["registration_authority"] for r in rows if r["tier"] == "registered") == set(AUTH_REGION),
          "every authority appears")
    cs_g = collections.Counter(r["category"] for r in rows if r["tier"] == "grassroots")
    check(cs_g.most_common(1)[0][0] == "culture_sports", "culture_sports is the most common grassroots field")
    check(sum("," in r["address"] for r in rows) >= 5, "≥5 addresses with an ASCII comma")
    check(8 <= sum(("," in r["address"]) or ("，" in r["address"]) for r in rows) <= 14, "about 10 comma addresses")
    check(any('"' in r["notes"] for r in rows), "a note with a double quote")
    check(any("\n" in r["notes"] for r in rows), "a note with a line break")
    check(sum(bool(r["notes"]) for r in rows) < 0.1 * len(rows), "notes mostly empty")
    check(sum(r["founded"] == "" for r in rows) in range(1, 20), "a few without founded")
    for name, (typ, cat) in NAMED.items():
        m = [r for r in rows if r["name"] == name]
        check(len(m) == 1, "named org present " + name)
        r = m[0]
        check(r["type"] == typ and r["category"] == cat and r["registration_authority"] == "city" and
              r["credit_code"][2:8] == "150200" and "2013" <= r["founded"][:4] <= "2014", "named org " + name)

    # names
    live = collections.Counter((r["registration_authority"], r["name"]) for r in rows
                               if r["tier"] == "registered" and r["status"] not in ("deregistered", "revoked"))
    check(max(live.values()) == 1, "registered names unique per authority")
    gnames = collections.Counter((r["street"], r["community"], r["name"]) for r in rows if r["tier"] == "grassroots")
    check(max(gnames.values()) == 1, "grassroots names unique within a community")
    across = collections.Counter(r["name"] for r in rows if r["tier"] == "grassroots")
    recurring = [n for n in ("夕阳红舞蹈队", "红歌合唱团", "太极拳队", "秧歌队", "腰鼓队", "广场舞队") if across[n] >= 2]
    check(len(recurring) >= 3, "common names recur across communities: %s" % recurring)

    # filing numbers (orgs.csv, then the sheet continues 2015)
    filings = [(r["filed_on"], r["filing_no"]) for r in rows if r["filing_no"]]
    filings += [(r["备案日期"], r["备案号"]) for r in sheet]
    nos = [f for _, f in filings]
    check(len(set(nos)) == len(nos), "filing numbers unique")
    by_year = collections.defaultdict(list)
    for date, no in sorted(filings, key=lambda x: (x[0], x[1])):
        by_year[no[5:9]].append(int(no[10:]))
    for y, seqs in by_year.items():
        check(seqs == list(range(1, len(seqs) + 1)), "filing numbers of %s gapless in date order" % y)

    # ---------------- street sheet rules
    taken = collections.defaultdict(set)
    for r in rows:
        if r["tier"] == "grassroots":
            taken[(r["street"], r["community"])].add(r["name"])
    dance = False
    for r in sheet:
        n = r["名称"]
        check(r["登记方式"] == "备案" and r["类型"] in TYPE_ZH and r["层级"] == "社区" and r["类别"] in CAT_ZH,
              "sheet enums " + n)
        check(r["街道"] == "沼潭街道" and comm_of.get(r["社区"]) == "沼潭街道", "sheet street/community " + n)
        check(r["枢纽组织"] == pa_of.get(r["社区"], sc_of["沼潭街道"]), "sheet hub " + n)
        check(r["备案日期"].startswith("2015-06-") and is_date(r["备案日期"]), "sheet filing date " + n)
        check(r["受理单位"] == "沼潭街道办事处", "sheet accepting office " + n)
        check(r["活动区域"] and len(r["活动区域"]) <= 20, "sheet activity area " + n)
        check(is_date(r["成立日期"]) and r["成立日期"] <= r["备案日期"], "sheet founded " + n)
        check(FILING.match(r["备案号"]) and r["备案号"].startswith("KQBA-2015-"), "sheet filing no " + n)
        check(PHONE.match(r["联系电话"]), "sheet phone " + n)
        check(8 <= int(r["成员数"]) <= 120, "sheet members " + n)
        key = ("沼潭街道", r["社区"])
        check(n not in taken[key], "sheet name unique in community " + n)
        if n == "夕阳红舞蹈队":
            check(not any("夕阳红舞蹈队" in x for x in taken[key]), "new 夕阳红舞蹈队 where none was")
            dance = True
        taken[key].add(n)
    check(dance, "sheet has a 夕阳红舞蹈队")
    check(set(CAT_ZH) >= {r["类别"] for r in sheet}, "sheet categories")

    # ---------------- orgs.toml: the same orgs, in the same order (written by kunqu org export)
    with open(os.path.join(DIR, "orgs.toml"), "rb") as f:
        toml_orgs = tomllib.load(f)
    check(set(toml_orgs) == {"org"}, "orgs.toml holds [[org]] tables only")
    torgs = toml_orgs["org"]
    check(len(torgs) == total_orgs, "orgs.toml holds %d orgs, got %d" % (total_orgs, len(torgs)))
    zh = {"名称": "name", "街道": "street", "社区": "community", "枢纽组织": "hub", "备案号": "filing_no",
          "成立日期": "founded", "备案日期": "filed_on", "受理单位": "filing_office", "负责人": "representative",
          "联系电话": "phone", "地址": "address", "活动区域": "activity_area", "成员数": "members", "备注": "notes"}
    flat = [dict(r) for r in rows] + [dict({zh.get(k, k): v for k, v in r.items()}, status="active") for r in sheet]
    for t, r in zip(torgs, flat):
        check("key" not in t, "orgs.toml carries no registry keys")
        for f in ("name", "street", "community", "hub", "credit_code", "filing_no", "filed_on", "filing_office",
                  "founded", "registered_on", "status", "status_date", "representative", "phone", "address",
                  "activity_area", "members", "notes"):
            v = t.get(f, "")
            v = "true" if v is True else "false" if v is False else str(v)
            check(v == r.get(f, ""), "orgs.toml %s of %s: %r, CSV has %r" % (f, r["name"], v, r.get(f, "")))

    # ---------------- summary
    print("OK: orgs.csv %d rows (%d registered, %d grassroots), street sheet %d rows, %d in all; orgs.toml agrees"
          % (len(rows), tiers["registered"], tiers["grassroots"], len(sheet), total_orgs))
    print("by end of 2012: 137; registered/filed per year 2012-2015:",
          {y: per_year[y] for y in sorted(per_year) if y >= "2012"}, "+ street sheet 2015-06:", len(sheet))
    print("statuses:", dict(st))
    print("residents 2015: %d -> %.1f orgs per 10,000 (target %d)"
          % (pop[2015], total_orgs * 10_000 / pop[2015], d["density_target"]))
    for s in streets:
        print("  %s  %d communities  %d residents (2015)" % (s["name"], len(s["communities"]),
                                                            s["population"][-1]["residents"]))
    print("recurring grassroots names:", {n: across[n] for n in recurring})


if __name__ == "__main__":
    main()
