#include "cqp/pipeline/SubmissionProcessor.h"

#include "SubmissionHandlers.h"

#include "cqp/ingest/SubmissionReader.h"
#include "cqp/outbox/Letters.h"
#include "cqp/pipeline/AccountRepository.h"
#include "cqp/pipeline/DocumentRepository.h"
#include "cqp/pipeline/Store.h"
#include "cqp/pipeline/SubmissionRepository.h"

#include <Poco/Logger.h>

#include <algorithm>

namespace cqp::pipeline {

using detail::Refused;

namespace {

std::vector<std::string> describe(const ingest::XmlProblems& problems)
{
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(p.describe());
    return out;
}

// ",results_too_late,registration_too_late," — each code between commas, found with one LIKE.
std::string codeList(const std::vector<std::string>& codes)
{
    std::string out;
    for (const auto& code : codes)
        out += (out.empty() ? "," : "") + code + ",";
    return out;
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& line : lines)
        out += (out.empty() ? "" : "\n") + line;
    return out;
}

bool mayAct(AccountRole role, ingest::SubmissionKind kind)
{
    using K = ingest::SubmissionKind;
    switch (role) {
    case AccountRole::Entreprise: return kind == K::Candidate || kind == K::Candidature || kind == K::JuryRegistration;
    case AccountRole::Evaluateur: return kind == K::MetierInvitation || kind == K::EvaluationResults;
    case AccountRole::Secretariat: return kind == K::JuryDecisions;
    case AccountRole::Candidat: return false;
    }
    return false;
}

std::string roleLabel(AccountRole role)
{
    switch (role) {
    case AccountRole::Entreprise: return "entreprise";
    case AccountRole::Evaluateur: return "évaluateur habilité";
    case AccountRole::Secretariat: return "secrétariat";
    case AccountRole::Candidat: return "candidat";
    }
    return "";
}

}  // namespace

SubmissionProcessor::SubmissionProcessor(Store& store, const rules::Referential& referential, rules::Deadlines deadlines,
                                         rules::Date today)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}
{
}

SubmissionOutcome SubmissionProcessor::process(const ReceivedDocument& received)
{
    auto& log = Poco::Logger::get("cqp.ingest");
    SubmissionOutcome outcome;
    const std::string sha = sha256Hex(received.bytes);
    if (const auto previous = store_.submissions().acceptedBySha256(sha)) {
        outcome.status = SubmissionOutcome::Status::AlreadyReceived;
        outcome.kind = previous->kind;
        outcome.submissionId = previous->id;
        outcome.accountId = previous->accountId;
        outcome.candidateId = previous->candidateId;
        outcome.candidatureId = previous->candidatureId;
        outcome.messages.push_back("Document déjà reçu le " + previous->logicalDate.french() + " et déjà appliqué : rien n'a été refait.");
        log.information("%s: already applied as submission %?d", received.fileName, previous->id);
        return outcome;
    }

    std::vector<std::string> reasons;
    std::vector<std::string> codes;  // of the rules that refused it (statistics of deadline breaches)
    auto parsed = ingest::readSubmission(received.bytes);
    std::optional<Account> account;
    if (!parsed.submission) {
        reasons = describe(parsed.problems);
    } else {
        const auto& submission = *parsed.submission;
        outcome.kind = std::string{ingest::kindElement(submission.kind())};
        outcome.kindLabel = std::string{ingest::kindLabel(submission.kind())};
        std::string key;
        if (received.secretariat) {
            if (submission.kind() != ingest::SubmissionKind::JuryDecisions)
                reasons.push_back(submission.at(outcome.kind, "seules des décisions du jury sont acceptées ici.").describe());
        } else if (ingest::isSelfSigned(submission.kind())) {
            std::visit([&](const auto& body) {
                if constexpr (requires { body.publicKeyPem; })
                    key = body.publicKeyPem;
            }, submission.body());
        } else if (const auto claimed = submission.claimedAccount(); claimed) {
            account = store_.accounts().account(*claimed);
            if (!account)
                reasons.push_back(submission.at(outcome.kind, "le compte n°" + std::to_string(*claimed) + " n'existe pas.").describe());
            else if (account->status == AccountStatus::Pending)
                reasons.push_back(submission.at(outcome.kind, "le compte n°" + std::to_string(*claimed) +
                                                                  " n'est pas encore ouvert par le secrétariat.").describe());
            else if (account->status == AccountStatus::Suspended)
                reasons.push_back(submission.at(outcome.kind, "le compte n°" + std::to_string(*claimed) + " est suspendu.").describe());
            else
                key = account->publicKeyPem;
        }
        if (reasons.empty() && !received.secretariat) {
            reasons = describe(submission.verifySignature(key));
            if (reasons.empty() && account && !mayAct(account->role, submission.kind()))
                reasons.push_back(submission.at(outcome.kind, "un compte « " + roleLabel(account->role) +
                                                                  " » ne peut pas envoyer de " + outcome.kindLabel + ".").describe());
        }
        if (reasons.empty()) {
            try {
                Workflow workflow{store_, referential_, deadlines_, today_};
                store_.transaction([&] {
                    const Id documentId = store_.documents().store(received.bytes, "application/xml", received.fileName, today_);
                    detail::HandlerContext context{workflow, submission, received, account, documentId, outcome, {}};
                    if (account) {
                        outcome.accountId = account->id;
                        const bool fromAccount = std::find(account->addresses.begin(), account->addresses.end(),
                                                           received.sender) != account->addresses.end();
                        context.ackRecipients = fromAccount ? received.sender : joined(account->addresses);
                        std::replace(context.ackRecipients.begin(), context.ackRecipients.end(), '\n', ',');
                    }
                    detail::applySubmission(context);
                    outcome.status = SubmissionOutcome::Status::Accepted;
                    outcome.submissionId = store_.submissions().record(
                        {0, sha, outcome.kind, received.sender, outcome.accountId, documentId, utcTimestamp(), today_,
                         "accepted", joined(outcome.messages), outcome.candidateId, outcome.candidatureId, ""});
                    if (received.reply && !context.ackRecipients.empty())
                        workflow.queue("acknowledgement", outcome.candidatureId, context.ackRecipients,
                                       outbox::acknowledgement(outcome.kindLabel, outcome.messages));
                });
                log.information("%s: %s accepted (submission %?d)", received.fileName, outcome.kind, outcome.submissionId);
                return outcome;
            } catch (const Refused& refused) {
                reasons = refused.reasons;
                codes = refused.codes;
                outcome.messages.clear();
                outcome.candidateId.reset();
                outcome.candidatureId.reset();
                outcome.attachmentsUsed.clear();
            }
        }
    }

    // Refused: the original and the reasons are kept; nothing else changes.
    outcome.status = SubmissionOutcome::Status::Rejected;
    outcome.messages = reasons;
    if (outcome.kindLabel.empty())
        outcome.kindLabel = "document XML";
    store_.transaction([&] {
        const Id documentId = store_.documents().store(received.bytes, "application/xml", received.fileName, today_);
        outcome.submissionId = store_.submissions().record({0, sha, outcome.kind, received.sender,
                                                            account ? std::optional<Id>{account->id} : std::nullopt,
                                                            documentId, utcTimestamp(), today_, "rejected",
                                                            joined(reasons), std::nullopt, std::nullopt, codeList(codes)});
        if (received.reply && !received.sender.empty()) {
            Workflow workflow{store_, referential_, deadlines_, today_};
            workflow.queue("rejection", std::nullopt, received.sender,
                           outbox::rejection(outcome.kindLabel, received.fileName, reasons));
        }
    });
    log.notice("%s: rejected (%z reason(s)), submission %?d", received.fileName, reasons.size(), outcome.submissionId);
    return outcome;
}

}  // namespace cqp::pipeline
