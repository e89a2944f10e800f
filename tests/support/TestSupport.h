#pragma once

// Shared helpers of the test suites: temporary folders, the real PostgreSQL server, the real
// `cqp` binary, and a store open on either backend.

#include "cqp/repositories/Store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cqp::test {

/// A fresh folder, removed with its contents at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& content);
/// A file under tests/data.
std::filesystem::path dataFile(const std::string& relative);
std::filesystem::path sourceDir();

/// The PostgreSQL server of the test run: the one started by the ctest fixture
/// (tests/support/pg-server, folder in CQP_TEST_PG_DIR), else one started for this process.
class PostgresServer {
public:
    static PostgresServer& shared();
    ~PostgresServer();
    int port() const { return port_; }
    /// Creates an empty database and returns its libpq connection string.
    std::string createDatabase();
    void dropDatabase(const std::string& connection);

private:
    PostgresServer();
    std::string admin() const;
    int port_ = 0;
    std::filesystem::path dir_;
    bool own_ = false;
    int counter_ = 0;
};

/// An empty database on the shared server for one test, dropped when the object goes.
class TestDatabase {
public:
    TestDatabase() : connection_{PostgresServer::shared().createDatabase()} {}
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    /// The libpq connection string.
    const std::string& connection() const { return connection_; }

private:
    std::string connection_;
};

enum class Backend { SQLite, PostgreSQL };
std::string backendName(Backend backend);
/// For INSTANTIATE_TEST_SUITE_P(Backends, Suite, bothBackends(), backendTestName).
::testing::internal::ValueArray<Backend, Backend> bothBackends();
std::string backendTestName(const ::testing::TestParamInfo<Backend>& param);

/// A migrated store on one backend, thrown away at the end.
class ScratchStore {
public:
    explicit ScratchStore(Backend backend);
    ~ScratchStore();
    pipeline::Store& store() { return *store_; }
    const pipeline::StoreLocation& location() const { return location_; }
    /// Closes and reopens the store (to prove data is really in the database).
    void reopen();

private:
    Backend backend_;
    TempDir dir_;
    pipeline::StoreLocation location_;
    std::unique_ptr<pipeline::Store> store_;
};

/// Runs raw SQL on the store behind the repositories' back; returns the database's error
/// message, or "" when the statement succeeded.
std::string rawExecute(const pipeline::StoreLocation& location, const std::string& sql);

/// The rows of a query, one line each, cells separated by " | " (to compare two stores).
std::string rawQuery(const pipeline::StoreLocation& location, const std::string& sql);

/// Number of rows of `table` (to prove a refused input changed nothing).
long long countRows(const pipeline::StoreLocation& location, const std::string& table);

/// A document of format 1.1 as its sender's software stamps it before signing: the example's
/// identifier replaced by one derived from the whole document (the same document gets the same
/// identifier, any other a new one) and its signing date set to `date` (kept when empty).
std::string stamped(const std::string& xml, const std::string& date = "");

/// Signs `xml`, stamped, with tests/data/keys/KEY.key.pem through scripts/sign-submission (xmlsec1).
std::string signWithXmlsec1(const std::string& key, const std::string& xml);

/// True when `text` holds `part` (output, mail and reason checks).
bool contains(const std::string& text, const std::string& part);

/// Runs a shell command (a checking tool: qpdf, pdftotext, zbarimg…); its standard output.
std::string shell(const std::string& command);

/// `qpdf --check` finds no syntax or stream encoding error in the PDF file (its report otherwise).
testing::AssertionResult qpdfClean(const std::filesystem::path& pdf);

/// The text of a PDF file as `pdftotext -layout` gives it.
std::string pdfText(const std::filesystem::path& pdf);

/// Page `page` (from 1) of a PDF file rasterised in gray at `dpi` (pdftoppm), then read by
/// `zbarimg`: the last symbol it prints ("" when none).
std::string pageQrCode(const std::filesystem::path& pdf, int page, int dpi);

struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs the real `cqp` binary in `workdir` with `args`.
CommandResult runCqp(const std::filesystem::path& workdir, const std::vector<std::string>& args);

/// The same with more environment variables, killed with SIGKILL after `killAfterMs` when it
/// is still running then (0: never); exitCode is then -9.
CommandResult runCqp(const std::filesystem::path& workdir, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& environment, int killAfterMs = 0);

/// The real `cqp` binary running in the background (a daemon, workers side by side).
class CqpProcess {
public:
    CqpProcess(const std::filesystem::path& workdir, const std::vector<std::string>& args);
    ~CqpProcess();  ///< kills it if it still runs
    CqpProcess(const CqpProcess&) = delete;
    CqpProcess& operator=(const CqpProcess&) = delete;
    /// Asks it to stop as an operator would (SIGTERM).
    void terminate();
    /// Waits for its end; its output and exit code.
    CommandResult wait();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace cqp::test
