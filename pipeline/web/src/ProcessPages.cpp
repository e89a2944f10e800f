// The accounts (requests checked against the SIRET key and the évaluateurs' registry), the
// quarantine and the outgoing mails, each with the secretariat's actions on them.

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Views.h"
#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/EvaluatorRepository.h"
#include "cqp/repositories/MailRepository.h"
#include "cqp/rules/Siret.h"

namespace cqp::pipeline::web {

namespace {

std::string n(Id id) { return std::to_string(id); }

std::string joined(const std::vector<std::string>& parts)
{
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : ", ") + p;
    return out;
}

// What the secretariat checks before approving: the SIRET's key and company, or the registry.
std::string identity(Console& c, const Account& a)
{
    std::string out;
    if (a.etablissementId)
        if (const auto e = c.store.accounts().etablissement(*a.etablissementId)) {
            const auto company = c.store.accounts().company(e->companyId);
            const bool valid = rules::isValidSiret(e->siret);
            out += "<dt>SIRET</dt><dd>" + h(e->siret) + (valid ? " — clé de contrôle correcte" : " — <strong>clé de contrôle fausse</strong>") +
                   "</dd>\n<dt>SIREN</dt><dd>" + h(rules::sirenOf(e->siret)) + (company ? " — " + h(company->raisonSociale) : "") +
                   "</dd>\n<dt>Établissement</dt><dd>" + h(e->name + ", " + e->address.line1 +
                                                          (e->address.line2.empty() ? "" : ", " + e->address.line2) + ", " +
                                                          e->address.postcode + " " + e->address.city) +
                   "</dd>\n";
        }
    if (a.evaluatorId) {
        if (const auto ev = c.store.evaluators().evaluator(*a.evaluatorId)) {
            out += "<dt>Registre de la CPNE</dt><dd>" + h(ev->registryNumber + " : " + ev->prenom + " " + ev->nom + " <" + ev->email +
                                                           ">, registre du " + ev->registryDate.french()) +
                   "</dd>\n";
            for (const auto& hab : ev->habilitations)
                out += "<dt>Habilitation</dt><dd>" + h(hab.certificateCode + " du " + hab.validFrom.french() +
                                                       (hab.validUntil ? " au " + hab.validUntil->french() : std::string{})) +
                       "</dd>\n";
        } else {
            out += "<dt>Registre de la CPNE</dt><dd><strong>absent du registre</strong></dd>\n";
        }
    }
    return out;
}

}  // namespace

Response accountsPage(Console& c)
{
    std::vector<std::vector<std::string>> pending, others;
    for (const auto& a : c.store.accounts().accounts()) {
        std::vector<std::string> row{link("/secretariat/comptes/" + n(a.id), "n°" + n(a.id)), h(accountRoleLabel(a.role)),
                                     h(a.displayName), h(joined(a.addresses)), h(a.createdOn.french()), h(accountStatusLabel(a.status))};
        (a.status == AccountStatus::Pending ? pending : others).push_back(row);
    }
    const std::vector<std::string> headers{"Compte", "Rôle", "Titulaire", "Adresses", "Demandé le", "État"};
    return page(c, "Comptes", "/secretariat/comptes",
                "<h2>Demandes à examiner</h2>\n" + table("Demandes de compte en attente", headers, pending) + "<h2>Comptes</h2>\n" +
                    table("Tous les autres comptes", headers, others));
}

Response accountPage(Console& c, Id id)
{
    const auto a = c.store.accounts().account(id);
    if (!a)
        return notFound(c);
    std::string body = "<dl>\n<dt>Rôle</dt><dd>" + h(accountRoleLabel(a->role)) + "</dd>\n<dt>État</dt><dd>" +
                       h(accountStatusLabel(a->status)) + "</dd>\n<dt>Titulaire</dt><dd>" + h(a->displayName) +
                       "</dd>\n<dt>Demandé le</dt><dd>" + h(a->createdOn.french()) +
                       (a->approvedOn ? "</dd>\n<dt>Approuvé le</dt><dd>" + h(a->approvedOn->french()) : std::string{}) +
                       "</dd>\n" + identity(c, *a) + "<dt>Adresses autorisées</dt><dd>" + h(joined(a->addresses)) +
                       "</dd>\n<dt>Clé publique</dt><dd>" +
                       (a->publicKeyPem.empty() ? std::string{"aucune (formulaires PDF seulement)"}
                                                : "empreinte SHA-256 <code>" + h(keyFingerprint(a->publicKeyPem)) + "</code>") +
                       "</dd>\n</dl>\n";
    const std::string base = "/secretariat/comptes/" + n(id) + "/";
    if (a->status == AccountStatus::Pending)
        body += "<p>" + actionButton(base + "approuver", c.session.csrf, "Approuver la demande") + "</p>\n";
    else {
        const bool active = a->status == AccountStatus::Active;
        body += "<form method=\"post\" action=\"" + h(base + (active ? "suspendre" : "rouvrir")) + "\" class=\"stack\">" +
                csrfField(c.session.csrf) + "<label for=\"motif\">Motif (gardé dans l'historique du compte)</label>"
                "<input id=\"motif\" name=\"motif\" required maxlength=\"500\"><button type=\"submit\"" +
                (active ? " class=\"danger\">Suspendre le compte" : ">Rouvrir le compte") + "</button></form>\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : c.store.accounts().events(id))
        rows.push_back({h(e.on.french()), h(accountEventLabel(e.event)), h(e.reason)});
    body += "<h2>Historique</h2>\n" + table("Historique du compte", {"Date", "Événement", "Motif"}, rows);
    return page(c, "Compte n°" + n(id) + " — " + a->displayName, "/secretariat/comptes", body);
}

Response accountAction(Console& c, Id id, const std::string& action)
{
    const std::string back = "/secretariat/comptes/" + n(id);
    const std::string reason = c.request.field("motif").substr(0, 500);
    try {
        if (action == "approuver")
            return afterAction(c, c.secretariat().approveAccount(id), back);
        if ((action == "suspendre" || action == "rouvrir") && reason.find_first_not_of(" \t") == std::string::npos)
            return afterAction(c, {false, "un motif est nécessaire"}, back);
        if (action == "suspendre")
            return afterAction(c, c.secretariat().suspendAccount(id, reason), back);
        if (action == "rouvrir")
            return afterAction(c, c.secretariat().reinstateAccount(id, reason), back);
    } catch (const NoSuchItem& e) {
        return afterAction(c, {false, e.what()}, "/secretariat/comptes");
    }
    return notFound(c);
}

Response quarantinePage(Console& c)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : c.store.mail().inbox(ReceivedState::Quarantined))  // without the raw messages
        rows.push_back({link("/secretariat/quarantaine/" + n(m.id), "n°" + n(m.id)), h(m.logicalDate.french()),
                        h(m.sender.empty() ? "?" : m.sender), h(m.subject), h(m.reason)});
    return page(c, "Quarantaine", "/secretariat/quarantaine",
                "<p>Les messages qui n'ont pas pu être traités, gardés tels quels.</p>\n" +
                    table("Messages en quarantaine", {"Message", "Reçu le", "Expéditeur", "Objet", "Motif"}, rows));
}

Response quarantinedPage(Console& c, Id id)
{
    const auto m = c.store.mail().received(id);
    if (!m)
        return notFound(c);
    std::string body = "<dl>\n<dt>Reçu le</dt><dd>" + h(frenchTimestamp(m->receivedAt)) + "</dd>\n<dt>Expéditeur</dt><dd>" + h(m->sender) +
                       "</dd>\n<dt>Objet</dt><dd>" + h(m->subject) + "</dd>\n<dt>État</dt><dd>" + h(receivedStateLabel(m->state)) +
                       "</dd>\n<dt>Motif</dt><dd>" + h(m->reason) + "</dd>\n<dt>SHA-256</dt><dd><code>" + h(m->sha256) +
                       "</code></dd>\n</dl>\n";
    if (m->state == ReceivedState::Quarantined)
        body += "<p>" + actionButton("/secretariat/quarantaine/" + n(id) + "/reessayer", c.session.csrf, "Traiter de nouveau") + " " +
                actionButton("/secretariat/quarantaine/" + n(id) + "/ecarter", c.session.csrf, "Écarter (garder sans traiter)", {}, true) +
                "</p>\n";
    // The message as received, as text: at most 200 kB shown, never interpreted.
    body += "<h2>Message brut</h2>\n<pre>" + h(m->raw.substr(0, 200000)) + (m->raw.size() > 200000 ? "\n[…]" : "") + "</pre>\n";
    return page(c, "Message n°" + n(id), "/secretariat/quarantaine", body);
}

Response quarantineAction(Console& c, Id id, const std::string& action)
{
    try {
        if (action == "reessayer")
            return afterAction(c, c.secretariat().retryQuarantined(id, c.context.web.intake), "/secretariat/quarantaine");
        if (action == "ecarter")
            return afterAction(c, c.secretariat().dropQuarantined(id), "/secretariat/quarantaine");
    } catch (const NoSuchItem& e) {
        return afterAction(c, {false, e.what()}, "/secretariat/quarantaine");
    }
    return notFound(c);
}

Response mailsPage(Console& c)
{
    const std::string state = c.request.param("etat");
    const auto filter = state.empty() ? std::nullopt : fromCode<OutboxState>(state);
    const std::string to = c.request.param("a").substr(0, 254);
    std::vector<std::vector<std::string>> rows;
    const auto mails = c.store.mail().listOutbox(filter, to);
    for (std::size_t i = 0; i < mails.size() && i < 500; ++i) {
        const auto& m = mails[mails.size() - 1 - i];  // the newest first
        rows.push_back({link("/secretariat/courriels/" + n(m.id), "n°" + n(m.id)), h(m.logicalDate.french()), h(outboxStateLabel(m.state)),
                        h(m.recipient), h(m.subject), h(m.state == OutboxState::Failed ? m.lastError : "")});
    }
    std::string body = "<form method=\"get\" action=\"/secretariat/courriels\" class=\"row\"><label for=\"etat\">État</label>"
                       "<select id=\"etat\" name=\"etat\"><option value=\"\">tous</option>";
    for (const auto s : {OutboxState::Pending, OutboxState::Sent, OutboxState::Failed})
        body += "<option value=\"" + code(s) + "\"" + (filter == s ? " selected" : "") + ">" + h(outboxStateLabel(s)) + "</option>";
    body += "</select><label for=\"a\">Destinataire (ou une partie)</label><input id=\"a\" name=\"a\" value=\"" + h(to) +
            "\"><button type=\"submit\">Filtrer</button></form>\n" +
            table(mails.size() > 500 ? "Les 500 courriels les plus récents sur " + std::to_string(mails.size())
                                     : std::to_string(mails.size()) + " courriel(s), les plus récents d'abord",
                  {"Courriel", "Date", "État", "Destinataire", "Objet", "Dernière erreur"}, rows);
    return page(c, "Courriels", "/secretariat/courriels", body);
}

Response mailPage(Console& c, Id id)
{
    const auto m = c.store.mail().outgoing(id);
    if (!m)
        return notFound(c);
    if (m->candidatureId)
        c.logAccess(std::nullopt, m->candidatureId, "courriel " + n(id));
    std::string body = "<dl>\n<dt>Destinataire</dt><dd>" + h(m->recipient) + "</dd>\n<dt>État</dt><dd>" + h(outboxStateLabel(m->state)) +
                       (m->state == OutboxState::Sent ? ", le " + h(frenchTimestamp(m->sentAt)) : std::string{}) + "</dd>\n<dt>Essais</dt><dd>" +
                       std::to_string(m->attempts) + (m->lastError.empty() ? "" : " — " + h(m->lastError)) + "</dd>\n" +
                       (m->candidatureId ? "<dt>Dossier</dt><dd>" +
                                               link("/secretariat/dossiers/" + n(*m->candidatureId), "candidature n°" + n(*m->candidatureId)) +
                                               "</dd>\n"
                                         : std::string{}) +
                       "</dl>\n<p>" + actionButton("/secretariat/courriels/" + n(id) + "/renvoyer", c.session.csrf,
                                                   m->state == OutboxState::Failed ? "Essayer de nouveau" : "Renvoyer une copie") +
                       "</p>\n<h2>Texte</h2>\n<pre>" + h(m->body) + "</pre>\n";
    return page(c, "Courriel n°" + n(id) + " — " + m->subject, "/secretariat/courriels", body);
}

Response resendMail(Console& c, Id id)
{
    try {
        return afterAction(c, c.secretariat().resendMail(id), "/secretariat/courriels/" + n(id));
    } catch (const NoSuchItem& e) {
        return afterAction(c, {false, e.what()}, "/secretariat/courriels");
    }
}

}  // namespace cqp::pipeline::web
