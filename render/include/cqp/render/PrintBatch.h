#pragma once

#include "cqp/render/Fonts.h"

#include <memory>
#include <string>
#include <vector>

namespace cqp::render {

struct Signatory {
    std::string role;  ///< "Le Président de la CPNE des Industries Chimiques"
    std::string name;
    std::string image = "";  ///< the signature as a PNG or JPEG file's bytes ("" for none)
};

/// What a parchment says. Every text is French, UTF-8, ready to print.
struct ParchmentData {
    std::string branch = "Commission Paritaire Nationale de l'Emploi des Industries Chimiques";
    std::string certificateKind = "CQP";  ///< CQP or CQPI
    std::string certificateTitle;         ///< the referential's title, in the holder's gender when known
    std::string registration;             ///< « Certification enregistrée au Répertoire national… » ("" for none)
    std::string logo;                     ///< the branch's logo, PNG or JPEG bytes ("" for none)
    std::string holderName;               ///< "Élise Marie DUPONT"
    std::string birth;                    ///< "née le 12/04/1990 à Saint-Étienne"
    std::string juryDate;                 ///< "15/06/2027"
    std::string number;                   ///< "2027-0001"
    std::string verificationCode;         ///< "K7QD-2M4X-…"
    std::string verificationUrl;          ///< encoded in the QR code
    std::string place = "Puteaux";
    std::string issuedOn;                 ///< "16/06/2027"
    std::vector<Signatory> signatories;
};

/// What a partial outcome's attestation says.
struct AttestationData {
    std::string branch = "Commission Paritaire Nationale de l'Emploi des Industries Chimiques";
    std::string certificateKind = "CQP";
    std::string certificateTitle;
    std::string registration;
    std::string logo;
    std::string holderNoun = "candidat(e)";  ///< « candidate », « candidat »
    std::string holderName;
    std::string birth;
    std::string juryDate;
    std::vector<std::string> validated;  ///< "FAB-OPE-C1 — Préparer son poste…"
    std::vector<std::string> remaining;
    std::string acquiredUntil;            ///< "16/06/2032"
    std::string number;                   ///< "2027-0001", as on a parchment
    std::string verificationCode;         ///< checked by `cqp verify` like a parchment's
    std::string verificationUrl;          ///< encoded in the QR code
    std::string place = "Puteaux";
    std::string issuedOn;
    std::vector<Signatory> signatories;
};

/// The sheet that goes first in each company's envelope: address in the window, contents.
struct PackingSheetData {
    std::vector<std::string> senderLines;   ///< the secretariat's address
    std::vector<std::string> addressLines;  ///< recipient, shown in the envelope's window
    std::string subject;                    ///< "Parchemins et attestations — jury du 15/06/2027"
    std::vector<std::string> enclosed;      ///< one line per document in the envelope
    std::string place = "Puteaux";
    std::string date;
};

/// One print-ready PDF (PoDoFo) holding packing sheets, parchments (A4 landscape) and
/// attestations (A4 portrait). Fonts are embedded once, as subsets; all text is extractable.
class PrintBatch {
public:
    explicit PrintBatch(const FontSet& fonts);
    ~PrintBatch();
    PrintBatch(const PrintBatch&) = delete;
    PrintBatch& operator=(const PrintBatch&) = delete;

    void addPackingSheet(const PackingSheetData& sheet);
    void addParchment(const ParchmentData& parchment);
    void addAttestation(const AttestationData& attestation);
    int pages() const;

    /// The finished PDF; the batch cannot be added to afterwards.
    std::string finish(const std::string& title);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cqp::render
