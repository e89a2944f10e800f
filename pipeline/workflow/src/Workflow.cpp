#include "cqp/workflow/Workflow.h"
#include "cqp/workflow/FormDocuments.h"

#include "cqp/rules/Deadlines.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/StateMachine.h"

#include <Poco/Logger.h>

namespace cqp::pipeline {

Workflow::Workflow(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}
{
}

int Workflow::advance(Id id, const std::string& actor, std::optional<Id> evidence)
{
    auto& log = Poco::Logger::get("cqp.workflow");
    int steps = 0;
    for (; steps < 8; ++steps) {
        const auto facts = loadFacts(store_, referential_, deadlines_, id);
        const auto transition = rules::nextTransition(facts, today_, deadlines_);
        const auto* step = std::get_if<rules::Advance>(&transition);
        if (!step)
            break;
        if (!store_.candidatures().changeStatus(id, StatusChange{facts.status, step->next, today_, actor, step->rule, evidence, {}}))
            break;
        log.information("candidature %?d: %s -> %s (%s)", id, std::string{rules::statusCode(facts.status)},
                        std::string{rules::statusCode(step->next)}, step->rule);
        if (step->next == rules::CandidatureStatus::Partiel) {
            const auto candidature = store_.candidatures().candidature(id);
            const auto outcome = storedOutcome(store_, referential_, deadlines_, *candidature);
            std::vector<AcquiredCompetence> acquired;
            for (const auto& a : outcome->newAcquisitions)
                acquired.push_back({candidature->candidateId, candidature->certificateCode, a.competenceCode, a.acquiredOn,
                                    a.validUntil, id});
            store_.juries().addAcquisitions(acquired);
        }
    }
    if (const auto candidature = store_.candidatures().candidature(id))
        notifyMilestones(*candidature);
    return steps;
}

namespace {

OutboxMail mailOf(const std::string& kind, const std::string& recipients, const outbox::Letter& letter, rules::Date today)
{
    OutboxMail mail;
    mail.kind = kind;
    mail.recipient = recipients;
    mail.subject = letter.subject;
    mail.body = letter.body;
    mail.createdAt = utcTimestamp();
    mail.logicalDate = today;
    mail.nextAttemptAt = mail.createdAt;
    return mail;
}

}  // namespace

Id Workflow::reply(Id receivedMailId, const std::string& inReplyTo, const std::string& recipients, const outbox::Letter& letter)
{
    OutboxMail mail = mailOf("reply", recipients, letter, today_);
    mail.inReplyTo = inReplyTo;
    mail.reply = true;
    mail.receivedMailId = receivedMailId;
    ++queued_;
    store_.mail().countReply(recipients, today_);
    const Id id = store_.mail().enqueue(mail);
    if (letter.carriesGuide)
        store_.mail().attach(id, guideDocument(store_, today_));
    return id;
}

Id Workflow::queue(const std::string& kind, std::optional<Id> candidatureId, const std::string& recipients,
                   const outbox::Letter& letter, const std::vector<Id>& attachments)
{
    OutboxMail mail = mailOf(kind, recipients, letter, today_);
    mail.candidatureId = candidatureId;
    const Id id = store_.mail().enqueue(mail);
    for (const Id document : attachments)
        store_.mail().attach(id, document);
    if (letter.carriesGuide)
        store_.mail().attach(id, guideDocument(store_, today_));
    ++queued_;
    return id;
}

std::string Workflow::companyAddresses(Id candidateId)
{
    const auto candidate = store_.candidatures().candidate(candidateId);
    const auto account = candidate ? store_.accounts().account(candidate->accountId) : std::nullopt;
    std::string out;
    if (account)
        for (const auto& address : account->addresses)
            out += (out.empty() ? "" : ", ") + address;
    return out;
}

outbox::DossierLine Workflow::dossierLine(const Candidature& c)
{
    const auto candidate = store_.candidatures().candidate(c.candidateId);
    const auto* certificate = referential_.certificate(c.certificateCode);
    return {c.id, candidate ? candidate->prenoms + " " + (candidate->nomUsage.empty() ? candidate->nomNaissance : candidate->nomUsage) : "",
            certificate ? certificate->title : c.certificateCode};
}

void Workflow::notifyMilestones(const Candidature& c)
{
    using rules::CandidatureStatus;
    auto& mail = store_.mail();
    if (c.status == CandidatureStatus::ValidationEvaluation && !mail.hasQueued("evaluations_complete", c.id) &&
        !store_.candidatures().metierObservations(c.id).empty()) {
        // The juries this candidature can still go to, with their cut-offs and places left.
        std::string open;
        for (const auto& jury : store_.juries().calendar()) {
            const auto cutoff = rules::registrationCutoff(jury.date, deadlines_);
            if (jury.frozenOn || cutoff < today_ || (jury.certificateCode && *jury.certificateCode != c.certificateCode) ||
                jury.placed >= jury.capacity)
                continue;
            open += "\n  - jury n°" + std::to_string(jury.id) + " du " + jury.date.french() + " : inscription jusqu'au " +
                    cutoff.french() + ", " + std::to_string(jury.capacity - jury.placed) + " place(s) libre(s)";
        }
        queue("evaluations_complete", c.id, companyAddresses(c.candidateId),
              outbox::evaluationsComplete(
                  dossierLine(c), "L'inscription doit nous parvenir au plus tard " +
                                      std::to_string(deadlines_.registrationMinDaysBeforeJury) +
                                      " jours avant la date du jury." +
                                      (open.empty() ? std::string{" Aucun jury n'est ouvert pour ce CQP à ce jour : le calendrier "
                                                                  "de la CPNE est disponible auprès du secrétariat."}
                                                    : "\n\nJurys ouverts pour ce CQP :" + open)));
    }
    if (rules::isFinal(c.status) && !mail.hasQueued("jury_results", c.id)) {
        const auto outcome = storedOutcome(store_, referential_, deadlines_, c);
        const auto registration = store_.juries().registrationOf(c.id);
        const auto jury = registration && registration->placedJuryId ? store_.juries().jury(*registration->placedJuryId)
                                                                      : std::nullopt;
        const auto* certificate = referential_.certificate(c.certificateCode);
        auto titles = [&](const std::vector<std::string>& codes) {
            std::vector<std::string> out;
            for (const auto& code : codes) {
                const auto* comp = certificate ? certificate->competence(code) : nullptr;
                out.push_back(code + (comp ? " — " + comp->title : ""));
            }
            return out;
        };
        std::string until;
        if (outcome && !outcome->newAcquisitions.empty())
            until = outcome->newAcquisitions.front().validUntil.french();
        const auto letter =
            outbox::juryResults(dossierLine(c), std::string{rules::statusLabel(c.status)}, jury ? jury->date.french() : "",
                                outcome ? titles(outcome->validatedNow) : std::vector<std::string>{},
                                outcome ? titles(outcome->remaining) : std::vector<std::string>{}, until);
        queue("jury_results", c.id, companyAddresses(c.candidateId), letter);
        // The candidate hears of it too, in a mail of their own, when the dossier has their address.
        if (const auto candidate = store_.candidatures().candidate(c.candidateId); candidate && !candidate->email.empty())
            queue("jury_results_candidate", c.id, candidate->email, letter);
    }
}

}  // namespace cqp::pipeline
