#pragma once

// What the benchmarks share: reading a file, clocks, peak memory; and the benchmarks kept in
// their own files (FormsBench.cpp).

#include "cqp/render/Fonts.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>

namespace cqp::bench {

std::string readFile(const std::filesystem::path& path);
double seconds(std::chrono::steady_clock::time_point since);
/// CPU time of the calling thread, or of the whole process: what a stage costs, steadier than
/// the wall clock on a shared VM.
double cpuSeconds(clockid_t clock);
double peakRssMb();

/// Filled outil n°4 forms read back from their fields: forms_per_s (FormsBench.cpp).
int formsBench(int n, const std::filesystem::path& work);
/// The flattened-and-scanned fallback's accuracy: flat_* (FormsBench.cpp).
int flattenedBench(int n, const std::filesystem::path& work, const render::FontSet& fonts);
/// Export, purge and store size on five years of a store of n candidatures (PrivacyBench.cpp).
int privacyBench(int n, const std::filesystem::path& work);

}  // namespace cqp::bench
