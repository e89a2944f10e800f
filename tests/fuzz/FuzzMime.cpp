// libFuzzer target: one raw message through MIME intake — headers, nested multiparts, encoded
// words, RFC 2231 parameters, transfer encodings, charsets, attachment names — within the
// intake limits. Corpus: tests/fuzz/corpus/mime.

#include "cqp/inbox/MimeMessage.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const auto message = cqp::inbox::parseMime(std::string{reinterpret_cast<const char*>(data), size});
        for (const auto& a : message.attachments)
            if (a.fileName.find('/') != std::string::npos)  // names are made safe to store
                __builtin_trap();
    } catch (const cqp::inbox::MimeError&) {
        // A refusal with its reason is the answer to a hostile message; any other exception
        // escaping is a finding.
    }
    return 0;
}
