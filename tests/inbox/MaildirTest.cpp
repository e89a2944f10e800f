#include "cqp/inbox/Maildir.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using cqp::inbox::Maildir;
using cqp::test::TempDir;

TEST(Maildir, WaitingMessagesMoveToCurOnceProcessed)
{
    TempDir dir;
    const Maildir maildir{dir / "inbox"};
    EXPECT_FALSE(maildir.exists());
    maildir.create();
    EXPECT_TRUE(maildir.exists());
    cqp::test::writeFile(dir / "inbox/new/1700000002.M2.host", "Subject: b\r\n\r\nb");
    cqp::test::writeFile(dir / "inbox/new/1700000001.M1.host", "Subject: a\r\n\r\na");
    cqp::test::writeFile(dir / "inbox/new/.hidden", "x");
    EXPECT_EQ(maildir.waiting(), (std::vector<std::string>{"1700000001.M1.host", "1700000002.M2.host"}));
    maildir.markProcessed("1700000001.M1.host");
    maildir.markProcessed("1700000001.M1.host");  // a rerun after a crash: nothing to do
    EXPECT_EQ(maildir.waiting(), std::vector<std::string>{"1700000002.M2.host"});
    EXPECT_TRUE(std::filesystem::exists(dir / "inbox/cur/1700000001.M1.host:2,S"));
}
