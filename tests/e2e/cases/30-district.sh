# The district after db init (kunqu db district): streets past and present, a new year's
# population, a new community and street, a street renamed and streets merged from a day —
# audited, refused where impossible — and reports that name each street as it was on the
# period's last day, with each street's population of the latest year it has. Then the profile
# file loaded again: what it would change (--dry-run), what it changes, nothing the second
# time, and a profile that leaves a street out refused. An import into a registry without a
# profile says its streets go unchecked.
supervised
export KUNQU_NOW=2016-06-30T08:00:00Z
run kunqu db district population 沼潭街道 2016 61200
run kunqu db district population 沼潭街道 2016 61250
run kunqu db district community 沼潭街道 沼潭新村社区
run kunqu db district community 沼潭街道 沼潭新村社区
run kunqu db district street 新区街道
run kunqu db district rename 昆河镇 昆河街道 --from 2016-01-01
run kunqu db district merge 白云路街道 --into 昆工路街道 --from 2016-03-01
run kunqu db district merge 卜尔汉图镇 昆河街道 --into 昆北镇 --from 2016-05-01
# Refused: a street that is no more, one unknown, a name taken, a day that is none.
run kunqu db district rename 昆河镇 昆河新街道 --from 2016-02-01
run kunqu db district population 花楼街道 2016 100
run kunqu db district rename 沼潭街道 昆北镇 --from 2016-06-01
run kunqu db district rename 沼潭街道 沼潭新街道 --from 2016-02-30
run kunqu db district merge 沼潭街道 --into 沼潭新街道 --from 2016-06-01
run kunqu db district streets
run env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 kunqu db district streets --format csv --labels zh
run env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 kunqu db district rename 昆河镇 昆河新街道 --from 2016-02-01
run kunqu db log --action db.district --format csv
# Reports: before the rename the old names, after the merger the street they became.
shell 'kunqu report monthly --month 2015-12 --format csv | grep -E "^orgs,orgs,street|^density,(residents|population_year)"'
shell 'kunqu report monthly --month 2016-05 --format csv | grep -E "^orgs,orgs,street|^density,(residents|population_year)"'
# The profile loaded again: renames and a merger written in it, a new year, a new community.
cp "$EX/kundulun/profile.toml" profile.toml
cat >>profile.toml <<'TOML'

[[street]]
name = "新区街道"

[[street]]
name = "昆河街道"
renamed_from = "昆河镇"
since = 2016-01-01
communities = ["刘宝窑子村", "昆河村"]

[[street]]
name = "昆北镇"
merged_from = ["卜尔汉图镇", "昆河街道"]
since = 2016-05-01
communities = ["卜尔汉图村", "阿都赖村", "刘宝窑子村", "昆河村", "昆北新村"]
population = [ { year = 2016, residents = 24100, kind = "resident" } ]
TOML
python3 - <<'PY'
t = open('profile.toml', encoding='utf-8').read()
# 沼潭街道's new community; 白云路街道 merged into 昆工路街道, its communities with it.
t = t.replace('name = "沼潭街道"\ncommunities = [', 'name = "沼潭街道"\ncommunities = ["沼潭新村社区", ', 1)
t = t.replace('name = "昆工路街道"\ncommunities = [', 'name = "昆工路街道"\nmerged_from = ["白云路街道"]\nsince = 2016-03-01\ncommunities = ["第一社区", "第二社区", "第三社区", "白云路社区", "富丽社区", ', 1)
open('profile.toml', 'w', encoding='utf-8').write(t)
PY
shell 'grep -n -A3 "name = \"昆工路街道\"" profile.toml'
run kunqu db district load profile.toml --dry-run
run kunqu db district load profile.toml
run kunqu db district load profile.toml
python3 - <<'PY'
t = open('profile.toml', encoding='utf-8').read()
open('short.toml', 'w', encoding='utf-8').write(t.replace('[[street]]\nname = "新区街道"\n', ''))
PY
run kunqu db district load short.toml
run kunqu db check
# A registry without a profile: its streets go unchecked, and the import says so once.
export KUNQU_DB=bare.db
kunqu -q db init
run kunqu org import "$EX/kundulun/orgs.csv" --dry-run
