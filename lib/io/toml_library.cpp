// toml++'s implementation, once for libkunqu; see io/toml_library.h.
#define TOML_IMPLEMENTATION
#include "io/toml_library.h"
