#include "cqp/pipeline/CommandLine.h"

int main(int argc, char** argv)
{
    return cqp::pipeline::runCommandLine(argc, argv);
}
