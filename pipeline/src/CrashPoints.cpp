#include "cqp/pipeline/CrashPoints.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace cqp::pipeline {

namespace {

struct Injection {
    long target = 0;  // 0: none
    bool counting = false;
    long passed = 0;

    Injection()
    {
        if (const char* at = std::getenv("CQP_CRASH_AT"))
            target = std::strtol(at, nullptr, 10);
        counting = std::getenv("CQP_CRASH_COUNT") != nullptr;
        if (counting)
            std::atexit([] { std::fprintf(stderr, "crash points passed: %ld\n", injection().passed); });
    }
    static Injection& injection();
};

Injection& Injection::injection()
{
    static Injection instance;
    return instance;
}

}  // namespace

void crashPoint(const char* where)
{
    auto& injection = Injection::injection();
    if (injection.target == 0 && !injection.counting)
        return;
    if (++injection.passed == injection.target) {
        std::fprintf(stderr, "crash point %ld (%s): killed\n", injection.passed, where);
        std::fflush(stderr);
        std::raise(SIGKILL);
    }
}

}  // namespace cqp::pipeline
