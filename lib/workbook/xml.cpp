// The XML layer of a .xlsx: expat, namespace-aware (a part that writes <x:row> reads like one
// that writes <row>), with no DTD read; and the workbook's small parts — its sheets, the
// relationships that say where they are, shared strings, styles and merged ranges.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>
#include <optional>

#include "i18n/messages.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

namespace {

// Expat joins a namespace URI and a local name with this; it can appear in neither.
constexpr XML_Char kNamespaceSeparator = '\x01';

// The local name of an expat name ("uri\x01row" or "row").
std::string_view local_name(const XML_Char* name) {
  const char* sep = std::strrchr(name, kNamespaceSeparator);
  return sep ? std::string_view(sep + 1) : std::string_view(name);
}

}  // namespace

const XML_Char* attribute(const XML_Char** attrs, std::string_view name) {
  for (; *attrs; attrs += 2)
    if (local_name(attrs[0]) == name) return attrs[1];
  return nullptr;
}

// Text as OOXML escapes it: _xHHHH_ is the UTF-16 code unit HHHH (how Excel writes a carriage
// return or another character XML cannot hold; a literal "_x0041_" is written "_x005F_x0041_").
std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  auto unit_at = [&](std::size_t i) -> std::optional<unsigned> {
    if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return std::nullopt;
    unsigned v = 0;
    auto res = std::from_chars(s.data() + i + 2, s.data() + i + 6, v, 16);
    if (res.ec != std::errc() || res.ptr != s.data() + i + 6) return std::nullopt;
    return v;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto unit = unit_at(i);
    if (!unit) {
      out += s[i++];
      continue;
    }
    char32_t cp = *unit;
    std::size_t used = 7;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      auto low = unit_at(i + 7);
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        out += s[i++];
        continue;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
      used = 14;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      out += s[i++];
      continue;
    }
    io::append_utf8(out, cp);
    i += used;
  }
  return out;
}

void append_text(std::string& out, const XML_Char* s, int len, const std::string& file, int row, int column) {
  if (out.size() + static_cast<std::size_t>(len) > kMaxCellBytes)
    damaged(file, row, trf("the workbook is damaged: a cell holds more than {} bytes", kMaxCellBytes), column);
  out.append(s, static_cast<std::size_t>(len));
}
// expat's callbacks: each runs the handler, keeping what it throws for check().
struct Xml::Handlers {
  template <typename F>
  static void guarded(void* self, F&& f) {
    auto* x = static_cast<Xml*>(self);
    if (x->pending_) return;
    try {
      f(x);
    } catch (...) {
      x->pending_ = std::current_exception();
      XML_StopParser(x->p_, XML_FALSE);
    }
  }
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    guarded(self, [&](Xml* x) { x->start(local_name(name), attrs); });
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    guarded(self, [&](Xml* x) { x->end(local_name(name)); });
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    guarded(self, [&](Xml* x) { x->text(s, len); });
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    guarded(self, [](Xml* x) {
      damaged(x->file_, x->row(),
              trf("the workbook is damaged or hostile: its part {} holds a document type declaration "
                  "(<!DOCTYPE>), which no workbook has",
                  x->part_));
    });
  }
};

Xml::Xml(const std::string& file, std::string part) : file_(file), part_(std::move(part)) {
  p_ = XML_ParserCreateNS(nullptr, kNamespaceSeparator);
  if (!p_) throw std::bad_alloc();
  XML_SetUserData(p_, this);
  XML_SetElementHandler(p_, Handlers::on_start, Handlers::on_end);
  XML_SetCharacterDataHandler(p_, Handlers::on_text);
  // A workbook has no DTD; one in a part can only be there to expand entities (a billion
  // laughs) or reach outside files, so none is read.
  XML_SetStartDoctypeDeclHandler(p_, Handlers::on_doctype);
}

Xml::~Xml() { XML_ParserFree(p_); }

bool Xml::feed(const char* data, std::size_t size, bool last) {
  suspending_ = false;
  return check(XML_Parse(p_, data, static_cast<int>(size), last ? XML_TRUE : XML_FALSE));
}

bool Xml::resume() {
  suspending_ = false;
  return check(XML_ResumeParser(p_));
}

void Xml::parse(Part& part) {
  std::vector<char> buf(kChunk);
  for (;;) {
    const std::size_t n = part.read(buf.data(), buf.size());
    feed(buf.data(), n, n == 0);
    if (n == 0) return;
  }
}

std::size_t Xml::byte_index() const {
  return static_cast<std::size_t>(std::max<XML_Index>(XML_GetCurrentByteIndex(p_), 0));
}

std::size_t Xml::byte_count() const { return static_cast<std::size_t>(std::max(XML_GetCurrentByteCount(p_), 0)); }

void Xml::suspend() {
  if (!suspending_) XML_StopParser(p_, XML_TRUE);
  suspending_ = true;
}

bool Xml::check(XML_Status status) {
  if (pending_) std::rethrow_exception(pending_);
  if (status == XML_STATUS_SUSPENDED) return false;
  if (status == XML_STATUS_OK) return true;
  damaged(file_, row(),
          trf("the workbook is damaged: its part {} is not well-formed XML (line {}: {})", part_,
              XML_GetCurrentLineNumber(p_), XML_ErrorString(XML_GetErrorCode(p_))));
}

// --- the workbook's small parts ------------------------------------------------------------

void WorkbookXml::start(std::string_view name, const XML_Char** attrs) {
  if (name == "sheet") {
    const XML_Char* n = attribute(attrs, "name");
    const XML_Char* id = attribute(attrs, "id");
    sheets.push_back({n ? n : "", id ? id : ""});
  } else if (name == "workbookPr") {
    const XML_Char* v = attribute(attrs, "date1904");
    date1904 = v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
  }
}

namespace {

// The name of the part a relationship of xl/workbook.xml points at: relative to xl/, or from
// the root when it starts with '/'.
std::string resolve_target(std::string_view target) {
  std::string path = target.substr(0, 1) == "/" ? std::string(target.substr(1)) : "xl/" + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& seg : parts) out += (out.empty() ? "" : "/") + seg;
  return out;
}

}  // namespace

void RelsXml::start(std::string_view name, const XML_Char** attrs) {
  if (name != "Relationship") return;
  const XML_Char* id = attribute(attrs, "Id");
  const XML_Char* type = attribute(attrs, "Type");
  const XML_Char* target = attribute(attrs, "Target");
  const XML_Char* mode = attribute(attrs, "TargetMode");
  if (!id || !target || (mode && std::strcmp(mode, "External") == 0)) return;
  by_id[id] = {type ? type : "", resolve_target(target)};
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

void SharedStringsXml::start(std::string_view name, const XML_Char**) {
  if (name == "si") {
    in_item_ = true;
    current_.clear();
  } else if (name == "rPh") {
    ++phonetic_;
  } else if (name == "t" && in_item_ && phonetic_ == 0) {
    in_text_ = true;
  }
}

void SharedStringsXml::end(std::string_view name) {
  if (name == "si") {
    strings.push_back(unescape_ooxml(std::move(current_)));
    current_.clear();
    in_item_ = false;
  } else if (name == "rPh") {
    if (phonetic_ > 0) --phonetic_;
  } else if (name == "t") {
    in_text_ = false;
  }
}

void SharedStringsXml::text(const XML_Char* s, int len) {
  if (in_text_) append_text(current_, s, len, file_, 0, 0);
}

void StylesXml::start(std::string_view name, const XML_Char** attrs) {
  if (name == "cellXfs") {
    in_cell_xfs_ = true;
  } else if (name == "xf" && in_cell_xfs_) {
    const XML_Char* id = attribute(attrs, "numFmtId");
    xf_formats.push_back(id ? to_int(id) : 0);
  } else if (name == "numFmt") {
    const XML_Char* id = attribute(attrs, "numFmtId");
    const XML_Char* code = attribute(attrs, "formatCode");
    if (id && code) codes[to_int(id)] = code;
  }
}

void StylesXml::end(std::string_view name) {
  if (name == "cellXfs") in_cell_xfs_ = false;
}

// --- cell references ----------------------------------------------------------------------

int column_of(std::string_view ref) {
  int col = 0;
  std::size_t i = 0;
  for (; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == '$') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + (c - 'A' + 1);
    if (col > kMaxColumn) return 0;
  }
  return col;
}

int row_of(std::string_view ref) {
  std::size_t i = ref.find_first_of("0123456789");
  if (i == std::string_view::npos) return 0;
  const std::string_view digits = ref.substr(i);
  if (!all_digits(digits) || digits.size() > 7) return 0;
  return to_int(digits);
}

void MergesXml::start(std::string_view name, const XML_Char** attrs) {
  if (name != "mergeCell") return;
  const XML_Char* ref = attribute(attrs, "ref");
  if (!ref) return;
  std::string_view r(ref);
  const std::size_t colon = r.find(':');
  if (colon == std::string_view::npos) return;
  const int c1 = column_of(r.substr(0, colon)), r1 = row_of(r.substr(0, colon));
  const int r2 = row_of(r.substr(colon + 1));
  if (c1 == 0 || r1 == 0 || r2 <= r1) return;  // horizontal only: nothing to fill
  if (merges.size() >= kMaxMerges)
    damaged(file_, 0, trf("the workbook is damaged or hostile: a sheet holds more than {} merged ranges", kMaxMerges));
  merges.push_back({r1, r2, c1});
}

void RootXml::start(std::string_view, const XML_Char**) {
  if (end == 0) end = byte_index() + byte_count();
  suspend();
}

}  // namespace kunqu::workbook
