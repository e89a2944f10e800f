#pragma once

// Private to ingest: the conversions between our images and Leptonica's, shared by the loader
// (ScanLoader.cpp) and the reader (ScanReader.cpp).

#include "cqp/ingest/ScanReader.h"

struct Pix;
using PIX = Pix;

namespace cqp::ingest::detail {

/// An 8-bit gray copy of `source` (any depth), which stays the caller's.
GrayImage fromPix(PIX* source);
/// A new 8-bit Leptonica image of `image`; the caller destroys it (pixDestroy).
PIX* toPix(const GrayImage& image);

}  // namespace cqp::ingest::detail
