#include "cqp/ingest/ScanReader.h"
#include "cqp/cli/CommandLine.h"

#include <sys/stat.h>

int main(int argc, char** argv)
{
    // Everything cqp writes holds personal data or secrets (the store, the spool, the print
    // batches, the parchment key, logs): readable by its own user only, from creation on.
    umask(077);
    cqp::ingest::runWithOneOcrThread(argv);
    return cqp::pipeline::runCommandLine(argc, argv);
}
