#include "cqp/outbox/Spool.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using cqp::outbox::Spool;
using cqp::test::TempDir;

TEST(Spool, WritesEachMailOnceAndCompletely)
{
    TempDir dir;
    const Spool spool{dir / "outbox"};
    spool.create();
    const std::string message = "From: cqp@example.org\r\nSubject: =?UTF-8?Q?r=C3=A9ponse?=\r\n\r\nBonjour\r\n";
    EXPECT_TRUE(spool.deliver("outbox-1", message));
    EXPECT_FALSE(spool.deliver("outbox-1", "something else"));  // already delivered: kept as it was
    ASSERT_EQ(spool.messages().size(), 1u);
    EXPECT_EQ(cqp::test::readFile(spool.messages()[0]), message);
    EXPECT_THROW(spool.deliver("../escape", message), std::invalid_argument);
}
