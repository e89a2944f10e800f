#include "cqp/rules/FormLayout.h"

#include <cstdio>
#include <cstdlib>

namespace cqp::rules {

int formCodeChecksum(std::string_view text)
{
    unsigned long sum = 7;
    for (char c : text)
        sum = (sum * 31 + static_cast<unsigned char>(c)) % 9973;
    return static_cast<int>(sum);
}

std::string encodeFormCode(const FormCode& c)
{
    char body[160];
    std::snprintf(body, sizeof body, "CQPIC;F=%d;V=%d;C=%lld;P=%d/%d;R=%d+%d", c.outil, c.version, c.candidature, c.page,
                  c.pages, c.firstRow, c.rows);
    return std::string{body} + ";K=" + std::to_string(formCodeChecksum(body));
}

std::optional<FormCode> decodeFormCode(const std::string& text)
{
    const auto k = text.rfind(";K=");
    if (k == std::string::npos || text.rfind("CQPIC;", 0) != 0)
        return std::nullopt;
    const std::string body = text.substr(0, k);
    if (std::to_string(formCodeChecksum(body)) != text.substr(k + 3))
        return std::nullopt;
    FormCode c;
    if (std::sscanf(body.c_str(), "CQPIC;F=%d;V=%d;C=%lld;P=%d/%d;R=%d+%d", &c.outil, &c.version, &c.candidature, &c.page,
                    &c.pages, &c.firstRow, &c.rows) != 7)
        return std::nullopt;
    if ((c.outil != 4 && c.outil != 6) || c.page < 1 || c.page > c.pages || c.candidature < 1 || c.rows < 0 ||
        c.rows > formLayout::rowsPerPage)
        return std::nullopt;
    return c;
}

namespace formLayout {

FormRect mark(int corner)
{
    const double left = markMargin;
    const double right = pageWidth - markMargin - markSize;
    const double top = markMargin;
    const double bottom = pageHeight - markMargin - markSize;
    switch (corner) {
    case 0: return {left, top, markSize, markSize};
    case 1: return {right, top, markSize, markSize};
    case 2: return {left, bottom, markSize, markSize};
    default: return {right, bottom, markSize, markSize};
    }
}

FormRect qr() { return {pageWidth - 20 - 30, 20, 30, 30}; }

namespace {
constexpr double firstRowTop = 78;
constexpr double rowHeight = 27;
}  // namespace

FormRect competenceText(int row) { return {20, firstRowTop + row * rowHeight, 62, rowHeight - 3}; }
FormRect acquisBox(int row) { return {90, firstRowTop + row * rowHeight + 4, 7, 7}; }
FormRect nonAcquisBox(int row) { return {110, firstRowTop + row * rowHeight + 4, 7, 7}; }
FormRect comment(int row) { return {125, firstRowTop + row * rowHeight, 65, rowHeight - 3}; }
// Below the last row (which ends at 240 mm), above the bottom marks (281 mm).
FormRect evaluationDate() { return {20, 268, 45, 8}; }
FormRect evaluatorSignature() { return {75, 256, 55, 20}; }
FormRect candidateSignature() { return {135, 256, 55, 20}; }
FormRect outil6Field(int index) { return {68, 57 + index * 10.0, 122, 7}; }

}  // namespace formLayout

}  // namespace cqp::rules
