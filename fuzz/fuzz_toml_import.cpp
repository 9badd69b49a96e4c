// libFuzzer target: an org import of any bytes as a TOML file, through every rule, into an
// in-memory registry holding a small district, as a dry run (rolled back, so every input meets
// the same registry). Refusals are kunqu::Error; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "error.h"
#include "io/records.h"
#include "org/org.h"
#include "profile/profile.h"
#include "registry/registry.h"

namespace {

kunqu::registry::Registry& registry() {
  static kunqu::registry::Registry reg = [] {
    kunqu::registry::Session session;
    session.actor = "fuzz";
    session.now_utc = "2015-06-30T08:00:00Z";
    auto r = kunqu::registry::Registry::in_memory(session);
    std::istringstream profile(R"([district]
name = "昆都仑区"
code = "150203"
city = "包头市"
region = "内蒙古自治区"

[[street]]
name = "沼潭街道"
communities = ["沼潭东社区", "南沙梁社区"]
population = [{ year = 2015, residents = 63823 }]
)");
    kunqu::registry::Transaction tx(r);
    kunqu::profile::store(r, kunqu::profile::parse(profile, "profile.toml"));
    r.audit("db.init", std::nullopt, "{}");
    tx.commit();
    return r;
  }();
  return reg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& reg = registry();
  try {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    kunqu::io::ReadOptions options;
    options.format = kunqu::io::InputFormat::kToml;
    options.table_name = "org";
    options.resolve = kunqu::org::resolve_header;
    kunqu::io::RecordReader reader(in, "fuzz.toml", options);
    kunqu::org::ImportOptions import;
    import.dry_run = true;
    kunqu::org::import(reg, reader, import);
  } catch (const kunqu::Error&) {
  }
  return 0;
}
