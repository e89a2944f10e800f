#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace cqp::pipeline {

/// Items 0..count-1 made on worker threads ahead of one consumer that takes them in order:
/// the pure work of a batch (reading, parsing, schema, signatures) runs on every core while the
/// one writer applies what is ready. At most `window` items wait ahead of the consumer. An
/// exception thrown by `make` is thrown again by `take` for that item.
template <class T>
class Prefetch {
public:
    Prefetch(std::size_t count, std::function<T(std::size_t)> make, std::size_t window = 256, unsigned workers = 0)
        : make_{std::move(make)}, slots_(count), window_{window == 0 ? 1 : window}
    {
        if (workers == 0)
            workers = std::max(1u, std::thread::hardware_concurrency());
        workers = static_cast<unsigned>(std::min<std::size_t>(workers, count));
        for (unsigned w = 0; w < workers; ++w)
            threads_.emplace_back([this] { work(); });
    }
    Prefetch(const Prefetch&) = delete;
    Prefetch& operator=(const Prefetch&) = delete;
    ~Prefetch()
    {
        {
            std::lock_guard lock{mutex_};
            stop_ = true;
        }
        ahead_.notify_all();
        for (auto& t : threads_)
            t.join();
    }

    std::size_t size() const { return slots_.size(); }

    /// Item `i`, waiting for it when it is not made yet; each item is taken once, in order.
    T take(std::size_t i)
    {
        std::unique_lock lock{mutex_};
        ready_.wait(lock, [&] { return slots_[i].value || slots_[i].error; });
        Slot slot = std::move(slots_[i]);
        slots_[i] = Slot{};
        taken_ = i + 1;
        lock.unlock();
        ahead_.notify_all();
        if (slot.error)
            std::rethrow_exception(slot.error);
        return std::move(*slot.value);
    }

private:
    struct Slot {
        std::optional<T> value;
        std::exception_ptr error;
    };

    void work()
    {
        for (;;) {
            std::size_t i = 0;
            {
                std::unique_lock lock{mutex_};
                ahead_.wait(lock, [&] { return stop_ || next_ >= slots_.size() || next_ < taken_ + window_; });
                if (stop_ || next_ >= slots_.size())
                    return;
                i = next_++;
            }
            Slot slot;
            try {
                slot.value.emplace(make_(i));
            } catch (...) {
                slot.error = std::current_exception();
            }
            {
                std::lock_guard lock{mutex_};
                slots_[i] = std::move(slot);
            }
            ready_.notify_all();
        }
    }

    std::function<T(std::size_t)> make_;
    std::vector<Slot> slots_;
    std::size_t window_;
    std::size_t next_ = 0;   ///< the next item a worker makes
    std::size_t taken_ = 0;  ///< items the consumer has taken
    bool stop_ = false;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable ahead_;
    std::vector<std::thread> threads_;
};

}  // namespace cqp::pipeline
