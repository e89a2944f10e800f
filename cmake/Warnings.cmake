# Warnings and sanitizers as INTERFACE targets, linked PRIVATE by every target of ours.
add_library(cqp_warnings INTERFACE)
target_compile_options(cqp_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wimplicit-fallthrough)

add_library(cqp_sanitizers INTERFACE)
if(CQP_FUZZ)
  target_compile_options(cqp_sanitizers INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(cqp_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(CQP_SANITIZE)
  target_compile_options(cqp_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(cqp_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(CQP_COVERAGE)
  target_compile_options(cqp_sanitizers INTERFACE --coverage -fprofile-update=atomic)
  target_link_options(cqp_sanitizers INTERFACE --coverage)
endif()
# GCC 12 reports -Wmaybe-uninitialized false positives inside std::variant<std::string, ...>
# temporaries (GCC bug 107919); clang and later GCC do not.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(cqp_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
