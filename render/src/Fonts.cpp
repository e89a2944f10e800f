#include "cqp/render/Fonts.h"

namespace cqp::render {

namespace fs = std::filesystem;

std::optional<FontSet> findFonts(const std::optional<fs::path>& preferred)
{
    std::vector<fs::path> folders;
    if (preferred)
        folders.push_back(*preferred);
    folders.emplace_back("/usr/share/fonts/truetype/dejavu");
    for (const auto& folder : folders) {
        FontSet set{folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"};
        if (fs::is_regular_file(set.regular) && fs::is_regular_file(set.bold))
            return set;
    }
    return std::nullopt;
}

}  // namespace cqp::render
