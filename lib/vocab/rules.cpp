// The rules kunqu applies, with their documents and the dates they apply between.
#include "vocab/rules.h"

#include <fmt/format.h>

#include <stdexcept>

#include "i18n/messages.h"

namespace kunqu::vocab {

namespace {

std::vector<Rule> build() {
  // MCA Order No. 60, 《社会组织信用信息管理办法》, published and in force 2018-01-24.
  const std::string o60 = "2018-01-24", order60 = "民政部令第60号《社会组织信用信息管理办法》";
  return {
      {"abnormal.annual_report", "abnormal", "entry", o60, "", order60,
       "annual report not submitted by the deadline", "未按照规定时限报送年度工作报告"},
      {"abnormal.party_org", "abnormal", "entry", o60, "", order60,
       "no party organization set up where required", "未按照有关规定设立党组织"},
      {"abnormal.rectify_overdue", "abnormal", "entry", o60, "", order60,
       "ordered to rectify and not done by the deadline", "未按照有关规定完成整改"},
      {"abnormal.fundraising", "abnormal", "entry", o60, "",
       order60 + "；《慈善组织公开募捐管理办法》第二十一条（民政部令第59号；2024-09-05起民政部令第74号第二十二条）",
       "a charity with public-fundraising status in a situation of art. 21 of the public-fundraising measures",
       "具有公开募捐资格的慈善组织存在《慈善组织公开募捐管理办法》第二十一条规定情形"},
      {"abnormal.unreachable", "abnormal", "entry", o60, "", order60,
       "cannot be reached at its registered address (found so, or two registered letters unsigned 20 to 60 days apart)",
       "通过登记的住所无法与社会组织取得联系（两次挂号信无人签收，间隔20日至60日）"},
      {"abnormal.penalty", "abnormal", "entry", o60, "", order60,
       "a warning, or a fine under ¥50,000", "受到警告或者不满5万元罚款处罚"},
      {"abnormal.obligations_met", "abnormal", "exit", o60, "", order60,
       "what it was listed for is put right: the report sent, the rectification done, reachable again (on application)",
       "已履行相关义务或者完成整改要求（报送年报、完成整改、能够重新取得联系），申请移出"},
      {"abnormal.six_months", "abnormal", "exit", o60, "", order60,
       "six months on the list with nothing to put right, counted from the last cause",
       "不存在应当整改或者履行相关义务情形，列入活动异常名录满6个月（再次出现列入情形的重新计算）"},
      {"serious.abnormal_two_years", "serious", "entry", o60, "", order60,
       "two years on the abnormal-activity list", "被列入活动异常名录满2年"},
      {"serious.change_fraud", "serious", "entry", o60, "", order60,
       "a change registration obtained by fraud, and revoked", "弄虚作假办理变更登记，被撤销变更登记"},
      {"serious.big_fine", "serious", "entry", o60, "", order60,
       "a fine of ¥50,000 or more", "受到5万元以上罚款处罚"},
      {"serious.repeated_penalties", "serious", "entry", o60, "", order60,
       "two or more warnings or small fines within three years", "3年内2次以上受到警告或者不满5万元罚款处罚"},
      {"serious.stop_order", "serious", "entry", o60, "", order60,
       "ordered to stop its activities (suspended)", "受到限期停止活动行政处罚"},
      {"serious.revoked", "serious", "entry", o60, "", order60,
       "its registration certificate revoked (吊销) or its registration revoked (撤销)",
       "被登记管理机关作出吊销登记证书、撤销成立登记决定"},
      {"serious.court_listing", "serious", "entry", o60, "", order60,
       "listed by a court as a dishonest judgment debtor", "被司法机关纳入失信被执行人名单"},
      {"serious.two_clean_years", "serious", "exit", o60, "", order60,
       "two years on the list with no cause for either list (on application); listed after two years on the "
       "abnormal-activity list, its obligations met too",
       "列入严重违法失信名单满2年且未再出现列入活动异常名录或严重违法失信名单情形，申请移出；因列入活动异常名录满2年被列入的，"
       "还须履行相关义务或者完成整改要求"},
      {"serious.deregistered", "serious", "exit", o60, "", order60,
       "deregistered (an org whose certificate or registration was revoked leaves only so)",
       "已办理注销登记（被吊销登记证书、撤销成立登记的，完成注销登记后移出）"},
      // Buying services: who may supply, for how long, and how far a contract may grow.
      {"contract.supplier_standing", "", "", "", "", "《中华人民共和国政府采购法》第二十二条",
       "the supplier is a registered legal person standing on the signing day (a filed group contracts through its hub)",
       "承接主体应为签订之日依法存续的法人（备案的社区社会组织由其枢纽组织承接）"},
      {"contract.no_serious_violation", "", "", "2003-01-01", "", "《中华人民共和国政府采购法》第二十二条",
       "no serious violation within the three years before signing", "参加政府采购活动前三年内，在经营活动中没有重大违法记录"},
      {"contract.company_credit_check", "", "", "2003-01-01", "", "《中华人民共和国政府采购法》第二十二条",
       "a company's credit record checked on or before the signing day", "签订前查询企业信用记录，具有良好的商业信誉"},
      {"contract.annual_check", "", "", "2015-01-01", "", "财综〔2014〕96号《政府购买服务管理办法（暂行）》第八条",
       "the annual check last due before signing submitted, and not failed", "年检合格或者按要求履行年度报告公示义务"},
      {"contract.credit_lists", "", "", o60, "", order60,
       "not on the abnormal-activity or serious-violation list on the signing day", "未被列入活动异常名录或者严重违法失信名单"},
      {"contract.amend_ten_percent", "", "", "2003-01-01", "", "《中华人民共和国政府采购法》第四十九条",
       "an amendment adds at most 10% of the original amount", "追加采购金额不得超过原合同采购金额的百分之十"},
      {"contract.term", "", "", "2020-03-01", "", "财政部令第102号《政府购买服务管理办法》第二十四条",
       "a contract starting from this day runs for at most three years", "政府购买服务合同履行期限不超过3年"},
      // Credit codes: State Council notice 国发〔2015〕33号, from 2015-10-01; orgs registered
      // before had until the end of 2017 to get one.
      {"org.credit_code", "", "", "2015-10-01", "", "国发〔2015〕33号《法人和其他组织统一社会信用代码制度建设总体方案》",
       "a registered org has a credit code; orgs registered before had until 2017-12-31 to get one",
       "登记的社会组织使用统一社会信用代码；存量社会组织于2017年底前完成代码转换"},
      // Grades: MCA Order No. 39, 《社会组织评估管理办法》, in force 2011-03-01.
      {"grade.order39", "", "", "2011-03-01", "", "民政部令第39号《社会组织评估管理办法》第六条、第七条、第二十八条、第二十九条",
       "who may be graded; a grade valid five years, a new one while it is in force only as a re-evaluation",
       "参加评估的条件；评估等级有效期为5年，有效期内重新评估须经评估机关决定或者同意"},
      {"grade.basic_pass_twice", "", "", "2011-03-01", "", "民政部令第39号《社会组织评估管理办法》第三十条",
       "basic_pass in two annual checks running since the grade: lower it", "获得评估等级后连续2年年度检查基本合格，降低评估等级"},
      {"grade.check_failed", "", "", "2011-03-01", "", "民政部令第39号《社会组织评估管理办法》第三十条",
       "last year's annual check failed or not taken part in: lower or withdraw the grade",
       "上年度年检不合格或者未参加年检，降低或者取消评估等级"},
      {"grade.penalty", "", "", "2011-03-01", "", "民政部令第39号《社会组织评估管理办法》第三十条",
       "an administrative penalty since the grade: lower or withdraw it", "受到有关政府部门行政处罚，降低或者取消评估等级"},
      {"grade.expiring", "", "", "2011-03-01", "", "民政部令第39号《社会组织评估管理办法》第二十八条",
       "a grade's five years end: the org applies again", "评估等级有效期满，重新申请评估"},
      // What is due in the office's own work: annual reports by their deadline, and the
      // practice the district keeps (工作惯例), not a regulation.
      {"annual_check.report", "", "", "", "", "《社会团体登记管理条例》；民政部令第27号《民办非企业单位年度检查办法》第三条",
       "a year's annual report is due by the setting annual_report_deadline of the next year; an org registered not more "
       "than six months before the year's end owes none for it",
       "社会组织于次年规定时限前报送上一年度工作报告，接受年度检查"},
      {"filing.yearly_review", "", "", "", "", "工作惯例", "a filed group is reviewed by its hub once a year",
       "备案的社区社会组织每年由枢纽组织评议一次"},
      {"incubate.term", "", "", "", "", "工作惯例（设置 incubation_term）",
       "a stay ends at its planned end: graduate, extend or withdraw", "孵化期满：出壳、延期或者退出"},
      {"contract.no_delivery", "", "", "", "", "工作惯例", "a signed contract with no delivery recorded for 90 days",
       "已签订的合同90日无服务记录"},
      {"contract.unpaid", "", "", "", "", "工作惯例", "a contract accepted and not paid in full", "合同已验收，尚未足额拨付"},
      {"demand.unanswered", "", "", "", "", "工作惯例", "a resident's need unanswered 90 days after it was raised",
       "居民需求提出90日仍未回应"},
  };
}

}  // namespace

const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = build();
  return all;
}

const Rule& rule(const std::string& code) {
  for (const auto& r : rules())
    if (r.code == code) return r;
  throw std::logic_error("no rule " + code);
}

bool in_force(const Rule& r, const std::string& day) {
  return day >= r.from && (r.until.empty() || day < r.until);
}

std::string counted_from(const Rule& r, const std::string& day) { return day < r.from ? r.from : day; }

std::string cite(const Rule& r) {
  if (r.from.empty()) return trf("({})", r.basis);
  return trf("({}, from {})", r.basis, r.from);
}

io::Table rules_table() {
  io::Table t;
  t.record_name = "rule";
  t.columns = {{"rule"}, {"basis"}, {"from", io::ColumnType::kDate}, {"until", io::ColumnType::kDate}, {"text"}};
  const bool zh = i18n::chinese();
  for (const auto& r : rules())
    t.rows.push_back({r.code, r.basis, r.from.empty() ? std::nullopt : std::optional<std::string>(r.from),
                      r.until.empty() ? std::nullopt : std::optional<std::string>(r.until), zh ? r.text_zh : r.text});
  return t;
}

}  // namespace kunqu::vocab
