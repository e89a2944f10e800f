#include "cqp/rules/JuryPlacement.h"

#include <algorithm>

namespace cqp::rules {

bool openForRegistration(const JurySession& jury, std::string_view certificateCode, Date today, const Deadlines& deadlines)
{
    return !jury.frozen && !(registrationCutoff(jury.date, deadlines) < today) &&
           (!jury.certificateCode || *jury.certificateCode == certificateCode) && jury.placed < jury.capacity;
}

JuryPlanner::JuryPlanner(std::vector<JurySession> calendar, Deadlines deadlines)
    : calendar_{std::move(calendar)}, deadlines_{deadlines}
{
    std::sort(calendar_.begin(), calendar_.end(),
              [](const JurySession& a, const JurySession& b) { return a.date != b.date ? a.date < b.date : a.id < b.id; });
}

Refusals JuryPlanner::whyNot(const JurySession& jury, const RegistrationRequest& request) const
{
    Refusals reasons;
    if (jury.certificateCode && *jury.certificateCode != request.certificateCode)
        reasons.push_back({"jury_other_certificate", "Le jury du " + jury.date.french() +
                                                         " n'examine que le CQP " + *jury.certificateCode + "."});
    if (jury.frozen)
        reasons.push_back({"jury_frozen", "La liste du jury du " + jury.date.french() + " est arrêtée."});
    auto late = checkRegistrationDate(request.receivedOn, jury.date, deadlines_);
    reasons.insert(reasons.end(), late.begin(), late.end());
    if (jury.placed >= jury.capacity)
        reasons.push_back({"jury_full", "Le jury du " + jury.date.french() + " est complet (" +
                                            std::to_string(jury.capacity) + " dossiers)."});
    return reasons;
}

Placement JuryPlanner::place(const RegistrationRequest& request)
{
    Placement placement{request.candidatureId, request.requestedJuryId, {}, {}, false, {}};
    const auto requested = std::find_if(calendar_.begin(), calendar_.end(),
                                        [&](const JurySession& j) { return j.id == request.requestedJuryId; });
    if (requested == calendar_.end()) {
        placement.reasons.push_back({"jury_unknown", "Le jury demandé (n°" + std::to_string(request.requestedJuryId) +
                                                         ") n'existe pas dans le calendrier."});
        return placement;
    }
    placement.reasons = whyNot(*requested, request);
    auto chosen = placement.reasons.empty() ? requested : calendar_.end();
    for (auto it = std::next(requested); chosen == calendar_.end() && it != calendar_.end(); ++it)
        if (whyNot(*it, request).empty())
            chosen = it;
    if (chosen == calendar_.end()) {
        placement.reasons.push_back({"no_jury_available",
                                     "Aucun jury du calendrier ne peut recevoir cette candidature après le " +
                                         requested->date.french() + "."});
        return placement;
    }
    ++chosen->placed;
    placement.juryId = chosen->id;
    placement.juryDate = chosen->date;
    placement.moved = chosen != requested;
    return placement;
}

std::vector<Placement> placeRegistrations(std::vector<JurySession> calendar,
                                          const std::vector<RegistrationRequest>& requests,
                                          const Deadlines& deadlines)
{
    JuryPlanner planner{std::move(calendar), deadlines};
    std::vector<Placement> placements;
    placements.reserve(requests.size());
    for (const auto& request : requests)
        placements.push_back(planner.place(request));
    return placements;
}

}  // namespace cqp::rules
