// kunqu_gen_orgs: a deterministic, seeded generator of realistic organization data in kunqu's
// CSV import format, and of a district profile whose streets and communities match it.
//
//   kunqu_gen_orgs --rows N --seed S --out orgs.csv [--profile profile.toml] [--first-seq K]
//
// The same arguments always give the same bytes. The streets and communities depend on the seed
// only, so every file made with one seed fits the profile made with it. Names, credit codes and
// filing numbers are built from counters that start at --first-seq (default 0): a second file
// of "more rows" made with --first-seq at least the previous file's first-seq plus its rows
// never collides with it.
//
// Each file begins with one registered hub per street (its 社会组织服务中心); a filed group's
// hub is the hub of its street in the same file, so it always appears earlier. Then, about 40%
// registered orgs (a valid credit code whose region says the authority: district 150203, city
// 150200, region 150000) and 60% filed (grassroots) groups (a filing number, a street and a
// community). RFC 4180 with LF line ends: about 2% of addresses hold a comma and 1% of notes a
// double quote, so quoting is exercised. Output is streamed through a small buffer.
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "validate/credit_code.h"

namespace {

// --- deterministic randomness (no std distributions: their output differs between libraries)

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s_) w = splitmix64(seed);
  }
  std::uint64_t next() {  // xoshiro256**
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  // True with probability permille/1000.
  bool chance(unsigned permille) { return below(1000) < permille; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// --- dates as days since 1970-01-01 (H. Hinnant's civil calendar algorithms)

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

const std::int64_t kFirstDay = days_from_civil(1995, 1, 1);
const std::int64_t kGrassrootsFirstDay = days_from_civil(2005, 1, 1);
const std::int64_t kHubFirstDay = days_from_civil(2010, 1, 1);
const std::int64_t kHubLastDay = days_from_civil(2013, 12, 31);
const std::int64_t kLastDay = days_from_civil(2015, 6, 30);

// --- output: one reusable row buffer, written through a 64 KiB stdio buffer

class Row {
 public:
  void clear() { s_.clear(); }
  const std::string& str() const { return s_; }
  Row& sep() {
    s_ += ',';
    return *this;
  }
  // A text field, quoted per RFC 4180 when it holds a comma, quote or line break.
  Row& text(std::string_view v) {
    if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
      s_ += v;
    } else {
      s_ += '"';
      for (char c : v) {
        if (c == '"') s_ += '"';
        s_ += c;
      }
      s_ += '"';
    }
    return *this;
  }
  Row& raw(std::string_view v) {
    s_ += v;
    return *this;
  }
  Row& num(std::int64_t n) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    s_.append(buf, r.ptr);
    return *this;
  }
  // n zero-padded to `width` digits.
  Row& padded(std::int64_t n, int width) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, n);
    for (int i = static_cast<int>(r.ptr - buf); i < width; ++i) s_ += '0';
    s_.append(buf, r.ptr);
    return *this;
  }
  Row& date(std::int64_t days) {
    Civil c = civil_from_days(days);
    padded(c.y, 4).raw("-").padded(c.m, 2).raw("-").padded(c.d, 2);
    return *this;
  }

 private:
  std::string s_;
};

// --- the words names are made of

const std::vector<std::string> kStreetWords = {
    "林荫路", "前进道", "友谊大街", "市府东路", "少先路", "团结大街", "鞍山道", "沼潭", "昆北", "阿尔丁",
    "卜尔汉图", "昆河", "白云路", "青山路", "黄河大街", "富强路", "民主路", "光明路", "和平路", "胜利路",
    "建设路", "文化路", "科学路", "幸福路", "新华路", "长青路", "朝阳路", "东风路", "红星路", "向阳路",
    "钢铁大街", "阿尔丁大街", "乌兰道", "钢花", "兴胜", "北沙梁", "南排", "莎木佳", "包钢", "赛汗"};
const std::vector<std::string> kCommunityWords = {
    "林荫", "乌兰", "钢铁", "富强", "民主", "青年", "文化", "平安", "胜利", "新光", "钢花", "和平", "光明",
    "团结", "政和", "华清", "幸福", "科学", "鹿城", "阳光", "丰产", "凯旋", "滨河", "馨园", "松石", "天福",
    "明日", "少先", "北梁", "友谊", "兴盛", "健康", "金桥", "锦林", "万达", "紫金", "青松", "翠竹", "红旗",
    "前进", "昆河", "春光", "碧水", "花园", "石榴", "九郡", "怡景", "瑞和", "长安", "康乐"};
const std::vector<std::string> kCommunitySuffix = {"", "东", "西", "南", "北", "里", "路", "园", "苑"};
const std::vector<std::string> kNameWords = {
    "夕阳红", "金秋", "阳光", "春晖", "和谐", "幸福", "康乐", "友邻", "晨曦", "爱心", "同心", "睦邻",
    "彩虹", "百合", "青松", "红枫", "暖心", "银发", "朝阳", "启明", "扶摇", "鹿城", "北疆", "草原",
    "青山", "黄河", "钢城", "星光", "善行", "仁爱", "惠民", "益众", "乐活", "长青", "木兰", "梦想"};
// Per category (in kCategories order): what an org of that category is called.
const std::vector<std::vector<std::string>> kCategoryWords = {
    {"调解委员会", "邻里调解室", "和事佬调解队"},
    {"家政服务社", "便民服务队", "家庭服务站"},
    {"心理慰藉小组", "暖心陪伴队", "心理咨询服务站"},
    {"老专家服务团", "银发顾问团", "老科技工作者协会"},
    {"舞蹈队", "合唱团", "太极拳队", "秧歌队", "书画协会", "棋牌协会", "健身操队", "京剧票友会"},
    {"为老服务站", "助老志愿队", "养老服务中心", "日间照料中心"},
    {"婚姻家庭服务站", "家庭和谐促进会", "婚恋服务社"},
    {"志愿服务队", "学雷锋志愿者协会", "青年志愿者服务队"},
    {"青少年服务中心", "四点半课堂", "青少年活动站"},
    {"助残服务社", "阳光助残队", "残疾人康复服务中心"},
    {"法律援助工作站", "普法宣传队", "法律服务社"},
    {"就业培训学校", "职业技能培训中心", "再就业服务站"},
    {"应急救援队", "蓝天救援队", "安全应急服务队"},
    {"物业管理服务社", "业主自治协会", "楼院管理服务队"},
    {"社会工作服务社", "公益促进会", "邻里互助会"}};
const std::vector<std::string> kCategories = {
    "mediation", "household_services", "emotional_support", "senior_expert", "culture_sports",
    "elderly_care", "marriage_family", "volunteer", "youth", "disability", "legal_aid",
    "employment", "emergency_rescue", "property_management", "other"};
const std::vector<std::string> kScopes = {
    "矛盾纠纷调解、法律政策宣传", "家政服务、便民服务、社区服务咨询", "心理疏导、精神慰藉、陪伴服务",
    "技术咨询、老专家讲座、科普宣传", "文体活动组织、培训、交流演出", "居家养老、日间照料、助餐助浴",
    "婚姻家庭辅导、家庭教育、纠纷调解", "志愿服务组织与培训、公益活动", "青少年课外辅导、兴趣培养、安全教育",
    "残疾人康复、就业帮扶、助残活动", "法律咨询、法律援助、普法宣传", "职业技能培训、就业指导、创业服务",
    "应急救援、防灾减灾培训、安全宣传", "物业服务、楼院管理、环境整治", "社会工作服务、公益项目、能力建设"};
const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                            "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                            "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
                                            "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
                                            "乌", "巴", "其其格", "白", "包", "云", "敖"};
const std::vector<std::string> kGiven = {"振国", "晓东", "永福", "杰", "卫东", "福林", "斌", "秀兰", "桂英",
                                         "丽娟", "建华", "志强", "海燕", "红梅", "淑珍", "玉梅", "建国", "军",
                                         "敏", "静", "伟", "磊", "洋", "艳", "娜", "超", "丹", "明", "琳", "芳",
                                         "宝音", "那仁", "额尔敦", "格日勒", "苏和", "乌日娜", "其木格", "阿拉坦"};
const std::vector<std::string> kSupervisors = {"昆都仑区文化体育局", "昆都仑区教育局", "昆都仑区卫生健康局",
                                               "昆都仑区司法局", "昆都仑区人力资源和社会保障局", "昆都仑区残疾人联合会",
                                               "昆都仑区老龄工作委员会办公室", "共青团昆都仑区委员会"};
const std::vector<std::string> kNotes = {"年检合格", "2014年度检查基本合格", "已完成换届", "曾获区级优秀社会组织称号",
                                         "场地由社区无偿提供", "项目经费来源于政府购买服务"};
const std::vector<std::string> kReasons = {"purpose_fulfilled", "dissolved", "split_merge", "other"};

struct Street {
  std::string name;
  std::vector<std::string> communities;
  std::int64_t residents = 0;
};

// The district's streets and communities: about 30 streets of about 40 communities, from the seed only.
std::vector<Street> make_district(std::uint64_t seed) {
  Rng rng(seed ^ 0xD157D157ULL);
  std::vector<std::size_t> order(kStreetWords.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
  const std::size_t nstreets = 30;
  std::vector<Street> streets(nstreets);
  for (std::size_t i = 0; i < nstreets; ++i) {
    Street& s = streets[i];
    // About one in ten is a town (镇), which has a street office too.
    s.name = kStreetWords[order[i]] + (rng.chance(100) ? std::string("镇") : std::string("街道"));
    // Every (word, suffix) pair, shuffled; the first 36–44 are this street's communities.
    std::vector<std::string> all;
    for (const auto& w : kCommunityWords)
      for (const auto& x : kCommunitySuffix)
        if (x.empty() || w.compare(w.size() - x.size(), x.size(), x) != 0) all.push_back(w + x);  // no 花园园
    for (std::size_t k = all.size() - 1; k > 0; --k) std::swap(all[k], all[rng.below(k + 1)]);
    std::size_t n = static_cast<std::size_t>(rng.between(36, 44));
    for (std::size_t k = 0; k < n; ++k) s.communities.push_back(all[k] + "社区");
    s.residents = rng.between(30000, 95000);
  }
  return streets;
}

bool write_profile(const std::string& path, const std::vector<Street>& streets) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  std::fputs("# 区情配置 (district profile) generated by kunqu_gen_orgs for the benchmark; do not edit.\n\n"
             "[district]\n"
             "name = \"昆都仑区\"\n"
             "code = \"150203\"\n"
             "city = \"包头市\"\n"
             "region = \"内蒙古自治区\"\n"
             "density_target = 20\n\n"
             "[settings]\n"
             "filing_number_pattern = \"KQBA-{year}-{seq:07}\"\n",
             f);
  for (const auto& s : streets) {
    std::fprintf(f, "\n[[street]]\nname = \"%s\"\ncommunities = [", s.name.c_str());
    for (std::size_t i = 0; i < s.communities.size(); ++i)
      std::fprintf(f, "%s\"%s\"", i ? ", " : "", s.communities[i].c_str());
    std::fputs("]\npopulation = [\n", f);
    for (int y = 2012; y <= 2015; ++y)
      std::fprintf(f, "  { year = %d, residents = %lld, kind = \"resident\" },\n", y,
                   static_cast<long long>(s.residents + (y - 2012) * 600));
    std::fputs("]\n", f);
  }
  bool ok = std::fflush(f) == 0 && !std::ferror(f);
  return std::fclose(f) == 0 && ok;
}

// The 18-character credit code for a type digit, region and counter; valid by construction.
// Positions 9–16 are 'MJ' and six digits of the counter; counters past 999999 move on to
// 'MK', 'ML'… so codes stay unique.
std::string credit_code(char type_digit, const char* region, std::uint64_t counter) {
  static const char kSecond[] = "JKLMNPQRTUWXYABCDEFGH";
  std::string body = "M";
  body += kSecond[(counter / 1000000) % (sizeof kSecond - 1)];
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06u", static_cast<unsigned>(counter % 1000000));
  body += digits;
  body += kunqu::validate::org_code_check_char(body);
  std::string code;
  code += '5';
  code += type_digit;
  code += region;
  code += body;
  code += kunqu::validate::credit_code_check_char(code);
  return code;
}

void person(Rng& rng, std::string& out) {
  out = rng.pick(kSurnames);
  out += rng.pick(kGiven);
}

void phone(Rng& rng, Row& row) {
  if (rng.chance(600)) {
    row.raw("0472-").num(rng.between(2, 6)).padded(rng.between(0, 999999), 6);
  } else {
    static const int kPrefixes[] = {130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 158, 159, 180, 182, 185, 186, 187, 189};
    row.num(kPrefixes[rng.below(sizeof kPrefixes / sizeof kPrefixes[0])]).padded(rng.between(0, 99999999), 8);
  }
}

struct Options {
  std::uint64_t rows = 0;
  std::uint64_t seed = 1;
  std::uint64_t first_seq = 0;
  std::string out;
  std::string profile;
};

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "kunqu_gen_orgs: %s\n"
               "usage: kunqu_gen_orgs --rows N --seed S --out orgs.csv [--profile profile.toml] [--first-seq K]\n",
               message);
  std::exit(2);
}

std::uint64_t parse_u64(const char* flag, const char* text) {
  std::uint64_t v = 0;
  auto r = std::from_chars(text, text + std::strlen(text), v);
  if (r.ec != std::errc() || *r.ptr != '\0') {
    std::string m = std::string(flag) + " takes a whole number, got '" + text + "'";
    usage(m.c_str());
  }
  return v;
}

Options parse_args(int argc, char** argv) {
  Options o;
  bool have_rows = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::printf("usage: kunqu_gen_orgs --rows N --seed S --out orgs.csv [--profile profile.toml] [--first-seq K]\n");
      std::exit(0);
    }
    if (i + 1 >= argc) usage((a + " needs a value").c_str());
    const char* v = argv[++i];
    if (a == "--rows") o.rows = parse_u64("--rows", v), have_rows = true;
    else if (a == "--seed") o.seed = parse_u64("--seed", v);
    else if (a == "--first-seq") o.first_seq = parse_u64("--first-seq", v);
    else if (a == "--out") o.out = v;
    else if (a == "--profile") o.profile = v;
    else usage(("unknown argument " + a).c_str());
  }
  if (!have_rows) usage("--rows is required");
  if (o.out.empty()) usage("--out is required");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  const std::vector<Street> streets = make_district(opt.seed);
  if (!opt.profile.empty() && !write_profile(opt.profile, streets)) {
    std::fprintf(stderr, "kunqu_gen_orgs: cannot write %s: %s\n", opt.profile.c_str(), std::strerror(errno));
    return 1;
  }

  std::FILE* out = std::fopen(opt.out.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "kunqu_gen_orgs: cannot write %s: %s\n", opt.out.c_str(), std::strerror(errno));
    return 1;
  }
  static char buffer[1 << 16];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  std::fputs("name,tier,type,registration_authority,level,category,street,community,hub,credit_code,filing_no,"
             "founded,registered_on,status,status_date,status_reason,representative,phone,address,"
             "business_scope,funds,members,staff,party_org,supervisor,notes\n",
             out);

  // The rows of a file with another --first-seq are another stream.
  std::uint64_t mix = opt.seed * 0x2545F4914F6CDD1DULL + opt.first_seq;
  Rng rng(splitmix64(mix));
  std::uint64_t code_seq = opt.first_seq;    // credit codes
  std::uint64_t filing_seq = opt.first_seq;  // filing numbers
  std::vector<std::string> hub_codes(streets.size());
  const std::size_t nhubs = opt.rows < streets.size() ? static_cast<std::size_t>(opt.rows) : streets.size();

  Row row;
  std::string name, who, code, address;
  for (std::uint64_t i = 0; i < opt.rows; ++i) {
    const std::uint64_t seq = opt.first_seq + i;  // in every name: names never repeat
    const std::uint64_t j = i >= nhubs ? i - nhubs : 0;  // index among the non-hub rows
    row.clear();
    const bool hub = i < nhubs;
    const bool registered = hub || rng.chance(400);
    std::size_t si = hub ? static_cast<std::size_t>(i)
                         : (j < streets.size() ? static_cast<std::size_t>(j) : rng.below(streets.size()));
    const Street& street = streets[si];
    std::size_t cat = hub ? 14 : (j < kCategories.size() ? static_cast<std::size_t>(j) : rng.below(kCategories.size()));

    std::string_view type, authority, level;
    const char* region = "150203";
    std::string_view community;
    bool has_street = true;
    if (registered) {
      if (hub) {
        type = "social_service";
      } else {
        unsigned t = static_cast<unsigned>(rng.below(100));
        type = t < 50 ? "social_group" : t < 95 ? "social_service" : "foundation";
      }
      unsigned a = hub ? 0 : static_cast<unsigned>(rng.below(100));
      if (a < 80) authority = "district", region = "150203";
      else if (a < 95) authority = "city", region = "150200";
      else authority = "region", region = "150000";
      if (hub) {
        level = "street";
      } else if (authority == "district") {
        unsigned l = static_cast<unsigned>(rng.below(100));
        level = l < 60 ? "district" : l < 85 ? "street" : "community";
      } else {
        level = "district";
      }
      if (level == "community") community = street.communities[rng.below(street.communities.size())];
      if (level == "district") has_street = rng.chance(500);
    } else {
      type = rng.chance(700) ? "social_group" : "social_service";
      level = "community";
      community = street.communities[rng.below(street.communities.size())];
    }
    const char type_digit = type == "social_group" ? '1' : type == "social_service" ? '2' : '3';

    // name
    if (hub) {
      name = street.name + "社会组织服务中心";
    } else {
      if (!registered) name = street.name + std::string(community);
      else if (authority == "district") name = has_street ? street.name : std::string("昆都仑区");
      else if (authority == "city") name = "包头市";
      else name = "内蒙古";
      name += rng.pick(kNameWords);
      name += rng.pick(kCategoryWords[cat]);
      if (type == "foundation") name += "基金会";
    }
    char seqbuf[24];
    auto sr = std::to_chars(seqbuf, seqbuf + sizeof seqbuf, seq);
    name.append(seqbuf, sr.ptr);

    // dates and status
    std::int64_t registered_on = hub ? rng.between(kHubFirstDay, kHubLastDay)
                                     : rng.between(registered ? kFirstDay : kGrassrootsFirstDay, kLastDay);
    std::int64_t founded = registered_on - rng.between(0, 400);
    if (founded < kFirstDay) founded = kFirstDay;
    unsigned st = hub ? 0 : static_cast<unsigned>(rng.below(1000));
    std::string_view status = st < 960 ? "active" : st < 990 ? "deregistered" : "suspended";

    row.text(name).sep().raw(registered ? "registered" : "grassroots").sep().raw(type).sep();
    row.raw(registered ? authority : "").sep().raw(level).sep().raw(kCategories[cat]).sep();
    if (has_street) row.text(street.name);
    row.sep().text(community).sep();
    if (!registered && rng.chance(900) && !hub_codes[si].empty()) row.raw(hub_codes[si]);
    row.sep();
    if (registered) {
      code = credit_code(type_digit, region, code_seq++);
      if (hub) hub_codes[si] = code;
      row.raw(code);
    }
    row.sep();
    if (!registered) {
      Civil c = civil_from_days(registered_on);
      row.raw("KQBA-").num(c.y).raw("-").padded(static_cast<std::int64_t>(filing_seq++), 7);
    }
    row.sep();
    if (!rng.chance(50)) row.date(founded);  // a few have no founding date
    row.sep().date(registered_on).sep().raw(status).sep();
    if (status != "active") row.date(rng.between(registered_on, kLastDay));
    row.sep();
    if (status == "deregistered") row.raw(rng.pick(kReasons));
    row.sep();
    person(rng, who);
    row.text(who).sep();
    phone(rng, row);
    row.sep();

    // address: about 2% hold an ASCII comma
    address = "包头市昆都仑区";
    address += street.name;
    if (!community.empty()) address += community;
    address += std::to_string(rng.between(1, 199));
    address += "号";
    if (rng.chance(20)) {
      address += ",";
      address += std::to_string(rng.between(1, 12));
      address += "号楼";
      address += std::to_string(rng.between(1, 6));
      address += "单元";
    } else if (rng.chance(300)) {
      address += std::to_string(rng.between(1, 5));
      address += "楼";
    }
    row.text(address).sep();
    if (registered || rng.chance(300)) row.text(kScopes[cat]);
    row.sep();
    if (registered) {
      std::int64_t funds = type == "foundation" ? rng.between(200, 800) * 10000 : rng.between(3, 50) * 10000;
      row.num(funds).raw(".00");
    }
    row.sep();
    if (type == "social_group") row.num(registered ? rng.between(20, 500) : rng.between(8, 80));
    else if (!registered || rng.chance(300)) row.num(rng.between(5, 60));
    row.sep();
    if (registered) row.num(rng.between(0, 12));
    else if (rng.chance(300)) row.num(rng.between(0, 3));
    row.sep().raw(hub || rng.chance(300) ? "true" : "false").sep();
    if (registered && !hub && type == "social_group" && rng.chance(300)) row.text(rng.pick(kSupervisors));
    row.sep();
    // notes: about 1% hold double quotes, some more a plain note
    unsigned n = static_cast<unsigned>(rng.below(1000));
    if (n < 10) {
      row.text("曾用名\"" + std::string(rng.pick(kNameWords)) + "服务队\"，" + rng.pick(kNotes));
    } else if (n < 60) {
      row.text(rng.pick(kNotes));
    }
    row.raw("\n");
    if (std::fwrite(row.str().data(), 1, row.str().size(), out) != row.str().size()) break;
  }
  bool ok = std::fflush(out) == 0 && !std::ferror(out);
  if (std::fclose(out) != 0) ok = false;
  if (!ok) {
    std::fprintf(stderr, "kunqu_gen_orgs: writing %s failed: %s\n", opt.out.c_str(), std::strerror(errno));
    return 1;
  }
  return 0;
}
