// Whom cqp answers, which accounts it opens, which signed documents it takes (issue 12).

#include "cqp/rules/Accounts.h"
#include "cqp/rules/Deadlines.h"
#include "cqp/rules/Eligibility.h"
#include "cqp/rules/Replies.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

namespace {
Date d(const char* iso) { return *Date::parseIso(iso); }

ReplyFacts person(const std::string& address)
{
    ReplyFacts facts;
    facts.validSender = true;
    facts.sender = address;
    facts.knownSender = true;
    return facts;
}
}  // namespace

TEST(Replies, APersonIsAnsweredAMachineNever)
{
    const ReplyLimits limits;
    EXPECT_FALSE(noReplyReason(person("rh@chimie-exemple.fr"), limits));
    auto invalid = person("");
    invalid.validSender = false;
    EXPECT_TRUE(noReplyReason(invalid, limits));
    auto automatic = person("rh@chimie-exemple.fr");
    automatic.automaticWhy = "réponse automatique (Auto-Submitted: auto-replied)";
    EXPECT_TRUE(noReplyReason(automatic, limits));
    for (const char* robot : {"noreply@x.fr", "no-reply@x.fr", "NO_REPLY@x.fr", "do-not-reply@x.fr", "ne-pas-repondre@x.fr",
                              "MAILER-DAEMON@x.fr", "postmaster@x.fr", "noreply-alerts@x.fr", "bounces@x.fr"})
        EXPECT_TRUE(noReplyReason(person(robot), limits)) << robot;
    for (const char* human : {"noemie@x.fr", "bounce.dupont@x.fr", "post@x.fr", "replyer@x.fr"})
        EXPECT_FALSE(noReplyReason(person(human), limits)) << human;
}

TEST(Replies, AnswersToOurOwnMailAndDailyLimits)
{
    const ReplyLimits limits{3, 1};
    auto loop = person("claire@chimie-exemple.fr");
    loop.answersOurMail = true;
    EXPECT_TRUE(noReplyReason(loop, limits));
    loop.carriesSubmission = true;
    EXPECT_FALSE(noReplyReason(loop, limits));
    auto stranger = person("inconnu@x.fr");
    stranger.knownSender = false;
    EXPECT_FALSE(noReplyReason(stranger, limits));
    stranger.repliesToday = 1;
    EXPECT_TRUE(noReplyReason(stranger, limits));
    auto busy = person("rh@chimie-exemple.fr");
    busy.repliesToday = 2;
    EXPECT_FALSE(noReplyReason(busy, limits));
    busy.repliesToday = 3;
    EXPECT_TRUE(noReplyReason(busy, limits));
    EXPECT_TRUE(namesOurMessage("<a@b> <cqp.12.00ff@branche.example>", "branche.example"));
    EXPECT_FALSE(namesOurMessage("<cqp.12.00ff@autre.example>", "branche.example"));
    EXPECT_FALSE(namesOurMessage("<cqp.12.00ff@branche.example", "branche.example"));
}

TEST(Accounts, ASecondRequestFromAnotherAddressIsReviewed)
{
    EXPECT_EQ(judgeAccountRequest(false, {}, "a@x.fr"), AccountRequestVerdict::Create);
    EXPECT_EQ(judgeAccountRequest(true, {"a@x.fr"}, "A@X.fr"), AccountRequestVerdict::AlreadyExists);
    EXPECT_EQ(judgeAccountRequest(true, {"a@x.fr"}, "b@y.fr"), AccountRequestVerdict::ToReview);
    EXPECT_EQ(judgeAccountRequest(true, {"a@x.fr"}, ""), AccountRequestVerdict::ToReview);
    EXPECT_EQ(evaluatorAccountAddresses("Helene@Eval.example", {"x@y.fr", "helene@eval.example"}),
              (std::vector<std::string>{"helene@eval.example", "x@y.fr"}));
}

TEST(Signing, AgeFutureAndFormatCutOff)
{
    const Deadlines deadlines;
    EXPECT_TRUE(checkSigning("1.1", d("2026-12-01"), d("2026-12-31"), deadlines).empty());
    EXPECT_TRUE(hasRefusal(checkSigning("1.1", d("2026-11-30"), d("2026-12-31"), deadlines), "signature_too_old"));
    EXPECT_TRUE(checkSigning("1.1", d("2027-01-01"), d("2026-12-31"), deadlines).empty());  // a day of time zones
    EXPECT_TRUE(hasRefusal(checkSigning("1.1", d("2027-01-02"), d("2026-12-31"), deadlines), "signed_in_future"));
    EXPECT_TRUE(checkSigning("1.0", std::nullopt, d("2027-06-30"), deadlines).empty());
    EXPECT_TRUE(hasRefusal(checkSigning("1.0", std::nullopt, d("2027-07-01"), deadlines), "format_retired"));
}

TEST(Eligibility, ABirthDateMustBePlausible)
{
    EXPECT_TRUE(checkBirthDate(d("1990-04-12"), d("2026-12-04")).empty());
    EXPECT_TRUE(checkBirthDate(d("2010-12-04"), d("2026-12-04")).empty());  // 16 today
    EXPECT_TRUE(hasRefusal(checkBirthDate(d("2010-12-05"), d("2026-12-04")), "candidate_too_young"));
    EXPECT_TRUE(hasRefusal(checkBirthDate(d("2026-12-05"), d("2026-12-04")), "birth_date_future"));
}

TEST(Dmarc, OnlyTheTrustedServersFirstHeaderCounts)
{
    const std::string server = "mx.branche.example";
    EXPECT_EQ(dmarcVerdict({"mx.branche.example; spf=pass smtp.mailfrom=x.fr; dmarc=fail (p=reject) header.from=x.fr"}, server),
              DmarcVerdict::Fail);
    EXPECT_EQ(dmarcVerdict({"MX.Branche.Example 1; dkim=pass; dmarc=pass header.from=x.fr"}, server), DmarcVerdict::Pass);
    // The sender's own header (another authserv-id) proves nothing; ours, above it, decides.
    EXPECT_EQ(dmarcVerdict({"mx.pirate.example; dmarc=pass"}, server), DmarcVerdict::NotChecked);
    EXPECT_EQ(dmarcVerdict({"mx.branche.example; dmarc=fail", "mx.branche.example; dmarc=pass"}, server), DmarcVerdict::Fail);
    // "none" (no policy published) is not a proof either; no DMARC result at all: not checked.
    EXPECT_EQ(dmarcVerdict({"mx.branche.example; dmarc=none"}, server), DmarcVerdict::Fail);
    EXPECT_EQ(dmarcVerdict({"mx.branche.example; spf=pass"}, server), DmarcVerdict::NotChecked);
    EXPECT_EQ(dmarcVerdict({"mx.branche.example; dmarc=fail"}, ""), DmarcVerdict::NotChecked);  // no trusted server set
    EXPECT_EQ(dmarcVerdict({"garbage without semicolon dmarc=fail"}, server), DmarcVerdict::NotChecked);
}
