#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cqp::render {

/// The TrueType faces every PDF of cqp uses (they cover French: accents, œ, «», €).
struct FontSet {
    std::filesystem::path regular;
    std::filesystem::path bold;
};

/// Finds DejaVu Sans (package fonts-dejavu-core) or the folder named by `preferred`;
/// nothing when no usable face is installed.
std::optional<FontSet> findFonts(const std::optional<std::filesystem::path>& preferred = std::nullopt);

}  // namespace cqp::render
