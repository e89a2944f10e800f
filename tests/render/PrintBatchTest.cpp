#include "cqp/render/PrintBatch.h"

#include "TestSupport.h"

#include <gtest/gtest.h>


using namespace cqp;
using namespace cqp::render;

namespace {


ParchmentData parchment()
{
    ParchmentData p;
    p.certificateTitle = "Conducteur(trice) d'équipement de fabrication des Industries Chimiques";
    p.holderName = "Élise Marie DUPONT-LEFÈVRE";
    p.birth = "née le 12/04/1990 à Saint-Étienne (Loire)";
    p.juryDate = "15/06/2027";
    p.number = "2027-0001";
    p.verificationCode = "K7QD-2M4X-9BHR-T3WA";
    p.verificationUrl = "https://cqp.branche.example/verifier?code=K7QD-2M4X-9BHR-T3WA";
    p.issuedOn = "16/06/2027";
    p.signatories = {{"Le Président de la CPNE des Industries Chimiques", "Jean-François Moreau", ""},
                     {"La Vice-Présidente de la CPNE des Industries Chimiques", "Anaïs Rousseau", ""}};
    return p;
}

AttestationData attestation()
{
    AttestationData a;
    a.certificateTitle = "Opérateur(trice) de fabrication des Industries Chimiques";
    a.holderName = "Zoé Amélie LEFÈVRE";
    a.birth = "née le 03/02/1985 à Besançon (Doubs)";
    a.juryDate = "15/06/2027";
    a.validated = {"FAB-OPE-C1 — Préparer son poste de travail et les matières selon le mode opératoire",
                   "FAB-OPE-C2 — Conduire les opérations de fabrication sous contrôle"};
    a.remaining = {"FAB-OPE-C5 — Transmettre les informations au poste suivant"};
    a.acquiredUntil = "16/06/2032";
    a.issuedOn = "16/06/2027";
    a.signatories = parchment().signatories;
    return a;
}

}  // namespace

TEST(PrintBatch, APrintReadyPdfWithExtractableFrenchTextAndAReadableQrCode)
{
    const auto fonts = findFonts();
    ASSERT_TRUE(fonts);
    PrintBatch batch{*fonts};
    batch.addPackingSheet({{"Secrétariat des CQP des Industries Chimiques", "Le Diamant A", "14 rue de la République",
                            "92800 PUTEAUX"},
                           {"Chimie Exemple SAS", "Service des ressources humaines", "12 rue des Frères Lumière", "69008 LYON"},
                           "Parchemins et attestations — jury du 15/06/2027",
                           {"Parchemin n° 2027-0001 — Élise Marie DUPONT-LEFÈVRE", "Attestation — Zoé Amélie LEFÈVRE"},
                           "Puteaux",
                           "16/06/2027"});
    batch.addParchment(parchment());
    batch.addAttestation(attestation());
    EXPECT_EQ(batch.pages(), 3);
    const std::string pdf = batch.finish("Lot d'impression — jury du 15/06/2027");
    test::TempDir dir;
    const auto file = dir / "lot.pdf";
    test::writeFile(file, pdf);

    EXPECT_TRUE(test::qpdfClean(file));
    const auto text = test::pdfText(file);
    for (const char* expected : {"Élise Marie DUPONT-LEFÈVRE", "née le 12/04/1990 à Saint-Étienne",
                                 "Conducteur(trice) d'équipement de fabrication des Industries Chimiques",
                                 "Certificat de Qualification Professionnelle", "N° 2027-0001", "K7QD-2M4X-9BHR-T3WA",
                                 "Anaïs Rousseau", "Attestation de compétences", "jusqu'au 16/06/2032",
                                 "Chimie Exemple SAS", "69008 LYON", "Zoé Amélie LEFÈVRE"})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
    // The fonts are embedded subsets, not whole fonts.
    const auto fontsList = test::shell("pdffonts '" + file.string() + "'");
    EXPECT_NE(fontsList.find("yes yes yes"), std::string::npos) << fontsList;
    EXPECT_LT(pdf.size(), 60u * 1024u);

    // Rasterised like a scanner would see it, the QR code gives the verification URL back.
    EXPECT_EQ(test::pageQrCode(file, 2, 200), "https://cqp.branche.example/verifier?code=K7QD-2M4X-9BHR-T3WA");
    if (std::getenv("CQP_KEEP_PDF"))
        test::writeFile(std::getenv("CQP_KEEP_PDF"), pdf);
}
