// What the fillable forms share between renderer and reader (rules::fillable): the code on each
// page, the token judgement, which fields are prose.

#include "cqp/rules/FillableForms.h"

#include <gtest/gtest.h>

#include <set>

using namespace cqp::rules::fillable;

TEST(FillableCode, SaysTheFormItsDossierTokenAndPageAndNothingForgedPasses)
{
    const FillableCode code{FormKind::DossierCandidature, 12, "0123456789abcdef0123456789abcdef", 2};
    const std::string text = encodeFillableCode(code);
    EXPECT_EQ(text.rfind("CQPIF;F=dossierCandidature;V=1;D=12;T=0123456789abcdef0123456789abcdef;P=2;K=", 0), 0u) << text;
    const auto back = decodeFillableCode(text);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->kind, FormKind::DossierCandidature);
    EXPECT_EQ(back->dossier, 12);
    EXPECT_EQ(back->token, code.token);
    EXPECT_EQ(back->page, 2);
    // A blank form has no token.
    const auto blank = decodeFillableCode(encodeFillableCode({FormKind::DemandeCompte, 0, "", 1}));
    ASSERT_TRUE(blank);
    EXPECT_TRUE(blank->token.empty());
    // One character changed (another dossier), a wrong checksum, another kind, junk: nothing.
    std::string other = text;
    other.replace(other.find("D=12"), 4, "D=13");
    EXPECT_FALSE(decodeFillableCode(other));
    EXPECT_FALSE(decodeFillableCode(text.substr(0, text.size() - 1) + "0"));
    EXPECT_FALSE(decodeFillableCode("CQPIC;F=4;V=1;C=12;P=1/2;R=0+6;K=1"));
    EXPECT_FALSE(decodeFillableCode(std::string(500, 'A')));
    const std::string forged = "CQPIF;F=rm -rf;V=1;D=1;T=;P=1";
    EXPECT_FALSE(decodeFillableCode(forged + ";K=0"));
}

TEST(FillableForms, EveryKindHasItsFieldsOnceAndProseIsToldFromCodes)
{
    for (const auto kind : allKinds()) {
        EXPECT_EQ(kindNamed(kindName(kind)), kind);
        std::set<std::string_view> names;
        for (const auto& field : fields(kind))
            EXPECT_TRUE(names.insert(field.name).second) << kindName(kind) << " " << field.name;
    }
    EXPECT_TRUE(isProse("nom_naissance"));
    EXPECT_TRUE(isProse("observations"));
    EXPECT_FALSE(isProse("contact_courriel"));
    EXPECT_FALSE(isProse("siret"));
    EXPECT_FALSE(isProse("date_naissance"));
    EXPECT_TRUE(forAccountHolder(FormKind::DossierCandidature));
    EXPECT_TRUE(boundToAccount(FormKind::DossierCandidature));
    EXPECT_TRUE(isBlank(FormKind::DemandeCompte));
    EXPECT_FALSE(forAccountHolder(FormKind::DemandeCompte));
}

TEST(FillableForms, AFormTokenIsJudgedOnEveryFact)
{
    FormTokenFacts good{true, true, true, false, false, false, true, false};
    EXPECT_FALSE(formTokenRefusal(good));
    auto f = good;
    f.known = false;
    EXPECT_TRUE(formTokenRefusal(f)->find("inconnu") != std::string::npos);
    f = good;
    f.sameDossier = false;
    EXPECT_TRUE(formTokenRefusal(f)->find("ne concerne pas ce dossier") != std::string::npos);
    f = good;
    f.fromRecipient = false;
    EXPECT_TRUE(formTokenRefusal(f)->find("depuis l'adresse") != std::string::npos);
    f.fromAccount = true;  // another address of the account
    EXPECT_FALSE(formTokenRefusal(f));
    f = good;
    f.used = true;
    EXPECT_TRUE(formTokenRefusal(f)->find("déjà servi") != std::string::npos);
    f = good;
    f.expired = true;
    EXPECT_TRUE(formTokenRefusal(f)->find("expiré") != std::string::npos);
    f.stillNeeded = true;  // what it brings is still missing: it serves
    EXPECT_FALSE(formTokenRefusal(f));
}
