#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace zhiyuan::core {

using TimePoint = std::chrono::sys_seconds;

// Injected so tests can fix "today" (allReady's habit).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
  void Advance(std::chrono::seconds by) { now_ += by.count(); }
  void Set(TimePoint t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> now_;
};

inline std::int64_t ToUnix(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnix(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace zhiyuan::core
