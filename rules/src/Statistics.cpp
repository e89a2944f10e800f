#include "cqp/rules/Statistics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace cqp::rules {

DurationSummary summarizeDurations(std::vector<int> days)
{
    DurationSummary s;
    s.count = static_cast<int>(days.size());
    if (days.empty())
        return s;
    std::sort(days.begin(), days.end());
    const std::size_t n = days.size();
    s.median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
    const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));  // 1-based
    s.p90 = days[std::max<std::size_t>(rank, 1) - 1];
    return s;
}

namespace {

const std::pair<const char*, const char*> dispositifLabels[] = {
        {"FORMATION_INITIALE_HORS_APPRENTISSAGE", "Formation initiale hors apprentissage"},
        {"FORMATION_INITIALE_APPRENTISSAGE", "Apprentissage"},
        {"FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION", "Formation continue hors contrat de professionnalisation"},
        {"FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION", "Contrat de professionnalisation"},
        {"VAE", "Validation des acquis de l'expérience"},
        {"EQUIVALENCE_DIPLOME_ETRANGER", "Équivalence de diplôme étranger"},
        {"CANDIDAT_LIBRE", "Candidat libre"},
};

}  // namespace

const std::vector<std::string>& dispositifCodes()
{
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> all;
        for (const auto& [code, label] : dispositifLabels)
            all.emplace_back(code);
        return all;
    }();
    return codes;
}

std::string dispositifLabel(const std::string& code)
{
    if (code.empty())
        return "Non renseigné";
    for (const auto& [c, label] : dispositifLabels)
        if (code == c)
            return label;
    return code;
}

double percent(long long part, long long whole)
{
    if (whole == 0)
        return 0;
    return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

}  // namespace cqp::rules
