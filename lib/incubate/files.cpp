// The stays file: its columns (with their Chinese headers), export, and import as a kind of
// the import pipeline, every problem at its cell.
#include "incubate/incubate.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "error.h"
#include "i18n/messages.h"
#include "incubate/internal.h"
#include "io/text.h"
#include "org/fields.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/import_rows.h"
#include "registry/registry.h"
#include "validate/values.h"
#include "vocab/vocab.h"

namespace kunqu::incubate {

namespace {

enum Col : std::size_t {
  kOrg, kOrgName, kSite, kAdmitted, kPlannedEnd, kMentor, kProject, kStatus, kEnded, kReason, kNote,
  kForced, kReviewDate, kReviewScore, kReviewNote, kColCount
};


const std::vector<vocab::FileColumn>& col_specs() {
  static const std::vector<vocab::FileColumn> specs = {
      vocab::required({"org", {"组织", "统一社会信用代码", "备案号", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      vocab::required({"site", {"孵化基地", "基地"}}),
      vocab::required({"admitted_on", {"入驻日期", "入孵日期"}, io::ColumnType::kDate}),
      {"planned_end", {"计划出壳日期", "孵化期满日期"}, io::ColumnType::kDate},
      {"mentor", {"导师", "孵化导师"}},
      {"project", {"孵化项目", "项目"}},
      {"status", {"孵化状态", "状态"}, io::ColumnType::kText, &statuses()},
      vocab::required_when({"ended_on", {"出壳日期", "退出日期", "结束日期"}, io::ColumnType::kDate},
                           N_("for a stay that has ended (graduated or withdrawn)")),
      vocab::required_when({"end_reason", {"原因", "提前出壳原因", "退出原因"}},
                           N_("for a stay withdrawn, or graduated before its planned end")),
      {"note", {"备注"}},
      {"forced", {"未经评审出壳原因"}},
      vocab::required_when({"review_date", {"出壳评审日期", "评审日期"}, io::ColumnType::kDate}, N_("with a review_score")),
      vocab::required_when({"review_score", {"出壳评审得分", "评审得分"}, io::ColumnType::kInteger}, N_("with a review_date")),
      {"review_note", {"出壳评审意见", "评审意见"}},
  };
  return specs;
}

}  // namespace

const std::vector<std::string>& file_columns() {
  static const std::vector<std::string> names = vocab::names_of(col_specs());
  return names;
}

bool several_lines(std::size_t column) {
  return column == kReason || column == kNote || column == kForced || column == kReviewNote;
}

std::optional<std::size_t> resolve_header(std::string_view header) { return vocab::resolve_header(col_specs(), header); }
std::string header_zh(std::string_view name) { return vocab::chinese_header(col_specs(), name); }

const std::vector<vocab::FileColumn>& import_columns() { return col_specs(); }

io::Table export_stays(Registry& reg, const Filter& filter) {
  io::Table listed = list(reg, filter);
  io::Table t;
  t.record_name = "incubation";
  for (const auto& c : col_specs()) t.columns.push_back(vocab::file_column(c.name, c.type, c.aliases, c.codes));
  // The rows of `listed` in admission order; the file columns come from the stay itself, and for
  // a stay that graduated after a review, the last passing review up to its end.
  auto q = reg.prepare(std::string("SELECT ") + org::kFileToken +
                       ", o.name, i.site, i.admitted_on, i.planned_end, i.mentor, i.project, i.status, i.ended_on, "
                       "i.end_reason, i.note, i.forced, r.reviewed_on, r.score, r.note FROM incubation i JOIN org o ON o.id = i.org_id "
                       "LEFT JOIN incubation_review r ON i.status = 'graduated' AND i.forced IS NULL AND r.id = "
                       "(SELECT x.id FROM incubation_review x WHERE x.incubation_id = i.id AND x.passed = 1 AND "
                       "x.reviewed_on <= i.ended_on ORDER BY x.reviewed_on DESC, x.id DESC LIMIT 1) "
                       "WHERE o.id = ? AND i.admitted_on = ?");
  for (const auto& row : listed.rows) {
    q.reset();
    q.bind(1, *registry::parse_org_key(*row[0])).bind(2, *row[4]);
    if (!q.step()) continue;
    io::Row out;
    for (int c = 0; c < static_cast<int>(kColCount); ++c) out.push_back(q.text(c));
    t.rows.push_back(std::move(out));
  }
  return t;
}

namespace {

class StayImport : public registry::ImportKind {
 public:
  void begin(registry::ImportRun& run) override {
    now_ = run.reg.today();
    sites_ = configured_sites(run.reg);
    term_ = profile::setting(run.reg, "incubation_term");
    insert_.emplace(run.reg.prepare(
        "INSERT INTO incubation (org_id, site, admitted_on, planned_end, mentor, project, status, ended_on, early, end_reason, "
        "forced, note, created_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    review_insert_.emplace(run.reg.prepare(
        "INSERT INTO incubation_review (incubation_id, reviewed_on, score, passed, note, audit_id) VALUES (?, ?, ?, ?, ?, ?)"));
    pass_mark_ = std::stoi(profile::setting(run.reg, "incubation_pass_mark"));
    same_.emplace(run.reg.prepare("SELECT id FROM incubation WHERE org_id = ? AND admitted_on = ?"));
  }

  Verdict check(registry::ImportRun& run, const io::RawRecord& rec) override {
    Registry& reg = run.reg;
    auto cell = [&](Col c) -> std::string {
      const auto* f = rec.find(c);
      return f ? io::trim(f->value) : std::string();
    };
    auto bad = [&](Col c, std::string message, std::string hint = {}) {
      if (auto d = io::problem_at(run.file(), rec, rec.find(c), col_specs()[c].name, std::move(message), std::move(hint)))
        run.add(std::move(*d));
    };
    const std::size_t before = run.errors();
    o_.reset();
    if (cell(kOrg).empty()) {
      bad(kOrg, tr("is required (the org's key, credit code or filing number)"));
    } else {
      try {
        o_ = org::find(reg, cell(kOrg));
      } catch (const Error& e) {
        bad(kOrg, e.what());
      }
    }
    if (o_ && !cell(kOrgName).empty() && cell(kOrgName) != o_->values[org::kName].value_or(""))
      bad(kOrgName, trf("'{}' is not the name of {}", cell(kOrgName), org::label(*o_)));
    site_.reset();
    if (cell(kSite).empty()) bad(kSite, trf("is required (one of {})", site_names(sites_)));
    for (const auto& s : sites_)
      if (s.name == cell(kSite)) site_ = s;
    if (!site_ && !cell(kSite).empty())
      bad(kSite, trf("'{}' is not an incubator site (the sites are {})", cell(kSite),
                     sites_.empty() ? std::string(tr("none: set incubator_sites")) : site_names(sites_)));
    auto date_of = [&](Col c, bool required) -> std::optional<std::string> {
      if (cell(c).empty()) {
        if (required) bad(c, tr("is required (YYYY-MM-DD)"));
        return std::nullopt;
      }
      auto d = validate::parse_date(cell(c));
      if (!d) {
        bad(c, d.error, d.hint);
        return std::nullopt;
      }
      return d.value;
    };
    admitted_ = date_of(kAdmitted, true);
    const auto& admitted = admitted_;
    if (admitted && *admitted > now_) bad(kAdmitted, trf("{} is in the future (today is {})", *admitted, now_));
    if (admitted && o_ && *admitted < org::entered_on(*o_))
      bad(kAdmitted, trf("{} is before {} entered the registry ({})", *admitted, org::label(*o_), org::entered_on(*o_)));
    planned_ = date_of(kPlannedEnd, false);
    if (admitted && !planned_) planned_ = validate::add_span(*admitted, term_);
    if (admitted && planned_ && *planned_ <= *admitted)
      bad(kPlannedEnd, trf("{} is not after the admission date {}", *planned_, *admitted));
    status_ = "in_residence";
    if (!cell(kStatus).empty()) {
      if (auto s = vocab::enum_code(statuses(), cell(kStatus))) status_ = *s;
      else bad(kStatus, trf("'{}' is not one of {}", cell(kStatus), vocab::enum_codes_list(statuses())));
    }
    ended_ = date_of(kEnded, false);
    const auto& ended = ended_;
    if (status_ == "in_residence" && ended) bad(kEnded, tr("a stay in residence has not ended"));
    if (status_ != "in_residence" && !ended && cell(kEnded).empty()) bad(kEnded, trf("is required for a stay that is {}", vocab::said(statuses(), status_)));
    if (ended && *ended > now_) bad(kEnded, trf("{} is in the future (today is {})", *ended, now_));
    if (ended && admitted && *ended < *admitted) bad(kEnded, trf("{} is before the admission date {}", *ended, *admitted));
    early_ = status_ == "graduated" && ended && planned_ && *ended < *planned_;
    if (status_ == "withdrawn" && cell(kReason).empty()) bad(kReason, tr("is required: why the org left"));
    if (early_ && cell(kReason).empty()) bad(kReason, trf("graduating before the planned end {} is early: say why", *planned_));
    // The review the row gives, as ‹incubate review› records it; a graduation needs it to pass
    // (by its end), as ‹incubate graduate› does, unless the row says why it graduated without.
    review_.reset();
    review_date_ = date_of(kReviewDate, false);
    if (!cell(kReviewScore).empty() || review_date_ || !cell(kReviewNote).empty()) {
      auto n = validate::parse_count(cell(kReviewScore));
      if (cell(kReviewScore).empty()) bad(kReviewScore, tr("is required with a review_date (a score from 0 to 100)"));
      else if (!n || *n.value > 100) bad(kReviewScore, trf("'{}' is not a score from 0 to 100", cell(kReviewScore)));
      else review_ = *n.value;
      if (!review_date_ && cell(kReviewDate).empty()) bad(kReviewDate, tr("is required with a review_score (YYYY-MM-DD)"));
      if (review_date_ && admitted && *review_date_ < *admitted)
        bad(kReviewDate, trf("{} is before the admission on {}", *review_date_, *admitted));
      if (review_date_ && ended && *review_date_ > *ended) bad(kReviewDate, trf("{} is after the stay ended on {}", *review_date_, *ended));
      if (review_date_ && *review_date_ > now_) bad(kReviewDate, trf("{} is in the future (today is {})", *review_date_, now_));
    }
    if (status_ != "graduated" && !cell(kForced).empty()) bad(kForced, tr("only a graduated stay has one"));
    if (status_ == "graduated" && cell(kForced).empty() && ended && (!review_ || *review_ < pass_mark_))
      bad(review_ ? kReviewScore : kStatus,
          trf("{} does not graduate: it has no passing review (score {} or more) on or before {}; give its review_date "
              "and review_score, or say in forced why it graduated without",
              o_ ? org::label(*o_) : cell(kOrg), pass_mark_, *ended));
    if (o_ && status_ == "in_residence") {
      if (auto why = admission_refusal(reg, *o_); !why.empty()) bad(kOrg, trf("{} is not admitted: {}", org::label(*o_), why));
    }
    const bool unread = std::any_of(rec.fields.begin(), rec.fields.end(), [](const io::RawField& f) { return f.refused; });
    if (unread || run.errors() > before) return Verdict::kRefused;

    // Recorded already (the same org admitted on the same day)?
    auto& same = *same_;
    same.reset();
    same.bind(1, o_->id).bind(2, *admitted);
    if (same.step()) {
      if (int first = run.line_of(*same.integer(0))) {
        bad(kAdmitted, trf("repeats the stay of line {} of this file (same org and admission date)", first));
      } else if (run.options.on_conflict == registry::OnConflict::kSkip) {
        return Verdict::kSkip;
      } else {
        bad(kAdmitted, trf("{} was already admitted on {}", org::label(*o_), *admitted),
            tr("import with ‹on_conflict› skip to leave recorded stays alone"));
      }
      return Verdict::kRefused;
    }
    if (status_ == "in_residence") {
      if (auto stay = open_stay(reg, o_->id)) {
        int first = run.line_of(stay->id);
        bad(kOrg, first ? trf("{} is in residence already from line {} of this file", org::label(*o_), first)
                        : trf("{} is already in residence at {} since {}", org::label(*o_), stay->site, stay->admitted_on));
        return Verdict::kRefused;
      }
    }
    if (auto other = overlapping(reg, o_->id, *admitted, ended)) {
      bad(kAdmitted, trf("{}: {} overlaps this one", org::label(*o_), *other));
      return Verdict::kRefused;
    }
    return Verdict::kWrite;
  }

  bool write(registry::ImportRun& run, const io::RawRecord& rec) override {
    auto cell = [&](Col c) -> std::string {
      const auto* f = rec.find(c);
      return f ? io::trim(f->value) : std::string();
    };
    auto& insert = *insert_;
    insert.reset();
    insert.bind(1, o_->id).bind(2, site_->name).bind(3, *admitted_).bind(4, *planned_).bind(5, opt(cell(kMentor)));
    insert.bind(6, opt(cell(kProject))).bind(7, status_).bind(8, ended_);
    if (status_ == "graduated") insert.bind(9, static_cast<std::int64_t>(early_));
    else insert.bind_null(9);
    insert.bind(10, opt(cell(kReason))).bind(11, opt(cell(kForced))).bind(12, opt(cell(kNote))).bind(13, run.batch());
    insert.run();
    const std::int64_t stay = run.reg.last_insert_rowid();
    if (review_) {
      auto& r = *review_insert_;
      r.reset();
      r.bind(1, stay).bind(2, *review_date_).bind(3, *review_).bind(4, static_cast<std::int64_t>(*review_ >= pass_mark_));
      r.bind(5, opt(cell(kReviewNote))).bind(6, run.batch());
      r.run();
    }
    run.wrote(stay, rec.line);
    touched_[site_->name] = *site_;
    return true;
  }

  // Capacity, now that every stay of the file is in: on each admission date of the file's
  // stays, no site holds more than its places.
  void finish(registry::ImportRun& run) override {
    for (const auto& [name, site] : touched_) {
      auto q = run.reg.prepare("SELECT id, admitted_on FROM incubation WHERE site = ? AND created_batch = ? ORDER BY admitted_on, id");
      q.bind(1, name).bind(2, run.batch());
      std::set<std::string> reported;
      while (q.step()) {
        std::string d = q.text_or(1, "");
        int n = occupancy(run.reg, name, d);
        if (n > site.capacity && reported.insert(d).second)
          run.add(Diagnostic{run.file(), run.line_of(*q.integer(0)), 0, "admitted_on",
                             trf("{} is full on {}: {} stays for {} places", name, d, n, site.capacity)});
      }
    }
  }

  void describe(const registry::ImportRun& run, io::JsonObject& detail) const override {
    const auto& r = run.result;
    detail.add("rows", static_cast<long long>(r.rows)).add("added", static_cast<long long>(r.added));
    detail.add("skipped", static_cast<long long>(r.skipped));
  }

 private:
  std::string now_, term_;
  std::vector<Site> sites_;
  std::optional<registry::Query> insert_, same_, review_insert_;
  int pass_mark_ = 0;
  std::map<std::string, Site> touched_;  // sites this file adds stays to
  // What check() found of the row, for write().
  std::optional<org::Org> o_;
  std::optional<Site> site_;
  std::optional<std::string> admitted_, planned_, ended_, review_date_;
  std::optional<std::int64_t> review_;
  std::string status_;
  bool early_ = false;
};

}  // namespace

ImportResult import(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  StayImport kind;
  return registry::run_import(reg, reader, options, "incubate.import", kind);
}

// ---- the reviews file ----

namespace {

const std::vector<vocab::FileColumn>& review_specs() {
  static const std::vector<vocab::FileColumn> s = {
      vocab::required({"org", {"组织", "统一社会信用代码", "备案号", "编号"}}),
      {"org_name", {"组织名称", "名称"}},
      {"admitted_on", {"入驻日期", "入孵日期"}, io::ColumnType::kDate},
      vocab::required({"date", {"评审日期", "日期"}, io::ColumnType::kDate}),
      vocab::required({"score", {"评审得分", "得分"}, io::ColumnType::kInteger}),
      {"note", {"备注"}},
  };
  return s;
}

}  // namespace

const std::vector<std::string>& review_file_columns() {
  static const std::vector<std::string> n = vocab::names_of(review_specs());
  return n;
}

std::optional<std::size_t> resolve_review_header(std::string_view h) { return vocab::resolve_header(review_specs(), h); }
std::string review_header_zh(std::string_view name) { return vocab::chinese_header(review_specs(), name); }

const std::vector<vocab::FileColumn>& review_import_columns() { return review_specs(); }

io::Table export_reviews(Registry& reg, const org::RecordFilter& filter) {
  return org::record_rows(reg, org::record_where(reg, filter, "i.org_id", "r.reviewed_on"),
                          "o.name, i.admitted_on, r.reviewed_on, r.score, r.note",
                          "incubation_review r JOIN incubation i ON i.id = r.incubation_id JOIN org o ON o.id = i.org_id",
                          "r.reviewed_on, r.id", "incubation_review", review_specs());
}

ImportResult import_reviews(Registry& reg, io::RecordReader& reader, const ImportOptions& options) {
  auto one = [&](registry::ImportRow& r) -> std::optional<std::int64_t> {
    auto o = org::row_org(reg, r);
    if (!o || r.problems()) return std::nullopt;
    // The stay, when the row names one that is recorded: a review of it on the same day is a repeat.
    auto stay = reg.prepare(
        "SELECT i.id FROM incubation i WHERE i.org_id = ?1 AND (i.admitted_on = ?2 OR (?2 = '' AND i.status = 'in_residence'))");
    stay.bind(1, o->id).bind(2, r.cell("admitted_on"));
    auto q = reg.prepare("SELECT id FROM incubation_review WHERE incubation_id = ? AND reviewed_on = ?");
    if (auto id = registry::first_id(stay)) {
      q.bind(1, *id).bind(2, r.cell("date"));
      if (r.recorded(registry::first_id(q), "date", trf("the review of {} on {}", org::label(*o), r.cell("date"))) !=
          registry::ImportRow::Found::kNew)
        return std::nullopt;
      q.reset();
    }
    if (!r.attempt([&] { review(reg, *o->values[org::kKey], r.cell("date"), r.cell("score"), r.cell("note"), r.cell("admitted_on")); },
                   "date", {{"admitted", "admitted_on"}}))
      return std::nullopt;
    return reg.last_insert_rowid();
  };
  return registry::import_rows(reg, reader, options, "incubate.review.import", "incubation review", review_file_columns(), one);
}

}  // namespace kunqu::incubate
