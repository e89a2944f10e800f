#pragma once

#include "cqp/repositories/AccountRecords.h"
#include "cqp/repositories/CandidatureRecords.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/FillableForms.h"
#include "cqp/rules/Referential.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::outbox {
struct Letter;
struct DossierLine;
}  // namespace cqp::outbox

namespace cqp::pipeline {

class Store;
struct DossierRecords;

/// Moves candidatures through their statuses and queues the mails the process calls for.
/// Every method writes to the store: call it inside the transaction of the change it follows.
class Workflow {
public:
    Workflow(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today);

    /// Applies as many single steps as the rules allow; returns how many were taken.
    int advance(Id candidatureId, const std::string& actor, std::optional<Id> evidence = std::nullopt);
    /// The same from records just gathered (the night's groups), kept in step with each move.
    int advance(DossierRecords& records, const std::string& actor, std::optional<Id> evidence = std::nullopt);

    /// Queues `letter` to `recipients` (comma-separated addresses) in the outbox.
    Id queue(const std::string& kind, std::optional<Id> candidatureId, const std::string& recipients,
             const outbox::Letter& letter, const std::vector<Id>& attachments = {});
    /// The one reply to the received message `receivedMailId` (whose Message-ID was `inReplyTo`),
    /// marked as an automatic reply (RFC 3834); same transaction rule as queue.
    /// The secretariat opens the pending `account`: its holders are told, with what to do next (a
    /// company gets its first outil n°6 to fill in). Inside the caller's transaction.
    void approveAccount(const Account& account);
    /// Attaches to the queued mail `mailId` the fillable form `kind` for `dossier` (a candidature,
    /// or the account for rules::fillable::boundToAccount) with a new form token bound to it, to
    /// `recipient` (the account's other addresses may answer too) and to `expiresOn`; the form is
    /// rendered when the mail goes.
    void attachForm(Id mailId, rules::fillable::FormKind kind, Id dossier, const std::string& recipient, rules::Date expiresOn);
    Id reply(Id receivedMailId, const std::string& inReplyTo, const std::string& recipients, const outbox::Letter& letter);

    /// The addresses of the company account that owns the candidate.
    std::string companyAddresses(Id candidateId);
    outbox::DossierLine dossierLine(const Candidature& candidature);

    /// What a mail about a candidature needs, for a group read in a few queries (the night's
    /// reminders): the candidature, its line, the company's addresses, the évaluateur's.
    struct Contacts {
        Candidature candidature;
        std::string candidateName;
        std::string companyAddresses;  ///< comma-separated, as companyAddresses
        std::string evaluatorAddress;  ///< the évaluateur habilité's, if any
    };
    std::vector<Contacts> contacts(const std::vector<Id>& candidatureIds);
    outbox::DossierLine dossierLine(const Contacts& contacts) const;

    /// Mails queued by this workflow so far (for the run summary).
    int queued() const { return queued_; }

    Store& store() { return store_; }
    const rules::Referential& referential() const { return referential_; }
    const rules::Deadlines& deadlines() const { return deadlines_; }
    rules::Date today() const { return today_; }

private:
    /// Mails that depend on a state being reached, each sent once per candidature.
    void notifyMilestones(const DossierRecords& records);

    Store& store_;
    const rules::Referential& referential_;
    rules::Deadlines deadlines_;
    rules::Date today_;
    int queued_ = 0;
};

}  // namespace cqp::pipeline
