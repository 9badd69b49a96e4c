// Access to a registry's files: the facts by access(2), and the words for what is missing.
#include "registry/access.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "i18n/messages.h"

namespace kunqu::registry {

namespace {

std::string user_name(uid_t uid) {
  if (const passwd* p = ::getpwuid(uid)) return p->pw_name;
  return std::to_string(uid);
}

std::string group_name(gid_t gid) {
  if (const group* g = ::getgrgid(gid)) return g->gr_name;
  return std::to_string(gid);
}

bool member_of(gid_t gid) {
  if (::getgid() == gid || ::getegid() == gid) return true;
  const int n = ::getgroups(0, nullptr);
  if (n <= 0) return false;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  const int got = ::getgroups(n, groups.data());
  for (int i = 0; i < got; ++i)
    if (groups[static_cast<std::size_t>(i)] == gid) return true;
  return false;
}

Access::File file_access(const std::string& path, bool& read_only_fs) {
  Access::File f;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    f.exists = errno != ENOENT && errno != ENOTDIR;
    f.read = f.write = false;
    return f;
  }
  f.read = ::access(path.c_str(), R_OK) == 0;
  f.write = ::access(path.c_str(), W_OK) == 0;
  if (!f.write && errno == EROFS) read_only_fs = true;
  return f;
}

// How someone who lacks access to a registry (to write it, with `write`) gets it.
std::string advice(const Access& a, bool write) {
  if ((write ? a.group_write : a.shared) && !a.in_group)
    return trf("it is shared with the group '{}': ask whoever set it up to add you to the group (usermod -aG {} {}; it "
               "takes effect at your next login)",
               a.group, a.group, a.user);
  if (a.in_group)
    return trf("you are in its group '{}', but the group lacks that access: ask whoever set it up to give the group "
               "read and write access to the registry's files and folder, as '‹db init› ‹group› {}' makes them (files "
               "0660, folder 2770 or the package's 2775)",
               a.group, a.group);
  if (a.owner_only)
    return trf("it is {}'s own registry, which no one else may use; a registry staff share is made with "
               "'‹db init› ‹group› NAME' (in the Debian package's folder /var/lib/kunqu, for the group kunqu)",
               a.owner);
  return trf("it is {}'s registry, not opened to a group of yours for that; a registry staff share is made with "
             "'‹db init› ‹group› NAME' (in the Debian package's folder /var/lib/kunqu, for the group kunqu)",
             a.owner);
}

// The -wal or -shm file the reader needs and cannot read or make, or nullptr.
const char* blocking_side_file(const Access& a, bool& missing) {
  for (auto [file, suffix] : {std::pair{&a.wal, "-wal"}, std::pair{&a.shm, "-shm"}}) {
    if (file->exists && !file->read) {
      missing = false;
      return suffix;
    }
  }
  if (a.folder_write) return nullptr;
  for (auto [file, suffix] : {std::pair{&a.wal, "-wal"}, std::pair{&a.shm, "-shm"}}) {
    if (!file->exists) {
      missing = true;
      return suffix;
    }
  }
  return nullptr;
}

}  // namespace

Access access_of(const std::string& path) {
  Access a;
  a.path = path;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  a.folder = parent.empty() ? "." : parent.string();
  a.user = user_name(::getuid());
  a.folder_enter = ::access(a.folder.c_str(), X_OK) == 0 || errno != EACCES;  // a missing folder is no access problem
  a.folder_write = ::access(a.folder.c_str(), W_OK | X_OK) == 0;
  if (!a.folder_write && errno == EROFS) a.read_only_fs = true;
  a.file = file_access(path, a.read_only_fs);
  a.wal = file_access(path + "-wal", a.read_only_fs);
  a.shm = file_access(path + "-shm", a.read_only_fs);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    a.owner = user_name(st.st_uid);
    a.group = group_name(st.st_gid);
    a.shared = (st.st_mode & S_IRGRP) != 0;
    a.group_write = (st.st_mode & S_IWGRP) != 0;
    a.owner_only = (st.st_mode & 077) == 0;
    a.in_group = member_of(st.st_gid);
  }
  if (::stat(a.folder.c_str(), &st) == 0) {
    a.folder_group = group_name(st.st_gid);
    a.folder_group_write = (st.st_mode & S_IWGRP) != 0;
    a.in_folder_group = member_of(st.st_gid);
    if (a.owner.empty()) {
      // A folder this user may not enter hides the registry's own owner and group: a shared
      // registry's folder is its group's, as `db init --group` makes it.
      a.owner = user_name(st.st_uid);
      a.group = a.folder_group;
      a.shared = (st.st_mode & S_IXGRP) != 0;
      a.group_write = (st.st_mode & S_IWGRP) != 0;
      a.owner_only = (st.st_mode & 077) == 0;
      a.in_group = a.in_folder_group;
    }
  }
  return a;
}

std::string read_refusal(const Access& a) {
  if (!a.folder_enter)
    return trf("cannot read the registry '{}': you may not enter its folder '{}'; {}", a.path, a.folder, advice(a, false));
  if (!a.file.exists) return "";
  if (!a.file.read) return trf("cannot read the registry '{}': you have no read access to it; {}", a.path, advice(a, false));
  bool missing = false;
  const char* side = blocking_side_file(a, missing);
  if (!side) return "";
  const std::string file = a.path + side;
  if (!missing)
    return trf("cannot read the registry's file '{}': you have no read access to it; {}", file, advice(a, false));
  // Reading a registry in WAL mode needs its -wal and -shm files; only someone who may write in
  // the folder can make them, and kunqu keeps them once made.
  const std::string how =
      a.folder_group_write && !a.in_folder_group
          ? trf("ask whoever set it up to add you to the group '{}' (usermod -aG {} {}; it takes effect at your next "
                "login)",
                a.folder_group, a.folder_group, a.user)
          : trf("anyone who may write in '{}' makes the file by running kunqu on the registry once (such as "
                "'‹db info›'), and kunqu keeps it from then on; a registry staff share is made with '‹db init› "
                "‹group› NAME' in a folder of that group, as the Debian package's /var/lib/kunqu is",
                a.folder);
  return trf("cannot read the registry '{}': you may read it but not write in its folder '{}', and its file '{}' is "
             "missing, which SQLite needs to read a registry in WAL mode (it is made and kept by kunqu whenever "
             "someone who may write there uses the registry); {}",
             a.path, a.folder, file, how);
}

std::string write_lack(const Access& a) {
  if (!a.folder_enter || !a.file.read) return "";
  if (a.read_only_fs && (!a.file.write || !a.folder_write))
    return tr("it is on a file system mounted read-only, where it can only be read");
  std::string what;
  if (!a.file.write)
    what = a.path;
  else if (a.wal.exists && !a.wal.write)
    what = a.path + "-wal";
  else if (a.shm.exists && !a.shm.write)
    what = a.path + "-shm";
  else if ((!a.wal.exists || !a.shm.exists) && !a.folder_write)
    what = a.folder;
  if (what.empty()) return "";
  return trf("you may not write '{}'; {}", what, advice(a, true));
}

std::string write_refusal(const Access& a) {
  if (std::string why = read_refusal(a); !why.empty()) return why;
  const std::string lack = write_lack(a);
  return lack.empty() ? "" : trf("this command writes to the registry '{}', but {}", a.path, lack);
}

void share_side_files(const std::string& path) {
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0) return;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string file = path + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
    if (st.st_gid != db.st_gid && ::chown(file.c_str(), static_cast<uid_t>(-1), db.st_gid) != 0) continue;
    const mode_t mode = db.st_mode & 0666;
    if ((st.st_mode & 07777) != mode) ::chmod(file.c_str(), mode);
  }
}

}  // namespace kunqu::registry
