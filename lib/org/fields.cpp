// The organization field table, with the Chinese words a civil-affairs office uses.
#include "org/fields.h"

#include <algorithm>

#include "i18n/messages.h"
#include "io/text.h"
#include "validate/divisions.h"

namespace kunqu::org {

namespace {

std::vector<EnumValue> categories() {
  return {
      {"mediation", {"矛盾化解", "矛盾调解", "调解"}},
      {"household_services", {"社区家庭服务", "家庭服务"}},
      {"emotional_support", {"精神慰藉"}},
      {"senior_expert", {"老专家服务", "老专家"}},
      {"culture_sports", {"社区文体", "文体", "文化体育"}},
      {"elderly_care", {"为老服务", "养老服务", "养老"}},
      {"marriage_family", {"婚姻家庭"}},
      {"volunteer", {"志愿服务", "志愿"}},
      {"youth", {"青少年", "青少年服务"}},
      {"disability", {"助残", "助残服务"}},
      {"legal_aid", {"法律援助"}},
      {"employment", {"就业培训", "就业"}},
      {"emergency_rescue", {"应急救援"}},
      {"property_management", {"物业管理"}},
      {"other", {"其他"}},
  };
}

std::vector<FieldSpec> build() {
  using K = FieldKind;
  std::vector<FieldSpec> f(kFieldCount);
  f[kKey] = {"key", K::kKey, "组织编号", {"编号"}, {}};
  f[kName] = {"name", K::kText, "名称", {"组织名称", "社会组织名称", "单位名称"}, {}};
  f[kTier] = {"tier", K::kEnum, "登记方式", {"登记备案", "管理方式"},
              {{"registered", {"登记", "注册登记", "登记注册"}}, {"grassroots", {"备案", "备案登记"}}}};
  f[kType] = {"type", K::kEnum, "类型", {"组织类型"},
              {{"social_group", {"社会团体", "社团"}},
               {"social_service", {"民办非企业单位", "社会服务机构", "民非"}},
               {"foundation", {"基金会"}},
               {"other", {"其他社会组织", "其他"}}}};
  f[kAuthority] = {"registration_authority", K::kEnum, "登记管理机关", {"登记机关"},
                   {{"national", {"民政部"}},
                    {"region", {"自治区民政厅", "省民政厅", "省级"}},
                    {"city", {"市民政局", "包头市民政局", "市级"}},
                    {"district", {"区民政局", "昆都仑区民政局", "区级", "县级"}}}};
  f[kLevel] = {"level", K::kEnum, "层级", {"级别"},
               {{"district", {"区", "区级"}}, {"street", {"街道", "街道级", "街镇"}}, {"community", {"社区", "社区级"}}}};
  f[kCategory] = {"category", K::kEnum, "类别", {"服务领域", "领域"}, categories()};
  f[kStreet] = {"street", K::kText, "街道", {"街镇", "所属街道"}, {}};
  f[kCommunity] = {"community", K::kText, "社区", {"所属社区"}, {}};
  f[kHub] = {"hub", K::kOrgRef, "枢纽组织", {"枢纽型组织", "挂靠组织"}, {}};
  f[kHubSince] = {"hub_since", K::kDate, "挂靠日期", {"挂靠起始日期", "加入枢纽日期"}, {}};
  f[kCreditCode] = {"credit_code", K::kCreditCode, "统一社会信用代码", {"信用代码", "社会信用代码"}, {}};
  f[kFilingNo] = {"filing_no", K::kText, "备案号", {"备案编号"}, {}};
  f[kFiledOn] = {"filed_on", K::kDate, "备案日期", {"备案时间"}, {}};
  f[kFilingOffice] = {"filing_office", K::kText, "受理单位", {"备案受理单位", "备案机关"}, {}};
  f[kFounded] = {"founded", K::kDate, "成立日期", {"成立时间"}, {}};
  f[kRegisteredOn] = {"registered_on", K::kDate, "登记日期", {"登记时间"}, {}};
  f[kStatus] = {"status", K::kEnum, "状态", {"组织状态"},
                {{"active", {"正常", "活动", "存续"}},
                 {"suspended", {"限期停止活动", "停止活动"}},
                 {"revoked", {"撤销登记", "吊销", "撤销"}},
                 {"deregistered", {"注销", "注销登记"}}}};
  f[kStatusDate] = {"status_date", K::kDate, "状态日期", {"注销日期", "撤销日期"}, {}};
  f[kStatusReason] = {"status_reason", K::kText, "状态原因", {"注销原因", "撤销原因"}, {}};
  f[kStatusAuthority] = {"status_authority", K::kText, "决定机关", {"作出决定机关"}, {}};
  f[kStatusDocument] = {"status_document", K::kText, "决定文号", {"文号"}, {}};
  f[kRepresentative] = {"representative", K::kText, "负责人", {"法定代表人", "联系人"}, {}};
  f[kPhone] = {"phone", K::kText, "联系电话", {"电话", "手机"}, {}};
  f[kAddress] = {"address", K::kText, "地址", {"住所", "活动地址", "活动场所", "办公地址"}, {}};
  f[kActivityArea] = {"activity_area", K::kText, "活动区域", {"活动范围"}, {}};
  f[kBusinessScope] = {"business_scope", K::kText, "业务范围", {}, {}};
  f[kFunds] = {"funds", K::kMoney, "开办资金", {"注册资金", "开办资金(元)"}, {}};
  f[kMembers] = {"members", K::kCount, "成员数", {"会员数", "人数"}, {}};
  f[kStaff] = {"staff", K::kCount, "专职人员数", {"专职人员", "工作人员数"}, {}};
  f[kPartyOrg] = {"party_org", K::kBool, "党组织", {"是否建立党组织"}, {}};
  f[kSupervisor] = {"supervisor", K::kText, "业务主管单位", {"主管单位"}, {}};
  f[kNotes] = {"notes", K::kText, "备注", {"说明"}, {}};
  f[kCertificateNo] = {"certificate_no", K::kText, "登记证号", {"登记证书号", "社会组织登记证号", "登记证号码"}, {}};
  f[kOrgCode] = {"org_code", K::kText, "组织机构代码", {"机构代码", "组织代码"}, {}};
  return f;
}

FieldSpec build_reasons() {
  return {"status_reason", FieldKind::kEnum, "注销原因", {},
          {{"purpose_fulfilled", {"宗旨完成"}},
           {"dissolved", {"自行解散", "解散"}},
           {"split_merge", {"分立合并", "分立、合并"}},
           {"other", {"其他"}}}};
}

}  // namespace

const std::vector<FieldSpec>& fields() {
  static const std::vector<FieldSpec> all = build();
  return all;
}

const FieldSpec& deregistration_reasons() {
  static const FieldSpec spec = build_reasons();
  return spec;
}

std::optional<std::string> authority_by_name(std::string_view name) {
  const std::string n = io::trim(name);
  if (n.empty()) return std::nullopt;
  if (auto code = vocab::enum_code(fields()[kAuthority], n)) return code;
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  // The place name is what comes before the office's own name.
  std::size_t office = std::string::npos;
  for (const char* word : {"民政", "行政审批", "审批服务", "社会团体管理局", "社会组织管理局"})
    office = std::min(office, n.find(word));
  if ((n.find("民政部") != std::string::npos && n.find("民政部门") == std::string::npos) || n.find("国务院") != std::string::npos)
    return std::string("national");
  if (office == std::string::npos) return std::nullopt;
  const std::string place = n.substr(0, office);
  if (place.empty()) {
    // 民政部's bureaus go by their own names; a 民政局 alone says no level.
    if (n.compare(0, std::string("社会团体管理局").size(), "社会团体管理局") == 0 ||
        n.compare(0, std::string("社会组织管理局").size(), "社会组织管理局") == 0)
      return std::string("national");
    return std::nullopt;
  }
  for (const char* city : {"北京市", "天津市", "上海市", "重庆市"})
    if (place == city) return std::string("region");
  for (const char* tail : {"自治区", "省"})
    if (ends_with(place, tail)) return std::string("region");
  if (ends_with(place, "市")) {
    // A county-level city (昆山市) is a district's level: the longest division name the place
    // ends with says which.
    for (std::size_t k = 0; k < place.size(); ++k) {
      if ((static_cast<unsigned char>(place[k]) & 0xC0) == 0x80) continue;  // inside a character
      if (auto d = validate::division_named(std::string_view(place).substr(k)))
        return std::string(d->code.compare(4, 2, "00") == 0 ? "city" : "district");
    }
  }
  for (const char* tail : {"自治州", "地区", "市", "盟"})
    if (ends_with(place, tail)) return std::string("city");
  for (const char* tail : {"区", "县", "旗"})
    if (ends_with(place, tail)) return std::string("district");
  return std::nullopt;
}

namespace {

std::vector<vocab::FileColumn> build_columns(bool filed) {
  using vocab::Need;
  std::vector<vocab::FileColumn> out;
  for (const auto& f : fields()) {
    vocab::FileColumn c{f.name, {f.label_zh}, column_type(f), f.kind == FieldKind::kEnum ? &f : nullptr};
    c.aliases.insert(c.aliases.end(), f.aliases.begin(), f.aliases.end());
    out.push_back(std::move(c));
  }
  auto need = [&](Field f, Need n, const char* when = nullptr) {
    out[f].need = n;
    out[f].when = when;
  };
  need(kName, Need::kRequired);
  if (!filed) need(kTier, Need::kRequired);
  need(kType, Need::kRequired);
  need(kCategory, Need::kRequired);
  need(kStatusDate, Need::kSometimes, N_("when the status is not active"));
  if (filed) {
    need(kStreet, Need::kRequired);
    need(kCommunity, Need::kRequired);
    need(kFiledOn, Need::kSometimes, N_("unless a registered_on column gives the date"));
    return out;
  }
  need(kCreditCode, Need::kSometimes, N_("for a registered org (one that ended before 2018 may give certificate_no instead)"));
  need(kCertificateNo, Need::kSometimes, N_("for a registered org without a credit code"));
  need(kRegisteredOn, Need::kSometimes, N_("for a registered org"));
  need(kStreet, Need::kSometimes, N_("for a filed group or a street-level org"));
  need(kCommunity, Need::kSometimes, N_("for a filed group or a community-level org"));
  need(kFiledOn, Need::kSometimes, N_("for a filed group, unless a registered_on column gives the date"));
  return out;
}

}  // namespace

const std::vector<vocab::FileColumn>& import_columns(bool filed) {
  static const std::vector<vocab::FileColumn> orgs = build_columns(false), groups = build_columns(true);
  return filed ? groups : orgs;
}

std::optional<Field> field_by_header(std::string_view header) {
  // The same columns import reads by, whatever the file.
  if (auto i = vocab::resolve_header(import_columns(false), header)) return static_cast<Field>(*i);
  return std::nullopt;
}

bool several_lines(std::size_t f) { return f == kAddress || f == kBusinessScope || f == kNotes; }

bool text_only(std::size_t f) {
  if (f >= kFieldCount) return false;
  switch (fields()[f].kind) {
    case FieldKind::kDate:
    case FieldKind::kMoney:
    case FieldKind::kCount:
    case FieldKind::kBool:
      return false;
    default:
      return true;
  }
}

}  // namespace kunqu::org
