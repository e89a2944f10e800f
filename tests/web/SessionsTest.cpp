// The console's sessions and the rate limits, on their own: an idle session ends, a closed one
// is gone, a flash message shows once; the limiter admits so many per minute and says how long
// to wait.

#include "Sessions.h"

#include <gtest/gtest.h>

#include <thread>

namespace cqp::pipeline::web {
namespace {

TEST(Sessions, ASessionIsFoundUntilItStaysIdleTooLongOrIsClosed)
{
    Sessions sessions{std::chrono::seconds{1}};
    const auto s = sessions.open(7, "amelie", ConsoleRole::Secretariat);
    EXPECT_EQ(s.id.size(), 43u);  // 256 bits, URL-safe base64
    EXPECT_NE(s.id, s.csrf);
    ASSERT_TRUE(sessions.find(s.id));
    EXPECT_EQ(sessions.find(s.id)->userName, "amelie");
    EXPECT_FALSE(sessions.find("forged"));
    EXPECT_FALSE(sessions.find(""));
    sessions.setFlash(s.id, "fait");
    EXPECT_EQ(sessions.takeFlash(s.id), "fait");
    EXPECT_EQ(sessions.takeFlash(s.id), "");
    std::this_thread::sleep_for(std::chrono::milliseconds{600});
    EXPECT_TRUE(sessions.find(s.id));  // used: the idle time starts again
    std::this_thread::sleep_for(std::chrono::milliseconds{1300});
    EXPECT_FALSE(sessions.find(s.id));  // idle too long
    const auto other = sessions.open(8, "lea", ConsoleRole::Lecture);
    sessions.close(other.id);
    EXPECT_FALSE(sessions.find(other.id));
}

TEST(RateLimiter, AdmitsSoManyPerMinuteAndClientThenSaysHowLongToWait)
{
    RateLimiter limiter{3};
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(limiter.admit("192.0.2.1"), 0);
    const int wait = limiter.admit("192.0.2.1");
    EXPECT_GT(wait, 0);
    EXPECT_LE(wait, 60);
    EXPECT_EQ(limiter.admit("192.0.2.2"), 0);  // another client is not held back
}

}  // namespace
}  // namespace cqp::pipeline::web
