// Masking personal data (lib/privacy/mask.h) and the --mask flag, with the audit entry an
// unmasked export leaves.
#include <doctest/doctest.h>

#include "privacy/mask.h"

using namespace kunqu::privacy;

TEST_CASE("names keep their first character") {
  CHECK(mask_name("王小明") == "王**");
  CHECK(mask_name("王丽") == "王*");
  CHECK(mask_name("欧阳") == "欧*");
  CHECK(mask_name("王") == "王");
  CHECK(mask_name("") == "");
  CHECK(mask_name("Wang Li") == "W*****");
}

TEST_CASE("phone numbers keep their first three and last four digits") {
  CHECK(mask_phone("13812345678") == "138****5678");
  CHECK(mask_phone("0472-2150001") == "047*-***0001");
  CHECK(mask_phone("+86 138 1234 5678") == "+86 1** **** 5678");
  CHECK(mask_phone("2150001") == "*****01");
  CHECK(mask_phone("") == "");
}

TEST_CASE("addresses keep their administrative part") {
  CHECK(mask_address("包头市昆都仑区沼潭街道176号5楼") == "包头市昆都仑区沼潭街道****");
  CHECK(mask_address("昆都仑区乌兰社区3栋2单元") == "昆都仑区乌兰社区****");
  CHECK(mask_address("包头市昆都仑区") == "包头市昆都仑区");
  CHECK(mask_address("包头市昆都仑区沼潭路113号沼潭街道服务中心") == "包头市昆都仑区****");
  CHECK(mask_address("和平路12号") == "和平****");
  CHECK(mask_address("") == "");
}

TEST_CASE("personal data inside an audit entry's detail and command line") {
  CHECK(mask_json(R"({"before":{"representative":null,"phone":"0472-2150001"},"after":{"representative":"王丽","phone":"13900000000"}})") ==
        R"({"before":{"representative":null,"phone":"047*-***0001"},"after":{"representative":"王*","phone":"139****0000"}})");
  CHECK(mask_json(R"({"file":"orgs.csv","rows":502})") == R"({"file":"orgs.csv","rows":502})");
  CHECK(mask_command("kunqu org update K0000001 --representative 王丽 --phone=13900000000 --address '包头市昆都仑区沼潭街道 176号'") ==
        "kunqu org update K0000001 --representative 王* --phone=139****0000 --address '包头市昆都仑区沼潭街道****'");
  CHECK(mask_command("kunqu filing add --person-in-charge 李秀英 --venue 沼潭东社区活动室") ==
        "kunqu filing add --person-in-charge 李** --venue 沼潭东社区****");
  CHECK(holds_personal_data(Kind::kCommand, "kunqu org update K1 --phone 1"));
  CHECK_FALSE(holds_personal_data(Kind::kCommand, "kunqu org list --columns key,phone"));
  CHECK_FALSE(holds_personal_data(Kind::kJson, R"({"representative":""})"));
  CHECK(holds_personal_data(Kind::kJson, R"({"representative":"王丽"})"));
}

TEST_CASE("the personal columns") {
  CHECK(kind_of_column("representative") == Kind::kName);
  CHECK(kind_of_column("phone") == Kind::kPhone);
  CHECK(kind_of_column("address") == Kind::kAddress);
  CHECK(kind_of_column("name") == Kind::kNone);
  CHECK(kind_of_column("detail") == Kind::kJson);
  CHECK(kind_of_column("command") == Kind::kCommand);
  CHECK(mask(Kind::kNone, "包头市") == "包头市");
}
