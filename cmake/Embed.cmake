# cqp_embed(TARGET NAME FILE): compiles FILE into TARGET as
#   namespace cqp::embedded { extern const std::string_view NAME; }
# so that the executable carries its schemas and default data wherever it runs.
function(cqp_embed target name file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${name}.cpp)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  file(WRITE ${out}.tmp
    "// Generated from ${file}; do not edit.\n#include <string_view>\n"
    "namespace cqp::embedded {\nnamespace { constexpr char data[] = {${bytes} 0}; }\n"
    "extern const std::string_view ${name};\n"
    "const std::string_view ${name}{data, sizeof(data) - 1};\n}\n")
  configure_file(${out}.tmp ${out} COPYONLY)
  target_sources(${target} PRIVATE ${out})
endfunction()
