// What the files of lib/workbook/ share: limits against hostile files, the errors they raise,
// Excel's numbers and dates, and the zip and XML layers of a .xlsx. Serves this folder only
// (it is not installed).
#pragma once

#include <expat.h>
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "io/sheet.h"

namespace kunqu::workbook {

using io::SheetCell;
using io::SheetRow;
using io::WorkbookKind;

// --- limits ------------------------------------------------------------------------------

inline constexpr std::size_t kChunk = 64 * 1024;
// Parts read whole (workbook, relationships, shared strings, styles): far more than any real
// workbook needs, little enough that a zip bomb stops early.
inline constexpr std::uint64_t kMaxPartBytes = 256ull << 20;
// The sheet is streamed, so its size costs time, not memory: 4 GiB of XML is over a minute of
// parsing and more cells than Excel's 1,048,576 rows can hold in any sensible table.
inline constexpr std::uint64_t kMaxSheetBytes = 4ull << 30;
// Real XML deflates 10 to 100 times; past this ratio (once a part is large) it is a bomb.
inline constexpr std::uint64_t kMaxRatio = 1000;
inline constexpr std::uint64_t kRatioFloor = 64ull << 20;
// Excel holds at most 32,767 characters in a cell and 16,384 columns in a row; these guard
// memory against a hostile file, well past anything real.
inline constexpr std::size_t kMaxCellBytes = 1 << 20;
inline constexpr std::size_t kMaxRowBytes = 16 << 20;
// Rows waiting in the queue: past this, the parser is suspended until next() takes them.
inline constexpr std::size_t kMaxQueuedBytes = 16 << 20;
inline constexpr int kMaxColumn = 16384;
inline constexpr int kMaxRow = 1048576;
inline constexpr std::size_t kMaxMerges = 1 << 20;

// A date serial that is no day of the calendar: Excel's invented 1900-02-29 (serial 60, from
// Lotus 1-2-3's leap-year bug), a negative serial, one past 9999-12-31, or day 0 of the 1900
// system (which Excel shows as 1900-01-00). Excel shows ######## or a day that never was; a
// kError cell lets the caller report it at its place instead of storing a false date.
inline constexpr const char* kNoDate = "#DATE?";

inline constexpr std::string_view kZipMagic("PK\x03\x04", 4);
inline constexpr std::string_view kOleMagic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

// --- errors (common.cpp) -----------------------------------------------------------------

// Throws kunqu::Error(kInvalidData) carrying `d`.
[[noreturn]] void fail(Diagnostic d);
// The workbook is damaged at `row` (0: not at a row) and `column` (0: not at a cell).
[[noreturn]] void damaged(const std::string& file, int row, std::string message, int column = 0);
// The workbook has a password to open.
[[noreturn]] void refuse_password(const std::string& file);
// The index of the sheet named `sheet` among `names` (the first when `sheet` is empty); refused,
// naming the sheets there are, when there is none of that name.
std::size_t sheet_index(const std::vector<std::string>& names, const std::string& sheet, const std::string& file);
// Why a workbook of `kind` cannot be read by the reader for `wanted` (kXlsx or kXls).
[[noreturn]] void refuse_kind(WorkbookKind kind, WorkbookKind wanted, const std::string& file);

// --- numbers and dates (common.cpp) --------------------------------------------------------

// What a cell's number format makes of its number.
enum class Shown {
  kNumber,
  kDate,      // a day: "2013-02-14", with the time only when the number has one
  kDateTime,  // a day and a time of day: "2013-02-14 10:20:30"
  kTime,      // a time of day: "10:20:30" (with its day when the number holds one)
  kElapsed,   // [h]:mm:ss, a duration: "36:00:00"
};
// The kind of a built-in number format (numFmtId) and of a custom format code.
Shown builtin_format(int id);
Shown custom_format(std::string_view code);

// The number as the General format shows it: 15 significant digits, trailing zeros dropped,
// plain from 1e-5 up to 1e15, else d.dddE+XX.
std::string general_number(double v);
// A decimal number, spaces around it allowed; nullopt for anything else.
std::optional<double> parse_number(std::string_view s);
bool all_digits(std::string_view s);
// The value of a run of digits, 0 when it is none (or too long).
int to_int(std::string_view s);

// "HH:MM:SS" of a number of seconds; "YYYY-MM-DD" of a number of days since 1970-01-01.
std::string clock_text(long long seconds);
std::string day_text(long long days_since_1970);
// The text of a date serial shown as `shown`, or nullopt when it is no day (see kNoDate).
std::optional<std::string> serial_text(double serial, Shown shown, bool date1904);
// The serial number of a civil day and second, in the workbook's date system.
double serial_of(long long day, long long seconds, bool date1904);

// An ISO 8601 date and/or time, as t="d" cells and libfreexl write them: "2013-02-14",
// "2013-02-14T10:20:30.5Z", "2013-02-14 10:20:30", "10:20:30". Days since 1970 (0 when there
// is no date), seconds into the day, and whether a date and a time are there.
struct IsoDate {
  long long day = 0;
  long long seconds = 0;
  bool has_date = false, has_time = false;
};
std::optional<IsoDate> parse_iso(std::string_view s);

// --- zip (zip.cpp) -------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// The archive in `bytes`, which it reads in place; null with `error` set when it is no zip.
Zip open_zip(std::string_view bytes, std::string& error);
// The index of the entry `name`, matched exactly, else ignoring case (some writers spell
// xl/sharedStrings.xml their own way); -1 when there is none.
zip_int64_t locate(zip_t* z, const std::string& name);
// What a zip holds: a .xlsx, a .xlsb, an .ods, or something else.
WorkbookKind zip_kind(zip_t* z);

// One part of the archive, read in chunks, refused past `cap` bytes or a bomb's ratio.
class Part {
 public:
  Part(zip_t* z, std::string name, std::uint64_t cap, const std::string& file);
  const std::string& name() const { return name_; }
  // Up to `size` bytes into `buf`; 0 at the end.
  std::size_t read(char* buf, std::size_t size, int row = 0);

 private:
  [[noreturn]] void too_large(int row = 0) const;
  [[noreturn]] void unreadable(const char* why, int row = 0) const;

  std::string name_;
  const std::string& file_;
  std::uint64_t cap_;
  std::uint64_t compressed_ = 0;
  std::uint64_t read_ = 0;
  std::unique_ptr<zip_file_t, ZipFileCloser> f_;
};

// --- XML (xml.cpp) -------------------------------------------------------------------------

// The value of the attribute whose local name is `name`, or null.
const XML_Char* attribute(const XML_Char** attrs, std::string_view name);
// Text as OOXML escapes it: _xHHHH_ is the UTF-16 code unit HHHH.
std::string unescape_ooxml(std::string s);
// Appends character data to `out`, refusing a cell past kMaxCellBytes.
void append_text(std::string& out, const XML_Char* s, int len, const std::string& file, int row, int column);

// An expat parser for one part. Handlers run inside expat's C frames, so an exception thrown
// by one is caught there, the parser stopped, and the exception thrown again from feed().
class Xml {
 public:
  Xml(const std::string& file, std::string part);
  virtual ~Xml();
  Xml(const Xml&) = delete;
  Xml& operator=(const Xml&) = delete;

  // Parses `size` bytes, `last` when they end the part. False when a handler suspended the
  // parser (resume()); throws at an error.
  bool feed(const char* data, std::size_t size, bool last);
  bool resume();
  // Reads the whole of `part`.
  void parse(Part& part);

 protected:
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view) {}
  virtual void text(const XML_Char*, int) {}
  // The sheet row being read, for messages; 0 elsewhere.
  virtual int row() const { return 0; }
  // Where the event being handled starts in the bytes fed, and how many bytes it spans.
  std::size_t byte_index() const;
  std::size_t byte_count() const;
  // Asks expat to return from feed() or resume() after this handler (once: expat refuses a
  // second request, and a few handlers may still run before it returns).
  void suspend();

  const std::string& file_;
  std::string part_;

 private:
  struct Handlers;
  bool check(XML_Status status);

  XML_Parser p_ = nullptr;
  std::exception_ptr pending_;
  bool suspending_ = false;
};

// --- the workbook's small parts (parts.cpp) ------------------------------------------------

struct SheetEntry {
  std::string name;
  std::string relationship;  // r:id
};

// xl/workbook.xml: the sheets, and the date system.
class WorkbookXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<SheetEntry> sheets;
  bool date1904 = false;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
};

struct Relationship {
  std::string type;
  std::string target;  // the part's name in the archive
};

// xl/_rels/workbook.xml.rels: where each sheet and part is.
class RelsXml : public Xml {
 public:
  using Xml::Xml;
  std::map<std::string, Relationship> by_id;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
};

bool ends_with(std::string_view s, std::string_view tail);

// <si> items: plain <t>, or rich text runs <r><t> joined; phonetic runs <rPh> left out.
class SharedStringsXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<std::string> strings;

 protected:
  void start(std::string_view name, const XML_Char**) override;
  void end(std::string_view name) override;
  void text(const XML_Char* s, int len) override;

 private:
  bool in_item_ = false, in_text_ = false;
  int phonetic_ = 0;
  std::string current_;
};

// cellXfs: the number format of each cell style, and the custom format codes.
class StylesXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<int> xf_formats;
  std::map<int, std::string> codes;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
  void end(std::string_view name) override;

 private:
  bool in_cell_xfs_ = false;
};

// The column of a cell reference ("H3" → 8) and its row (3), or 0 when it is none.
int column_of(std::string_view ref);
int row_of(std::string_view ref);

// A merged range spanning rows: its top-left value fills the first column of the rows below.
struct Merge {
  int first_row, last_row, column;
};

class MergesXml : public Xml {
 public:
  using Xml::Xml;
  std::vector<Merge> merges;

 protected:
  void start(std::string_view name, const XML_Char** attrs) override;
};

// Where the root's start tag ends (0 until it is read).
class RootXml : public Xml {
 public:
  using Xml::Xml;
  std::size_t end = 0;

 protected:
  void start(std::string_view, const XML_Char**) override;
};

// --- the readers and the writer -------------------------------------------------------------

std::unique_ptr<io::SheetReader> open_xlsx(const std::string& bytes, const std::string& file_name,
                                           const std::string& sheet);  // xlsx.cpp
std::unique_ptr<io::SheetReader> open_xls(const std::string& path, const std::string& file_name,
                                          const std::string& sheet);  // xls.cpp
WorkbookKind workbook_kind(std::string_view bytes);                    // xlsx.cpp
std::unique_ptr<io::SheetWriter> new_xlsx_writer(std::ostream& out, const io::XlsxSettings& settings);  // writer.cpp

}  // namespace kunqu::workbook
