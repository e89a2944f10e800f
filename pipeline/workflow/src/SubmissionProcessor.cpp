#include "cqp/workflow/SubmissionProcessor.h"

#include "SubmissionHandlers.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/ingest/SubmissionReader.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/FillableForms.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/workflow/Prefetch.h"

#include <Poco/Logger.h>
#include <Poco/String.h>

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

bool isScanType(const std::string& mediaType)
{
    static const char* const types[] = {"application/pdf", "image/tiff", "image/png", "image/jpeg", "image/jpg"};
    return std::find(std::begin(types), std::end(types), mediaType) != std::end(types);
}

bool mayAct(AccountRole role, ingest::SubmissionKind kind)
{
    using K = ingest::SubmissionKind;
    switch (role) {
    case AccountRole::Entreprise:
        return kind == K::Candidate || kind == K::Candidature || kind == K::JuryRegistration || kind == K::KeyChange;
    case AccountRole::Evaluateur: return kind == K::MetierInvitation || kind == K::EvaluationResults || kind == K::KeyChange;
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

namespace {

// Who signed: the account named by `compte`, the key the document carries, or the secretariat
// on its own machine. The account's state is told only once the signature is known good.
struct Signer {
    std::optional<Account> account;
    std::string key;
    std::string id;  ///< "account:N", "key:SHA256", "secretariat"
    std::vector<std::string> reasons;
};

// The key a self-signed document (an account request, a key change) carries in its body.
std::string carriedKey(const ingest::ParsedSubmission& submission)
{
    std::string key;
    std::visit([&](const auto& body) {
        if constexpr (requires { body.publicKeyPem; })
            key = body.publicKeyPem;
    }, submission.body());
    return key;
}

Signer signerOf(Store& store, const ingest::ParsedSubmission& submission, const ReceivedDocument& received,
                const std::string& kind)
{
    Signer signer;
    if (received.secretariat) {
        signer.id = "secretariat";
        if (submission.kind() != ingest::SubmissionKind::JuryDecisions)
            signer.reasons.push_back(submission.at(kind, "seules des décisions du jury sont acceptées ici.").describe());
        return signer;
    }
    if (ingest::isSelfSigned(submission.kind())) {
        signer.key = carriedKey(submission);
        signer.id = "key:" + sha256Hex(signer.key);
        return signer;
    }
    if (const auto claimed = submission.claimedAccount()) {
        signer.account = store.accounts().account(*claimed);
        signer.id = "account:" + std::to_string(*claimed);
        if (signer.account)
            signer.key = signer.account->publicKeyPem;
        else  // said like a bad signature: an unsigned document learns nothing about the accounts
            signer.reasons.push_back(submission.at(kind, "la signature ne peut pas être vérifiée avec la clé du compte n°" +
                                                             std::to_string(*claimed) + ".").describe());
    }
    return signer;
}

std::vector<std::string> accountRefusals(const ingest::SubmittedDocument& submission, const Account& account,
                                         const std::string& kind, const std::string& kindLabel)
{
    const std::string number = "le compte n°" + std::to_string(account.id);
    if (account.status == AccountStatus::Pending)
        return {submission.locate(kind, number + " n'est pas encore ouvert par le secrétariat.")};
    if (account.status == AccountStatus::Suspended)
        return {submission.locate(kind, number + " est suspendu.")};
    if (!mayAct(account.role, submission.kind()))
        return {submission.locate(kind, "un compte « " + roleLabel(account.role) + " » ne peut pas envoyer de " + kindLabel + ".")};
    return {};
}

bool hasAddress(const Account& account, const std::string& address)
{
    return std::any_of(account.addresses.begin(), account.addresses.end(),
                       [&](const std::string& a) { return Poco::icompare(a, address) == 0; });
}

}  // namespace

void prepareAttachments(std::vector<Attachment>& attachments)
{
    for (auto& a : attachments) {
        if (a.sha256.empty())
            a.sha256 = sha256Hex(a.content);
        if (!a.scanProblem && isScanType(a.mediaType))
            a.scanProblem = ingest::scanProblem(a.content, a.mediaType);
    }
}

PreparedDocument prepareDocument(const ReceivedDocument& received, const std::map<Id, std::string>* keys)
{
    PreparedDocument prepared;
    prepared.sha = sha256Hex(received.bytes);
    prepared.read = ingest::readSubmission(received.bytes);
    if (!prepared.read.submission)
        return prepared;
    const auto& submission = *prepared.read.submission;
    prepared.canonicalSha = sha256Hex(submission.canonicalForm());
    if (received.secretariat)
        return prepared;
    if (ingest::isSelfSigned(submission.kind())) {
        prepared.checkedKey = carriedKey(submission);
    } else if (const auto claimed = submission.claimedAccount(); claimed && keys) {
        const auto key = keys->find(*claimed);
        if (key == keys->end())
            return prepared;
        prepared.checkedKey = key->second;
    } else {
        return prepared;
    }
    prepared.signatureProblems = submission.verifySignature(prepared.checkedKey);
    prepared.signatureChecked = true;
    return prepared;
}

SubmissionOutcome SubmissionProcessor::process(const ReceivedDocument& received)
{
    return process(received, prepareDocument(received, nullptr));
}

SubmissionOutcome SubmissionProcessor::process(const ReceivedDocument& received, const PreparedDocument& prepared)
{
    SubmissionOutcome outcome;
    const std::string& sha = prepared.sha;
    std::vector<std::string> reasons;
    std::vector<std::string> codes;  // of the rules that refused it (statistics of deadline breaches)
    const auto& parsed = prepared.read;
    Signer signer;
    std::string canonicalSha;
    if (!parsed.submission) {
        reasons = describe(parsed.problems);
    } else {
        const auto& submission = *parsed.submission;
        outcome.kind = std::string{ingest::kindElement(submission.kind())};
        outcome.kindLabel = std::string{ingest::kindLabel(submission.kind())};
        signer = signerOf(store_, submission, received, outcome.kind);
        reasons = signer.reasons;
        if (reasons.empty() && !received.secretariat)
            reasons = describe(prepared.signatureChecked && prepared.checkedKey == signer.key
                                   ? prepared.signatureProblems
                                   : submission.verifySignature(signer.key));
        if (reasons.empty() && signer.account)
            reasons = accountRefusals(submission, *signer.account, outcome.kind, outcome.kindLabel);
        if (reasons.empty()) {
            canonicalSha = prepared.canonicalSha;
            if (const auto previous = store_.submissions().acceptedEarlier(signer.id, submission.identifier(), canonicalSha, sha))
                return alreadyReceived(received, *previous, outcome);
        }
        if (reasons.empty() && !received.secretariat)  // the secretariat's own file is not signed
            for (const auto& refusal : rules::checkSigning(submission.version(), submission.signingDate(), today_, deadlines_)) {
                reasons.push_back(submission.at(outcome.kind, refusal.sentence).describe());
                codes.push_back(refusal.code);
            }
        if (reasons.empty()) {
            if (auto applied = apply(received, submission, signer.account, sha, canonicalSha, signer.id, submission.identifier(),
                                     outcome))
                return *applied;
            reasons = outcome.messages;
            codes = lastCodes_;
        }
    }
    return reject(received, outcome, reasons, codes, signer.account ? std::optional<Id>{signer.account->id} : std::nullopt, sha);
}

SubmissionOutcome SubmissionProcessor::alreadyReceived(const ReceivedDocument& received, const SubmissionRecord& previous,
                                                       SubmissionOutcome& outcome)
{
    // Nothing of the earlier document is handed over: a replay names no dossier.
    outcome.status = SubmissionOutcome::Status::AlreadyReceived;
    outcome.kind = previous.kind;
    outcome.submissionId = previous.id;
    outcome.messages.push_back("Document déjà reçu le " + previous.logicalDate.french() + " et déjà appliqué : rien n'a été refait.");
    Poco::Logger::get("cqp.ingest").information("%s: already applied as submission %?d", received.fileName, previous.id);
    return outcome;
}

std::vector<std::string> SubmissionProcessor::formTokenRefusals(const ingest::FormSubmission& submission,
                                                               const std::string& sender, std::optional<Account>& account)
{
    rules::fillable::FormTokenFacts facts;
    if (const auto token = store_.submissions().formToken(submission.token())) {
        facts.known = true;
        facts.sameForm = token->form == rules::fillable::kindName(submission.form());
        facts.sameDossier = token->dossier == submission.dossier();
        facts.used = token->usedOn.has_value();
        facts.expired = token->expiresOn < today_;
        facts.fromRecipient = Poco::icompare(token->recipient, sender) == 0;
        if (rules::fillable::boundToAccount(submission.form())) {
            account = store_.accounts().account(token->dossier);  // a new candidature: never needed late
        } else if (const auto c = store_.candidatures().candidature(token->dossier)) {
            // The account the form speaks for: the évaluateur's (results) or the company's (jury).
            if (submission.form() == rules::fillable::FormKind::ResultatsEvaluation ||
                submission.form() == rules::fillable::FormKind::InvitationMetier) {
                facts.stillNeeded = submission.form() == rules::fillable::FormKind::ResultatsEvaluation
                                        ? !store_.candidatures().evaluation(c->id)
                                        : store_.candidatures().metierObservations(c->id).empty();
                if (c->evaluatorId)
                    account = store_.accounts().accountOfEvaluator(*c->evaluatorId);
            } else if (const auto candidate = store_.candidatures().candidate(c->candidateId)) {
                facts.stillNeeded = c->status == rules::CandidatureStatus::ValidationEvaluation;
                account = store_.accounts().account(candidate->accountId);
            }
        }
        facts.fromAccount = account && hasAddress(*account, sender);
    }
    if (const auto refusal = rules::fillable::formTokenRefusal(facts))
        return {submission.locate("jeton", *refusal)};
    if (!account)
        return {submission.locate("jeton", "le compte qui doit répondre pour ce dossier n'est pas ouvert : adressez-vous au "
                                           "secrétariat.")};
    return {};
}

SubmissionOutcome SubmissionProcessor::processForm(const ReceivedDocument& received, const ingest::FormReadResult& form)
{
    SubmissionOutcome outcome;
    const std::string sha = sha256Hex(received.bytes);
    outcome.kindLabel = "formulaire PDF";
    if (!form.submission)
        return reject(received, outcome, form.problems, {}, std::nullopt, sha);
    const auto& submission = *form.submission;
    outcome.kind = std::string{ingest::kindElement(submission.kind())};
    outcome.kindLabel = std::string{submission.channel()} + " « " + std::string{ingest::kindLabel(submission.kind())} + " »";
    std::vector<std::string> reasons, codes;
    const std::string canonicalSha = sha256Hex(submission.canonicalForm());
    // A blank form (an account request) has no token: its sender stands for it.
    const bool blank = rules::fillable::isBlank(submission.form());
    const std::string signer = blank ? "form:from:" + Poco::toLower(received.sender) : "form:" + sha256Hex(submission.token());
    if (const auto previous = store_.submissions().acceptedEarlier(signer, std::nullopt, canonicalSha, sha))
        return alreadyReceived(received, *previous, outcome);
    std::optional<Account> account;
    if (rules::fillable::forAccountHolder(submission.form())) {
        reasons = formTokenRefusals(submission, received.sender, account);
        if (reasons.empty())
            reasons = accountRefusals(submission, *account, "jeton", outcome.kindLabel);
    } else if (blank) {
        if (received.sender.empty())
            reasons.push_back(submission.locate("jeton", "l'adresse de l'expéditeur manque : le compte ne saurait à qui répondre."));
    } else if (const auto invitation = store_.submissions().invitation(submission.token());
               invitation && Poco::icompare(invitation->email, received.sender) != 0) {
        // The person the form was sent to sends it back (a From line can be forged, but then the
        // forger also needs the token, which only that mailbox received); the invitation's own
        // checks (kind, dossier, expiry, use) are the handler's, as for the XML.
        rules::fillable::FormTokenFacts facts;
        facts.known = facts.sameForm = facts.sameDossier = true;  // the rest is the handler's to judge
        reasons.push_back(submission.locate("jeton", *rules::fillable::formTokenRefusal(facts)));
    }
    if (reasons.empty()) {
        std::optional<SubmissionOutcome> applied;
        store_.transaction([&] {
            applied = apply(received, submission, account, sha, canonicalSha, signer, std::nullopt, outcome);
            if (applied && account)  // used once, with the submission it made
                store_.submissions().markFormTokenUsed(submission.token(), today_);
        });
        if (applied)
            return *applied;
        reasons = outcome.messages;
        codes = lastCodes_;
    }
    return reject(received, outcome, reasons, codes, account ? std::optional<Id>{account->id} : std::nullopt, sha);
}

std::optional<SubmissionOutcome> SubmissionProcessor::apply(const ReceivedDocument& received,
                                                            const ingest::SubmittedDocument& submission,
                                                            const std::optional<Account>& account, const std::string& sha,
                                                            const std::string& canonicalSha, const std::string& signer,
                                                            const std::optional<std::string>& identifier, SubmissionOutcome& outcome)
{
    auto& log = Poco::Logger::get("cqp.ingest");
    try {
        Workflow workflow{store_, referential_, deadlines_, today_};
        store_.transaction([&] {
            const Id documentId = store_.documents().store(received.bytes, received.mediaType, received.fileName, today_, sha);
            detail::HandlerContext context{workflow, submission, received, account, documentId, outcome, {}, {}};
            if (account) {
                outcome.accountId = account->id;
                const bool fromAccount = std::find(account->addresses.begin(), account->addresses.end(), received.sender) !=
                                         account->addresses.end();
                context.ackRecipients = fromAccount ? received.sender : rules::joined(account->addresses, ",");
            }
            detail::applySubmission(context);
            queueNamedScans(received, outcome);
            outcome.status = SubmissionOutcome::Status::Accepted;
            SubmissionRecord record{0, sha, outcome.kind, received.sender, outcome.accountId, documentId, utcTimestamp(), today_,
                                    "accepted", rules::joined(outcome.messages, "\n"), outcome.candidateId, outcome.candidatureId, "",
                                    canonicalSha, signer, identifier.value_or("")};
            outcome.submissionId = store_.submissions().record(record);
            if (received.reply && !context.ackRecipients.empty()) {
                const Id ack = workflow.queue("acknowledgement", outcome.candidatureId, context.ackRecipients,
                                              outbox::acknowledgement(outcome.kindLabel, outcome.messages));
                if (context.ackForm)
                    workflow.attachForm(ack, context.ackForm->first, context.ackForm->second, received.sender,
                                        today_.plusDays(rules::fillable::accountFormDays));
            } else {
                outcome.replyForm = context.ackForm;  // the message's reply carries it
            }
        });
        log.information("%s: %s accepted (submission %?d)", received.fileName, outcome.kind, outcome.submissionId);
        return outcome;
    } catch (const Refused& refused) {
        outcome.messages = refused.reasons;
        lastCodes_ = refused.codes;
        outcome.candidateId.reset();
        outcome.candidatureId.reset();
        outcome.accountId.reset();
        outcome.attachmentsUsed.clear();
        outcome.attachmentDocuments.clear();
        outcome.replyForm.reset();
        return std::nullopt;
    }
}

void SubmissionProcessor::processAll(
    std::size_t count, const std::function<ReceivedDocument(std::size_t)>& document,
    const std::function<void(std::size_t first, const std::vector<SubmissionOutcome>&)>& committed, std::size_t batch)
{
    struct Item {
        ReceivedDocument received;
        PreparedDocument prepared;
    };
    const auto keys = store_.accounts().publicKeys();
    Prefetch<Item> items{count,
                         [&](std::size_t i) {
                             Item item{document(i), {}};
                             prepareAttachments(item.received.attachments);
                             item.prepared = prepareDocument(item.received, &keys);
                             return item;
                         },
                         batch};
    for (std::size_t first = 0; first < count; first += batch) {
        const std::size_t end = std::min(count, first + batch);
        std::vector<SubmissionOutcome> outcomes;
        store_.transaction([&] {
            for (std::size_t i = first; i < end; ++i) {
                const Item item = items.take(i);
                outcomes.push_back(process(item.received, item.prepared));
            }
        });
        committed(first, outcomes);
    }
}

void SubmissionProcessor::queueNamedScans(const ReceivedDocument& received, const SubmissionOutcome& outcome)
{
    for (std::size_t i = 0; i < outcome.attachmentsUsed.size(); ++i)
        for (const auto& a : received.attachments)
            if (a.fileName == outcome.attachmentsUsed[i] && isScanType(a.mediaType)) {
                // The document the handler filed, read by the scan stage.
                const Id document = outcome.attachmentDocuments.at(i);
                store_.mail().queueScan(document, received.receivedMailId, received.sender, today_, outcome.candidatureId,
                                        outcome.candidatureId ? std::nullopt : outcome.candidateId, a.fileName, true);
                break;
            }
}

SubmissionOutcome SubmissionProcessor::reject(const ReceivedDocument& received, SubmissionOutcome& outcome,
                                              const std::vector<std::string>& reasons, const std::vector<std::string>& codes,
                                              std::optional<Id> account, const std::string& sha)
{
    // Refused: the original and the reasons are kept; nothing else changes.
    outcome.status = SubmissionOutcome::Status::Rejected;
    outcome.messages = reasons;
    if (outcome.kindLabel.empty())
        outcome.kindLabel = "document XML";
    store_.transaction([&] {
        const Id documentId = store_.documents().store(received.bytes, received.mediaType, received.fileName, today_, sha);
        outcome.submissionId = store_.submissions().record({0, sha, outcome.kind, received.sender, account, documentId,
                                                            utcTimestamp(), today_, "rejected", rules::joined(reasons, "\n"), std::nullopt,
                                                            std::nullopt, codeList(codes), "", "", ""});
        if (received.reply && !received.sender.empty()) {
            Workflow workflow{store_, referential_, deadlines_, today_};
            workflow.queue("rejection", std::nullopt, received.sender,
                           outbox::rejection(outcome.kindLabel, received.fileName, reasons));
        }
    });
    Poco::Logger::get("cqp.ingest").notice("%s: rejected (%z reason(s)), submission %?d", received.fileName, reasons.size(),
                                          outcome.submissionId);
    return outcome;
}

}  // namespace cqp::pipeline
