#include "cqp/render/Guide.h"

#include "cqp/render/Report.h"

#include <vector>

namespace cqp::render {

namespace {

// Inline marks a reader does not need on paper: `code`, **bold**, links kept as their text.
std::string plain(std::string_view line)
{
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '`')
            continue;
        if (line[i] == '[') {  // [text](target): the text
            const auto close = line.find("](", i);
            const auto end = close == std::string_view::npos ? close : line.find(')', close);
            if (end != std::string_view::npos) {
                out += plain(line.substr(i + 1, close - i - 1));
                i = end;
                continue;
            }
        }
        if (line.substr(i, 2) == "**") {
            ++i;
            continue;
        }
        out += line[i];
    }
    return out;
}

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return "";
    return std::string{s.substr(first, s.find_last_not_of(" \t") - first + 1)};
}

std::vector<std::string> cells(std::string_view row)
{
    std::vector<std::string> out;
    std::string_view rest = row.substr(row.find('|') + 1);
    for (auto bar = rest.find('|'); bar != std::string_view::npos; bar = rest.find('|')) {
        out.push_back(plain(trimmed(rest.substr(0, bar))));
        rest = rest.substr(bar + 1);
    }
    return out;
}

bool separatorRow(const std::vector<std::string>& row)
{
    for (const auto& c : row)
        if (c.find_first_not_of("-: ") != std::string::npos)
            return false;
    return true;
}

}  // namespace

std::string renderMarkdown(std::string_view markdown, const FontSet& fonts, const std::string& title)
{
    Report doc{fonts, title, title};
    std::string paragraph;
    std::vector<std::vector<std::string>> table;
    bool code = false;
    auto flush = [&] {
        if (!paragraph.empty())
            doc.paragraph(plain(paragraph));
        paragraph.clear();
        if (!table.empty()) {
            const std::size_t columns = table.front().size();
            std::vector<double> widths(columns, 170.0 / static_cast<double>(columns));
            if (columns == 2)
                widths = {55, 115};
            doc.table(widths, table);
        }
        table.clear();
    };
    std::size_t at = 0;
    while (at <= markdown.size()) {
        auto end = markdown.find('\n', at);
        if (end == std::string_view::npos)
            end = markdown.size();
        const std::string_view line = markdown.substr(at, end - at);
        at = end + 1;
        if (line.rfind("```", 0) == 0) {
            flush();
            code = !code;
            continue;
        }
        if (code) {
            doc.paragraph(std::string{line});
            continue;
        }
        const std::string text = trimmed(line);
        if (text.empty()) {
            flush();
        } else if (text.rfind("# ", 0) == 0) {
            flush();
            doc.heading(plain(text.substr(2)));
        } else if (text.rfind("## ", 0) == 0 || text.rfind("### ", 0) == 0) {
            flush();
            doc.subheading(plain(text.substr(text.find(' ') + 1)));
        } else if (text.front() == '|') {
            if (!paragraph.empty()) {
                doc.paragraph(plain(paragraph));
                paragraph.clear();
            }
            auto row = cells(text);
            if (!separatorRow(row))
                table.push_back(std::move(row));
        } else if (text.rfind("- ", 0) == 0 || text.rfind("* ", 0) == 0) {
            flush();
            paragraph = "•  " + text.substr(2);
        } else {
            paragraph += (paragraph.empty() ? "" : " ") + text;
        }
    }
    flush();
    return doc.finishReproducible();  // stored once per content, whichever process renders it
}

}  // namespace cqp::render
