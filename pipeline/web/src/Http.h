#pragma once

// Private: what every page of `cqp serve` is given and gives back — one request read whole
// (its query, its form, its cookies), one response built whole — and the server's shared
// state: the stores, the sessions, the rate limits.

#include "Sessions.h"

#include "cqp/actions/Secretariat.h"
#include "cqp/repositories/ConsoleRecords.h"
#include "cqp/repositories/Store.h"
#include "cqp/web/Server.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqp::pipeline::web {

struct Request {
    std::string method;  ///< "GET", "POST", "HEAD"
    std::string path;    ///< decoded, without the query
    std::map<std::string, std::string> query;
    std::multimap<std::string, std::string> form;  ///< the urlencoded body of a POST
    std::map<std::string, std::string> cookies;
    std::string client;  ///< the client's address
    bool wantsJson = false;

    std::string param(const std::string& name) const;
    std::string field(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string contentType = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool framable = false;  ///< a document shown inside the console's own page

    static Response html(std::string body, int status = 200);
    static Response redirect(const std::string& location);
};

/// One open connection to the store per request being served, reused afterwards.
class StorePool {
public:
    explicit StorePool(StoreLocation location) : location_{std::move(location)} {}
    class Lease {
    public:
        Lease(StorePool& pool, std::unique_ptr<Store> store) : pool_{pool}, store_{std::move(store)} {}
        ~Lease() { pool_.giveBack(std::move(store_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Store& operator*() { return *store_; }
        Store* operator->() { return store_.get(); }

    private:
        StorePool& pool_;
        std::unique_ptr<Store> store_;
    };
    Lease take();

private:
    void giveBack(std::unique_ptr<Store> store);
    StoreLocation location_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Store>> idle_;
};

struct Context {
    WebContext web;
    WebSettings settings;
    StorePool stores;
    Sessions sessions;
    RateLimiter verifyLimiter;
    RateLimiter loginLimiter;
    /// The server's writes one at a time: on SQLite, threads queued here hand over in
    /// microseconds, where the database's busy handler would make them sleep for milliseconds.
    std::recursive_mutex writes;
};

/// A console request from a logged-in user, with its store.
struct Console {
    const Request& request;
    Context& context;
    Store& store;
    Session session;

    bool canAct() const { return session.role == ConsoleRole::Secretariat; }
    Actor actor() const { return Actor{session.userName, "console"}; }
    Secretariat secretariat();
    rules::Date today() const { return context.web.today(); }
    /// Appends to the access log that this user read `what` of the person's data.
    void logAccess(std::optional<Id> candidateId, std::optional<Id> candidatureId, const std::string& what);
    /// The same for every (candidate, candidature) a page lists, in one transaction.
    void logAccesses(const std::vector<std::pair<Id, Id>>& listed, const std::string& what);
    /// The message shown once on the next page.
    void flash(const std::string& message);
};

// The pages, one function each (VerifyPage.cpp, ConsolePages.cpp, DossierPages.cpp,
// ProcessPages.cpp, StatisticsPage.cpp). `id` is the number the path names.
Response verifyPage(const Request& request, Context& context, const std::string& given);
Response loginPage(const Request& request, Context& context, const std::string& error = {}, int status = 200);
Response login(const Request& request, Context& context);
Response logout(const Request& request, Context& context);

Response dashboardPage(Console& c);
Response dossierSearchPage(Console& c);
Response dossierPage(Console& c, Id id);
Response documentFile(Console& c, Id id);
Response reviewsPage(Console& c);
Response reviewPage(Console& c, Id id);
Response resolveReview(Console& c, Id id);

Response accountsPage(Console& c);
Response accountPage(Console& c, Id id);
Response accountAction(Console& c, Id id, const std::string& action);
Response quarantinePage(Console& c);
Response quarantinedPage(Console& c, Id id);
Response quarantineAction(Console& c, Id id, const std::string& action);
Response juriesPage(Console& c);
Response juryPage(Console& c, Id id);
Response juryFile(Console& c, Id id, const std::string& which);
Response decideJury(Console& c, Id id);
Response batchesPage(Console& c);
Response batchFile(Console& c, Id id);
Response markBatchPosted(Console& c, Id id);
Response mailsPage(Console& c);
Response mailPage(Console& c, Id id);
Response resendMail(Console& c, Id id);
Response statisticsPage(Console& c);
Response statisticsCsvFile(Console& c);

/// A number given in a path or a field: digits only, at most 15; nothing for anything else
/// ("../", "1x", "", too long).
std::optional<Id> numberOf(const std::string& text);

/// A console page: the layout around `body` (`active`: the section's path).
Response page(Console& c, const std::string& title, const std::string& active, const std::string& body, int status = 200);
/// A file of the store sent to the browser: PDF and images shown inline (inside the console's
/// pages only), anything else downloaded; the name cleaned of everything but [A-Za-z0-9._-].
Response fileResponse(const std::string& content, const std::string& mediaType, const std::string& fileName);

/// The page for an action a read-only user may not take, or an unknown item.
Response forbidden(Console& c, const std::string& why);
Response notFound(Console& c);
/// The page after an action: back to `location` with the outcome shown there.
Response afterAction(Console& c, const ActionOutcome& outcome, const std::string& location);

}  // namespace cqp::pipeline::web
