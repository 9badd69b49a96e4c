# Personal data (个人信息保护法): --mask masks representatives' names, phone numbers and
# addresses in lists, records, exports and the audit log; unmasked output of them is recorded in the audit log
# (who, which columns, how many rows, where), and an export holding them is created 0600.
district
run kunqu -q org update K0000007 --representative 王小明 --phone 13812345678 --address 包头市昆都仑区沼潭街道176号5楼
run kunqu --mask org show K0000007 --format csv
run kunqu org list --street 沼潭街道 --columns key,name,representative,phone,address --format csv --mask --limit 3
run kunqu org list --street 沼潭街道 --columns key,name,representative,phone,address --format csv --limit 3
shell 'umask 022; kunqu -q --mask org export -o masked.csv && stat -c %a masked.csv && grep -c "138\*\*\*\*5678" masked.csv'
shell 'umask 022; kunqu -q org export -o people.csv && stat -c %a people.csv && grep -c 13812345678 people.csv'
shell 'umask 022; kunqu -q report monthly --month 2015-06 -o report.csv && stat -c %a report.csv'
run kunqu org show K0000007 --format json
# (one record looked up on screen is not an export; a list of several is)
# The audit log holds them too, in its command lines and before/after values: masked alike.
run kunqu --mask db log --action org.update --format csv
run kunqu db log --action personal_data.export --format csv
