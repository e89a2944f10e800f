#include "cqp/ingest/ScanReader.h"
#include "cqp/pipeline/CommandLine.h"

int main(int argc, char** argv)
{
    cqp::ingest::runWithOneOcrThread(argv);
    return cqp::pipeline::runCommandLine(argc, argv);
}
