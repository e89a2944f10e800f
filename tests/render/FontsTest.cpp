#include "cqp/render/Fonts.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

TEST(Fonts, FindsDejaVuSans)
{
    const auto fonts = cqp::render::findFonts();
    ASSERT_TRUE(fonts) << "install fonts-dejavu-core";
    EXPECT_EQ(fonts->regular.filename(), "DejaVuSans.ttf");
    EXPECT_TRUE(std::filesystem::is_regular_file(fonts->bold));
}

TEST(Fonts, APreferredFolderWithoutTheFacesFallsBackToDejaVu)
{
    cqp::test::TempDir empty;
    const auto fonts = cqp::render::findFonts(empty.path());
    ASSERT_TRUE(fonts);
    EXPECT_NE(fonts->regular.parent_path(), empty.path());
}
