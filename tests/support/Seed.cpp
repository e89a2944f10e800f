#include "Seed.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"

namespace cqp::test {

using namespace pipeline;

namespace {
rules::Date d(const char* iso) { return *rules::Date::parseIso(iso); }
}  // namespace

SeededDossier seedDossier(Store& store, SeedUpTo upTo, std::vector<bool> validated, const std::string& suffix)
{
    SeededDossier s;
    auto& accounts = store.accounts();
    if (auto existing = accounts.companyBySiren("732829320")) {
        s.company = existing->id;
        s.etablissement = accounts.etablissementBySiret("73282932000074")->id;
        s.account = accounts.accountsByAddress("rh@chimie-exemple.fr").front().id;
    } else {
        s.company = accounts.addCompany({0, "732829320", "Chimie Exemple SAS"});
        s.etablissement = accounts.addEtablissement(
            {0, s.company, "73282932000074", "Usine de Lyon", {"12 rue des Frères Lumière", "", "69008", "Lyon"}});
        Account account;
        account.role = AccountRole::Entreprise;
        account.status = AccountStatus::Active;
        account.displayName = "Chimie Exemple — Usine de Lyon";
        account.etablissementId = s.etablissement;
        account.createdOn = d("2026-01-05");
        account.approvedOn = d("2026-01-06");
        account.addresses = {"RH@chimie-exemple.fr"};
        s.account = accounts.addAccount(account);
    }
    if (auto existing = store.evaluators().byRegistryNumber("EH-0001")) {
        s.evaluator = existing->id;
    } else {
        store.evaluators().importRegistry({Evaluator{0, "EH-0001", "Martin", "Sophie", "sophie.martin@evaluation.example",
                                                     d("2026-01-15"), {"552100554"},
                                                     {{"FAB-OPE", d("2024-01-01"), d("2028-12-31")}}}});
        s.evaluator = store.evaluators().byRegistryNumber("EH-0001")->id;
    }

    Candidate candidate;
    candidate.accountId = s.account;
    candidate.externalRef = "MAT-" + suffix + "42";
    candidate.nomNaissance = "Dupont" + suffix;
    candidate.prenoms = "Élise Marie";
    candidate.sexe = "F";
    candidate.dateNaissance = d("1990-04-12");
    candidate.communeNaissance = "Saint-Étienne";
    candidate.codeInsee = "42218";
    s.candidate = store.candidatures().addCandidate(candidate);

    Candidature c;
    c.candidateId = s.candidate;
    c.certificateCode = "FAB-OPE";
    c.competences = {"FAB-OPE-C1", "FAB-OPE-C2", "FAB-OPE-C3", "FAB-OPE-C4", "FAB-OPE-C5"};
    c.createdOn = d("2026-01-20");
    if (upTo >= SeedUpTo::Registered) {
        c.etablissementId = s.etablissement;
        c.parcours = "Parcours complet en entreprise";
        c.dispositif = "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION";
        c.evaluatorId = s.evaluator;
        c.evaluatorConfirmedOn = d("2026-01-25");
        c.plannedEvaluationDate = d("2026-03-02");
    }
    s.candidature = store.candidatures().addCandidature(c, "test");
    if (upTo >= SeedUpTo::Registered) {
        const Id outil6 = store.documents().store("%PDF-1.4 outil 6 " + suffix + std::to_string(s.candidate),
                                                  "application/pdf", "outil6.pdf", d("2026-01-20"));
        store.documents().attachToCandidate(s.candidate, outil6, DocumentKind::Outil6, d("2026-01-20"));
    }
    if (upTo >= SeedUpTo::Evaluated) {
        c = *store.candidatures().candidature(s.candidature);
        c.metierEmail = "chef.atelier@chimie-exemple.fr";
        c.metierInvitedOn = d("2026-02-20");
        store.candidatures().updateCandidature(c);
        const Id outil4 = store.documents().store("%PDF-1.4 outil 4 " + suffix + std::to_string(s.candidature),
                                                  "application/pdf", "outil4.pdf", d("2026-03-04"));
        Evaluation e{s.candidature, d("2026-03-02"), d("2026-03-04"), "Je suis satisfaite de l'entretien.", outil4, {}};
        for (const auto& code : c.competences)
            e.results.push_back({code, true, "Maîtrise observée en situation réelle."});
        store.candidatures().saveEvaluation(e);
    }
    if (upTo >= SeedUpTo::Observed)
        store.candidatures().addMetierObservation(
            {0, s.candidature, d("2026-03-06"), "chef.atelier@chimie-exemple.fr", "Évaluation conforme à l'activité réelle."});
    if (upTo >= SeedUpTo::JuryRegistered) {
        const auto calendar = store.juries().calendar();
        s.jury = calendar.empty() ? store.juries().addJury({0, d("2026-06-25"), 30, std::nullopt, std::nullopt, d("2026-01-02"), 0})
                                  : calendar.front().id;
        store.juries().addRegistration({0, s.candidature, s.jury, s.jury, d("2026-05-01"), false});
    }
    if (upTo >= SeedUpTo::Decided) {
        std::vector<Decision> decisions;
        for (std::size_t i = 0; i < c.competences.size(); ++i)
            decisions.push_back({s.candidature, c.competences[i], i < validated.size() ? bool(validated[i]) : true, s.jury,
                                 d("2026-06-26")});
        store.juries().saveDecisions(s.candidature, decisions);
    }
    return s;
}

}  // namespace cqp::test
