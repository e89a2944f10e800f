// A candidature's whole dossier for the secretariat, without SQL (issue 14, item 7): the view
// the console shows too (cqp/actions/Views.h), as text; each reading is in the access log.

#include "CommandSupport.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Views.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/rules/Statistics.h"
#include "cqp/rules/Status.h"
#include "cqp/store/Clock.h"

namespace cqp::pipeline::detail {

namespace {

void civilStatus(Invocation& inv, const DossierView& v)
{
    const auto& c = v.candidature;
    if (v.erased()) {
        inv.out << "candidat n°" << v.candidate->id << " : données effacées à sa demande (cqp privacy erase)\n";
    } else if (const auto& p = v.candidate) {
        const bool woman = p->sexe == "F";
        inv.out << "candidat n°" << p->id << " : " << p->prenoms << " " << p->nomNaissance
                << (p->nomUsage.empty() || p->nomUsage == p->nomNaissance ? "" : " (nom d'usage " + p->nomUsage + ")")
                << (woman ? ", née le " : ", né le ") << (p->dateNaissance ? p->dateNaissance->french() : "?") << " à "
                << (p->communeNaissance.empty() ? p->paysNaissance : p->communeNaissance)
                << (p->email.empty() ? "" : ", " + p->email) << (p->externalRef ? ", référence " + *p->externalRef : "") << "\n";
    }
    if (const auto& e = v.etablissement)
        inv.out << "entreprise : " << e->name << " (SIRET " << e->siret << ")\n";
    if (const auto& ev = v.evaluator)
        inv.out << "évaluateur habilité : " << ev->prenom << " " << ev->nom << " (" << ev->registryNumber << ", " << ev->email << ")"
                << (c.plannedEvaluationDate ? ", évaluation prévue le " + c.plannedEvaluationDate->french() : "") << "\n";
    if (!c.metierEmail.empty())
        inv.out << "évaluateur métier : " << (c.metierName.empty() ? c.metierEmail : c.metierName + " (" + c.metierEmail + ")")
                << (c.metierInvitedOn ? ", invité le " + c.metierInvitedOn->french() : std::string{}) << "\n";
    inv.out << "parcours : " << c.parcours << "\ndispositif : " << rules::dispositifLabel(c.dispositif) << "\n";
}

void documents(Invocation& inv, const DossierView& v)
{
    inv.out << "documents :\n";
    for (const auto& d : v.documents)
        inv.out << "  " << d.kindLabel << " : document " << d.id << " « " << d.fileName << " » reçu le " << d.receivedOn.french()
                << (d.scanState.empty() ? "" : " — " + d.scanState) << "\n";
}

void evaluation(Invocation& inv, const DossierView& v)
{
    if (const auto& e = v.evaluation) {
        inv.out << "évaluation du " << e->evaluationDate.french() << " (résultats reçus le " << e->receivedOn.french() << ") :\n";
        for (const auto& r : e->results)
            inv.out << "  " << r.competenceCode << " : " << (r.acquired ? "acquis" : "non acquis")
                    << (r.comment.empty() ? "" : " — " + r.comment) << "\n";
        if (!e->candidateObservations.empty())
            inv.out << "  observations du candidat : " << e->candidateObservations << "\n";
    }
    for (const auto& o : v.observations)
        inv.out << "observations de l'évaluateur métier (" << o.author << ", " << o.receivedOn.french() << ") : " << o.observations
                << "\n";
}

void juryAndParchment(Invocation& inv, const DossierView& v)
{
    if (const auto& r = v.registration)
        inv.out << "jury : " << (v.jury ? "n°" + std::to_string(v.jury->id) + " du " + v.jury->date.french() : std::string{"non placé"})
                << " (inscription reçue le " << r->receivedOn.french() << (r->moved ? ", déplacée" : "") << ")\n";
    for (const auto& d : v.decisions)
        inv.out << "  décision " << d.competenceCode << " : " << (d.validated ? "validée" : "non validée") << " le "
                << d.decidedOn.french() << "\n";
    for (const auto& p : v.parchments)
        inv.out << parchmentLine(p, true) << "\n";
}

void historyAndMails(Invocation& inv, const DossierView& v)
{
    inv.out << "historique :\n";
    for (const auto& h : v.history)
        inv.out << "  " << h.logicalDate.french() << "  " << (h.from ? std::string{rules::statusLabel(*h.from)} : "—") << " → "
                << rules::statusLabel(h.to) << "  par " << h.actor << (h.reason.empty() ? "" : "  motif : " + h.reason) << "\n";
    inv.out << "courriels :\n";
    for (const auto& m : v.mails)
        inv.out << "  " << m.logicalDate.french() << "  " << outboxStateLabel(m.state) << "  " << m.recipient << "  « " << m.subject
                << " »\n";
}

int cmdDossierShow(Invocation& inv)
{
    const Id id = parseId(operand(inv, 2, "CANDIDATURE"), "CANDIDATURE");
    expectWords(inv, 3);
    const auto referential = loadReferential(inv.settings);
    auto store = openStore(inv.settings);
    const auto v = dossierView(*store, referential, id);
    if (!v)
        throw UsageError("no candidature " + std::to_string(id) + " (cqp status)");
    const auto& c = v->candidature;
    store->transaction([&] {
        store->console().logAccess({0, utcTimestamp(), "secretariat", "cli", c.candidateId, c.id, "dossier"});
    });
    inv.out << "candidature n°" << c.id << " au " << c.certificateCode << " — "
            << (v->certificateTitle.empty() ? std::string{"(absent du référentiel)"} : v->certificateTitle) << "\nstatut : « "
            << rules::statusLabel(c.status) << " » depuis le " << c.statusChangedOn.french() << " (créée le " << c.createdOn.french()
            << (c.externalRef ? ", référence " + *c.externalRef : std::string{}) << ")\n";
    civilStatus(inv, *v);
    documents(inv, *v);
    evaluation(inv, *v);
    juryAndParchment(inv, *v);
    historyAndMails(inv, *v);
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
