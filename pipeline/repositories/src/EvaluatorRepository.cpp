#include "cqp/repositories/EvaluatorRepository.h"

#include "Convert.h"
#include "cqp/store/Database.h"

#include <algorithm>
#include <map>

namespace cqp::pipeline {

using namespace detail;

namespace {

constexpr const char* columns = "SELECT id, registry_number, nom, prenom, email, registry_date FROM evaluators";

Evaluator evaluatorFrom(const Row& r)
{
    Evaluator e;
    e.id = r.integer("id");
    e.registryNumber = r.text("registry_number");
    e.nom = r.text("nom");
    e.prenom = r.text("prenom");
    e.email = r.text("email");
    e.registryDate = date(r, "registry_date");
    return e;
}

bool sameHabilitations(std::vector<rules::Habilitation> a, std::vector<rules::Habilitation> b)
{
    auto key = [](const rules::Habilitation& h) {
        return h.certificateCode + h.validFrom.iso() + (h.validUntil ? h.validUntil->iso() : "-");
    };
    auto byKey = [&](const rules::Habilitation& x, const rules::Habilitation& y) { return key(x) < key(y); };
    std::sort(a.begin(), a.end(), byKey);
    std::sort(b.begin(), b.end(), byKey);
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [&](const auto& x, const auto& y) { return key(x) == key(y); });
}

}  // namespace

Evaluator EvaluatorRepository::complete(Evaluator e)
{
    for (const auto& r : db_.query("SELECT siren FROM evaluator_employers WHERE evaluator_id = ? ORDER BY siren", {e.id}))
        e.employerSirens.push_back(r.text("siren"));
    for (const auto& r : db_.query("SELECT certificate_code, valid_from, valid_until FROM habilitations"
                                   " WHERE evaluator_id = ? ORDER BY certificate_code, valid_from",
                                   {e.id}))
        e.habilitations.push_back({r.text("certificate_code"), date(r, "valid_from"), optDate(r, "valid_until")});
    return e;
}

RegistryImport EvaluatorRepository::importRegistry(const std::vector<Evaluator>& evaluators)
{
    RegistryImport result;
    db_.atomic([&] {
        for (const auto& e : evaluators) {
            auto existing = byRegistryNumber(e.registryNumber);
            Id id = 0;
            if (!existing) {
                id = db_.insert("INSERT INTO evaluators (registry_number, nom, prenom, email, registry_date)"
                                " VALUES (?, ?, ?, ?, ?)",
                                {e.registryNumber, e.nom, e.prenom, lower(e.email), e.registryDate.iso()});
                ++result.added;
            } else {
                id = existing->id;
                auto sortedSirens = e.employerSirens;
                std::sort(sortedSirens.begin(), sortedSirens.end());
                const bool same = existing->nom == e.nom && existing->prenom == e.prenom &&
                                  existing->email == lower(e.email) && existing->employerSirens == sortedSirens &&
                                  sameHabilitations(existing->habilitations, e.habilitations);
                if (same) {
                    ++result.unchanged;
                    continue;
                }
                db_.execute("UPDATE evaluators SET nom = ?, prenom = ?, email = ?, registry_date = ? WHERE id = ?",
                            {e.nom, e.prenom, lower(e.email), e.registryDate.iso(), id});
                db_.execute("DELETE FROM evaluator_employers WHERE evaluator_id = ?", {id});
                db_.execute("DELETE FROM habilitations WHERE evaluator_id = ?", {id});
                ++result.updated;
            }
            for (const auto& siren : e.employerSirens)
                db_.execute("INSERT INTO evaluator_employers (evaluator_id, siren) VALUES (?, ?)", {id, siren});
            for (const auto& h : e.habilitations)
                db_.execute("INSERT INTO habilitations (evaluator_id, certificate_code, valid_from, valid_until)"
                            " VALUES (?, ?, ?, ?)",
                            {id, h.certificateCode, h.validFrom.iso(), optDate(h.validUntil)});
        }
    });
    return result;
}

std::optional<Evaluator> EvaluatorRepository::evaluator(Id id)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE id = ?", {id});
    return row ? std::optional{complete(evaluatorFrom(*row))} : std::nullopt;
}

std::vector<Evaluator> EvaluatorRepository::evaluators(const std::vector<Id>& ids)
{
    std::vector<Evaluator> out;
    std::map<Id, std::size_t> at;
    const auto set = db_.dialect().idList(ids);
    for (const auto& r : db_.query(std::string{columns} + " WHERE id" + in(db_) + " ORDER BY id", {set})) {
        at[r.integer("id")] = out.size();
        out.push_back(evaluatorFrom(r));
    }
    for (const auto& r : db_.query("SELECT evaluator_id, siren FROM evaluator_employers WHERE evaluator_id" + in(db_) +
                                       " ORDER BY evaluator_id, siren",
                                   {set}))
        out[at.at(r.integer("evaluator_id"))].employerSirens.push_back(r.text("siren"));
    for (const auto& r : db_.query("SELECT evaluator_id, certificate_code, valid_from, valid_until FROM habilitations"
                                   " WHERE evaluator_id" + in(db_) + " ORDER BY evaluator_id, certificate_code, valid_from",
                                   {set}))
        out[at.at(r.integer("evaluator_id"))].habilitations.push_back(
            {r.text("certificate_code"), date(r, "valid_from"), optDate(r, "valid_until")});
    return out;
}

std::optional<Evaluator> EvaluatorRepository::byRegistryNumber(const std::string& number)
{
    auto row = db_.queryOne(std::string{columns} + " WHERE registry_number = ?", {number});
    return row ? std::optional{complete(evaluatorFrom(*row))} : std::nullopt;
}

std::vector<Evaluator> EvaluatorRepository::all()
{
    std::vector<Evaluator> out;
    for (const auto& r : db_.query(std::string{columns} + " ORDER BY registry_number"))
        out.push_back(complete(evaluatorFrom(r)));
    return out;
}

}  // namespace cqp::pipeline
