#pragma once

#include "cqp/repositories/JuryRecords.h"
#include "cqp/rules/JuryPlacement.h"
#include "cqp/rules/Outcome.h"

#include <optional>
#include <string>
#include <vector>

namespace cqp::pipeline {

namespace detail {
class Database;
}

/// The jury calendar, registrations, decisions and the competences they leave acquired.
class JuryRepository {
public:
    explicit JuryRepository(detail::Database& db) : db_{db} {}

    Id addJury(const Jury& jury);
    std::optional<Jury> jury(Id id);
    /// Every jury by date, with the number of candidatures placed in each.
    std::vector<Jury> calendar();
    /// The calendar in the form the placement rules take.
    std::vector<rules::JurySession> sessions();
    void freeze(Id juryId, rules::Date on);

    Id addRegistration(const Registration& registration);
    /// The candidature's latest registration.
    std::optional<Registration> registrationOf(Id candidatureId);
    std::vector<Registration> registrationsIn(Id juryId);
    /// The juries held before `date` with candidatures placed in them still in inscription au
    /// jury and without decision: each jury and those candidatures, in the order of the calendar.
    std::vector<std::pair<Jury, std::vector<Id>>> undecidedHeldBefore(rules::Date date);

    /// Records (replaces) the jury's decisions for one candidature.
    void saveDecisions(Id candidatureId, const std::vector<Decision>& decisions);
    std::vector<Decision> decisions(Id candidatureId);

    void addAcquisitions(const std::vector<AcquiredCompetence>& acquisitions);
    std::vector<AcquiredCompetence> acquisitions(Id candidateId, const std::string& certificateCode);

    struct Member {
        Id id = 0;
        std::string name;
        std::string email;
        std::string organisation;
    };
    Id addMember(const Member& member);
    std::vector<Member> members();
    /// A member who leaves the jury: receives no more files. False when there is no such member.
    bool removeMember(Id id);
    /// Moves a registration to another jury (a secretariat decision, recorded by the caller).
    void moveRegistration(Id registrationId, Id juryId);

    // Set-based: the latest registration of each candidature that has one; the decisions of the
    // candidatures; the acquisitions of the candidates (every certificate).
    std::vector<Registration> registrationsOf(const std::vector<Id>& candidatureIds);
    std::vector<Jury> juries(const std::vector<Id>& ids);
    std::vector<Decision> decisionsOf(const std::vector<Id>& candidatureIds);
    std::vector<AcquiredCompetence> acquisitionsOf(const std::vector<Id>& candidateIds);

private:
    detail::Database& db_;
};

}  // namespace cqp::pipeline
