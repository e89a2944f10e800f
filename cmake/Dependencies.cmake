# Every third-party library comes from Debian 12 packages (scripts/install-deps).
find_package(PkgConfig REQUIRED)

# Poco's DataPostgreSQL config names PostgreSQL::client without defining it.
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()
# SQLite's own API serves the statement cache of the store (Poco 1.11 recompiles every execution).
find_package(SQLite3 REQUIRED)
# HMAC of the parchments' verification codes.
find_package(OpenSSL REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Util Net NetSSL Crypto XML JSON Zip Data DataSQLite DataPostgreSQL)

pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(XMLSEC REQUIRED IMPORTED_TARGET xmlsec1)
pkg_check_modules(PODOFO REQUIRED IMPORTED_TARGET libpodofo)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract)
pkg_check_modules(LEPTONICA REQUIRED IMPORTED_TARGET lept)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(ZBAR REQUIRED IMPORTED_TARGET zbar)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# Console passwords (cqp serve): argon2id, memory-hard, through crypto_pwhash_str.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
