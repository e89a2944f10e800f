// What `cqp verify` (and later the verification page) accepts as a code (issue 14, item 6).

#include "cqp/rules/Verification.h"

#include <gtest/gtest.h>

using cqp::rules::verificationCodeFrom;

TEST(Verification, TheCodeTypedOrScannedInEveryForm)
{
    const std::string printed = "K7QM-3RTX-9BZA-W2HC";
    for (const char* given : {"K7QM-3RTX-9BZA-W2HC", "k7qm-3rtx-9bza-w2hc", "K7QM3RTX9BZAW2HC", " k7qm 3rtx 9bza w2hc ",
                              "https://cqp.observatoiredelachimie.fr/verifier?code=K7QM-3RTX-9BZA-W2HC",
                              "https://cqp.branche.example/verifier?code=k7qm3rtx9bzaw2hc&lang=fr",
                              "https://cqp.branche.example/verifier/K7QM-3RTX-9BZA-W2HC"}) {
        const auto code = verificationCodeFrom(given);
        ASSERT_TRUE(code) << given;
        EXPECT_EQ(*code, printed) << given;
    }
}

TEST(Verification, WhatCannotBeACodeIsNone)
{
    for (const char* given : {"", "K7QM-3RTX-9BZA", "K7QM-3RTX-9BZA-W2HCX", "K7QM-3RTX-9BZA-W2H0", "K7QM-3RTX-9BZA-W2HI",
                              "https://cqp.branche.example/verifier?code=", "2027-0001", "K7QM-3RTX-9BZA-W2H!"})
        EXPECT_FALSE(verificationCodeFrom(given)) << given;
}
