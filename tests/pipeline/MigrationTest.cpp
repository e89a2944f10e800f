#include "cqp/repositories/AccountRepository.h"
#include "cqp/repositories/Store.h"
#include "cqp/store/StoreError.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using namespace cqp::pipeline;
using cqp::test::Backend;

namespace {

class MigrationTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        if (GetParam() == Backend::SQLite)
            location_ = {StoreLocation::Kind::SQLite, (dir_ / "fresh.db").string()};
        else
            location_ = {StoreLocation::Kind::PostgreSQL, test::PostgresServer::shared().createDatabase()};
    }
    void TearDown() override
    {
        if (GetParam() == Backend::PostgreSQL)
            test::PostgresServer::shared().dropDatabase(location_.target);
    }
    test::TempDir dir_;
    StoreLocation location_;
};

}  // namespace

TEST_P(MigrationTest, AnEmptyStoreIsRefusedUntilMigrated)
{
    auto store = Store::open(location_);
    EXPECT_EQ(store->schemaVersion(), 0);
    try {
        store->requireCurrentSchema();
        FAIL() << "an empty store must be refused";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string{e.what()}.find("cqp init"), std::string::npos);
    }
    const auto applied = store->migrate();
    ASSERT_EQ(applied.size(), static_cast<std::size_t>(Store::latestSchemaVersion()));
    EXPECT_EQ(applied[0], "1 initial schema");
    EXPECT_EQ(applied[1], "2 submissions and invitations");
    EXPECT_EQ(applied[2], "3 mail intake and delivery");
    EXPECT_EQ(applied[3], "4 parchments, attestations and print batches");
    EXPECT_EQ(applied[4], "5 scan reviews");
    EXPECT_EQ(store->schemaVersion(), Store::latestSchemaVersion());
    EXPECT_NO_THROW(store->requireCurrentSchema());
}

TEST_P(MigrationTest, RerunningOnACurrentStoreChangesNothing)
{
    {
        auto store = Store::open(location_);
        store->migrate();
        store->accounts().addCompany({0, "732829320", "Chimie Exemple SAS"});
    }
    auto store = Store::open(location_);
    EXPECT_TRUE(store->migrate().empty());
    EXPECT_TRUE(store->migrate().empty());
    EXPECT_EQ(store->schemaVersion(), Store::latestSchemaVersion());
    EXPECT_TRUE(store->accounts().companyBySiren("732829320"));
}

TEST_P(MigrationTest, AStoreFromANewerCqpIsRefused)
{
    auto store = Store::open(location_);
    store->migrate();
    ASSERT_EQ(test::rawExecute(location_, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')"),
              "");
    EXPECT_EQ(store->schemaVersion(), 999);
    EXPECT_THROW(store->requireCurrentSchema(), StoreError);
    EXPECT_THROW(store->migrate(), StoreError);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, test::bothBackends(), test::backendTestName);

TEST(StoreLocation, ParsesBothBackendsAndHidesPasswords)
{
    const auto sqlite = StoreLocation::parse("sqlite:var/cqp.db");
    EXPECT_EQ(sqlite.kind, StoreLocation::Kind::SQLite);
    EXPECT_EQ(sqlite.target, "var/cqp.db");
    const auto pg = StoreLocation::parse("postgresql:host=db port=5432 dbname=cqp user=cqp password=secret");
    EXPECT_EQ(pg.kind, StoreLocation::Kind::PostgreSQL);
    EXPECT_EQ(pg.describe(), "postgresql:host=db port=5432 dbname=cqp user=cqp password=***");
    EXPECT_THROW(StoreLocation::parse("mysql:cqp"), std::invalid_argument);
    EXPECT_THROW(StoreLocation::parse("var/cqp.db"), std::invalid_argument);
}

TEST(StoreLocation, AnUnreachableServerIsAStoreError)
{
    EXPECT_THROW(Store::open(StoreLocation::parse("postgresql:host=127.0.0.1 port=1 dbname=cqp connect_timeout=2")), StoreError);
}
