// libFuzzer target: one PDF through the fillable form reader (PoDoFo) — fields read, hidden
// fields, every value checked. A PDF comes from anyone by mail; nothing may crash, hang or leak.
// Corpus: tests/fuzz/corpus/form (filled forms of each kind, and a lying AcroForm).

#include "cqp/ingest/FormReader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto result = cqp::ingest::readFilledForm(std::string_view{reinterpret_cast<const char*>(data), size});
    // One of ours: a submission or the problems that refuse it, never neither.
    if (result.isForm && !result.submission && result.problems.empty())
        __builtin_trap();
    return 0;
}
