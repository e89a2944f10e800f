// libFuzzer target: one XML submission through the reader — safe parsing, schema validation
// (soumission.xsd) and the kind-specific checks. Anything may come by mail; nothing may crash,
// hang or leak. Corpus: tests/fuzz/corpus/submission (the examples of each kind).

#include "cqp/ingest/SubmissionReader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto result = cqp::ingest::readSubmission(std::string_view{reinterpret_cast<const char*>(data), size});
    // Either a submission or located problems, never neither.
    if (!result.submission && result.problems.empty())
        __builtin_trap();
    return 0;
}
