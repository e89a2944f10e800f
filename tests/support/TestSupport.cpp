#include "TestSupport.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <csignal>
#include <unistd.h>

namespace cqp::test {

namespace fs = std::filesystem;

TempDir::TempDir()
{
    std::random_device random;
    const fs::path base = std::getenv("TMPDIR") ? fs::path{std::getenv("TMPDIR")} : fs::temp_directory_path();
    for (;;) {
        path_ = base / ("cqp-test-" + std::to_string(getpid()) + "-" + std::to_string(random()));
        if (fs::create_directories(path_))
            break;
    }
}

TempDir::~TempDir()
{
    std::error_code ec;
    if (!std::getenv("CQP_KEEP_TEST_DIRS"))
        fs::remove_all(path_, ec);
}

std::string readFile(const fs::path& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in)
        throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& path, const std::string& content)
{
    fs::create_directories(path.parent_path());
    std::ofstream out{path, std::ios::binary};
    out << content;
}

fs::path sourceDir() { return CQP_SOURCE_DIR; }
fs::path dataFile(const std::string& relative) { return sourceDir() / "tests" / "data" / relative; }

namespace {

int readPort(const fs::path& dir)
{
    std::ifstream in{dir / "port"};
    int port = 0;
    in >> port;
    return port;
}
}  // namespace

PostgresServer::PostgresServer()
{
    Poco::Data::PostgreSQL::Connector::registerConnector();
    if (const char* shared = std::getenv("CQP_TEST_PG_DIR"); shared && fs::exists(fs::path{shared} / "port")) {
        dir_ = shared;
        port_ = readPort(dir_);
        return;
    }
    dir_ = fs::temp_directory_path() / ("cqp-pg-" + std::to_string(getpid()));
    own_ = true;
    const std::string command = std::string{CQP_PG_SERVER_SCRIPT} + " start '" + dir_.string() + "' >/dev/null";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("cannot start PostgreSQL with " + command);
    port_ = readPort(dir_);
}

PostgresServer::~PostgresServer()
{
    // The server this process started goes with it (a ctest run shares one started by the fixture).
    if (!own_)
        return;
    const std::string command = std::string{CQP_PG_SERVER_SCRIPT} + " stop '" + dir_.string() + "' >/dev/null 2>&1";
    [[maybe_unused]] const int rc = std::system(command.c_str());
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

PostgresServer& PostgresServer::shared()
{
    static PostgresServer server;
    return server;
}

std::string PostgresServer::admin() const
{
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=postgres";
}

std::string PostgresServer::createDatabase()
{
    std::random_device random;
    const std::string name = "cqp_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter_) + "_" +
                             std::to_string(random() % 100000);
    Poco::Data::Session session{"PostgreSQL", admin()};
    session << ("CREATE DATABASE " + name), Poco::Data::Keywords::now;
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + name;
}

void PostgresServer::dropDatabase(const std::string& connection)
{
    const auto at = connection.find("dbname=");
    if (at == std::string::npos)
        return;
    const std::string name = connection.substr(at + 7);
    Poco::Data::Session session{"PostgreSQL", admin()};
    session << ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"), Poco::Data::Keywords::now;
}

TestDatabase::~TestDatabase()
{
    try {
        PostgresServer::shared().dropDatabase(connection_);
    } catch (...) {
        // The server goes away with the test run anyway.
    }
}

std::string backendName(Backend backend) { return backend == Backend::SQLite ? "SQLite" : "PostgreSQL"; }

::testing::internal::ValueArray<Backend, Backend> bothBackends()
{
    return ::testing::Values(Backend::SQLite, Backend::PostgreSQL);
}

std::string backendTestName(const ::testing::TestParamInfo<Backend>& param) { return backendName(param.param); }

ScratchStore::ScratchStore(Backend backend) : backend_{backend}
{
    if (backend == Backend::SQLite)
        location_ = {pipeline::StoreLocation::Kind::SQLite, (dir_ / "store.db").string()};
    else
        location_ = {pipeline::StoreLocation::Kind::PostgreSQL, PostgresServer::shared().createDatabase()};
    store_ = pipeline::Store::open(location_);
    store_->migrate();
}

ScratchStore::~ScratchStore()
{
    store_.reset();
    if (backend_ == Backend::PostgreSQL) {
        try {
            PostgresServer::shared().dropDatabase(location_.target);
        } catch (...) {
            // The server goes away with the test run anyway.
        }
    }
}

void ScratchStore::reopen()
{
    store_.reset();
    store_ = pipeline::Store::open(location_);
}

std::string rawExecute(const pipeline::StoreLocation& location, const std::string& sql)
{
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    try {
        Poco::Data::Session session{location.kind == pipeline::StoreLocation::Kind::SQLite ? "SQLite" : "PostgreSQL",
                                    location.target};
        session << sql, Poco::Data::Keywords::now;
        return "";
    } catch (const Poco::Exception& e) {
        return e.displayText().empty() ? "error" : e.displayText();
    }
}

std::string rawQuery(const pipeline::StoreLocation& location, const std::string& sql)
{
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    Poco::Data::Session session{location.kind == pipeline::StoreLocation::Kind::SQLite ? "SQLite" : "PostgreSQL",
                                location.target};
    Poco::Data::Statement select{session};
    select << sql, Poco::Data::Keywords::now;
    Poco::Data::RecordSet rows{select};
    std::string out;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        for (std::size_t c = 0; c < rows.columnCount(); ++c)
            out += (c ? " | " : "") + (rows.value(c).isEmpty() ? std::string{"NULL"} : rows.value(c).convert<std::string>());
        out += "\n";
    }
    return out;
}

long long countRows(const pipeline::StoreLocation& location, const std::string& table)
{
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    Poco::Data::Session session{location.kind == pipeline::StoreLocation::Kind::SQLite ? "SQLite" : "PostgreSQL",
                                location.target};
    Poco::Int64 count = 0;
    session << ("SELECT COUNT(*) FROM " + table), Poco::Data::Keywords::into(count), Poco::Data::Keywords::now;
    return count;
}

std::string stamped(const std::string& xml, const std::string& date)
{
    std::string out = xml;
    const std::regex identifier{"identifiant=\"exemple-[^\"]*\""};
    const std::regex signedOn{"dateSignature=\"[0-9-]*\""};
    if (!date.empty())
        out = std::regex_replace(out, signedOn, "dateSignature=\"" + date + "\"");
    std::ostringstream id;
    id << "identifiant=\"t-" << std::hex << std::hash<std::string>{}(out) << "\"";
    return std::regex_replace(out, identifier, id.str());
}

std::string signWithXmlsec1(const std::string& key, const std::string& xml)
{
    TempDir dir;
    writeFile(dir / "in.xml", stamped(xml));
    const std::string command = "'" + (sourceDir() / "scripts/sign-submission").string() + "' '" +
                                dataFile("keys/" + key + ".key.pem").string() + "' '" + (dir / "in.xml").string() + "' '" +
                                (dir / "out.xml").string() + "' 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("xmlsec1 could not sign: " + command);
    return readFile(dir / "out.xml");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string shell(const std::string& command)
{
    std::string out;
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    char buffer[4096];
    while (pipe && fgets(buffer, sizeof buffer, pipe))
        out += buffer;
    if (pipe)
        pclose(pipe);
    return out;
}

testing::AssertionResult qpdfClean(const fs::path& pdf)
{
    const auto report = shell("qpdf --check '" + pdf.string() + "'");
    if (report.find("No syntax or stream encoding errors found") != std::string::npos)
        return testing::AssertionSuccess();
    return testing::AssertionFailure() << "qpdf --check " << pdf << ":\n" << report;
}

std::string pdfText(const fs::path& pdf)
{
    return shell("pdftotext -layout '" + pdf.string() + "' -");
}

std::string pageQrCode(const fs::path& pdf, int page, int dpi)
{
    TempDir dir;
    const auto n = std::to_string(page);
    shell("pdftoppm -r " + std::to_string(dpi) + " -gray -singlefile -f " + n + " -l " + n + " -png '" + pdf.string() +
          "' '" + (dir / "page").string() + "'");
    std::string decoded = shell("zbarimg -q --raw '" + (dir / "page.png").string() + "'");
    while (!decoded.empty() && decoded.back() == '\n')
        decoded.pop_back();
    const auto lastLine = decoded.rfind('\n');
    return lastLine == std::string::npos ? decoded : decoded.substr(lastLine + 1);
}

CommandResult runCqp(const fs::path& workdir, const std::vector<std::string>& args)
{
    return runCqp(workdir, args, {}, 0);
}

CommandResult runCqp(const fs::path& workdir, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment, int killAfterMs)
{
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    Poco::ProcessHandle handle =
        Poco::Process::launch(CQP_BINARY, args, workdir.string(), nullptr, &outPipe, &errPipe, environment);
    Poco::PipeInputStream outStream{outPipe};
    Poco::PipeInputStream errStream{errPipe};
    CommandResult result;
    std::mutex mutex;
    std::condition_variable exited;
    bool done = false;
    std::thread killer;
    if (killAfterMs > 0)
        killer = std::thread{[&] {
            std::unique_lock lock{mutex};
            if (!exited.wait_for(lock, std::chrono::milliseconds{killAfterMs}, [&] { return done; }))
                Poco::Process::kill(handle);
        }};
    std::thread errReader{[&] { Poco::StreamCopier::copyToString(errStream, result.err); }};
    Poco::StreamCopier::copyToString(outStream, result.out);
    errReader.join();
    result.exitCode = handle.wait();
    {
        std::lock_guard lock{mutex};
        done = true;
    }
    exited.notify_all();
    if (killer.joinable())
        killer.join();
    return result;
}

struct CqpProcess::State {
    Poco::Pipe outPipe;
    Poco::Pipe errPipe;
    std::unique_ptr<Poco::ProcessHandle> handle;
    CommandResult result;
    std::thread outReader;
    std::thread errReader;
    bool waited = false;
};

CqpProcess::CqpProcess(const fs::path& workdir, const std::vector<std::string>& args) : state_{std::make_unique<State>()}
{
    auto& s = *state_;
    s.handle = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(CQP_BINARY, args, workdir.string(), nullptr, &s.outPipe, &s.errPipe));
    s.outReader = std::thread{[&s] {
        Poco::PipeInputStream in{s.outPipe};
        Poco::StreamCopier::copyToString(in, s.result.out);
    }};
    s.errReader = std::thread{[&s] {
        Poco::PipeInputStream in{s.errPipe};
        Poco::StreamCopier::copyToString(in, s.result.err);
    }};
}

CqpProcess::~CqpProcess()
{
    if (!state_->waited) {
        Poco::Process::kill(*state_->handle);
        wait();
    }
}

void CqpProcess::terminate() { ::kill(static_cast<pid_t>(state_->handle->id()), SIGTERM); }

CommandResult CqpProcess::wait()
{
    auto& s = *state_;
    if (!s.waited) {
        s.outReader.join();
        s.errReader.join();
        s.result.exitCode = s.handle->wait();
        s.waited = true;
    }
    return s.result;
}

}  // namespace cqp::test
