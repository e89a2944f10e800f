// A candidature's whole dossier for the secretariat, without SQL (issue 14, item 7).

#include "CommandSupport.h"

#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/JuryRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/repositories/ParchmentRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Statistics.h"
#include "cqp/rules/Status.h"

namespace cqp::pipeline::detail {

namespace {

std::string scanLabel(const std::string& outcome)
{
    if (outcome.empty())
        return "";
    if (outcome == "pending")
        return " — en attente de lecture";
    if (outcome == "filed")
        return " — lu";
    if (outcome == "unidentified")
        return " — lu, non identifié (vérification ouverte)";
    if (outcome == "unreadable")
        return " — illisible (vérification ouverte)";
    return " — lecture en échec (vérification ouverte)";
}

void civilStatus(Invocation& inv, Store& store, const Candidature& c)
{
    const auto p = store.candidatures().candidate(c.candidateId);
    if (!p)
        return;
    const bool woman = p->sexe == "F";
    inv.out << "candidat n°" << p->id << " : " << p->prenoms << " " << p->nomNaissance
            << (p->nomUsage.empty() || p->nomUsage == p->nomNaissance ? "" : " (nom d'usage " + p->nomUsage + ")")
            << (woman ? ", née le " : ", né le ") << (p->dateNaissance ? p->dateNaissance->french() : "?") << " à "
            << (p->communeNaissance.empty() ? p->paysNaissance : p->communeNaissance)
            << (p->email.empty() ? "" : ", " + p->email) << (p->externalRef ? ", référence " + *p->externalRef : "") << "\n";
    if (c.etablissementId)
        if (const auto e = store.accounts().etablissement(*c.etablissementId))
            inv.out << "entreprise : " << e->name << " (SIRET " << e->siret << ")\n";
    if (c.evaluatorId)
        if (const auto ev = store.evaluators().evaluator(*c.evaluatorId))
            inv.out << "évaluateur habilité : " << ev->prenom << " " << ev->nom << " (" << ev->registryNumber << ", " << ev->email
                    << ")" << (c.plannedEvaluationDate ? ", évaluation prévue le " + c.plannedEvaluationDate->french() : "")
                    << "\n";
    if (!c.metierEmail.empty())
        inv.out << "évaluateur métier : " << (c.metierName.empty() ? c.metierEmail : c.metierName + " (" + c.metierEmail + ")")
                << (c.metierInvitedOn ? ", invité le " + c.metierInvitedOn->french() : std::string{}) << "\n";
    inv.out << "parcours : " << c.parcours << "\ndispositif : " << rules::dispositifLabel(c.dispositif) << "\n";
}

void documents(Invocation& inv, Store& store, const Candidature& c)
{
    static const std::pair<DocumentKind, const char*> kinds[] = {{DocumentKind::Outil4, "outil n°4"},
                                                                 {DocumentKind::Outil6, "outil n°6"},
                                                                 {DocumentKind::Diplome, "diplôme"},
                                                                 {DocumentKind::Autre, "autre"}};
    inv.out << "documents :\n";
    for (const auto& [kind, label] : kinds) {
        auto ids = store.documents().candidatureDocuments(c.id, kind);
        for (const Id id : store.documents().candidateDocuments(c.candidateId, kind))
            ids.push_back(id);
        for (const Id id : ids)
            if (const auto d = store.documents().document(id))
                inv.out << "  " << label << " : document " << d->id << " « " << d->fileName << " » reçu le "
                        << d->receivedOn.french() << scanLabel(store.mail().scanOutcome(d->id)) << "\n";
    }
}

void evaluation(Invocation& inv, Store& store, const Candidature& c)
{
    if (const auto e = store.candidatures().evaluation(c.id)) {
        inv.out << "évaluation du " << e->evaluationDate.french() << " (résultats reçus le " << e->receivedOn.french() << ") :\n";
        for (const auto& r : e->results)
            inv.out << "  " << r.competenceCode << " : " << (r.acquired ? "acquis" : "non acquis")
                    << (r.comment.empty() ? "" : " — " + r.comment) << "\n";
        if (!e->candidateObservations.empty())
            inv.out << "  observations du candidat : " << e->candidateObservations << "\n";
    }
    for (const auto& o : store.candidatures().metierObservations(c.id))
        inv.out << "observations de l'évaluateur métier (" << o.author << ", " << o.receivedOn.french() << ") : " << o.observations
                << "\n";
}

void juryAndParchment(Invocation& inv, Store& store, const Candidature& c)
{
    if (const auto r = store.juries().registrationOf(c.id)) {
        const auto jury = r->placedJuryId ? store.juries().jury(*r->placedJuryId) : std::nullopt;
        inv.out << "jury : " << (jury ? "n°" + std::to_string(jury->id) + " du " + jury->date.french() : std::string{"non placé"})
                << " (inscription reçue le " << r->receivedOn.french() << (r->moved ? ", déplacée" : "") << ")\n";
    }
    for (const auto& d : store.juries().decisions(c.id))
        inv.out << "  décision " << d.competenceCode << " : " << (d.validated ? "validée" : "non validée") << " le "
                << d.decidedOn.french() << "\n";
    for (const auto& p : store.parchments().allOfCandidature(c.id))
        inv.out << parchmentLine(p, true) << "\n";
}

void historyAndMails(Invocation& inv, Store& store, const Candidature& c)
{
    inv.out << "historique :\n";
    for (const auto& h : store.candidatures().history(c.id))
        inv.out << "  " << h.logicalDate.french() << "  " << (h.from ? std::string{rules::statusLabel(*h.from)} : "—") << " → "
                << rules::statusLabel(h.to) << "  par " << h.actor << (h.reason.empty() ? "" : "  motif : " + h.reason) << "\n";
    inv.out << "courriels :\n";
    for (const auto& m : store.mail().aboutCandidature(c.id))
        inv.out << "  " << m.logicalDate.french() << "  " << outboxStateLabel(m.state)
                << "  " << m.recipient << "  « " << m.subject << " »\n";
}

int cmdDossierShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATURE"), "CANDIDATURE");
    expectWords(inv, 3);
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto c = store->candidatures().candidature(id);
    if (!c)
        throw UsageError("no candidature " + std::to_string(id) + " (cqp status)");
    const auto* certificate = referential.certificate(c->certificateCode);
    inv.out << "candidature n°" << c->id << " au " << c->certificateCode << " — "
            << (certificate ? certificate->title : std::string{"(absent du référentiel)"}) << "\nstatut : « "
            << rules::statusLabel(c->status) << " » depuis le " << c->statusChangedOn.french() << " (créée le " << c->createdOn.french()
            << (c->externalRef ? ", référence " + *c->externalRef : std::string{}) << ")\n";
    civilStatus(inv, *store, *c);
    documents(inv, *store, *c);
    evaluation(inv, *store, *c);
    juryAndParchment(inv, *store, *c);
    historyAndMails(inv, *store, *c);
    return ExitDone;
}

}  // namespace

CommandList dossierCommands()
{
    return {
        {{"dossier", "show"},
         "dossier show CANDIDATURE",
         "a candidature's whole dossier: civil status, company, evaluators, documents and whether they were read, results, "
         "jury, decisions, parchment, history, mails",
         {},
         cmdDossierShow},
    };
}

}  // namespace cqp::pipeline::detail
