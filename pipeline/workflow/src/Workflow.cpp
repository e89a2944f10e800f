#include "cqp/workflow/Workflow.h"
#include "cqp/rules/JuryPlacement.h"

#include "SubmissionHandlers.h"
#include "cqp/workflow/FormDocuments.h"

#include "cqp/rules/Deadlines.h"

#include "cqp/outbox/Letters.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/rules/FrenchText.h"
#include "cqp/workflow/Dossier.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/repositories/SubmissionRepository.h"
#include "cqp/rules/StateMachine.h"

#include <Poco/Logger.h>

#include <map>

namespace cqp::pipeline {

Workflow::Workflow(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today)
    : store_{store}, referential_{referential}, deadlines_{deadlines}, today_{today}
{
}

int Workflow::advance(Id id, const std::string& actor, std::optional<Id> evidence)
{
    auto records = gatherRecords(store_, id);
    return advance(records, actor, evidence);
}

// A move changes the candidature's status and nothing else the facts are made of (to partiel,
// it adds the acquisitions of this very candidature, which its own outcome leaves out): the
// records are updated in memory rather than read again after each step.
int Workflow::advance(DossierRecords& records, const std::string& actor, std::optional<Id> evidence)
{
    auto& log = Poco::Logger::get("cqp.workflow");
    auto& c = records.candidature;
    int steps = 0;
    for (; steps < 8; ++steps) {
        const auto facts = factsOf(records, referential_, deadlines_);
        const auto transition = rules::nextTransition(facts, today_, deadlines_);
        const auto* step = std::get_if<rules::Advance>(&transition);
        if (!step)
            break;
        if (!store_.candidatures().changeStatus(c.id, StatusChange{facts.status, step->next, today_, actor, step->rule, evidence, {}})) {
            records = gatherRecords(store_, c.id);  // another worker moved it first
            break;
        }
        log.information("candidature %?d: %s -> %s (%s)", c.id, std::string{rules::statusCode(facts.status)},
                        std::string{rules::statusCode(step->next)}, step->rule);
        c.status = step->next;
        c.statusChangedOn = today_;
        if (step->next == rules::CandidatureStatus::Partiel) {
            const auto outcome = outcomeOf(records, referential_, deadlines_);
            std::vector<AcquiredCompetence> acquired;
            for (const auto& a : outcome->newAcquisitions)
                acquired.push_back({c.candidateId, c.certificateCode, a.competenceCode, a.acquiredOn, a.validUntil, c.id});
            store_.juries().addAcquisitions(acquired);
            records.acquisitions.insert(records.acquisitions.end(), acquired.begin(), acquired.end());
        }
    }
    notifyMilestones(records);
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

namespace {

std::string nameOf(const Candidate& candidate)
{
    return candidate.prenoms + " " + (candidate.nomUsage.empty() ? candidate.nomNaissance : candidate.nomUsage);
}

}  // namespace

outbox::DossierLine Workflow::dossierLine(const Candidature& c)
{
    const auto candidate = store_.candidatures().candidate(c.candidateId);
    const auto* certificate = referential_.certificate(c.certificateCode);
    return {c.id, candidate ? nameOf(*candidate) : "", certificate ? certificate->title : c.certificateCode};
}

outbox::DossierLine Workflow::dossierLine(const Contacts& contacts) const
{
    const auto& c = contacts.candidature;
    const auto* certificate = referential_.certificate(c.certificateCode);
    return {c.id, contacts.candidateName, certificate ? certificate->title : c.certificateCode};
}

std::vector<Workflow::Contacts> Workflow::contacts(const std::vector<Id>& candidatureIds)
{
    auto candidatures = store_.candidatures().candidatures(candidatureIds);
    std::vector<Id> candidateIds, evaluatorIds, accountIds;
    for (const auto& c : candidatures) {
        candidateIds.push_back(c.candidateId);
        if (c.evaluatorId)
            evaluatorIds.push_back(*c.evaluatorId);
    }
    std::map<Id, Candidate> candidates;
    for (auto& candidate : store_.candidatures().candidates(candidateIds)) {
        accountIds.push_back(candidate.accountId);
        candidates.emplace(candidate.id, std::move(candidate));
    }
    std::map<Id, std::string> evaluators;
    for (const auto& evaluator : store_.evaluators().evaluators(evaluatorIds))
        evaluators.emplace(evaluator.id, evaluator.email);
    const auto addresses = store_.accounts().addressesOf(accountIds);
    std::vector<Contacts> out;
    for (auto& c : candidatures) {
        Contacts each;
        if (const auto candidate = candidates.find(c.candidateId); candidate != candidates.end()) {
            each.candidateName = nameOf(candidate->second);
            if (const auto account = addresses.find(candidate->second.accountId); account != addresses.end())
                each.companyAddresses = rules::joined(account->second, ", ");
        }
        if (c.evaluatorId)
            if (const auto evaluator = evaluators.find(*c.evaluatorId); evaluator != evaluators.end())
                each.evaluatorAddress = evaluator->second;
        each.candidature = std::move(c);
        out.push_back(std::move(each));
    }
    return out;
}

void Workflow::notifyMilestones(const DossierRecords& records)
{
    using rules::CandidatureStatus;
    const auto& c = records.candidature;
    auto& mail = store_.mail();
    if (c.status == CandidatureStatus::ValidationEvaluation && records.metierObservations &&
        !mail.hasQueued("evaluations_complete", c.id)) {
        // The juries this candidature can still go to, with their cut-offs and places left.
        std::string open;
        for (const auto& jury : store_.juries().sessions()) {
            if (!rules::openForRegistration(jury, c.certificateCode, today_, deadlines_))
                continue;
            open += "\n  - jury n°" + std::to_string(jury.id) + " du " + jury.date.french() + " : inscription jusqu'au " +
                    rules::registrationCutoff(jury.date, deadlines_).french() + ", " +
                    std::to_string(jury.capacity - jury.placed) + " place(s) libre(s)";
        }
        const std::string to = companyAddresses(c.candidateId);
        const Id queued = queue("evaluations_complete", c.id, to,
                                outbox::evaluationsComplete(
                                    dossierLine(c), "L'inscription doit nous parvenir au plus tard " +
                                                        std::to_string(deadlines_.registrationMinDaysBeforeJury) +
                                                        " jours avant la date du jury." +
                                                        (open.empty() ? std::string{" Aucun jury n'est ouvert pour ce CQP à ce jour : le "
                                                                                    "calendrier de la CPNE est disponible auprès du "
                                                                                    "secrétariat."}
                                                                      : "\n\nJurys ouverts pour ce CQP :" + open),
                                    !open.empty()));
        if (!open.empty()) {
            // The registration form, with the juries open when the mail goes; its token is bound
            // to the candidature and the company's first address (any of the account's may answer).
            attachForm(queued, rules::fillable::FormKind::InscriptionJury, c.id, to.substr(0, to.find(',')), today_.plusDays(120));
        }
    }
    if (rules::isFinal(c.status) && !mail.hasQueued("jury_results", c.id)) {
        const auto outcome = outcomeOf(records, referential_, deadlines_);
        const auto& jury = records.placedJury;
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
        if (records.candidate && !records.candidate->email.empty())
            queue("jury_results_candidate", c.id, records.candidate->email, letter);
    }
}

void Workflow::attachForm(Id mailId, rules::fillable::FormKind kind, Id dossier, const std::string& recipient, rules::Date expiresOn)
{
    const std::string token = issueFormToken(store_, kind, dossier, recipient, today_, expiresOn);
    store_.mail().attachFillableForm(mailId, std::string{rules::fillable::kindName(kind)}, dossier, token);
}

void Workflow::approveAccount(const Account& account)
{
    store_.accounts().setStatus(account.id, AccountStatus::Active, today_);
    const Id mail = queue("account_approved", std::nullopt, rules::joined(account.addresses, ", "),
                          outbox::accountApproved(account.id, account.displayName, account.role == AccountRole::Evaluateur,
                                                  !account.publicKeyPem.empty()));
    if (account.role == AccountRole::Entreprise && !account.addresses.empty())  // one candidate per form
        attachForm(mail, rules::fillable::FormKind::DossierCandidature, account.id, account.addresses.front(),
                   today_.plusDays(rules::fillable::accountFormDays));
}

}  // namespace cqp::pipeline
