// The console's entrance and front page: login (argon2id, lock-out, rate limit), logout, the
// dashboard, the search of dossiers, and what every page shares.

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Labels.h"
#include "cqp/actions/Passwords.h"
#include "cqp/actions/Views.h"
#include "cqp/repositories/CandidatureRepository.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/rules/StateMachine.h"
#include "cqp/store/Clock.h"

#include <Poco/Logger.h>

namespace cqp::pipeline::web {

namespace {

std::string cookie(const std::string& name, const std::string& value, const Context& context, int maxAge = -1)
{
    return name + "=" + value + "; Path=/secretariat; HttpOnly; SameSite=Strict" + (context.settings.secure() ? "; Secure" : "") +
           (maxAge >= 0 ? "; Max-Age=" + std::to_string(maxAge) : "");
}

// An argon2id string of a password nobody has: an unknown user costs the same time as a known one.
const std::string& decoyHash()
{
    static const std::string hash = hashPassword(randomToken(16));
    return hash;
}

}  // namespace

Response page(Console& c, const std::string& title, const std::string& active, const std::string& body, int status)
{
    return Response::html(consolePage({title, c.session.userName, consoleRoleLabel(c.session.role), c.session.csrf, active,
                                       c.session.flash},
                                      body),
                          status);
}

Response fileResponse(const std::string& content, const std::string& mediaType, const std::string& fileName)
{
    Response r;
    std::string name;
    for (const char ch : fileName)
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_')
            name += ch;
    if (name.empty() || name.front() == '.')
        name = "document" + name;
    // Only what a browser shows without running anything is shown inline; the type a sender
    // claimed for anything else (text/html, image/svg+xml…) is never trusted.
    static const char* const shown[] = {"application/pdf", "image/png", "image/jpeg", "image/gif"};
    const bool inline_ = std::find(std::begin(shown), std::end(shown), mediaType) != std::end(shown);
    r.contentType = inline_ ? mediaType : "application/octet-stream";
    r.body = content;
    r.framable = inline_;
    r.headers.emplace_back("Content-Disposition", std::string{inline_ ? "inline" : "attachment"} + "; filename=\"" + name + "\"");
    return r;
}

Response loginPage(const Request& request, Context& context, const std::string& error, int status)
{
    const std::string token = randomToken(24);
    std::string body = "<h1>Console du secrétariat des CQP</h1>\n";
    if (!error.empty())
        body += "<p class=\"error\" role=\"alert\">" + h(error) + "</p>\n";
    body += "<form method=\"post\" action=\"/secretariat/connexion\" class=\"stack\">" + csrfField(token) +
            "<label for=\"nom\">Identifiant</label><input id=\"nom\" name=\"nom\" autocomplete=\"username\" required "
            "maxlength=\"80\" value=\"" +
            h(request.field("nom").substr(0, 80)) +
            "\"><label for=\"mdp\">Mot de passe</label><input id=\"mdp\" name=\"mdp\" type=\"password\" "
            "autocomplete=\"current-password\" required maxlength=\"200\"><button type=\"submit\">Se connecter</button></form>\n"
            "<p class=\"muted\">Après " +
            std::to_string(context.settings.lockAfter) + " essais manqués, l'identifiant est bloqué " +
            std::to_string(context.settings.lockMinutes) + " minutes. La session se ferme après " +
            std::to_string(context.settings.idleMinutes) + " minutes sans activité.</p>";
    Response r = Response::html(publicPage("Connexion — console du secrétariat des CQP", body), status);
    r.headers.emplace_back("Set-Cookie", cookie("cqp_login", token, context));
    return r;
}

Response login(const Request& request, Context& context)
{
    const auto loginCookie = request.cookies.find("cqp_login");
    if (loginCookie == request.cookies.end() || !sameSecret(request.field("csrf"), loginCookie->second))
        return loginPage(request, context, "Le formulaire a expiré : saisissez de nouveau votre identifiant et votre mot de passe.",
                         403);
    if (const int wait = context.loginLimiter.admit(request.client)) {
        Response r = loginPage(request, context, "Trop d'essais depuis votre adresse : réessayez dans " + std::to_string(wait) +
                                                     " secondes.", 429);
        r.headers.emplace_back("Retry-After", std::to_string(wait));
        return r;
    }
    const std::string name = request.field("nom");
    const std::string password = request.field("mdp");
    auto store = context.stores.take();
    const auto user = name.size() <= 80 ? store->console().user(name) : std::nullopt;
    const std::string now = utcTimestamp();
    const bool locked = user && !user->lockedUntil.empty() && now < user->lockedUntil;
    const bool good = checkPassword(user ? user->passwordHash : decoyHash(), password.substr(0, 200)) && user && !user->disabled;
    auto& log = Poco::Logger::get("cqp.web");
    if (!good || locked) {
        if (user && !locked) {
            const bool lockNow = user->failedLogins + 1 >= context.settings.lockAfter;
            store->transaction([&] {
                store->console().recordFailedLogin(user->id, lockNow ? utcTimestamp(context.settings.lockMinutes * 60) : "");
            });
            if (lockNow)
                log.warning("console user %s locked after %d failed logins from %s", user->name, user->failedLogins + 1, request.client);
        }
        log.notice("failed console login for '%s' from %s", name.substr(0, 80), request.client);
        return loginPage(request, context,
                         locked ? "Identifiant bloqué après trop d'essais manqués : réessayez plus tard."
                                : "Identifiant ou mot de passe incorrect.",
                         401);
    }
    store->transaction([&] { store->console().recordSuccessfulLogin(user->id); });
    const auto session = context.sessions.open(user->id, user->name, user->role);
    log.information("console login of %s from %s", user->name, request.client);
    Response r = Response::redirect("/secretariat/");
    r.headers.emplace_back("Set-Cookie", cookie("cqp_session", session.id, context));
    r.headers.emplace_back("Set-Cookie", cookie("cqp_login", "", context, 0));
    return r;
}

Response logout(const Request& request, Context& context)
{
    context.sessions.close(request.cookies.at("cqp_session"));
    Response r = Response::redirect("/secretariat/connexion");
    r.headers.emplace_back("Set-Cookie", cookie("cqp_session", "", context, 0));
    return r;
}

Response forbidden(Console& c, const std::string& why)
{
    return page(c, "Action non autorisée", "", "<p class=\"error\" role=\"alert\">" + h(why) + "</p>", 403);
}

Response notFound(Console& c)
{
    return page(c, "Page introuvable", "", "<p>Cette page n'existe pas, ou l'élément qu'elle nomme n'existe plus.</p>", 404);
}

Response afterAction(Console& c, const ActionOutcome& outcome, const std::string& location)
{
    c.flash((outcome.done ? "" : "Rien n'a été fait : ") + outcome.message);
    return Response::redirect(location);
}

Response dashboardPage(Console& c)
{
    const auto today = c.today();
    const auto d = dashboard(c.store, today, c.context.web.deadlines);
    std::string body = "<p>Situation au " + h(today.french()) + ".</p>\n<h2>À traiter</h2>\n<ul class=\"cards\">\n";
    const auto card = [&](std::size_t n, const std::string& label, const std::string& href) {
        body += "<li><strong>" + std::to_string(n) + "</strong>" + link(href, label) + "</li>\n";
    };
    card(d.openReviews, "vérification(s) de scan ouverte(s)", "/secretariat/verifications");
    card(d.pendingAccounts, "demande(s) de compte", "/secretariat/comptes");
    card(d.quarantined, "message(s) en quarantaine", "/secretariat/quarantaine");
    card(d.failedMails, "courriel(s) en échec", "/secretariat/courriels?etat=failed");
    card(d.unpostedBatches, "lot(s) d'impression à poster", "/secretariat/lots");
    body += "</ul>\n";
    if (!d.lateDecisions.empty()) {
        body += "<h2>Décisions en retard</h2>\n<ul>\n";
        for (const auto& line : d.lateDecisions)
            body += "<li>" + h(line) + "</li>\n";
        body += "</ul>\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& [status, count] : d.byStatus)
        rows.push_back({h(rules::statusLabel(status)), std::to_string(count)});
    body += "<h2>Dossiers par statut</h2>\n" + table("Candidatures par statut", {"Statut", "Nombre"}, rows);
    rows.clear();
    for (const auto& n : d.nextJuries)
        rows.push_back({link("/secretariat/jurys/" + std::to_string(n.jury.id), "jury n°" + std::to_string(n.jury.id)),
                        h(n.jury.date.french()), h(n.jury.certificateCode.value_or("tous")),
                        std::to_string(n.jury.placed) + " / " + std::to_string(n.jury.capacity), h(n.cutoff.french())});
    body += "<h2>Prochains jurys</h2>\n" +
            table("Prochains jurys et dates limites d'inscription", {"Jury", "Date", "CQP", "Places prises", "Inscriptions jusqu'au"},
                  rows);
    return page(c, "Tableau de bord", "/secretariat/", body);
}

Response dossierSearchPage(Console& c)
{
    const std::string q = c.request.param("q").substr(0, 100);
    std::string body = "<form method=\"get\" action=\"/secretariat/dossiers\" class=\"row\" role=\"search\">"
                       "<label for=\"q\">Nom, prénom, numéro de candidature, entreprise ou SIRET</label>"
                       "<input id=\"q\" name=\"q\" type=\"search\" value=\"" +
                       h(q) + "\"><button type=\"submit\">Rechercher</button></form>\n";
    std::vector<std::vector<std::string>> rows;
    const auto found = c.store.candidatures().search(q, 100);
    // Each person listed is a reading of their data; the text typed (often a name) is not kept.
    std::vector<std::pair<Id, Id>> listed;
    for (const auto& f : found)
        listed.emplace_back(f.candidateId, f.candidatureId);
    c.logAccesses(listed, "liste de recherche");
    for (const auto& f : found)
        rows.push_back({link("/secretariat/dossiers/" + std::to_string(f.candidatureId), "n°" + std::to_string(f.candidatureId)),
                        h(f.prenoms + " " + f.nom), h(f.certificateCode), h(rules::statusLabel(f.status)), h(f.company)});
    body += table(q.empty() ? "Les 100 dernières candidatures" : "Résultats pour « " + q + " » (100 au plus)",
                  {"Candidature", "Candidat", "CQP", "Statut", "Entreprise"}, rows);
    return page(c, "Dossiers", "/secretariat/dossiers", body);
}

}  // namespace cqp::pipeline::web
