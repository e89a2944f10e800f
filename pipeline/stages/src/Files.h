#pragma once

// Private: files the stages write for people (print batches, jury lists and files).

#include <filesystem>
#include <string>

namespace cqp::pipeline::detail {

/// Writes `bytes` to `file` whole or not at all: a temporary name beside it, every byte
/// checked and flushed to disk, then renamed over `file`. Throws std::runtime_error with the
/// system's reason (disk full, no permission) — a file that is not written is a failure.
void writeWholeFile(const std::filesystem::path& file, const std::string& bytes);

/// The whole content of `file`; throws std::runtime_error naming the file and the system's
/// reason when it cannot be read.
std::string readWholeFile(const std::filesystem::path& file);

}  // namespace cqp::pipeline::detail
