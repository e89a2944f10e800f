#pragma once

#include "cqp/rules/Date.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Refusal.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqp::rules {

/// One meeting of the jury paritaire national in the CPNE's calendar.
struct JurySession {
    std::int64_t id = 0;
    Date date;
    int capacity = 0;                             ///< dossiers it can examine
    int placed = 0;                               ///< dossiers already placed in it
    std::optional<std::string> certificateCode;   ///< examines only this CQP when set
    bool frozen = false;                          ///< list frozen: nothing more can be placed
};

/// Whether a candidature of `certificateCode` may still be registered to `jury` on `today`: not
/// frozen, before its registration cut-off, examining that CQP, with a place left.
bool openForRegistration(const JurySession& jury, std::string_view certificateCode, Date today, const Deadlines& deadlines);

/// A company's request to register a candidature to a jury, in order of arrival.
struct RegistrationRequest {
    std::int64_t candidatureId = 0;
    std::string certificateCode;
    std::int64_t requestedJuryId = 0;
    Date receivedOn;
};

struct Placement {
    std::int64_t candidatureId = 0;
    std::int64_t requestedJuryId = 0;
    std::optional<std::int64_t> juryId;  ///< where it was placed; empty when no jury could take it
    std::optional<Date> juryDate;
    bool moved = false;                  ///< placed in a later jury than the one requested
    Refusals reasons;                    ///< why the requested jury (or every jury) could not take it
};

/// The calendar as placements fill it: place each request in the requested jury when it has
/// room, examines that CQP and its registration cut-off is respected; else in the next such
/// jury by date.
class JuryPlanner {
public:
    JuryPlanner(std::vector<JurySession> calendar, Deadlines deadlines);

    Placement place(const RegistrationRequest& request);
    const std::vector<JurySession>& calendar() const { return calendar_; }

private:
    Refusals whyNot(const JurySession& jury, const RegistrationRequest& request) const;

    std::vector<JurySession> calendar_;  // sorted by date, then id
    Deadlines deadlines_;
};

/// Places every request in arrival order.
std::vector<Placement> placeRegistrations(std::vector<JurySession> calendar,
                                          const std::vector<RegistrationRequest>& requests,
                                          const Deadlines& deadlines);

}  // namespace cqp::rules
