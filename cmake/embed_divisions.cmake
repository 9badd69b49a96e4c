# Turns lib/validate/divisions.txt (the GB/T 2260 division codes) into a C++ source that holds
# it, so the table is built into the library. Invoked by CMakeLists.txt with -DOUT and -DSRC.
file(READ ${SRC} text)
set(body "// Generated from lib/validate/divisions.txt by cmake/embed_divisions.cmake. Do not edit.\n")
string(APPEND body "namespace kunqu::validate {\n\nconst char* division_table() {\n  return R\"kunqu_divisions(${text})kunqu_divisions\";\n}\n\n}  // namespace kunqu::validate\n")
file(WRITE ${OUT}.tmp "${body}")
configure_file(${OUT}.tmp ${OUT} COPYONLY)
