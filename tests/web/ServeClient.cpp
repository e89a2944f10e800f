#include "ServeClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <regex>
#include <stdexcept>

namespace cqp::test {

ServeProcess::ServeProcess(const pipeline::StoreLocation& store, const std::string& date, const std::string& extraSettings)
{
    writeFile(dir_ / "cqp.properties", std::string{"store = "} + (store.kind == pipeline::StoreLocation::Kind::SQLite ? "sqlite:" : "postgresql:") +
                                           store.target + "\n" + extraSettings);
    Poco::Pipe out;
    handle_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(CQP_BINARY, {"--date", date, "--log-file", (dir_ / "serve.log").string(), "serve", "--port", "0"},
                              dir_.path().string(), nullptr, &out, nullptr));
    Poco::PipeInputStream stream{out};
    std::string line;
    while (std::getline(stream, line)) {
        static const std::regex listening{"serve: listening on 127\\.0\\.0\\.1:([0-9]+)"};
        std::smatch m;
        if (std::regex_search(line, m, listening)) {
            port_ = std::stoi(m[1]);
            break;
        }
    }
    if (port_ == 0)
        throw std::runtime_error("cqp serve did not start: " + readFile(dir_ / "serve.log"));
}

ServeProcess::~ServeProcess()
{
    if (handle_) {
        Poco::Process::requestTermination(handle_->id());
        handle_->wait();
    }
}

std::string HttpResponse::header(const std::string& name) const
{
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

std::string formEncoded(const std::vector<std::pair<std::string, std::string>>& fields)
{
    std::string out;
    for (const auto& [name, value] : fields) {
        std::string n, v;
        Poco::URI::encode(name, "&=+%#?/ ", n);
        Poco::URI::encode(value, "&=+%#?/ ", v);
        out += (out.empty() ? "" : "&") + n + "=" + v;
    }
    return out;
}

HttpResponse Browser::get(const std::string& path, const std::map<std::string, std::string>& headers)
{
    return send("GET", path, "", headers);
}

HttpResponse Browser::post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& form)
{
    return send("POST", path, formEncoded(form), {{"Content-Type", "application/x-www-form-urlencoded"}});
}

HttpResponse Browser::login(const std::string& name, const std::string& password)
{
    get("/secretariat/connexion");
    return post("/secretariat/connexion", {{"csrf", csrf_}, {"nom", name}, {"mdp", password}});
}

HttpResponse Browser::send(const std::string& method, const std::string& path, const std::string& body,
                           const std::map<std::string, std::string>& headers)
{
    Poco::Net::HTTPClientSession session{"127.0.0.1", static_cast<Poco::UInt16>(port_)};
    Poco::Net::HTTPRequest request{method, path, Poco::Net::HTTPMessage::HTTP_1_1};
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (!cookies_.empty()) {
        Poco::Net::NameValueCollection jar;
        for (const auto& [name, value] : cookies_)
            jar.add(name, value);
        request.setCookies(jar);
    }
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    HttpResponse out;
    out.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) {
        out.headers[name] = value;
        if (name == "Set-Cookie") {
            out.cookiesSet.push_back(value);
            const auto eq = value.find('=');
            const auto end = value.find(';');
            const std::string cookie = value.substr(0, eq);
            const std::string content = value.substr(eq + 1, end - eq - 1);
            if (content.empty())
                cookies_.erase(cookie);
            else
                cookies_[cookie] = content;
        }
    }
    Poco::StreamCopier::copyToString(in, out.body);
    static const std::regex token{"name=\"csrf\" value=\"([A-Za-z0-9_-]+)\""};
    std::smatch m;
    if (std::regex_search(out.body, m, token))
        csrf_ = m[1];
    return out;
}

}  // namespace cqp::test
