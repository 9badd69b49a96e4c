// The zip layer of a .xlsx: the archive read in place from memory with libzip, what kind of
// workbook a zip holds, and its parts inflated in chunks under caps that stop a zip bomb.
#include <algorithm>

#include "i18n/messages.h"
#include "io/text.h"
#include "workbook/internal.h"

namespace kunqu::workbook {

Zip open_zip(std::string_view bytes, std::string& error) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : nullptr;
  if (!z) {
    error = zip_error_strerror(&ze);
    if (src) zip_source_free(src);
  }
  zip_error_fini(&ze);
  return Zip(z);
}

zip_int64_t locate(zip_t* z, const std::string& name) {
  zip_int64_t i = zip_name_locate(z, name.c_str(), 0);
  return i >= 0 ? i : zip_name_locate(z, name.c_str(), ZIP_FL_NOCASE);
}

WorkbookKind zip_kind(zip_t* z) {
  if (locate(z, "xl/workbook.xml") >= 0) return WorkbookKind::kXlsx;
  if (locate(z, "xl/workbook.bin") >= 0) return WorkbookKind::kXlsb;
  const zip_int64_t i = zip_name_locate(z, "mimetype", 0);
  if (i < 0) return WorkbookKind::kOther;
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
  if (!f) return WorkbookKind::kOther;
  char buf[128];
  const zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
  if (n <= 0) return WorkbookKind::kOther;
  return io::trim_view(std::string_view(buf, static_cast<std::size_t>(n))) == "application/vnd.oasis.opendocument.spreadsheet"
             ? WorkbookKind::kOds
             : WorkbookKind::kOther;
}

Part::Part(zip_t* z, std::string name, std::uint64_t cap, const std::string& file)
    : name_(std::move(name)), file_(file), cap_(cap) {
  const zip_int64_t i = locate(z, name_);
  if (i < 0) damaged(file_, 0, trf("the workbook is damaged: its part {} is missing", name_));
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) == 0) {
    if ((st.valid & ZIP_STAT_SIZE) && st.size > cap_) {
      read_ = st.size;
      too_large();
    }
    if (st.valid & ZIP_STAT_COMP_SIZE) compressed_ = st.comp_size;
  }
  f_.reset(zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0));
  if (!f_) unreadable(zip_error_strerror(zip_get_error(z)));
}

std::size_t Part::read(char* buf, std::size_t size, int row) {
  const zip_int64_t n = zip_fread(f_.get(), buf, size);
  if (n < 0) unreadable(zip_error_strerror(zip_file_get_error(f_.get())), row);
  read_ += static_cast<std::uint64_t>(n);
  if (read_ > cap_ || (read_ > kRatioFloor && read_ / std::max<std::uint64_t>(compressed_, 1) > kMaxRatio))
    too_large(row);
  return static_cast<std::size_t>(n);
}

void Part::too_large(int row) const {
  damaged(file_, row,
          read_ > cap_ ? trf("the workbook is damaged or hostile: its part {} unpacks to more than {} MiB", name_, cap_ >> 20)
                       : trf("the workbook is damaged or hostile: its part {} unpacks to over {} times its packed size",
                             name_, kMaxRatio));
}

void Part::unreadable(const char* why, int row) const {
  damaged(file_, row, trf("the workbook is damaged: its part {} cannot be unpacked ({})", name_, why));
}

}  // namespace kunqu::workbook
