// Files kunqu writes: every write checked, the reason of a failure in words, and an output file
// that appears whole or not at all — written new beside its target (created exclusively, never
// through a link, without access for others), flushed to the disk, then renamed over it.
#pragma once

#include <sys/types.h>

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

namespace kunqu::io {

// Why a file operation failed (`err` an errno value), in the reader's language: "no space left
// on the disk", "permission denied", "it is a folder", "no such folder" …
std::string reason(int err);

// A stream buffer over a file descriptor it does not own. Every write is checked: the first
// failure throws kunqu::Error (kIo) "cannot write NAME: REASON" (NAME as given, quoted by the
// caller; "" names standard output, in the reader's language) from the write, and a stream made with checked_stream() passes it on. A closed pipe
// (EPIPE) is not an error: what follows is dropped quietly, as `| head` expects.
class FdBuf : public std::streambuf {
 public:
  FdBuf(int fd, std::string name);
  ~FdBuf() override;
  // Writes what is buffered; throws like a write.
  void flush_all();
  bool pipe_closed() const { return pipe_closed_; }

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void write_out(const char* p, std::size_t n);
  int fd_;
  std::string name_;
  std::unique_ptr<char[]> buf_;
  bool pipe_closed_ = false;
};

// An ostream over `buf` that rethrows what the buffer throws (badbit exceptions).
std::unique_ptr<std::ostream> checked_stream(std::streambuf& buf);

// A file that appears at `target` whole or not at all. A target that exists and is a device,
// pipe or socket (`-o /dev/stdout`) is written into at commit(), never replaced; an existing
// file reached through a symbolic link is replaced where it is, and the link kept.
// REQUIRES: `target` names a file, not a folder (the constructor refuses a folder).
class OutputFile {
 public:
  // Creates the temporary file beside `target`, mode 0600. Throws kIo with the reason when the
  // folder is missing, not writable, or `target` is a folder.
  explicit OutputFile(std::string target);
  // Removes the temporary file unless committed.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return *stream_; }
  // Flushes and syncs the file to the disk; `shared`: give it the usual permissions
  // (0666 less the umask), else it stays 0600. Throws kIo with the reason. After this, only
  // commit() or the destructor.
  void finish(bool shared);
  // Renames the finished file over the target (and syncs the folder). Throws kIo.
  void commit();

 private:
  std::string target_, temp_;
  std::string final_;  // what the rename replaces: the target, or the file a link to it names
  int fd_ = -1;
  bool device_ = false;  // the target is a device, pipe or socket: written into at commit()
  std::unique_ptr<FdBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

}  // namespace kunqu::io
