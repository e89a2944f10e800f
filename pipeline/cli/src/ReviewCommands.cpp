// The scans the secretariat must look at: nothing read from paper is guessed.

#include "CommandSupport.h"

#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include <fstream>
#include <iomanip>

namespace cqp::pipeline::detail {

namespace {

std::string dossierOf(const MailRepository::Review& r)
{
    return r.candidatureId ? "candidature n°" + std::to_string(*r.candidatureId) : std::string{"dossier inconnu"};
}

int cmdReviewList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    const auto reviews = store->mail().reviews(ReviewState::Open);
    for (const auto& r : reviews)
        inv.out << std::left << std::setw(5) << r.id << r.createdOn.french() << "  " << dossierOf(r) << "  document "
                << r.documentId << (r.cropDocumentId ? " (extrait)" : "") << "  " << r.reason << "\n";
    inv.out << reviews.size() << " vérification(s) ouverte(s)\n";
    return ExitDone;
}

// One review; with --output, the part of the scan it cites written to a file the secretariat
// opens (the PNG extract of the doubtful part, or the scan itself when there is none).
int cmdReviewShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    const auto r = store->mail().review(id);
    if (!r)
        throw UsageError("no review " + std::to_string(id) + " (cqp review list)");
    const auto document = store->documents().document(r->documentId);
    inv.out << "vérification n°" << r->id << " (" << (r->state == ReviewState::Open ? "ouverte" : "close") << ") du "
            << r->createdOn.french() << " — " << dossierOf(*r) << "\n"
            << r->reason << "\nscan : document " << r->documentId
            << (document ? " « " + document->fileName + " » (" + document->mediaType + ", " +
                               std::to_string(document->content.size()) + " octets)"
                         : std::string{})
            << (r->page ? ", page " + std::to_string(r->page) : "") << "\n"
            << (r->cropDocumentId ? "extrait : document " + std::to_string(*r->cropDocumentId) + " (image PNG de la partie douteuse)\n"
                                  : "")
            << (r->resolution.empty() ? "" : "résolution : " + r->resolution + "\n");
    if (const auto it = inv.options.find("output"); it != inv.options.end()) {
        const auto shown = store->documents().document(r->cropDocumentId.value_or(r->documentId));
        if (!shown)
            throw UsageError("review " + std::to_string(id) + " has no document to write");
        std::ofstream out{it->second, std::ios::binary | std::ios::trunc};
        out << shown->content;
        if (!out)
            throw UsageError("cannot write " + it->second);
        inv.out << (r->cropDocumentId ? "extrait" : "scan") << " écrit dans " << it->second << " (" << shown->mediaType << ")\n";
    }
    return ExitDone;
}

int cmdReviewResolve(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    return act(inv, [&](Secretariat& s) { return s.resolveReview(id, reason); });
}

}  // namespace

CommandList reviewCommands()
{
    return {
        {{"review", "list"},
         "review list",
         "scans the secretariat must look at (nothing read from paper is guessed)",
         {},
         cmdReviewList},
        {{"review", "show"},
         "review show ID [--output FILE]",
         "one review and its scan; --output writes the doubtful part it cites (PNG) or the scan",
         {{"output", "FILE", "the file to write the extract (or the scan) to", "o"}},
         cmdReviewShow},
        {{"review", "resolve"},
         "review resolve ID --reason TEXT",
         "close a review, saying what was done",
         {{"reason", "TEXT", "what was done (kept in the store)", ""}},
         cmdReviewResolve},
    };
}

}  // namespace cqp::pipeline::detail
