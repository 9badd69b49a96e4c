// Checked writes and whole-or-nothing output files (see file.h).
#include "io/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "error.h"
#include "i18n/messages.h"

namespace kunqu::io {

namespace {
constexpr std::size_t kBufferSize = 64 * 1024;
}

std::string reason(int err) {
  switch (err) {
    case ENOSPC: return tr("no space left on the disk");
    case EDQUOT: return tr("the disk quota is used up");
    case EACCES:
    case EPERM: return tr("permission denied");
    case EISDIR: return tr("it is a folder");
    case ENOENT: return tr("no such folder");
    case ENOTDIR: return tr("a part of the path is not a folder");
    case EROFS: return tr("the file system is read-only");
    case EFBIG: return tr("the file is too large");
    case EIO: return tr("input/output error on the disk");
    case EEXIST: return tr("the file exists already");
    case ELOOP: return tr("too many symbolic links");
    case ENAMETOOLONG: return tr("the name is too long");
    default: return i18n::system_message(err);
  }
}

FdBuf::FdBuf(int fd, std::string name) : fd_(fd), name_(std::move(name)), buf_(new char[kBufferSize]) {
  setp(buf_.get(), buf_.get() + kBufferSize);
}

FdBuf::~FdBuf() = default;

void FdBuf::write_out(const char* p, std::size_t n) {
  while (n > 0 && !pipe_closed_) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        pipe_closed_ = true;
        break;
      }
      const int err = errno;
      throw Error(ErrorKind::kIo, trf("cannot write {}: {}", name_.empty() ? tr("standard output") : name_, reason(err)));
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void FdBuf::flush_all() {
  const std::size_t n = static_cast<std::size_t>(pptr() - pbase());
  setp(buf_.get(), buf_.get() + kBufferSize);  // dropped on failure too: never written twice
  write_out(buf_.get(), n);
}

FdBuf::int_type FdBuf::overflow(int_type ch) {
  flush_all();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

std::streamsize FdBuf::xsputn(const char* s, std::streamsize n) {
  const auto room = epptr() - pptr();
  if (n <= room) {
    std::memcpy(pptr(), s, static_cast<std::size_t>(n));
    pbump(static_cast<int>(n));
    return n;
  }
  flush_all();
  if (static_cast<std::size_t>(n) >= kBufferSize) {
    write_out(s, static_cast<std::size_t>(n));
  } else {
    std::memcpy(pptr(), s, static_cast<std::size_t>(n));
    pbump(static_cast<int>(n));
  }
  return n;
}

int FdBuf::sync() {
  flush_all();
  return 0;
}

std::unique_ptr<std::ostream> checked_stream(std::streambuf& buf) {
  auto out = std::make_unique<std::ostream>(&buf);
  out->exceptions(std::ios::badbit);
  return out;
}

OutputFile::OutputFile(std::string target) : target_(std::move(target)) {
  namespace fs = std::filesystem;
  const std::string shown = "'" + target_ + "'";
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(EISDIR)));
  if (exists && !S_ISREG(st.st_mode)) {
    // A device, pipe or socket (-o /dev/stdout): written into, never replaced. What goes to it
    // waits in an unlinked temporary file until commit(), so nothing leaves before then.
    device_ = true;
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/kunqu-out.XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
      const int err = errno;
      throw Error(ErrorKind::kIo, trf("cannot hold the output for {}: {}", shown, reason(err)));
    }
    ::unlink(pattern.c_str());
    ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
    buf_ = std::make_unique<FdBuf>(fd_, shown);
    stream_ = checked_stream(*buf_);
    return;
  }
  // An existing file reached through a link (-o /dev/stdout when it is redirected to a file) is
  // replaced where it is; the link stays a link.
  final_ = target_;
  if (exists) {
    if (char* real = ::realpath(target_.c_str(), nullptr)) {
      final_ = real;
      std::free(real);
    }
  }
  fs::path path(final_);
  fs::path folder = path.parent_path();
  // Hidden and unique beside the target: created by mkstemps (O_CREAT|O_EXCL, mode 0600), so a
  // file or link planted under the name is never opened, and nobody else can read it.
  std::string pattern = ((folder.empty() ? fs::path(".") : folder) / ("." + path.filename().string() + ".XXXXXX.part")).string();
  fd_ = ::mkstemps(pattern.data(), 5);
  if (fd_ < 0) {
    const int err = errno;
    throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(err)));
  }
  ::fcntl(fd_, F_SETFD, FD_CLOEXEC);
  temp_ = pattern;
  buf_ = std::make_unique<FdBuf>(fd_, shown);
  stream_ = checked_stream(*buf_);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void OutputFile::finish(bool shared) {
  const std::string shown = "'" + target_ + "'";
  buf_->flush_all();
  if (device_) return;
  if (shared) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
  }
  if (::fsync(fd_) != 0) {
    const int err = errno;
    throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(err)));
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int err = errno;
    throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(err)));
  }
}

void OutputFile::commit() {
  const std::string shown = "'" + target_ + "'";
  if (device_) {
    int out = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (out < 0) {
      const int err = errno;
      throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(err)));
    }
    FdBuf to(out, shown);
    char chunk[65536];
    ssize_t n = 0;
    ::lseek(fd_, 0, SEEK_SET);
    try {
      while ((n = ::read(fd_, chunk, sizeof chunk)) > 0) to.sputn(chunk, n);
      to.flush_all();
    } catch (...) {
      ::close(out);
      throw;
    }
    ::close(out);
    committed_ = true;
    return;
  }
  if (::rename(temp_.c_str(), final_.c_str()) != 0) {
    const int err = errno;
    throw Error(ErrorKind::kIo, trf("cannot write {}: {}", shown, reason(err)));
  }
  committed_ = true;
  // The rename itself reaches the disk with the folder.
  std::string folder = std::filesystem::path(final_).parent_path().string();
  int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace kunqu::io
