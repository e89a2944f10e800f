#include "cqp/rules/Referential.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace cqp::rules;

namespace {

Referential seedReferential()
{
    Referential r;
    r.version = "test";
    int n = 0;
    for (const auto& seed : seedCertificates()) {
        ++n;
        Certificate c{"CQP" + std::to_string(n), std::string{seed.title}, std::string{seed.field}, CertificateKind::Cqp, {}};
        c.competences.push_back({c.code + "-C1", "Compétence une"});
        c.competences.push_back({c.code + "-C2", "Compétence deux"});
        r.certificates.push_back(c);
    }
    return r;
}

std::vector<std::string> codes(const std::vector<ReferentialProblem>& problems)
{
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(p.code);
    return out;
}

bool has(const std::vector<ReferentialProblem>& problems, const std::string& code)
{
    const auto c = codes(problems);
    return std::find(c.begin(), c.end(), code) != c.end();
}

}  // namespace

TEST(Referential, SeedHasThe13CertificatesWithTheirExactTitles)
{
    const auto& seed = seedCertificates();
    ASSERT_EQ(seed.size(), 13u);
    EXPECT_EQ(seed[7].title, "Agent logistique des Industries Chimiques (H/F)");
    EXPECT_EQ(seed[10].title, "Technicien(ne) de maintenance Industrielle des Industries Chimiques");
    for (const auto& s : seed)
        EXPECT_NE(s.title.find("des Industries Chimiques"), std::string_view::npos) << s.title;
}

TEST(Referential, ACompleteReferentialHasNoProblem)
{
    EXPECT_TRUE(validateReferential(seedReferential()).empty());
}

TEST(Referential, ListsEveryProblemAtOnce)
{
    auto r = seedReferential();
    r.certificates[1].code = r.certificates[0].code;                 // duplicate CQP code
    r.certificates[2].competences.clear();                           // no competence
    r.certificates[3].competences[1].code = r.certificates[3].competences[0].code;  // duplicate in one CQP
    r.certificates[4].competences[0].code = r.certificates[5].competences[0].code;  // duplicate across CQP
    r.certificates[6].competences[0].title = "  ";                   // empty title
    r.certificates[10].title = "Technicien(ne) de maintenance industrielle des Industries Chimiques";  // near miss
    r.certificates.erase(r.certificates.begin() + 12);               // Technico-commercial(e) missing
    r.certificates[8].field = "Maintenance";                         // wrong field for a seed title
    const auto problems = validateReferential(r);
    EXPECT_TRUE(has(problems, "certificate_code_duplicate"));
    EXPECT_TRUE(has(problems, "certificate_without_competence"));
    EXPECT_TRUE(has(problems, "competence_code_duplicate"));
    EXPECT_TRUE(has(problems, "competence_title_empty"));
    EXPECT_TRUE(has(problems, "seed_title_mismatch"));
    EXPECT_TRUE(has(problems, "seed_certificate_missing"));
    EXPECT_TRUE(has(problems, "seed_field_mismatch"));
    EXPECT_GE(problems.size(), 8u);
}

TEST(Referential, AnEmptyReferentialMissesEverySeedCertificate)
{
    const auto problems = validateReferential(Referential{});
    EXPECT_TRUE(has(problems, "referential_empty"));
    const auto all = codes(problems);
    EXPECT_EQ(std::count(all.begin(), all.end(), "seed_certificate_missing"), 13);
}

TEST(Referential, ExtraCertificatesBeyondTheSeedAreAllowed)
{
    auto r = seedReferential();
    r.certificates.push_back({"NEW", "Nouveau CQP des Industries Chimiques", "Qualité", CertificateKind::Cqpi, {{"NEW-C1", "Compétence"}}});
    EXPECT_TRUE(validateReferential(r).empty());
    EXPECT_NE(r.certificate("NEW"), nullptr);
    EXPECT_NE(r.certificate("NEW")->competence("NEW-C1"), nullptr);
    EXPECT_EQ(r.certificate("NOPE"), nullptr);
}
