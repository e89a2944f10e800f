#pragma once

// What the advance, jury, render and report stages need from the configuration: the
// secretariat, its key, the parchments' signatories, the folders (read by cli/Settings.h).

#include "cqp/render/PrintBatch.h"
#include "cqp/stages/RetentionSettings.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cqp::pipeline {

/// Parchments, attestations and print batches.
struct ParchmentSettings {
    std::filesystem::path keyFile = "var/parchment.key";  ///< the secretariat's secret for verification codes
    std::string verifyUrl = "https://cqp.observatoiredelachimie.fr/verifier?code=";
    std::string place = "Puteaux";
    std::vector<render::Signatory> signatories{
        {"Le Président de la CPNE des Industries Chimiques", "Le Président", ""},
        {"Le Vice-Président de la CPNE des Industries Chimiques", "Le Vice-Président", ""}};
    std::filesystem::path logoFile;                     ///< PNG or JPEG printed on parchments and attestations
    std::vector<std::filesystem::path> signatureFiles;  ///< per signatory, in order ("" for none)
    std::vector<std::string> secretariatAddress{"Secrétariat des CQP des Industries Chimiques",
                                                "Observatoire des Industries Chimiques", "Le Diamant A",
                                                "14 rue de la République", "92800 PUTEAUX"};
    std::string secretariatEmail = "secretariat-cqp@localhost";
    std::filesystem::path printDir = "var/print";
    std::filesystem::path juryDir = "var/jury";  ///< jury lists and files
    /// How long what the stages keep is kept (the purge stage, which also empties the folders above).
    RetentionSettings retention;
};

}  // namespace cqp::pipeline
