// Checks the credit codes it is given and counts the orgs of a new in-memory registry, through
// libkunqu's public headers as installed.
#include <iostream>

#include <kunqu/registry/registry.h>
#include <kunqu/validate/credit_code.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    auto problem = kunqu::validate::check_credit_code(argv[i]);
    std::cout << argv[i] << ": " << (problem ? *problem : "valid") << '\n';
  }
  auto reg = kunqu::registry::Registry::in_memory();
  std::cout << "schema " << kunqu::registry::latest_schema_version() << ", SQLite "
            << kunqu::registry::sqlite_version() << '\n';
  return 0;
}
