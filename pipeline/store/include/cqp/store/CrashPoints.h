#pragma once

// Injected faults for the crash-safety test: with CQP_CRASH_AT=N in the environment, the
// process kills itself (SIGKILL, as `kill -9` would) at the N-th crash point it passes — before
// and after every commit, and between a mail server's acceptance and the commit that records
// it. With CQP_CRASH_COUNT=1 it prints how many points it passed when it exits normally.
// With CQP_FAIL_AT=POINT:N the N-th pass through the point named POINT (e.g. "fetch item",
// "scan item", "send item") throws instead: a poison item, which its stage must set aside
// with its reason while the run goes on. Without these variables a crash point costs a branch.

namespace cqp::pipeline {

void crashPoint(const char* where);

/// Only the CQP_FAIL_AT part of a crash point, safe on any thread and not counted among the
/// crash points (work done ahead on worker threads, e.g. "fetch prepare").
void failurePoint(const char* where);

}  // namespace cqp::pipeline
