# Warnings (issue 20): what kunqu accepts but a person should look at again is shown as a
# `warning:` line on stderr, with its place in the file; -q does not hide it. --strict refuses
# it as an error (exit 3, nothing written). The first warning: text that reads as Chinese
# decoded in the wrong encoding (夕阳红舞蹈队 saved as Windows-1252 and back).
run kunqu -q db init --profile "$EX/kundulun/profile.toml"
shell 'printf "名称,tier,type,category,street,community,filed_on\nå¤•é˜³çº¢èˆžè¹ˆé˜Ÿ,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-01\n社区书画社,grassroots,social_group,culture_sports,林荫路街道,乌兰社区,2015-03-02\n" > groups.csv'
run kunqu --strict org import groups.csv
shell 'kunqu org list --format csv | wc -l'
run kunqu org import --dry-run groups.csv
run kunqu -q org import groups.csv
shell 'kunqu org list --format csv --columns name,filing_no'
# A single add warns the same way; under zh_CN the warning is in Chinese.
run kunqu --strict org add --name 'Ã©Ã©' --tier grassroots --type social_group --category other --street 林荫路街道 --community 乌兰社区 --filed-on 2015-04-01
shell 'LC_ALL=zh_CN.UTF-8 kunqu -q org add --name "Ã©Ã©" --tier grassroots --type social_group --category other --street 林荫路街道 --community 乌兰社区 --filed-on 2015-04-01'
