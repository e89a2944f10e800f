#pragma once

#include <stdexcept>

namespace cqp::render {

/// A document cannot be drawn: no usable fonts on the system, or PoDoFo failed.
class RenderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace cqp::render
