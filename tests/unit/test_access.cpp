// Tests for registry/access: the -wal and -shm files kept beside a registry for readers who may
// not write in its folder, and the words for each access that is missing (from made-up facts:
// these tests may run as root, for whom access(2) allows everything; tests/safety/readonly.sh
// runs the real thing as other users).
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "fixture.h"
#include "registry/access.h"
#include "registry/registry.h"

using namespace kunqu;
using kunqu::registry::Access;

namespace {

// A shared registry's facts as seen by a member of staff who may read and write everything.
Access office() {
  Access a;
  a.path = "/var/lib/kunqu/registry.db";
  a.folder = "/var/lib/kunqu";
  a.owner = "wangli";
  a.group = a.folder_group = "kunqu";
  a.shared = a.group_write = a.in_group = a.in_folder_group = a.folder_group_write = true;
  a.user = "zhaomin";
  return a;
}

}  // namespace

TEST_CASE("a registry's -wal and -shm stay beside it, with its mode, after the last connection closes") {
  test::TempDir dir;
  const std::string path = dir.file("registry.db");
  { registry::Registry::create(path, test::test_session()); }
  for (const std::string& f : {path + "-wal", path + "-shm"}) {
    struct stat st {};
    REQUIRE_MESSAGE(::stat(f.c_str(), &st) == 0, f);
    CHECK((st.st_mode & 0777) == 0600);
  }
  // The -wal is emptied as the last connection closes: everything is in the registry itself.
  CHECK(std::filesystem::file_size(path + "-wal") == 0);
  {
    auto reg = registry::Registry::open(path, registry::Mode::kReadOnly, test::test_session());
    CHECK(reg.info().journal_mode == "wal");
  }
  CHECK(std::filesystem::exists(path + "-shm"));
  // Whoever made it may use it: nothing to say.
  const Access a = registry::access_of(path);
  CHECK(a.folder == dir.path.string());
  CHECK(registry::read_refusal(a) == "");
  CHECK(registry::write_refusal(a) == "");
}

TEST_CASE("a member of staff with full access is told nothing; a missing registry is not an access problem") {
  CHECK(registry::read_refusal(office()) == "");
  CHECK(registry::write_refusal(office()) == "");
  Access none = office();
  none.file = {false, false, false};
  CHECK(registry::read_refusal(none) == "");
  CHECK(registry::write_refusal(none) == "");
  // Nor is a missing folder: the caller says there is no registry.
  test::TempDir dir;
  const Access gone = registry::access_of(dir.file("no/such/registry.db"));
  CHECK(gone.folder_enter);
  CHECK(registry::write_refusal(gone) == "");
}

TEST_CASE("read refusals name the file or folder and how the shared set-up gives the access") {
  Access a = office();
  a.in_group = a.in_folder_group = false;
  a.file.read = a.file.write = false;
  CHECK(registry::read_refusal(a) ==
        "cannot read the registry '/var/lib/kunqu/registry.db': you have no read access to it; it is shared with the "
        "group 'kunqu': ask whoever set it up to add you to the group (usermod -aG kunqu zhaomin; it takes effect at "
        "your next login)");
  // A command that writes says the same: it cannot even read.
  CHECK(registry::write_refusal(a) == registry::read_refusal(a));
  CHECK(registry::write_lack(a) == "");

  a.folder_enter = false;
  CHECK(registry::read_refusal(a).rfind("cannot read the registry '/var/lib/kunqu/registry.db': you may not enter its "
                                        "folder '/var/lib/kunqu'; it is shared with the group 'kunqu'",
                                        0) == 0);

  Access own = office();
  own.shared = own.group_write = own.in_group = false;
  own.owner_only = true;
  own.file.read = false;
  CHECK(registry::read_refusal(own) ==
        "cannot read the registry '/var/lib/kunqu/registry.db': you have no read access to it; it is wangli's own "
        "registry, which no one else may use; a registry staff share is made with '‹db init› ‹group› NAME' (in the "
        "Debian package's folder /var/lib/kunqu, for the group kunqu)");

  Access shm = office();
  shm.shm.read = shm.shm.write = false;
  CHECK(registry::read_refusal(shm) ==
        "cannot read the registry's file '/var/lib/kunqu/registry.db-shm': you have no read access to it; you are in "
        "its group 'kunqu', but the group lacks that access: ask whoever set it up to give the group read and write "
        "access to the registry's files and folder, as '‹db init› ‹group› kunqu' makes them (files 0660, folder 2770 "
        "or the package's 2775)");
}

TEST_CASE("a reader who may not write in the folder is told the -wal or -shm file is missing, and who makes it") {
  Access a = office();
  a.folder_write = false;
  a.file.write = false;
  CHECK(registry::read_refusal(a) == "");  // both files there: SQLite reads with its own copy of the -shm
  a.wal.exists = false;
  a.shm.exists = false;
  // The folder is the group's to write in: joining the group is the remedy.
  a.in_group = a.in_folder_group = false;
  CHECK(registry::read_refusal(a) ==
        "cannot read the registry '/var/lib/kunqu/registry.db': you may read it but not write in its folder "
        "'/var/lib/kunqu', and its file '/var/lib/kunqu/registry.db-wal' is missing, which SQLite needs to read a "
        "registry in WAL mode (it is made and kept by kunqu whenever someone who may write there uses the registry); "
        "ask whoever set it up to add you to the group 'kunqu' (usermod -aG kunqu zhaomin; it takes effect at your "
        "next login)");
  // A folder its group may not write in: whoever may write there makes the file once.
  a.wal.exists = true;
  a.folder_group_write = false;
  CHECK(registry::read_refusal(a) ==
        "cannot read the registry '/var/lib/kunqu/registry.db': you may read it but not write in its folder "
        "'/var/lib/kunqu', and its file '/var/lib/kunqu/registry.db-shm' is missing, which SQLite needs to read a "
        "registry in WAL mode (it is made and kept by kunqu whenever someone who may write there uses the registry); "
        "anyone who may write in '/var/lib/kunqu' makes the file by running kunqu on the registry once (such as "
        "'‹db info›'), and kunqu keeps it from then on; a registry staff share is made with '‹db init› ‹group› NAME' "
        "in a folder of that group, as the Debian package's /var/lib/kunqu is");
}

TEST_CASE("a command that writes, run by someone who may only read, names the file it may not write") {
  Access a = office();
  a.in_group = false;
  a.file.write = false;
  CHECK(registry::write_lack(a) ==
        "you may not write '/var/lib/kunqu/registry.db'; it is shared with the group 'kunqu': ask whoever set it up to "
        "add you to the group (usermod -aG kunqu zhaomin; it takes effect at your next login)");
  CHECK(registry::write_refusal(a) ==
        "this command writes to the registry '/var/lib/kunqu/registry.db', but you may not write "
        "'/var/lib/kunqu/registry.db'; it is shared with the group 'kunqu': ask whoever set it up to add you to the "
        "group (usermod -aG kunqu zhaomin; it takes effect at your next login)");
  CHECK(registry::read_refusal(a) == "");

  Access wal = office();
  wal.wal.write = false;
  CHECK(registry::write_lack(wal).rfind("you may not write '/var/lib/kunqu/registry.db-wal'; you are in its group", 0) == 0);

  // The registry and its files writable, the folder not: writing works while the files are there.
  Access folder = office();
  folder.folder_write = false;
  CHECK(registry::write_refusal(folder) == "");
  folder.shm.exists = false;
  folder.folder_group_write = true;
  folder.in_folder_group = false;
  CHECK(registry::write_lack(folder).rfind("you may not write '/var/lib/kunqu'; ", 0) == 0);

  // A registry others may read (0644) but no group of theirs may write: no group to join.
  Access open = office();
  open.group = "wangli";
  open.group_write = open.in_group = false;
  open.file.write = false;
  CHECK(registry::write_lack(open) ==
        "you may not write '/var/lib/kunqu/registry.db'; it is wangli's registry, not opened to a group of yours for "
        "that; a registry staff share is made with '‹db init› ‹group› NAME' (in the Debian package's folder "
        "/var/lib/kunqu, for the group kunqu)");

  Access ro = office();
  ro.file.write = ro.folder_write = false;
  ro.read_only_fs = true;
  CHECK(registry::write_refusal(ro) ==
        "this command writes to the registry '/var/lib/kunqu/registry.db', but it is on a file system mounted "
        "read-only, where it can only be read");
}
