// A candidature's dossier (every reading recorded in the access log), its documents shown in
// the page, and the scans the secretariat must settle.

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Views.h"
#include "cqp/repositories/DocumentRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/rules/Statistics.h"
#include "cqp/rules/Status.h"

namespace cqp::pipeline::web {

namespace {

std::string n(Id id) { return std::to_string(id); }

std::string civilStatus(const DossierView& v)
{
    const auto& c = v.candidature;
    std::string out = "<h2>Candidat</h2>\n<dl>\n";
    const auto row = [&](const std::string& term, const std::string& value) {
        out += "<dt>" + h(term) + "</dt><dd>" + h(value) + "</dd>\n";
    };
    if (v.erased()) {
        row("État civil", "effacé à la demande de la personne");
    } else if (const auto& p = v.candidate) {
        row("Nom de naissance", p->nomNaissance);
        if (!p->nomUsage.empty() && p->nomUsage != p->nomNaissance)
            row("Nom d'usage", p->nomUsage);
        row("Prénoms", p->prenoms);
        row(p->sexe == "F" ? "Née le" : "Né le", p->dateNaissance ? p->dateNaissance->french() : "?");
        row("Lieu de naissance", p->communeNaissance.empty() ? p->paysNaissance : p->communeNaissance);
        if (!p->email.empty())
            row("Courriel", p->email);
    }
    if (v.etablissement)
        row("Entreprise", v.etablissement->name + " (SIRET " + v.etablissement->siret + ")");
    if (v.evaluator)
        row("Évaluateur habilité", v.evaluator->prenom + " " + v.evaluator->nom + " (" + v.evaluator->registryNumber + ", " +
                                       v.evaluator->email + ")");
    if (c.plannedEvaluationDate)
        row("Évaluation prévue le", c.plannedEvaluationDate->french());
    if (!c.metierEmail.empty())
        row("Évaluateur métier", c.metierName.empty() ? c.metierEmail : c.metierName + " (" + c.metierEmail + ")");
    row("Parcours", c.parcours);
    row("Dispositif", rules::dispositifLabel(c.dispositif));
    return out + "</dl>\n";
}

std::string documents(const DossierView& v)
{
    std::string out = "<h2>Documents</h2>\n";
    std::vector<std::vector<std::string>> rows;
    std::string shown;
    for (const auto& d : v.documents) {
        const std::string href = "/secretariat/documents/" + n(d.id) + "?dossier=" + n(v.candidature.id);
        rows.push_back({h(d.kindLabel), link(href, d.fileName), h(d.receivedOn.french()), h(d.scanState.empty() ? "—" : d.scanState)});
        // The scans and PDFs themselves, in the page: images as images, PDFs in a frame.
        if (d.mediaType == "image/png" || d.mediaType == "image/jpeg")
            shown += "<figure><img class=\"scan\" src=\"" + h(href) + "\" alt=\"" + h(d.kindLabel + " : " + d.fileName) +
                     "\"><figcaption>" + h(d.kindLabel + " — " + d.fileName) + "</figcaption></figure>\n";
        else if (d.mediaType == "application/pdf")
            shown += "<iframe class=\"document\" src=\"" + h(href) + "\" title=\"" + h(d.kindLabel + " : " + d.fileName) +
                     "\"></iframe>\n";
    }
    out += table("Pièces du dossier", {"Pièce", "Fichier", "Reçu le", "Lecture"}, rows);
    return out + (shown.empty() ? "" : "<div class=\"gallery\">\n" + shown + "</div>\n");
}

std::string results(const DossierView& v)
{
    std::string out;
    if (const auto& e = v.evaluation) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& r : e->results)
            rows.push_back({h(r.competenceCode), r.acquired ? "acquise" : "non acquise", h(r.comment)});
        out += "<h2>Évaluation</h2>\n" + table("Évaluation du " + e->evaluationDate.french() + " (reçue le " + e->receivedOn.french() + ")",
                                              {"Compétence", "Résultat", "Commentaire"}, rows);
        if (!e->candidateObservations.empty())
            out += "<p><strong>Observations du candidat :</strong> " + h(e->candidateObservations) + "</p>\n";
    }
    for (const auto& o : v.observations)
        out += "<p><strong>Observations de l'évaluateur métier</strong> (" + h(o.author) + ", " + h(o.receivedOn.french()) + ") : " +
               h(o.observations) + "</p>\n";
    return out;
}

std::string juryAndParchment(const DossierView& v)
{
    std::string out = "<h2>Jury et décision</h2>\n";
    if (v.registration)
        out += "<p>" + (v.jury ? link("/secretariat/jurys/" + n(v.jury->id), "Jury n°" + n(v.jury->id) + " du " + v.jury->date.french())
                               : std::string{"Inscription reçue, pas encore placée"}) +
               " — inscription reçue le " + h(v.registration->receivedOn.french()) + (v.registration->moved ? ", déplacée" : "") + ".</p>\n";
    else
        out += "<p>Pas encore inscrite à un jury.</p>\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : v.decisions)
        rows.push_back({h(d.competenceCode), d.validated ? "validée" : "non validée", h(d.decidedOn.french())});
    if (!rows.empty())
        out += table("Décisions du jury", {"Compétence", "Décision", "Le"}, rows);
    for (const auto& p : v.parchments)
        out += "<p>" + h(parchmentLine(p, true)) + " — " + link("/verifier/" + p.verificationCode, "page de vérification publique") +
               "</p>\n";
    return out;
}

std::string historyAndMails(const DossierView& v)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : v.history)
        rows.push_back({h(e.logicalDate.french()), h(e.from ? std::string{rules::statusLabel(*e.from)} : "—"),
                        h(rules::statusLabel(e.to)), h(e.actor), h(e.reason)});
    std::string out = "<h2>Historique</h2>\n" + table("Historique du dossier", {"Date", "De", "À", "Par", "Motif"}, rows);
    rows.clear();
    for (const auto& m : v.mails)
        rows.push_back({h(m.logicalDate.french()), h(outboxStateLabel(m.state)), h(m.recipient),
                        link("/secretariat/courriels/" + n(m.id), m.subject)});
    return out + "<h2>Courriels</h2>\n" + table("Courriels du dossier", {"Date", "État", "Destinataire", "Objet"}, rows);
}

}  // namespace

Response dossierPage(Console& c, Id id)
{
    const auto v = dossierView(c.store, c.context.web.referential, id);
    if (!v)
        return notFound(c);
    c.logAccess(v->candidature.candidateId, id, "dossier");
    const auto& cand = v->candidature;
    std::string body = "<p><strong>" + h(cand.certificateCode) + "</strong> — " +
                       h(v->certificateTitle.empty() ? "(absent du référentiel)" : v->certificateTitle) + "<br>Statut : « " +
                       h(rules::statusLabel(cand.status)) + " » depuis le " + h(cand.statusChangedOn.french()) + " (créée le " +
                       h(cand.createdOn.french()) + (cand.externalRef ? ", référence " + h(*cand.externalRef) : std::string{}) +
                       ")</p>\n";
    body += civilStatus(*v) + results(*v) + juryAndParchment(*v) + documents(*v) + historyAndMails(*v);
    return page(c, "Candidature n°" + n(id) + " — " + v->candidateName(), "/secretariat/dossiers", body);
}

Response documentFile(Console& c, Id id)
{
    // A document is opened from the page that shows it: its dossier or its review. Nothing
    // else is served, whatever number is asked.
    std::optional<Id> candidateId, candidatureId;
    bool allowed = false;
    if (const auto dossier = numberOf(c.request.param("dossier"))) {
        if (const auto v = dossierView(c.store, c.context.web.referential, *dossier)) {
            allowed = documentOfDossier(c.store, *v, id);
            candidateId = v->candidature.candidateId;
            candidatureId = v->candidature.id;
        }
    } else if (const auto review = numberOf(c.request.param("verification"))) {
        if (const auto r = c.store.mail().review(*review)) {
            allowed = r->documentId == id || r->cropDocumentId == id;
            candidatureId = r->candidatureId;
        }
    }
    const auto d = allowed ? c.store.documents().document(id) : std::nullopt;
    if (!d)
        return notFound(c);
    c.logAccess(candidateId, candidatureId, "document " + n(id));  // not its name, which may be the person's
    return fileResponse(d->content, d->mediaType, d->fileName);
}

Response reviewsPage(Console& c)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : c.store.mail().reviews(ReviewState::Open))
        rows.push_back({link("/secretariat/verifications/" + n(r.id), "n°" + n(r.id)), h(r.createdOn.french()),
                        r.candidatureId ? link("/secretariat/dossiers/" + n(*r.candidatureId), "candidature n°" + n(*r.candidatureId))
                                        : "dossier inconnu",
                        h(r.reason)});
    return page(c, "Vérifications de scans", "/secretariat/verifications",
                "<p>Rien de ce qui est lu sur papier n'est deviné : chaque doute attend ici une décision.</p>\n" +
                    table("Vérifications ouvertes", {"Vérification", "Ouverte le", "Dossier", "Motif"}, rows));
}

Response reviewPage(Console& c, Id id)
{
    const auto r = c.store.mail().review(id);
    if (!r)
        return notFound(c);
    c.logAccess(std::nullopt, r->candidatureId, "vérification " + n(id));
    const auto scan = c.store.documents().document(r->documentId);
    const std::string base = "/secretariat/documents/";
    const std::string query = "?verification=" + n(id);
    std::string shown;
    const Id picture = r->cropDocumentId.value_or(r->documentId);
    const auto pictureDoc = c.store.documents().document(picture);
    if (pictureDoc && pictureDoc->mediaType.rfind("image/", 0) == 0)
        shown = "<figure><img class=\"scan\" src=\"" + h(base + n(picture) + query) + "\" alt=\"" +
                h(r->cropDocumentId ? "Partie douteuse du scan" : "Scan") + "\"><figcaption>" +
                (r->cropDocumentId ? "La partie douteuse du scan" : "Le scan") + "</figcaption></figure>";
    else if (pictureDoc)
        shown = "<iframe class=\"document\" src=\"" + h(base + n(picture) + query) + "\" title=\"Scan\"></iframe>";
    std::string body = "<div class=\"side\">\n<div>" + shown + "</div>\n<div>\n<dl>\n<dt>Dossier</dt><dd>" +
                       (r->candidatureId ? link("/secretariat/dossiers/" + n(*r->candidatureId), "candidature n°" + n(*r->candidatureId))
                                         : "inconnu") +
                       "</dd>\n<dt>Ouverte le</dt><dd>" + h(r->createdOn.french()) + "</dd>\n<dt>Scan</dt><dd>" +
                       (scan ? link(base + n(scan->id) + query, scan->fileName) + (r->page ? ", page " + n(r->page) : "") : "—") +
                       "</dd>\n<dt>Ce qui a été lu</dt><dd><p class=\"read\">" + h(r->reason) + "</p></dd>\n</dl>\n";
    if (r->state == ReviewState::Open)
        body += "<form method=\"post\" action=\"/secretariat/verifications/" + n(id) + "/trancher\" class=\"stack\">" +
                csrfField(c.session.csrf) +
                "<label for=\"motif\">Ce qui a été fait (gardé dans le dossier)</label>"
                "<textarea id=\"motif\" name=\"motif\" rows=\"3\" required maxlength=\"1000\"></textarea>"
                "<button type=\"submit\">Trancher</button></form>\n";
    else
        body += "<p>Tranchée : " + h(r->resolution) + "</p>\n";
    return page(c, "Vérification n°" + n(id), "/secretariat/verifications", body + "</div>\n</div>");
}

Response resolveReview(Console& c, Id id)
{
    const std::string reason = c.request.field("motif").substr(0, 1000);
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        c.flash("Rien n'a été fait : dites ce qui a été fait (le motif est gardé dans le dossier).");
        return Response::redirect("/secretariat/verifications/" + n(id));
    }
    try {
        return afterAction(c, c.secretariat().resolveReview(id, reason), "/secretariat/verifications");
    } catch (const NoSuchItem& e) {
        return afterAction(c, {false, e.what()}, "/secretariat/verifications");
    }
}

}  // namespace cqp::pipeline::web
