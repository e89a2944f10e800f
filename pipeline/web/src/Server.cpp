#include "cqp/web/Server.h"

#include "Html.h"
#include "Http.h"

#include "cqp/actions/Passwords.h"
#include "cqp/repositories/ConsoleRepository.h"
#include "cqp/store/Clock.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <istream>

namespace cqp::embedded {
extern const std::string_view consoleStylesheet;
}

namespace cqp::pipeline {

namespace web {

std::string Request::param(const std::string& name) const
{
    const auto it = query.find(name);
    return it == query.end() ? std::string{} : it->second;
}

std::string Request::field(const std::string& name) const
{
    const auto it = form.find(name);
    return it == form.end() ? std::string{} : it->second;
}

Response Response::html(std::string body, int status)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::redirect(const std::string& location)
{
    Response r;
    r.status = 303;
    r.headers.emplace_back("Location", location);
    return r;
}

StorePool::Lease StorePool::take()
{
    {
        std::lock_guard lock{mutex_};
        if (!idle_.empty()) {
            auto store = std::move(idle_.back());
            idle_.pop_back();
            return Lease{*this, std::move(store)};
        }
    }
    auto store = Store::open(location_);
    store->requireCurrentSchema();
    return Lease{*this, std::move(store)};
}

void StorePool::giveBack(std::unique_ptr<Store> store)
{
    std::lock_guard lock{mutex_};
    idle_.push_back(std::move(store));
}

Secretariat Console::secretariat()
{
    return Secretariat{store, context.web.referential, context.web.deadlines, today(), actor()};
}

void Console::logAccess(std::optional<Id> candidateId, std::optional<Id> candidatureId, const std::string& what)
{
    std::lock_guard lock{context.writes};
    store.transaction([&] {
        store.console().logAccess({0, utcTimestamp(), actor().label(), "console", candidateId, candidatureId, what});
    });
}

void Console::logAccesses(const std::vector<std::pair<Id, Id>>& listed, const std::string& what)
{
    if (listed.empty())
        return;
    std::lock_guard lock{context.writes};
    const std::string at = utcTimestamp();
    store.transaction([&] {
        for (const auto& [candidate, candidature] : listed)
            store.console().logAccess({0, at, actor().label(), "console", candidate, candidature, what});
    });
}

// A path of digits → its number; nothing for anything else ("../", "1x", "", too long).
std::optional<Id> numberOf(const std::string& text)
{
    if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(text);
}

void Console::flash(const std::string& message) { context.sessions.setFlash(session.id, message); }

namespace {

// "a=1&b=%C3%A9" → {a: 1, b: é}; '+' is a space in forms.
template <typename Map>
void decodePairs(const std::string& text, Map& out)
{
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('&', start), text.size());
        const std::string pair = text.substr(start, end - start);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            std::string name = pair.substr(0, eq);
            std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
            std::replace(name.begin(), name.end(), '+', ' ');
            std::replace(value.begin(), value.end(), '+', ' ');
            std::string n, v;
            try {
                Poco::URI::decode(name, n);
                Poco::URI::decode(value, v);
            } catch (const Poco::Exception&) {
                n.clear();
            }
            if (!n.empty())
                out.insert({n, v});
        }
        start = end + 1;
    }
}

constexpr std::size_t maxBody = 64 * 1024;

std::string clientOf(Poco::Net::HTTPServerRequest& in, const WebSettings& settings)
{
    const std::string peer = in.clientAddress().host().toString();
    if (!settings.trustedProxy.empty() && peer == settings.trustedProxy && in.has("X-Forwarded-For")) {
        const std::string chain = in.get("X-Forwarded-For");
        const auto comma = chain.rfind(',');
        std::string last = chain.substr(comma == std::string::npos ? 0 : comma + 1);
        last.erase(0, last.find_first_not_of(' '));
        if (!last.empty() && last.size() < 64)
            return last;
    }
    return peer;
}

// Reads the request whole; false when it is too large or malformed (answered 400 / 413).
bool readRequest(Poco::Net::HTTPServerRequest& in, const WebSettings& settings, Request& out, int& refusal)
{
    out.method = in.getMethod();
    out.client = clientOf(in, settings);
    const std::string& target = in.getURI();
    if (target.size() > 4096) {
        refusal = 414;
        return false;
    }
    const auto question = target.find('?');
    try {
        Poco::URI::decode(target.substr(0, question), out.path);
    } catch (const Poco::Exception&) {
        refusal = 400;
        return false;
    }
    if (question != std::string::npos)
        decodePairs(target.substr(question + 1), out.query);
    if (in.has("Cookie")) {
        Poco::Net::NameValueCollection cookies;
        in.getCookies(cookies);
        for (const auto& [name, value] : cookies)
            out.cookies[name] = value;
    }
    out.wantsJson = in.get("Accept", "").find("application/json") != std::string::npos;
    if (out.method == "POST") {
        if (in.getContentLength() > static_cast<std::streamsize>(maxBody)) {
            refusal = 413;
            return false;
        }
        std::string body(maxBody + 1, '\0');
        in.stream().read(body.data(), static_cast<std::streamsize>(body.size()));
        body.resize(static_cast<std::size_t>(in.stream().gcount()));
        if (body.size() > maxBody) {
            refusal = 413;
            return false;
        }
        decodePairs(body, out.form);
    }
    return true;
}

std::vector<std::string> segments(const std::string& path)
{
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

Response consoleGet(Console& c, const std::vector<std::string>& s)
{
    // s[0] == "secretariat"
    const std::string section = s.size() > 1 ? s[1] : "";
    const auto id = s.size() > 2 ? numberOf(s[2]) : std::nullopt;
    if (s.size() <= 2 && section.empty())
        return dashboardPage(c);
    if (s.size() == 2) {
        if (section == "dossiers") return dossierSearchPage(c);
        if (section == "verifications") return reviewsPage(c);
        if (section == "comptes") return accountsPage(c);
        if (section == "quarantaine") return quarantinePage(c);
        if (section == "jurys") return juriesPage(c);
        if (section == "lots") return batchesPage(c);
        if (section == "statistiques") return statisticsPage(c);
        if (section == "statistiques.csv") return statisticsCsvFile(c);
        if (section == "courriels") return mailsPage(c);
    }
    if (s.size() == 3 && id) {
        if (section == "dossiers") return dossierPage(c, *id);
        if (section == "documents") return documentFile(c, *id);
        if (section == "verifications") return reviewPage(c, *id);
        if (section == "comptes") return accountPage(c, *id);
        if (section == "quarantaine") return quarantinedPage(c, *id);
        if (section == "jurys") return juryPage(c, *id);
        if (section == "lots") return batchFile(c, *id);
        if (section == "courriels") return mailPage(c, *id);
    }
    if (s.size() == 4 && id && section == "jurys" && (s[3] == "liste.pdf" || s[3] == "dossiers.pdf"))
        return juryFile(c, *id, s[3]);
    return notFound(c);
}

Response consolePost(Console& c, const std::vector<std::string>& s)
{
    const std::string section = s.size() > 1 ? s[1] : "";
    const auto id = s.size() > 2 ? numberOf(s[2]) : std::nullopt;
    if (s.size() != 4 || !id)
        return notFound(c);
    const std::string& verb = s[3];
    if (section == "verifications" && verb == "trancher") return resolveReview(c, *id);
    if (section == "comptes") return accountAction(c, *id, verb);
    if (section == "quarantaine") return quarantineAction(c, *id, verb);
    if (section == "jurys" && verb == "decisions") return decideJury(c, *id);
    if (section == "lots" && verb == "poste") return markBatchPosted(c, *id);
    if (section == "courriels" && verb == "renvoyer") return resendMail(c, *id);
    return notFound(c);
}

Response console(const Request& request, Context& context)
{
    if (request.path == "/secretariat/connexion")
        return request.method == "POST" ? login(request, context) : loginPage(request, context);
    const auto cookie = request.cookies.find("cqp_session");
    auto session = context.sessions.find(cookie == request.cookies.end() ? "" : cookie->second);
    if (!session)
        return Response::redirect("/secretariat/connexion");
    if (request.method == "POST") {
        // Every form carries the session's token: a page of another site cannot post here.
        if (!sameSecret(request.field("csrf"), session->csrf))
            return Response::html(publicPage("Requête refusée", "<h1>Requête refusée</h1><p>Le jeton de sécurité du formulaire "
                                                                "manque ou ne correspond pas à votre session. "
                                                                "<a href=\"/secretariat/\">Revenir à la console</a>.</p>"),
                                  403);
        if (request.path == "/secretariat/deconnexion")
            return logout(request, context);
    }
    auto store = context.stores.take();
    Console c{request, context, *store, *session};
    c.session.flash = context.sessions.takeFlash(session->id);
    const auto s = segments(request.path);
    if (request.method == "POST") {
        if (!c.canAct())
            return forbidden(c, "Votre compte est en lecture seule : il ne permet pas d'agir sur les dossiers.");
        std::lock_guard lock{context.writes};
        return consolePost(c, s);
    }
    return consoleGet(c, s);
}

Response route(const Request& request, Context& context)
{
    const std::string& p = request.path;
    if (request.method != "GET" && request.method != "HEAD" && request.method != "POST")
        return Response::html(publicPage("Méthode refusée", "<h1>Méthode refusée</h1>"), 405);
    if (p == "/static/console.css") {
        Response r;
        r.contentType = "text/css; charset=utf-8";
        r.body = std::string{embedded::consoleStylesheet};
        r.headers.emplace_back("Cache-Control", "public, max-age=3600");
        return r;
    }
    if (p == "/favicon.ico") {
        Response r;
        r.status = 204;
        r.headers.emplace_back("Cache-Control", "public, max-age=86400");
        return r;
    }
    if (p == "/verifier")
        return verifyPage(request, context, request.param("code"));
    if (p.rfind("/verifier/", 0) == 0)
        return verifyPage(request, context, p.substr(10));
    if (p == "/" || p == "/secretariat")
        return Response::redirect("/secretariat/");
    if (p.rfind("/secretariat/", 0) == 0)
        return console(request, context);
    return Response::html(publicPage("Page introuvable", "<h1>Page introuvable</h1><p>Cette adresse ne correspond à aucune page. "
                                                         "Pour vérifier un parchemin, ouvrez l'adresse de son code QR.</p>"),
                          404);
}

void securityHeaders(Poco::Net::HTTPServerResponse& out, const Response& r, const WebSettings& settings)
{
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Referrer-Policy", "no-referrer");
    if (r.framable) {
        out.set("Content-Security-Policy", "frame-ancestors 'self'");
        out.set("X-Frame-Options", "SAMEORIGIN");
    } else {
        out.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
                                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
        out.set("X-Frame-Options", "DENY");
    }
    if (settings.secure())
        out.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    bool cacheSet = false;
    for (const auto& [name, value] : r.headers)
        cacheSet = cacheSet || name == "Cache-Control";
    if (!cacheSet)
        out.set("Cache-Control", "no-store");
}

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(Context& context) : context_{context} {}

    void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override
    {
        Request request;
        Response response;
        int refusal = 0;
        try {
            if (!readRequest(in, context_.settings, request, refusal))
                response = Response::html(publicPage("Requête refusée", "<h1>Requête refusée</h1>"), refusal);
            else
                response = route(request, context_);
        } catch (const std::exception& e) {
            Poco::Logger::get("cqp.web").error("%s %s: %s", request.method, request.path, std::string{e.what()});
            response = Response::html(publicPage("Erreur", "<h1>Erreur du serveur</h1><p>La demande n'a pas pu aboutir ; "
                                                           "elle est consignée dans le journal.</p>"),
                                      500);
        }
        out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
        out.setContentType(response.contentType);
        securityHeaders(out, response, context_.settings);
        for (const auto& [name, value] : response.headers)
            out.add(name, value);  // several Set-Cookie headers may go together
        out.setContentLength(static_cast<std::streamsize>(response.body.size()));
        out.setKeepAlive(in.getKeepAlive());
        if (request.method == "HEAD") {
            out.send();
            return;
        }
        out.sendBuffer(response.body.data(), response.body.size());
    }

private:
    Context& context_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(Context& context) : context_{context} {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new Handler{context_};
    }

private:
    Context& context_;
};

}  // namespace

}  // namespace web

struct WebServer::Impl {
    web::Context context;
    Poco::ThreadPool pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    int port = 0;
};

WebServer::WebServer(WebContext context, WebSettings settings)
{
    const StoreLocation location = context.store;
    impl_.reset(new Impl{web::Context{std::move(context), settings, web::StorePool{location},
                                  web::Sessions{std::chrono::minutes{settings.idleMinutes}},
                                  web::RateLimiter{settings.verifyPerMinute}, web::RateLimiter{settings.loginPerMinute}, {}},
                     Poco::ThreadPool{2, std::max(2, settings.threads) + 2}, nullptr, 0});
}

WebServer::~WebServer() { stop(); }

void WebServer::start()
{
    const auto& s = impl_->context.settings;
    Poco::Net::ServerSocket socket{Poco::Net::SocketAddress{s.address, static_cast<Poco::UInt16>(s.port)}, 256};
    impl_->port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(std::max(2, s.threads));
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan{10, 0});
    params->setTimeout(Poco::Timespan{30, 0});
    params->setServerName("cqp");
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new web::Factory{impl_->context}, impl_->pool, socket, params);
    impl_->server->start();
}

void WebServer::stop()
{
    if (impl_ && impl_->server) {
        impl_->server->stopAll(true);
        impl_->server.reset();
    }
}

int WebServer::port() const { return impl_->port; }

}  // namespace cqp::pipeline
