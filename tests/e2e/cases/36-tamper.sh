# Seals a forger cannot pass (issue 25): the schema is checked part by part against the one the
# migrations make — a trigger planted to double every payment after it is written (the audit
# records the true amount, the seals the doubled one), a unique index dropped, a column's
# check loosened — while spacing and case in the stored SQL do not count; org keys of 2^40 and
# more are sealed apart from the others.
district
shell 'for c in trigger index loosened spaced; do cp registry.db $c.db; done'
shell 'sqlite3 trigger.db "CREATE TRIGGER payment_double AFTER INSERT ON payment BEGIN UPDATE payment SET amount = amount * 2 WHERE id = new.id; END"'
run kunqu --db trigger.db contract pay KQGM-2015-003 --date 2015-06-20 --amount 100 --milestone 中期
shell 'sqlite3 trigger.db "SELECT amount FROM payment ORDER BY id DESC LIMIT 1; SELECT json_extract(detail, '"'"'$.amount'"'"') FROM audit ORDER BY id DESC LIMIT 1"'
run kunqu --db trigger.db db check --format csv
shell 'LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 kunqu --db trigger.db db check'
shell 'sqlite3 index.db "DROP INDEX org_credit_code"'
run kunqu --db index.db db check --format csv
shell 'sqlite3 loosened.db "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, '"'"'CHECK (amount <> 0)'"'"', '"'"'CHECK (amount IS NOT NULL)'"'"') WHERE name = '"'"'payment'"'"'"'
run kunqu --db loosened.db db check --format csv
shell 'sqlite3 spaced.db "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = upper(replace(sql, '"'"'ON '"'"', '"'"'ON
   '"'"')) WHERE name = '"'"'payment_contract'"'"'" && kunqu --db spaced.db db check'

# Keys up to 2^63 − 1: K1099511627776 (2^40) no longer meets K0000001 in the seals.
shell 'printf "key,name,tier,type,category,street,community,filed_on\nK1099511627776,大键舞蹈队,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\nK9223372036854775807,最大键合唱团,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n" > big.csv'
run kunqu -q org import big.csv
run kunqu org show K1099511627776 --format csv
shell 'kunqu -q db seal --format csv | tail -n 1 | cut -d, -f4 > head.txt && kunqu -q org update K1099511627776 --phone 13904720007 && kunqu db check --sealed "$(cat head.txt)"'
shell 'LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 kunqu db check --sealed "$(cat head.txt)"'
shell 'cp registry.db big-changed.db && sqlite3 big-changed.db "UPDATE org SET phone = '"'"'13900000000'"'"' WHERE id = 1099511627776"'
run kunqu --db big-changed.db db check --format csv
shell 'printf "key,name,tier,type,category,street,community,filed_on\nK9223372036854775808,太大键,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n" > too-big.csv'
run kunqu org import too-big.csv
