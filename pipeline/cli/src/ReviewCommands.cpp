// The scans the secretariat must look at: nothing read from paper is guessed.

#include "CommandSupport.h"

#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include <iomanip>

namespace cqp::pipeline::detail {

namespace {

int cmdReviewList(Invocation& inv)
{
    expectWords(inv, 2);
    auto store = openStore(inv.settings);
    for (const auto& r : store->mail().reviews(ReviewState::Open))
        inv.out << std::left << std::setw(5) << r.id << r.createdOn.iso() << "  candidature "
                << (r.candidatureId ? std::to_string(*r.candidatureId) : std::string{"?"}) << "  document "
                << r.documentId << "  " << r.reason << "\n";
    return ExitDone;
}

int cmdReviewShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    auto store = openStore(inv.settings);
    const auto r = store->mail().review(id);
    if (!r)
        throw UsageError("no review " + std::to_string(id));
    const auto document = store->documents().document(r->documentId);
    inv.out << "review " << r->id << " (" << code(r->state) << ") of " << r->createdOn.iso() << "\n"
            << r->reason << "\nscan: document " << r->documentId << " "
            << (document ? document->fileName + " (" + document->mediaType + ", " +
                               std::to_string(document->content.size()) + " bytes)"
                         : std::string{})
            << (r->page ? ", page " + std::to_string(r->page) : "") << "\n"
            << (r->cropDocumentId
                    ? "extract: document " + std::to_string(*r->cropDocumentId) + " (PNG of the doubtful part)\n"
                    : "")
            << (r->resolution.empty() ? "" : "resolution: " + r->resolution + "\n");
    return ExitDone;
}

int cmdReviewResolve(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "REVIEW"), "REVIEW");
    expectWords(inv, 3);
    const std::string reason = option(inv, "reason");
    auto store = openStore(inv.settings);
    const auto r = store->mail().review(id);
    if (!r || r->state != ReviewState::Open)
        throw UsageError("no open review " + std::to_string(id));
    store->mail().resolveReview(id, reason, inv.today);
    inv.out << "review " << id << " resolved: " << reason << "\n";
    return ExitDone;
}

} // namespace

CommandList reviewCommands()
{
    return {
        {{"review", "list"},
         "review list",
         "scans the secretariat must look at (nothing read from paper is guessed)",
         {},
         cmdReviewList},
        {{"review", "show"}, "review show ID", "one review and its scan", {}, cmdReviewShow},
        {{"review", "resolve"},
         "review resolve ID --reason TEXT",
         "close a review, saying what was done",
         {{"reason", "TEXT", "what was done (kept in the store)", ""}},
         cmdReviewResolve},
    };
}

} // namespace cqp::pipeline::detail
