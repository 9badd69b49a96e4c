# `kunqu help columns [KIND]`: the columns of every file kunqu imports, the headers each is read
# by, its format, the values of its enumerations and whether rows must fill it — in English, and
# in Chinese under zh_CN.UTF-8. A kind is the import's (org, payment …) or its TOML record
# (credit_event …); an unknown one is a usage error naming the kinds. An import that meets an
# unknown column points at the listing.
run kunqu help columns
run kunqu help columns org
run kunqu help columns payment
run kunqu help columns credit_event
run kunqu help columns orgs
run kunqu help formats org
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 run kunqu help columns org
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 run kunqu help columns orgs
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 run kunqu help nope
kunqu -q db init --profile "$EX/kundulun/profile.toml"
printf '名称,登记方式,类型,类别,颜色\n心愿合唱队,备案,社会团体,社区文体,红\n' >odd.csv
run kunqu org import odd.csv
printf '[[event]]\norg = "K0000001"\nevent = "warning"\ncolour = "red"\n' >odd.toml
run kunqu org events import odd.toml
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 run kunqu org import odd.csv
