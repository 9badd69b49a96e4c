# Values are never spliced into SQL: text made to break a query goes through filters and
# fields as plain text — found nowhere, refused as no street or community of the profile, or
# stored as it was — and the registry is unchanged and holds.
district
run kunqu org list --name "'); DROP TABLE org;--" --format csv
run kunqu org list --street "沼潭街道' OR '1'='1" --format csv
run kunqu org list --community "x\" OR 1=1 --" --format csv
run kunqu contract list --purchaser "'; DELETE FROM payment; --" --format csv
run kunqu contract list --provider "' OR 1=1 --" --format csv
run kunqu demand list --street "'; UPDATE demand SET status='closed'; --" --format csv
run kunqu demand list --community "%' OR '%'='" --format csv
run kunqu incubate list --site "'; DROP TABLE incubation; --" --format csv
run kunqu db log --actor "' OR 1=1 --" --format csv
run kunqu -q filing add --name "'); DROP TABLE org;--" --street 沼潭街道 --community 沼潭东社区 --category other --nature social_group --filed-on 2015-06-01 --hub 沼潭街道社会组织服务中心
run kunqu org list --name "DROP TABLE" --format csv
run kunqu -q demand add --street 沼潭街道 --community 沼潭东社区 --category other --description "Robert'); DROP TABLE demand;--" --source hotline --raised-on 2015-06-01
run kunqu demand list --street 沼潭街道 --status open --format csv
shell 'sqlite3 registry.db "SELECT count(*) FROM org; SELECT count(*) FROM payment; SELECT count(*) FROM demand; SELECT count(*) FROM incubation"'
run kunqu db check
