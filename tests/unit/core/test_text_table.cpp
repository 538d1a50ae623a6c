// Human tables align for any name length, counting UTF-8 characters (± is one character, two bytes).
#include <catch2/catch.hpp>

#include "sim/core/text_table.h"

using namespace edgetwin;

TEST_CASE("text tables size each column to its widest cell, in characters", "[core]") {
    const std::string t = format_text_table({"name", "t/s", "note"},
                                            {{"a-very-long-platform-name-indeed", "1.00 \u00b1 0.1", "x"}, {"b", "12.50", "yy"}}, {1});
    // Column 0 is 32 characters wide, column 1 ten ("1.00 ± 0.1"), two spaces between, numbers right-aligned.
    CHECK(t == "name                                     t/s  note\n"
               "a-very-long-platform-name-indeed  1.00 \u00b1 0.1  x\n"
               "b                                      12.50  yy\n");
}
