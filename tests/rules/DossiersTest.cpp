// The decisions on a company's dossiers the workflow asks of rules/ (issue 13): corrections,
// duplicates, competences aimed, one candidature per CQP, who may hand in paper.

#include "cqp/rules/Dossiers.h"

#include <gtest/gtest.h>

using namespace cqp::rules;

TEST(Dossiers, ACompanyCorrectsItsDossierUntilTheJuryListIsFrozen)
{
    EXPECT_FALSE(checkCompanyCorrection({}));
    EXPECT_FALSE(checkCompanyCorrection({{4, CandidatureStatus::InscriptionJury, false}}));
    const auto frozen = checkCompanyCorrection({{3, CandidatureStatus::EnAttenteEvaluation, false},
                                                {4, CandidatureStatus::InscriptionJury, true}});
    ASSERT_TRUE(frozen);
    EXPECT_EQ(frozen->code, "correction_closed");
    EXPECT_NE(frozen->sentence.find("la candidature n°4 est sur la liste arrêtée de son jury"), std::string::npos);
    const auto decided = checkCompanyCorrection({{5, CandidatureStatus::Partiel, false}});
    ASSERT_TRUE(decided);
    EXPECT_NE(decided->sentence.find("a reçu la décision du jury (« partiel »)"), std::string::npos) << decided->sentence;
}

TEST(Dossiers, OnlyFieldsThatReallyChangeAreDescribed)
{
    const auto changes = changedFields({{"Nom de naissance", "Durand", " Durand "},
                                        {"Date de naissance", "12/04/1990", "14/04/1990"},
                                        {"Nom d'usage", "", "Martin"}});
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(describeChanges(changes), "Date de naissance : 12/04/1990 → 14/04/1990 ; Nom d'usage : (vide) → Martin");
}

TEST(Dossiers, TheSameNameBornTheSameDayIsTheSamePersonWhateverItsAccentsAndCase)
{
    const std::vector<KnownCandidate> born{{3, "Martin", "Léa"}, {7, "Núñez", "José Marie"}};
    EXPECT_FALSE(checkDuplicateCandidate("Martin", "Louise", born));
    EXPECT_FALSE(checkDuplicateCandidate("Martineau", "Léa", born));
    const auto same = checkDuplicateCandidate("NUNEZ", "jose-marie", born);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->code, "candidate_exists");
    EXPECT_NE(same->sentence.find("candidat n°7"), std::string::npos);
    EXPECT_TRUE(checkDuplicateCandidate("martin", "LÉA", born));
}

TEST(Dossiers, EachCompetenceAimedBelongsToTheCqpAndIsStillToEvaluate)
{
    Certificate cqp{"CQP-AL", "Agent logistique", "Logistique", CertificateKind::Cqp, {{"C1", "Réceptionner"}, {"C2", "Stocker"}, {"C3", "Expédier"}}};
    EXPECT_TRUE(checkCompetencesAimed(cqp, {"C1", "C3"}, {"C1", "C2", "C3"}).empty());
    const auto refusals = checkCompetencesAimed(cqp, {"C1", "C9", "C2"}, {"C1", "C3"});
    ASSERT_EQ(refusals.size(), 2u);
    EXPECT_EQ(refusals[0].index, 1);
    EXPECT_EQ(refusals[0].refusal.code, "competence_unknown");
    EXPECT_NE(refusals[0].refusal.sentence.find("« C9 » n'appartient pas au CQP « Agent logistique »"), std::string::npos);
    EXPECT_EQ(refusals[1].index, 2);
    EXPECT_EQ(refusals[1].refusal.code, "competence_acquired");
}

TEST(Dossiers, OneCandidatureInProgressPerCqp)
{
    const std::vector<OtherCandidature> others{{4, "CQP-AL", CandidatureStatus::Valide}, {5, "CQP-CF", CandidatureStatus::EnAttenteEvaluation}};
    EXPECT_FALSE(checkOneOpenCandidature("CQP-AL", others));  // the earlier one is final
    const auto open = checkOneOpenCandidature("CQP-CF", others);
    ASSERT_TRUE(open);
    EXPECT_EQ(open->code, "candidature_open");
    EXPECT_NE(open->sentence.find("candidature n°5"), std::string::npos);
}

TEST(Dossiers, PaperComesFromTheDossiersCompanyItsEvaluatorOrTheSecretariat)
{
    const DossierHolders dossier{10, 77, "eval@exemple.fr"};
    const SenderAccount company{10, AccountRole::Entreprise, AccountStatus::Active, std::nullopt};
    const SenderAccount otherCompany{11, AccountRole::Entreprise, AccountStatus::Active, std::nullopt};
    const SenderAccount evaluator{20, AccountRole::Evaluateur, AccountStatus::Active, 77};
    const SenderAccount otherEvaluator{21, AccountRole::Evaluateur, AccountStatus::Active, 78};
    const SenderAccount secretariat{1, AccountRole::Secretariat, AccountStatus::Active, std::nullopt};
    auto suspended = company;
    suspended.status = AccountStatus::Suspended;

    EXPECT_TRUE(mayFilePaper("", {}, dossier));  // cqp ingest: the secretariat's own
    EXPECT_TRUE(mayFilePaper("rh@exemple.fr", {company}, dossier));
    EXPECT_TRUE(mayFilePaper("e@exemple.fr", {evaluator}, dossier));
    EXPECT_TRUE(mayFilePaper("s@exemple.fr", {secretariat}, dossier));
    EXPECT_TRUE(mayFilePaper("EVAL@exemple.fr", {}, dossier));  // the registry's address
    EXPECT_FALSE(mayFilePaper("rh@autre.fr", {otherCompany}, dossier));
    EXPECT_FALSE(mayFilePaper("e2@exemple.fr", {otherEvaluator}, dossier));
    EXPECT_FALSE(mayFilePaper("rh@exemple.fr", {suspended}, dossier));
    EXPECT_FALSE(mayFilePaper("eval@exemple.fr.evil", {}, dossier));
    EXPECT_FALSE(mayFilePaper("eval@exemple.fr", {}, DossierHolders{10, std::nullopt, "eval@exemple.fr"}));
}

TEST(Dossiers, TheMetiersObservationsAreNeededUntilTheyComeOrTheDossierMovesOn)
{
    EXPECT_TRUE(metierObservationsNeeded(CandidatureStatus::EnAttenteEvaluation, false));
    EXPECT_TRUE(metierObservationsNeeded(CandidatureStatus::ValidationEvaluation, false));
    EXPECT_FALSE(metierObservationsNeeded(CandidatureStatus::ValidationEvaluation, true));
    EXPECT_FALSE(metierObservationsNeeded(CandidatureStatus::EnCoursInscription, false));
    EXPECT_FALSE(metierObservationsNeeded(CandidatureStatus::InscriptionJury, false));
    EXPECT_FALSE(metierObservationsNeeded(CandidatureStatus::Valide, false));
}

TEST(Dossiers, ADisagreementNamesTheCompetenceAndWhatEachSideSays)
{
    Certificate fab{"FAB-OPE", "Opérateur(trice) de fabrication", "Fabrication", CertificateKind::Cqp,
                    {{"FAB-OPE-C5", "Transmettre les informations au poste suivant"}}};
    EXPECT_EQ(resultsDisagreement(&fab, "FAB-OPE-C5", true, false),
              "compétence FAB-OPE-C5 « Transmettre les informations au poste suivant » : « acquis » sur l'outil n°4, "
              "« non acquis » dans les résultats envoyés");
    EXPECT_EQ(resultsDisagreement(nullptr, "X-C1", false, true),
              "compétence X-C1 : « non acquis » sur l'outil n°4, « acquis » dans les résultats envoyés");
}
