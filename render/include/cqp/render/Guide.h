#pragma once

// A text document written in Markdown (the submissions guide of docs/) as a PDF a person can
// open and print: headings, paragraphs, lists, tables and code blocks.

#include "cqp/render/Fonts.h"

#include <string>
#include <string_view>

namespace cqp::render {

/// The PDF of `markdown` (the subset the project's documents use: #–### headings, paragraphs,
/// "- " lists, pipe tables, ``` blocks; `code` and **bold** marks are dropped), titled `title`.
std::string renderMarkdown(std::string_view markdown, const FontSet& fonts, const std::string& title);

}  // namespace cqp::render
