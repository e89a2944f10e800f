#pragma once

// The secretariat's actions on the process, one function each, shared by the command line and
// the console (`cqp serve`): each is one transaction that does the change, records it in the
// dossier's or the account's history with the person who acted, and appends it to the action
// log. The decisions are the rules' and the workflow's; nothing here decides twice.

#include "cqp/repositories/Id.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/workflow/MailIntake.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline {

class Store;

/// Who acts: a console user, or the secretariat at its terminal.
struct Actor {
    std::string name;               ///< the console user's name; "secretariat" at the terminal
    std::string channel = "cli";    ///< "console" or "cli"
    /// As the histories record it: « amelie (console) », or « secretariat ».
    std::string label() const { return channel == "cli" ? name : name + " (" + channel + ")"; }
};

/// What the action did, in French, for the person who asked.
struct ActionOutcome {
    bool done = false;  ///< false: nothing to do, or refused (the message says why)
    std::string message;
};

/// The item an action names does not exist (or is not in a state it applies to): French.
class NoSuchItem : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Secretariat {
public:
    Secretariat(Store& store, const rules::Referential& referential, rules::Deadlines deadlines, rules::Date today, Actor actor);

    /// Closes an open review with what was done; the dossier moves on if nothing else holds it.
    ActionOutcome resolveReview(Id reviewId, const std::string& reason);
    ActionOutcome approveAccount(Id accountId);
    ActionOutcome suspendAccount(Id accountId, const std::string& reason);
    ActionOutcome reinstateAccount(Id accountId, const std::string& reason);
    /// Processes a quarantined message again (after the cause was fixed).
    ActionOutcome retryQuarantined(Id messageId, const IntakeSettings& intake);
    /// Sets a quarantined message aside: kept in the store, no longer listed.
    ActionOutcome dropQuarantined(Id messageId);
    /// A failed mail is tried again; a sent one goes once more as a copy.
    ActionOutcome resendMail(Id mailId);
    /// The print batch's parchments were posted.
    ActionOutcome markPosted(Id batchId);
    /// The jury's decisions for one candidature, per competence (code, validated), given by the
    /// secretariat: through the same document and handler as `cqp jury decide`.
    ActionOutcome decide(Id juryId, Id candidatureId, const std::vector<std::pair<std::string, bool>>& competences);
    /// A decisionsJury document, as `cqp jury decide` reads it from a file.
    ActionOutcome decideDocument(const std::string& xml, const std::string& fileName);

private:
    void log(const std::string& action, const std::string& object, const std::string& detail);
    ActionOutcome changeAccountStatus(Id accountId, bool suspend, const std::string& reason);

    Store& store_;
    const rules::Referential& referential_;
    rules::Deadlines deadlines_;
    rules::Date today_;
    Actor actor_;
};

}  // namespace cqp::pipeline
