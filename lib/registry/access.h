// Who may read and write a registry, as the file system sees this process, and what to say when
// that is not enough. SQLite reads a registry in WAL mode through its -wal and -shm files: a
// reader who may not write in the registry's folder can read only while those files exist and
// are readable (kunqu keeps them beside the registry for that); SQLite's own words for the
// rest ("attempt to write a readonly database") name neither the file nor the remedy.
#pragma once

#include <string>

#include "registry/registry.h"

namespace kunqu::registry {

struct Access {
  struct File {
    bool exists = true;
    bool read = true;
    bool write = true;
  };
  std::string path;
  std::string folder;
  bool folder_enter = true;  // search (x) permission on the folder
  bool folder_write = true;
  bool read_only_fs = false;  // the registry's file system is mounted read-only
  File file, wal, shm;
  std::string owner;          // the registry file's owner and group, by name
  std::string group;
  bool shared = false;        // its group may read it (as `db init --group` makes it)
  bool group_write = false;   // its group may write it
  bool owner_only = false;    // neither its group nor others may use it (mode 0600)
  bool in_group = false;      // this user is in that group
  bool folder_group_write = false;  // the folder's group may write in it
  std::string folder_group;
  bool in_folder_group = false;
  std::string user;           // this user's login name
};

// The facts for the registry at `path`, by access(2) for this process's real user.
Access access_of(const std::string& path);

// Why the registry cannot be read, with what would give the access; "" when nothing is missing.
std::string read_refusal(const Access& a);
// Why this user may read the registry but not write it, as "you may not write 'FILE'; how to get
// that" — "" when they may write it, or may not even read it (read_refusal says why).
std::string write_lack(const Access& a);
// Why a command that writes cannot write the registry (or read it, first); "" when it can.
std::string write_refusal(const Access& a);

// Gives the registry's -wal and -shm files, where this user owns them, the registry file's group
// and mode, so whoever may use the registry may use them: SQLite makes them with the group of
// whoever opened the registry first, which need not be the registry's outside a setgid folder.
void share_side_files(const std::string& path);

}  // namespace kunqu::registry
