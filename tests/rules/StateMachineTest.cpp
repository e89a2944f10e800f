#include "cqp/rules/StateMachine.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace cqp::rules;

namespace {

Date d(const char* iso) { return *Date::parseIso(iso); }
const Date today = Date::fromYmd(2026, 6, 30);

// A candidature with every fact of every step present, in `status`.
CandidatureFacts complete(CandidatureStatus status)
{
    CandidatureFacts f;
    f.status = status;
    f.civilStatusComplete = true;
    f.outil6Received = true;
    f.certificateKnown = true;
    f.competencesChosen = 4;
    f.parcoursSet = true;
    f.dispositifSet = true;
    f.etablissementSet = true;
    f.evaluatorConfirmed = true;
    f.metierInvited = true;
    f.competencesWithResult = 4;
    f.competencesWithComment = 4;
    f.candidateObservations = true;
    f.outil4Received = true;
    f.evaluationDate = d("2026-03-02");
    f.resultsReceivedOn = d("2026-03-05");
    f.metierObservations = true;
    f.registeredOn = d("2026-05-01");
    f.juryDate = d("2026-06-25");
    f.outcome = Outcome::Partiel;
    return f;
}

std::vector<std::string> unmetCodes(const Transition& t)
{
    std::vector<std::string> codes;
    if (const auto* blocked = std::get_if<Blocked>(&t))
        for (const auto& r : blocked->unmet)
            codes.push_back(r.code);
    return codes;
}

CandidatureStatus nextOf(const Transition& t)
{
    const auto* advance = std::get_if<Advance>(&t);
    EXPECT_NE(advance, nullptr);
    return advance ? advance->next : CandidatureStatus::EnCoursInscription;
}

}  // namespace

TEST(StateMachine, EachStatusLeadsToTheNextOneOnly)
{
    const Deadlines dl;
    EXPECT_EQ(nextOf(nextTransition(complete(CandidatureStatus::EnCoursInscription), today, dl)),
              CandidatureStatus::EnAttenteEvaluation);
    EXPECT_EQ(nextOf(nextTransition(complete(CandidatureStatus::EnAttenteEvaluation), today, dl)),
              CandidatureStatus::ValidationEvaluation);
    EXPECT_EQ(nextOf(nextTransition(complete(CandidatureStatus::ValidationEvaluation), today, dl)),
              CandidatureStatus::InscriptionJury);
    EXPECT_EQ(nextOf(nextTransition(complete(CandidatureStatus::InscriptionJury), today, dl)), CandidatureStatus::Partiel);
}

TEST(StateMachine, TheJuryOutcomeGivesTheFinalStatus)
{
    const Deadlines dl;
    auto f = complete(CandidatureStatus::InscriptionJury);
    f.outcome = Outcome::Valide;
    EXPECT_EQ(nextOf(nextTransition(f, today, dl)), CandidatureStatus::Valide);
    f.outcome = Outcome::NonValide;
    EXPECT_EQ(nextOf(nextTransition(f, today, dl)), CandidatureStatus::NonValide);
}

TEST(StateMachine, FinalStatusesHaveNoNextStep)
{
    for (auto s : {CandidatureStatus::Valide, CandidatureStatus::Partiel, CandidatureStatus::NonValide})
        EXPECT_TRUE(std::holds_alternative<Terminal>(nextTransition(complete(s), today, Deadlines{})));
}

// Every precondition of every transition, one at a time: the step is refused with its code.
struct Precondition {
    CandidatureStatus status;
    std::string code;
    void (*breakIt)(CandidatureFacts&);
};

class EachPrecondition : public ::testing::TestWithParam<Precondition> {};

TEST_P(EachPrecondition, BlocksTheStepWithItsCode)
{
    auto f = complete(GetParam().status);
    GetParam().breakIt(f);
    const auto t = nextTransition(f, today, Deadlines{});
    const auto codes = unmetCodes(t);
    ASSERT_EQ(codes.size(), 1u) << "expected only " << GetParam().code;
    EXPECT_EQ(codes[0], GetParam().code);
    EXPECT_FALSE(std::get<Blocked>(t).unmet[0].sentence.empty());
}

INSTANTIATE_TEST_SUITE_P(
    StateMachine, EachPrecondition,
    ::testing::Values(
        Precondition{CandidatureStatus::EnCoursInscription, "civil_status_incomplete", [](CandidatureFacts& f) { f.civilStatusComplete = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "outil6_missing", [](CandidatureFacts& f) { f.outil6Received = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "certificate_unknown", [](CandidatureFacts& f) { f.certificateKnown = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "competences_missing", [](CandidatureFacts& f) { f.competencesChosen = 0; }},
        Precondition{CandidatureStatus::EnCoursInscription, "parcours_missing", [](CandidatureFacts& f) { f.parcoursSet = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "dispositif_missing", [](CandidatureFacts& f) { f.dispositifSet = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "etablissement_missing", [](CandidatureFacts& f) { f.etablissementSet = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "evaluator_not_confirmed", [](CandidatureFacts& f) { f.evaluatorConfirmed = false; }},
        Precondition{CandidatureStatus::EnCoursInscription, "evaluator_not_habilitated",
                     [](CandidatureFacts& f) { f.evaluatorIneligibility.push_back({"evaluator_not_habilitated", "Non habilité."}); }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "metier_not_invited", [](CandidatureFacts& f) { f.metierInvited = false; }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "results_incomplete", [](CandidatureFacts& f) { f.competencesWithResult = 3; }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "comments_incomplete", [](CandidatureFacts& f) { f.competencesWithComment = 2; }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "candidate_observations_missing", [](CandidatureFacts& f) { f.candidateObservations = false; }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "outil4_missing", [](CandidatureFacts& f) { f.outil4Received = false; }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "results_missing", [](CandidatureFacts& f) { f.resultsReceivedOn.reset(); }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "results_too_late", [](CandidatureFacts& f) { f.resultsReceivedOn = d("2026-03-11"); }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "results_before_evaluation", [](CandidatureFacts& f) { f.resultsReceivedOn = d("2026-03-01"); }},
        Precondition{CandidatureStatus::EnAttenteEvaluation, "evaluation_in_future",
                     [](CandidatureFacts& f) { f.evaluationDate = d("2026-07-02"); f.resultsReceivedOn = d("2026-07-03"); }},
        Precondition{CandidatureStatus::ValidationEvaluation, "metier_observations_missing", [](CandidatureFacts& f) { f.metierObservations = false; }},
        Precondition{CandidatureStatus::ValidationEvaluation, "jury_registration_missing", [](CandidatureFacts& f) { f.registeredOn.reset(); }},
        Precondition{CandidatureStatus::ValidationEvaluation, "registration_too_late", [](CandidatureFacts& f) { f.registeredOn = d("2026-06-05"); }},
        Precondition{CandidatureStatus::InscriptionJury, "jury_not_held", [](CandidatureFacts& f) { f.juryDate = d("2026-07-15"); }},
        Precondition{CandidatureStatus::InscriptionJury, "decision_missing", [](CandidatureFacts& f) { f.outcome.reset(); }}),
    [](const ::testing::TestParamInfo<Precondition>& param) { return param.param.code; });

TEST(StateMachine, ListsEveryUnmetPreconditionAtOnce)
{
    CandidatureFacts blank;  // a candidature just created, nothing entered
    const auto codes = unmetCodes(nextTransition(blank, today, Deadlines{}));
    EXPECT_EQ(codes, (std::vector<std::string>{"civil_status_incomplete", "outil6_missing", "certificate_unknown",
                                                "competences_missing", "parcours_missing", "dispositif_missing",
                                                "etablissement_missing", "evaluator_not_confirmed"}));
}

TEST(StateMachine, NeverSkipsAStep)
{
    // Everything up to the jury decision is there, yet a new candidature only goes one step.
    const auto t = nextTransition(complete(CandidatureStatus::EnCoursInscription), today, Deadlines{});
    EXPECT_EQ(nextOf(t), CandidatureStatus::EnAttenteEvaluation);
}

TEST(StateMachine, DeadlinesComeFromTheConfiguration)
{
    Deadlines longer;
    longer.resultsMaxDaysAfterEvaluation = 10;
    auto f = complete(CandidatureStatus::EnAttenteEvaluation);
    f.resultsReceivedOn = d("2026-03-12");
    EXPECT_EQ(unmetCodes(nextTransition(f, today, Deadlines{})), std::vector<std::string>{"results_too_late"});
    EXPECT_EQ(nextOf(nextTransition(f, today, longer)), CandidatureStatus::ValidationEvaluation);
}

TEST(StateMachine, CorrectionsOnlyGoBackAndNeedAReason)
{
    EXPECT_TRUE(checkCorrection(CandidatureStatus::InscriptionJury, CandidatureStatus::EnAttenteEvaluation,
                                "résultats saisis sur le mauvais dossier")
                    .empty());
    EXPECT_TRUE(checkCorrection(CandidatureStatus::Partiel, CandidatureStatus::InscriptionJury, "erreur de saisie").empty());
    EXPECT_TRUE(hasRefusal(checkCorrection(CandidatureStatus::EnAttenteEvaluation, CandidatureStatus::ValidationEvaluation, "x"),
                           "correction_not_backwards"));
    EXPECT_TRUE(hasRefusal(checkCorrection(CandidatureStatus::Partiel, CandidatureStatus::Valide, "x"), "correction_not_backwards"));
    EXPECT_TRUE(hasRefusal(checkCorrection(CandidatureStatus::InscriptionJury, CandidatureStatus::EnCoursInscription, "  "),
                           "correction_reason_missing"));
}

TEST(Status, CodesAndFrenchLabelsRoundTrip)
{
    for (auto s : allStatuses)
        EXPECT_EQ(statusFromCode(statusCode(s)), s);
    EXPECT_EQ(statusLabel(CandidatureStatus::EnAttenteEvaluation), "en attente d'évaluation");
    EXPECT_EQ(statusLabel(CandidatureStatus::NonValide), "non validé");
    EXPECT_FALSE(statusFromCode("bogus"));
}
