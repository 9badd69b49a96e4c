# The Debian package (CPack): kunqu_<version>_amd64.deb, built from this build's install rules
# with prefix /usr. Its dependencies on the runtime libraries come from dpkg-shlibdeps, plus
# the two libkunqu loads only when it needs them (dlopen, so shlibdeps cannot see them): libssl3,
# whose libcrypto it hashes with, and libunistring2 (Debian names the package by the soname's
# number), whose Unicode tables it looks a rare character up in. The maintainer scripts set up
# an office server: a kunqu system group and /var/lib/kunqu (root:kunqu, 2775) for a shared
# registry.
# Build it with: cpack --config build/CPackConfig.cmake -B DIR   (tests/install/package.sh)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kunqu)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "kunqu")
set(CPACK_PACKAGE_CONTACT "kunqu maintainers <kunqu@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "registry and purchase-of-service toolkit of a district civil-affairs bureau")
set(CPACK_PACKAGE_DESCRIPTION
  "kunqu keeps a district's registry of social organizations (registered and filed community
groups), their credit record, annual checks and grades, the incubator, and the purchase of
services from them (budgets, contracts, payments, delivery, acceptance), in one SQLite file,
with reports for leadership. One command, kunqu, over the shared library libkunqu.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
string(REGEX REPLACE "^libunistring\\.so\\." "libunistring" KUNQU_UNISTRING_PACKAGE "${UNISTRING_SONAME}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libssl3, ${KUNQU_UNISTRING_PACKAGE}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "sqlite3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/cmake/debian/postinst ${CMAKE_SOURCE_DIR}/cmake/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
