#pragma once

#include "cqp/render/Fonts.h"

#include <string>
#include <utility>
#include <vector>

namespace cqp::render {

/// Outil n°4, guide d'évaluation des compétences, pre-filled for one candidature.
struct Outil4Data {
    long long candidature = 0;
    std::string candidateName;
    std::string certificateTitle;
    std::string company;
    std::string evaluatorName;
    std::string plannedDate;
    std::vector<std::pair<std::string, std::string>> competences;  ///< code, title
    std::string typedDate;  ///< typed into the "date de l'évaluation" box when filled in on a computer
    /// Set: the form is also fillable (rules::fillable::FormKind::ResultatsEvaluation) by the
    /// évaluateur in any PDF reader, carrying this token; the candidate's observations get a box
    /// on page 1. Printed, signed and scanned, it is read as the printed one.
    std::string token;
};

/// Outil n°6, dossier de candidature, pre-filled for one candidature.
struct Outil6Data {
    long long candidature = 0;
    std::string nomNaissance, nomUsage, prenoms, sexe, dateNaissance, lieuNaissance;
    std::string certificateTitle;
    std::string company;
    std::string siret;
    std::vector<std::pair<std::string, std::string>> competences;
};

/// Printable forms (PoDoFo), A4 portrait: corner marks and a QR code on every page (form,
/// version, candidature, page, checksum) so that a scan can be read back
/// (rules/FormLayout.h places everything).
std::string renderOutil4(const Outil4Data& data, const FontSet& fonts);
std::string renderOutil6(const Outil6Data& data, const FontSet& fonts);

/// One line of text a form prints: where its baseline starts on which page (form millimetres,
/// from the top left), its size and width, and what it says — what a scan of the form shows.
struct FormTextRun {
    int page = 1;
    double x = 0, baseline = 0;  ///< mm
    double size = 0;             ///< mm (the font's em)
    double width = 0;            ///< mm
    std::string text;
};
/// The text of the forms above, run by run, laid out exactly as they print it.
std::vector<FormTextRun> outil4Text(const Outil4Data& data, const FontSet& fonts);
std::vector<FormTextRun> outil6Text(const Outil6Data& data, const FontSet& fonts);

/// The printed fields of outil n°6 in their order on the page (rules::formLayout::outil6Field):
/// label and value.
std::vector<std::pair<std::string, std::string>> outil6Fields(const Outil6Data& data);

}  // namespace cqp::render
