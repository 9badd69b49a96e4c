// The doctest entry point; every other file in tests/unit holds test cases for one module.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
