// toml++'s implementation, compiled once into libkunqu (this file only; the files that parse
// TOML include the declarations). Linking Debian's libtomlplusplus.so instead made every command
// load it at its start and bind about 200 of its symbols, for the few commands that read TOML.
// Built with hidden visibility (CMakeLists.txt): its functions stay inside libkunqu, not part of
// libkunqu's interface.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
