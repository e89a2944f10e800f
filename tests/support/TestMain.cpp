// The main of every test program: GoogleTest's, with Tesseract kept to one OpenMP thread (see
// ingest::runWithOneOcrThread) as in the cqp program.

#include "cqp/ingest/ScanReader.h"

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    cqp::ingest::runWithOneOcrThread(argv);
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
