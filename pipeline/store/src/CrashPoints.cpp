#include "cqp/store/CrashPoints.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace cqp::pipeline {

namespace {

struct Injection {
    long target = 0;  // 0: none
    bool counting = false;
    long passed = 0;
    // CQP_FAIL_AT="POINT:N": the N-th pass through the crash point named POINT throws.
    std::string failPoint;
    long failAt = 0;
    std::atomic<long> failPassed = 0;  // failure points may be passed on worker threads

    Injection()
    {
        if (const char* at = std::getenv("CQP_CRASH_AT"))
            target = std::strtol(at, nullptr, 10);
        if (const char* fail = std::getenv("CQP_FAIL_AT")) {
            const std::string spec = fail;
            if (const auto colon = spec.rfind(':'); colon != std::string::npos) {
                failPoint = spec.substr(0, colon);
                failAt = std::strtol(spec.c_str() + colon + 1, nullptr, 10);
            }
        }
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

void failurePoint(const char* where)
{
    auto& injection = Injection::injection();
    if (injection.failAt > 0 && injection.failPoint == where && ++injection.failPassed == injection.failAt)
        throw std::runtime_error(std::string{"injected failure at "} + where + " #" + std::to_string(injection.failAt));
}

void crashPoint(const char* where)
{
    failurePoint(where);
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
