#include "NightStore.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/ParchmentRepository.h"

#include <map>

namespace cqp::bench {

using namespace pipeline;
using rules::CandidatureStatus;

namespace {

constexpr int juryCapacity = 200;

// Status by position, out of 20: 4 en cours d'inscription, 4 en attente d'évaluation, 3
// validation de l'évaluation, 3 inscription au jury, 6 final (validé, partiel, non validé).
CandidatureStatus statusFor(int i)
{
    const int slot = i % 20;
    if (slot < 4)
        return CandidatureStatus::EnCoursInscription;
    if (slot < 8)
        return CandidatureStatus::EnAttenteEvaluation;
    if (slot < 11)
        return CandidatureStatus::ValidationEvaluation;
    if (slot < 14)
        return CandidatureStatus::InscriptionJury;
    return slot < 17 ? CandidatureStatus::Valide : slot < 19 ? CandidatureStatus::Partiel : CandidatureStatus::NonValide;
}

}  // namespace

NightStore generateNightStore(Store& store, int n, rules::Date night)
{
    NightStore out;
    out.candidatures = n;
    const std::vector<std::string> competences{"FAB-OPE-C1", "FAB-OPE-C2", "FAB-OPE-C3", "FAB-OPE-C4", "FAB-OPE-C5"};
    Id etablissement = 0, account = 0, evaluator = 0, outil6 = 0, outil4 = 0;
    store.transaction([&] {
        auto& accounts = store.accounts();
        const Id company = accounts.addCompany({0, "732829320", "Chimie Exemple SAS"});
        etablissement = accounts.addEtablissement(
            {0, company, "73282932000074", "Usine de Lyon", {"12 rue des Frères Lumière", "", "69008", "Lyon"}});
        Account a;
        a.role = AccountRole::Entreprise;
        a.status = AccountStatus::Active;
        a.displayName = "Chimie Exemple — Usine de Lyon";
        a.etablissementId = etablissement;
        a.createdOn = night.plusDays(-900);
        a.approvedOn = night.plusDays(-899);
        a.addresses = {"rh@chimie-exemple.fr"};
        account = accounts.addAccount(a);
        store.evaluators().importRegistry({Evaluator{0, "EH-0001", "Martin", "Sophie", "sophie.martin@evaluateurs.example",
                                                     night.plusDays(-900), {"552100554"},
                                                     {{"FAB-OPE", night.plusDays(-1000), night.plusDays(1000)}}}});
        evaluator = store.evaluators().byRegistryNumber("EH-0001")->id;
        outil6 = store.documents().store("%PDF-1.4 outil 6", "application/pdf", "outil6.pdf", night.plusDays(-900));
        outil4 = store.documents().store("%PDF-1.4 outil 4", "application/pdf", "outil4.pdf", night.plusDays(-900));
    });

    // Juries: held ones every week back from last week (the first holds the decisions of this
    // night); coming ones from tonight's cut-off on. Filled in order, `juryCapacity` each.
    std::map<int, Id> pastJuries, comingJuries;
    std::map<Id, int> placed;
    auto jury = [&](std::map<int, Id>& juries, int index, rules::Date date) {
        auto& id = juries[index];
        if (id == 0) {
            id = store.juries().addJury({0, date, juryCapacity, std::nullopt, std::nullopt, date.plusDays(-120), 0});
            if (&juries == &pastJuries)  // prepared the night after its cut-off, long ago
                store.juries().freeze(id, date.plusDays(1 - rules::Deadlines{}.registrationMinDaysBeforeJury));
            ++out.juries;
        }
        return id;
    };
    int pastCount = 0, comingCount = 0, lastWeekCount = 0;
    std::map<Id, std::vector<Id>> printed;  // jury → its parchments
    const int cutoffDays = rules::Deadlines{}.registrationMinDaysBeforeJury;

    for (int start = 0; start < n; start += 1000) {
        store.transaction([&] {
            for (int i = start; i < std::min(n, start + 1000); ++i) {
                const auto status = statusFor(i);
                const int age = 30 + (i * 7919) % 700;  // days since the candidature was created
                Candidate candidate;
                candidate.accountId = account;
                candidate.externalRef = "MAT-" + std::to_string(i);
                candidate.nomNaissance = "Candidat" + std::to_string(i);
                candidate.prenoms = "Élise";
                candidate.sexe = i % 2 ? "F" : "M";
                candidate.dateNaissance = rules::Date::parseIso("1990-04-12")->plusDays(i % 5000);
                candidate.communeNaissance = "Saint-Étienne";
                candidate.codeInsee = "42218";
                const Id candidateId = store.candidatures().addCandidate(candidate);

                Candidature c;
                c.candidateId = candidateId;
                c.certificateCode = "FAB-OPE";
                c.competences = competences;
                c.createdOn = night.plusDays(-age);
                if (status != CandidatureStatus::EnCoursInscription) {
                    c.etablissementId = etablissement;
                    c.parcours = "Parcours complet en entreprise";
                    c.dispositif = "FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION";
                    c.evaluatorId = evaluator;
                    c.evaluatorConfirmedOn = c.createdOn.plusDays(5);
                    // Awaiting evaluation: planned from 20 days ago (window closing) to 40 days ahead.
                    c.plannedEvaluationDate = status == CandidatureStatus::EnAttenteEvaluation ? night.plusDays(-(i % 60) + 40 - 20)
                                                                                               : c.createdOn.plusDays(20);
                }
                const Id id = store.candidatures().addCandidature(c, "bench");
                store.documents().attachToCandidate(candidateId, outil6, DocumentKind::Outil6, c.createdOn);
                if (status == CandidatureStatus::EnCoursInscription)
                    continue;
                auto move = [&](CandidatureStatus from, CandidatureStatus to, rules::Date on) {
                    store.candidatures().changeStatus(id, StatusChange{from, to, on, "bench", "bench", std::nullopt, {}});
                };
                move(CandidatureStatus::EnCoursInscription, CandidatureStatus::EnAttenteEvaluation, c.createdOn.plusDays(5));
                if (status == CandidatureStatus::EnAttenteEvaluation)
                    continue;
                c = *store.candidatures().candidature(id);
                c.metierEmail = "chef.atelier@chimie-exemple.fr";
                c.metierInvitedOn = c.createdOn.plusDays(10);
                store.candidatures().updateCandidature(c);
                Evaluation e{id, *c.plannedEvaluationDate, c.plannedEvaluationDate->plusDays(2), "Entretien satisfaisant.", outil4, {}};
                for (std::size_t k = 0; k < competences.size(); ++k)
                    e.results.push_back({competences[k], k != 4 || i % 3 != 0, "Maîtrise observée en situation réelle."});
                store.candidatures().saveEvaluation(e);
                store.documents().attachToCandidature(id, outil4, DocumentKind::Outil4, e.receivedOn);
                store.candidatures().addMetierObservation(
                    {0, id, c.plannedEvaluationDate->plusDays(3), "chef.atelier@chimie-exemple.fr", "Évaluation conforme."});
                move(CandidatureStatus::EnAttenteEvaluation, CandidatureStatus::ValidationEvaluation, e.receivedOn.plusDays(2));
                if (status == CandidatureStatus::ValidationEvaluation)
                    continue;
                // Registered: finals to juries held from two weeks back; in inscription au jury,
                // the first `juryCapacity` to last week's jury (decided: tonight's results and
                // parchments), the others to coming juries.
                const bool lastWeek = status == CandidatureStatus::InscriptionJury && lastWeekCount < juryCapacity;
                const bool held = status != CandidatureStatus::InscriptionJury || lastWeek;
                Id juryId = 0;
                rules::Date juryDate = night;
                if (lastWeek) {
                    ++lastWeekCount;
                    juryDate = night.plusDays(-7);
                    juryId = jury(pastJuries, 0, juryDate);
                } else if (held) {
                    const int index = 1 + pastCount++ / juryCapacity;
                    juryDate = night.plusDays(-7 * (index + 1));
                    juryId = jury(pastJuries, index, juryDate);
                } else {
                    const int index = comingCount++ / juryCapacity;
                    juryDate = night.plusDays(cutoffDays - 1 + 7 * index);  // the first: cut-off yesterday, frozen tonight
                    juryId = jury(comingJuries, index, juryDate);
                }
                ++placed[juryId];
                store.juries().addRegistration({0, id, juryId, juryId, juryDate.plusDays(-cutoffDays - 5), false});
                move(CandidatureStatus::ValidationEvaluation, CandidatureStatus::InscriptionJury, juryDate.plusDays(-cutoffDays - 5));
                if (!held)
                    continue;
                std::vector<Decision> decisions;
                const int validated = status == CandidatureStatus::Valide     ? 5
                                      : status == CandidatureStatus::Partiel    ? 3
                                      : status == CandidatureStatus::NonValide  ? 0
                                      : i % 3 == 0                              ? 3  // decided last week: parchments tonight
                                                                                : 5;
                for (int k = 0; k < 5; ++k)
                    decisions.push_back({id, competences[static_cast<std::size_t>(k)], k < validated, juryId, juryDate.plusDays(1)});
                store.juries().saveDecisions(id, decisions);
                if (status == CandidatureStatus::InscriptionJury)
                    continue;  // decided, to be advanced tonight
                move(CandidatureStatus::InscriptionJury, status, juryDate.plusDays(1));
                if (status == CandidatureStatus::NonValide)
                    continue;
                // Delivered and printed long ago (the batches are recorded at the end).
                Parchment p;
                p.candidatureId = id;
                p.year = juryDate.year();
                p.number = store.parchments().nextNumber(p.year);
                p.issuedOn = juryDate.plusDays(2);
                p.verificationCode = "BNCH-" + std::to_string(100000 + i);
                p.kind = status == CandidatureStatus::Valide ? pipeline::ParchmentKind::Parchemin : pipeline::ParchmentKind::Attestation;
                printed[juryId].push_back(store.parchments().add(p));
            }
        });
    }
    store.transaction([&] {
        for (const auto& [juryId, parchments] : printed) {
            const auto date = store.juries().jury(juryId)->date.plusDays(2);
            const Id document = store.documents().store("%PDF-1.4 lot " + std::to_string(juryId), "application/pdf", "lot.pdf", date);
            store.parchments().addPrintBatch(juryId, document, "lot.pdf", 0, date, parchments);
        }
    });
    return out;
}

}  // namespace cqp::bench
