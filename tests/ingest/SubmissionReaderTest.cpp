#include "cqp/ingest/SubmissionReader.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace cqp;
using cqp::test::readFile;

namespace {

std::string example(const std::string& name) { return readFile(test::sourceDir() / "examples/submissions" / name); }

std::string all(const ingest::XmlProblems& problems)
{
    std::string out;
    for (const auto& p : problems)
        out += p.describe() + "\n";
    return out;
}

}  // namespace

TEST(SubmissionReader, EveryExampleIsValidAndTyped)
{
    const std::pair<const char*, ingest::SubmissionKind> examples[] = {
        {"01-demande-compte-entreprise.xml", ingest::SubmissionKind::AccountRequest},
        {"02-demande-compte-evaluateur.xml", ingest::SubmissionKind::AccountRequest},
        {"03-candidat.xml", ingest::SubmissionKind::Candidate},
        {"04-candidature.xml", ingest::SubmissionKind::Candidature},
        {"05-invitation-evaluateur-metier.xml", ingest::SubmissionKind::MetierInvitation},
        {"06-resultats-evaluation.xml", ingest::SubmissionKind::EvaluationResults},
        {"07-observations-evaluateur-metier.xml", ingest::SubmissionKind::MetierObservations},
        {"08-inscription-jury.xml", ingest::SubmissionKind::JuryRegistration},
        {"09-decisions-jury.xml", ingest::SubmissionKind::JuryDecisions},
        {"10-saisie-candidat.xml", ingest::SubmissionKind::CandidateSelfEntry},
    };
    for (const auto& [file, kind] : examples) {
        const auto result = ingest::readSubmission(example(file));
        ASSERT_TRUE(result.submission) << file << "\n" << all(result.problems);
        EXPECT_EQ(result.submission->kind(), kind) << file;
        EXPECT_FALSE(result.submission->hasSignature()) << file;
    }
    const auto candidature = ingest::readSubmission(example("04-candidature.xml"));
    const auto& body = std::get<ingest::CandidatureSubmission>(candidature.submission->body());
    EXPECT_EQ(candidature.submission->claimedAccount(), 1);
    EXPECT_EQ(body.candidate.reference, "MAT-0042");
    EXPECT_EQ(body.competences.size(), 5u);
    EXPECT_EQ(body.evaluatorNumber, "EH-0101");
    EXPECT_EQ(body.plannedEvaluation.iso(), "2027-01-11");
    const auto candidate = ingest::readSubmission(example("03-candidat.xml"));
    const auto& civil = std::get<ingest::CandidateSubmission>(candidate.submission->body()).civil;
    EXPECT_EQ(civil.prenoms, "Élise Marie");
    EXPECT_EQ(civil.codeInsee, "42218");
}

TEST(SubmissionReader, SignaturesMadeByXmlsec1VerifyOnlyWithTheRightKeyAndUnchangedContent)
{
    const std::string signedXml = test::signWithXmlsec1("entreprise", example("04-candidature.xml"));
    const auto result = ingest::readSubmission(signedXml);
    ASSERT_TRUE(result.submission) << all(result.problems);
    ASSERT_TRUE(result.submission->hasSignature());
    EXPECT_TRUE(result.submission->verifySignature(readFile(test::dataFile("keys/entreprise.pub.pem"))).empty());
    const auto wrongKey = result.submission->verifySignature(readFile(test::dataFile("keys/entreprise-b.pub.pem")));
    ASSERT_EQ(wrongKey.size(), 1u);
    EXPECT_NE(wrongKey[0].message.find("ne correspond pas"), std::string::npos);
    EXPECT_NE(result.submission->verifySignature("not a key").at(0).message.find("illisible"), std::string::npos);

    std::string tampered = signedXml;
    tampered.replace(tampered.find("FAB-OPE-C5"), 10, "FAB-OPE-C1");
    tampered.replace(tampered.find("<competence code=\"FAB-OPE-C1\"/>"), 31, "");
    const auto changed = ingest::readSubmission(tampered);
    ASSERT_TRUE(changed.submission) << all(changed.problems);
    EXPECT_FALSE(changed.submission->verifySignature(readFile(test::dataFile("keys/entreprise.pub.pem"))).empty());
}

TEST(SubmissionReader, ErrorsAreInFrenchWithLineAndPath)
{
    std::string xml = example("04-candidature.xml");
    xml.replace(xml.find("FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION"), 55, "STAGE");
    const auto result = ingest::readSubmission(xml);
    ASSERT_FALSE(result.submission);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].line, 15);
    EXPECT_EQ(result.problems[0].path, "/candidature/dispositif");
    EXPECT_NE(result.problems[0].message.find("« STAGE » n'est pas une valeur permise"), std::string::npos)
        << result.problems[0].message;
}

TEST(SubmissionReader, AReferenceByNumberOrByAliasButNotBoth)
{
    std::string xml = example("08-inscription-jury.xml");
    xml.replace(xml.find("reference=\"CQP-2027-001\""), 24, "reference=\"CQP-2027-001\" numero=\"1\"");
    const auto result = ingest::readSubmission(xml);
    ASSERT_FALSE(result.submission);
    EXPECT_NE(all(result.problems).find("l'un ou l'autre"), std::string::npos);
}

TEST(SubmissionReader, AnInvalidSiretKeyIsRefused)
{
    std::string xml = example("01-demande-compte-entreprise.xml");
    xml.replace(xml.find("73282932000074"), 14, "73282932000075");
    const auto result = ingest::readSubmission(xml);
    ASSERT_FALSE(result.submission);
    EXPECT_NE(all(result.problems).find("le SIRET « 73282932000075 » n'est pas valide"), std::string::npos);
}
