#pragma once

// `cqp serve`: the public verification page the parchments' QR codes point to
// (/verifier?code=…, /verifier/CODE) and the secretariat's console (/secretariat/), on Poco
// Net's HTTPServer, on the same store and through the same actions as the command line.

#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Referential.h"
#include "cqp/store/StoreLocation.h"
#include "cqp/workflow/MailIntake.h"

#include <functional>
#include <memory>
#include <string>

namespace cqp::pipeline {

/// The `web.*` settings.
struct WebSettings {
    std::string address = "127.0.0.1";  ///< behind a reverse proxy with TLS (deploy/nginx)
    int port = 8080;
    /// The address the public knows, e.g. https://cqp.observatoiredelachimie.fr: the parchments'
    /// QR codes point to <public_url>/verifier?code=…; https makes cookies Secure and adds HSTS.
    std::string publicUrl = "https://cqp.observatoiredelachimie.fr";
    int verifyPerMinute = 30;   ///< verifications per client address and minute (then 429)
    int loginPerMinute = 10;    ///< login attempts per client address and minute
    int idleMinutes = 30;       ///< a console session unused this long ends
    int lockAfter = 5;          ///< failed logins in a row that lock the user…
    int lockMinutes = 15;       ///< …for this long
    int threads = 16;           ///< requests served at once
    /// Take the client's address from X-Forwarded-For when the connection comes from this
    /// address (the reverse proxy; "" : never).
    std::string trustedProxy;
    bool secure() const { return publicUrl.rfind("https://", 0) == 0; }
};

/// What the server reads the process with.
struct WebContext {
    StoreLocation store;
    const rules::Referential& referential;
    rules::Deadlines deadlines;
    IntakeSettings intake;
    std::function<rules::Date()> today;  ///< the logical date of each request
};

class WebServer {
public:
    WebServer(WebContext context, WebSettings settings);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    /// Listens and serves on its own threads; throws when the address cannot be bound.
    void start();
    void stop();
    /// The port listened on (the one chosen by the system when settings.port was 0).
    int port() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cqp::pipeline
