#pragma once

// A real `cqp serve` process on 127.0.0.1 (any free port) on a test's store, and an HTTP client
// for it (Poco's HTTPClientSession) that keeps the console's cookies like a browser.

#include "cqp/store/StoreLocation.h"

#include "TestSupport.h"

#include <Poco/Process.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cqp::test {

class ServeProcess {
public:
    /// Starts `cqp --date DATE serve --port 0` in a directory of its own, its settings the store
    /// and `extraSettings` (cqp.properties lines).
    ServeProcess(const pipeline::StoreLocation& store, const std::string& date, const std::string& extraSettings = {});
    ~ServeProcess();
    int port() const { return port_; }
    const std::filesystem::path& dir() const { return dir_.path(); }

private:
    TempDir dir_;
    std::unique_ptr<Poco::ProcessHandle> handle_;
    int port_ = 0;
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< the last value of each (names as sent)
    std::vector<std::string> cookiesSet;         ///< every Set-Cookie header
    std::string body;
    std::string header(const std::string& name) const;
};

class Browser {
public:
    explicit Browser(int port) : port_{port} {}
    HttpResponse get(const std::string& path, const std::map<std::string, std::string>& headers = {});
    HttpResponse post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& form);
    /// Logs in through the login form (its CSRF token included); the response to the POST.
    HttpResponse login(const std::string& name, const std::string& password);
    /// The CSRF token of the last console page read.
    const std::string& csrf() const { return csrf_; }
    void forgetCookies() { cookies_.clear(); }

private:
    HttpResponse send(const std::string& method, const std::string& path, const std::string& body,
                      const std::map<std::string, std::string>& headers);
    int port_;
    std::map<std::string, std::string> cookies_;
    std::string csrf_;
};

/// application/x-www-form-urlencoded
std::string formEncoded(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace cqp::test
