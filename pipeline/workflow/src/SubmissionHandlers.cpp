#include "SubmissionHandlers.h"

#include "cqp/ingest/ScanReader.h"
#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/workflow/FormDocuments.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/Accounts.h"
#include "cqp/rules/Dossiers.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/JuryPlacement.h"
#include "cqp/rules/Outcome.h"
#include "cqp/rules/Siret.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>

namespace cqp::pipeline::detail {

using ingest::SubmissionKind;
using rules::CandidatureStatus;

void HandlerContext::refuse(std::string_view element, const std::string& message, int index) const
{
    throw Refused({submission.locate(element, message, index)});
}

void HandlerContext::refuse(const rules::Refusals& refusals, std::string_view element) const
{
    std::vector<std::string> reasons, codes;
    for (const auto& r : refusals) {
        reasons.push_back(submission.locate(element, r.sentence));
        codes.push_back(r.code);
    }
    throw Refused(std::move(reasons), std::move(codes));
}

std::string HandlerContext::actor(const std::string& who) const
{
    return submission.channel().empty() ? who : who + " (" + std::string{submission.channel()} + ")";
}

std::optional<Id> HandlerContext::attachment(const std::string& fileName)
{
    for (const auto& a : received.attachments) {
        if (a.fileName != fileName)
            continue;
        const Id document = store().documents().store(a.content, a.mediaType, a.fileName, workflow.today(), a.sha256);
        outcome.attachmentsUsed.push_back(fileName);
        outcome.attachmentDocuments.push_back(document);
        return document;
    }
    return std::nullopt;
}

std::optional<Id> HandlerContext::formAttachment(const std::string& fileName, std::string_view element, const std::string& label)
{
    for (const auto& a : received.attachments) {
        if (a.fileName != fileName)
            continue;
        if (const auto problem = a.scanProblem ? *a.scanProblem : ingest::scanProblem(a.content, a.mediaType); !problem.empty())
            refuse({{"form_unreadable", "Le scan de " + label + " « " + fileName + " » ne peut pas être lu : " + problem +
                                            " Envoyez un PDF non protégé ou une image PNG, JPEG ou TIFF (200 à 300 dpi)."}},
                   element);
        return attachment(fileName);
    }
    return std::nullopt;
}



// 128 random bits, hexadecimal: the invitation tokens sent by mail (only their SHA-256 is stored).
std::string newToken()
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw std::runtime_error("the system's random source failed");
    static const char hex[] = "0123456789abcdef";
    std::string token;
    for (unsigned char b : bytes) {
        token += hex[b >> 4];
        token += hex[b & 15];
    }
    return token;
}


std::string statusSentence(Store& store, Id candidatureId)
{
    const auto c = store.candidatures().candidature(candidatureId);
    return "Candidature n°" + std::to_string(candidatureId) + " : statut « " + std::string{rules::statusLabel(c->status)} + " ».";
}

// ---- the company's dossiers ------------------------------------------------------------

Candidate resolveCandidate(HandlerContext& ctx, const ingest::DossierRef& ref, std::string_view element)
{
    auto& repo = ctx.store().candidatures();
    std::optional<Candidate> candidate;
    if (ref.numero)
        candidate = repo.candidate(*ref.numero);
    else if (ref.reference)
        candidate = repo.candidateByReference(ctx.account->id, *ref.reference);
    // Another company's dossier is answered exactly like a missing one: nothing leaks.
    if (!candidate || candidate->accountId != ctx.account->id)
        ctx.refuse(element, ref.numero ? "aucun candidat n°" + std::to_string(*ref.numero) + " dans votre compte."
                                       : "aucun candidat de référence « " + ref.reference.value_or("") + " » dans votre compte.");
    return *candidate;
}

Candidature resolveCandidature(HandlerContext& ctx, const ingest::DossierRef& ref, std::string_view element)
{
    auto& repo = ctx.store().candidatures();
    std::optional<Candidature> candidature;
    if (ref.numero)
        candidature = repo.candidature(*ref.numero);
    else if (ref.reference)
        candidature = repo.candidatureByReference(ctx.account->id, *ref.reference);
    const auto candidate = candidature ? repo.candidate(candidature->candidateId) : std::nullopt;
    if (!candidature || !candidate || candidate->accountId != ctx.account->id)
        ctx.refuse(element, ref.numero ? "aucune candidature n°" + std::to_string(*ref.numero) + " dans votre compte."
                                       : "aucune candidature de référence « " + ref.reference.value_or("") +
                                             " » dans votre compte.");
    return *candidature;
}

// The évaluateur habilité may only touch the candidatures that confirmed them.
Candidature evaluatorsCandidature(HandlerContext& ctx, Id number)
{
    const auto candidature = ctx.store().candidatures().candidature(number);
    if (!candidature || !ctx.account->evaluatorId || candidature->evaluatorId != ctx.account->evaluatorId)
        ctx.refuse("candidature", "la candidature n°" + std::to_string(number) +
                                      " n'existe pas ou ne vous a pas été confiée comme évaluateur habilité.");
    return *candidature;
}

void copyCivil(Candidate& c, const ingest::CivilStatus& civil)
{
    c.nomNaissance = civil.nomNaissance;
    c.nomUsage = civil.nomUsage;
    c.prenoms = civil.prenoms;
    c.sexe = civil.sexe;
    c.dateNaissance = civil.dateNaissance;
    c.communeNaissance = civil.communeNaissance;
    c.codeInsee = civil.codeInsee;
    c.paysNaissance = civil.paysNaissance;
}

// An établissement or an evaluator that already has an account: its holder asking again is
// told so; anyone else's request goes to the secretariat (the first request may have been
// someone else's). True when the request was settled that way.


void applySubmission(HandlerContext& ctx)
{
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, ingest::AccountRequest>)
                applyAccountRequest(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::CandidateSubmission>)
                applyCandidate(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::CandidatureSubmission>)
                applyCandidature(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::MetierInvitation>)
                applyMetierInvitation(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::EvaluationResults>)
                applyResults(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::MetierObservations>)
                applyMetierObservations(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::JuryRegistrationSubmission>)
                applyRegistration(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::JuryDecisions>)
                applyDecisions(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::KeyChange>)
                applyKeyChange(ctx, body);
            else if constexpr (std::is_same_v<T, ingest::DossierSubmission>)
                applyDossier(ctx, body);
            else
                applySelfEntry(ctx, body);
        },
        ctx.submission.body());
}

}  // namespace cqp::pipeline::detail
