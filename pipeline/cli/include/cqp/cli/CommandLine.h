#pragma once

namespace cqp::pipeline {

/// Exit codes of `cqp` (sysexits-like, documented in the README).
enum ExitCode : int {
    ExitDone = 0,        ///< everything done
    ExitRejected = 1,    ///< done, but some inputs were rejected or some checks failed
    ExitUsage = 2,       ///< the command line is wrong
    ExitEnvironment = 3  ///< configuration or store error: nothing was done
};

/// Runs the `cqp` command line; returns the exit code. Never throws.
int runCommandLine(int argc, char** argv);

}  // namespace cqp::pipeline
