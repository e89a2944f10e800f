#pragma once

// Where everything is on the branch's printed forms (outil n°4 and outil n°6): one place that
// both the renderer and the scan reader use, so that what is printed is what is read back.
// Millimetres, from the top-left corner of an A4 portrait page.

#include <optional>
#include <string>
#include <string_view>

namespace cqp::rules {

struct FormRect {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

/// What the QR code of a form page says.
struct FormCode {
    int outil = 4;                 ///< 4 (guide d'évaluation) or 6 (dossier de candidature)
    int version = 1;               ///< layout version
    long long candidature = 0;
    int page = 1;
    int pages = 1;
    int firstRow = 0;              ///< outil 4: index of the first competence on this page
    int rows = 0;                  ///< outil 4: competences on this page
};

/// "CQPIC;F=4;V=1;C=12;P=1/2;R=0+8;K=1234": a checksum closes the text so that a misread code
/// is never taken for another form.
std::string encodeFormCode(const FormCode& code);
/// The checksum closing a form's code text (printed and fillable forms alike).
int formCodeChecksum(std::string_view text);
std::optional<FormCode> decodeFormCode(const std::string& text);

namespace formLayout {

inline constexpr double pageWidth = 210;
inline constexpr double pageHeight = 297;
inline constexpr double markSize = 7;     ///< the four corner marks are filled squares
inline constexpr double markMargin = 9;
inline constexpr int rowsPerPage = 6;     ///< outil 4: competences per page

/// Corner mark: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
FormRect mark(int corner);
/// The QR code, top right, inside the marks.
FormRect qr();

// Outil n°4: one row per competence.
FormRect competenceText(int row);
FormRect acquisBox(int row);
FormRect nonAcquisBox(int row);
FormRect comment(int row);
FormRect evaluationDate();
FormRect evaluatorSignature();
FormRect candidateSignature();

// Outil n°6: the civil-status and company fields printed by the branch, one per line (their
// values read back from a scan show a handwritten correction); the signatures are the company's
// (where outil n°4 has the evaluator's) and the candidate's.
inline constexpr int outil6FieldCount = 8;
FormRect outil6Field(int index);

}  // namespace formLayout

}  // namespace cqp::rules
