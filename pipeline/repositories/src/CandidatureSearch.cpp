// The secretariat's search of the dossiers (the console), beside CandidatureRepository.cpp.

#include "cqp/repositories/CandidatureRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

namespace cqp::pipeline {

using namespace detail;

namespace {

// The text as a LIKE pattern matching it anywhere, its own % and _ taken literally.
std::string containing(const std::string& text)
{
    std::string out = "%";
    for (const char c : lower(text)) {
        if (c == '%' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "%";
}

}  // namespace

std::vector<CandidatureRepository::Found> CandidatureRepository::search(const std::string& text, std::size_t limit)
{
    std::string sql =
        "SELECT c.id, c.candidate_id, d.prenoms, CASE WHEN d.nom_usage <> '' THEN d.nom_usage ELSE d.nom_naissance END AS nom,"
        " c.certificate_code, c.status, COALESCE(e.name, '') AS company FROM candidatures c"
        " JOIN candidates d ON d.id = c.candidate_id LEFT JOIN etablissements e ON e.id = c.etablissement_id";
    Params params;
    if (!text.empty()) {
        const std::string pattern = containing(text);
        std::int64_t number = -1;
        if (text.size() < 16 && text.find_first_not_of("0123456789") == std::string::npos)
            number = std::stoll(text);
        sql += " WHERE c.id = ? OR LOWER(d.nom_naissance) LIKE ? ESCAPE '\\' OR LOWER(d.nom_usage) LIKE ? ESCAPE '\\'"
               " OR LOWER(d.prenoms) LIKE ? ESCAPE '\\' OR LOWER(e.name) LIKE ? ESCAPE '\\' OR e.siret = ?";
        params = {number, pattern, pattern, pattern, pattern, text};
    }
    sql += " ORDER BY c.id DESC LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(limit));
    std::vector<Found> out;
    for (const auto& r : db_.query(sql, params))
        out.push_back({r.integer("id"), r.integer("candidate_id"), r.text("prenoms"), r.text("nom"), r.text("certificate_code"),
                       status(r, "status"), r.text("company")});
    return out;
}

}  // namespace cqp::pipeline
