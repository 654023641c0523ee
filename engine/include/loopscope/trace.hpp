// The trace: every scheduling decision the loop makes, as small fixed-size records.
//
// Records are 32 bytes (time, kind, detail, task, object, argument) so a host can read them in
// bulk as typed arrays; names and labels live in a string table and records refer to them by id.
// The timeline, the "internals at time t" panel and the Chrome-trace export are all derived from
// these records. The schema is documented in docs/trace.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "loopscope/clock.hpp"

namespace loopscope {

enum class TraceKind : std::uint8_t {
  LoopStart = 1,       // a run (run_forever/run_once) begins                    arg: iteration
  LoopStop = 2,        // the run ends
  Iteration = 3,       // phase 5 begins                                         arg: ready callbacks, object: iteration
  Poll = 4,            // phase 3 waits                                          arg: timeout ns (-1 unbounded)
  TaskCreated = 5,     // task, object: parent task (0: none), arg: name string
  StepStart = 6,       // task starts running a step                             detail: 1 on its first step
  StepEnd = 7,         // task stops running                                     detail: StepEndReason
  Wait = 8,            // task waits                                             detail: WaitKind, object: what, arg: label string
  Wake = 9,            // task becomes ready                                     object: waker task (0: the loop), arg: future id
  CancelRequested = 10,  // task asked to cancel                                 object: requesting task, arg: message string
  CancelDelivered = 11,  // CancelledError raised inside task                    arg: message string
  ExceptionRaised = 12,  // task ended with an exception                         arg: repr string
  TimerScheduled = 13,   // object: handle id, arg: deadline ns, task: who
  TimerFired = 14,       // object: handle id
  TimerCancelled = 15,   // object: handle id
  CallbackRun = 16,      // a plain callback ran                                 object: handle id, arg: label string
  IoStart = 17,          // task started outside work                           object: operation id, arg: label string
  IoEnd = 18,            // outside work finished                               object: operation id, detail: 1 on error
  Output = 19,           // task (0: none) wrote text                           detail: 1 stderr, arg: text string
  Warning = 20,          // a diagnostic (slow step, never retrieved, ...)       arg: text string
  BlockStart = 21,       // a blocking call holds task (a task id, or a worker lane) arg: duration ns (0: until woken)
                         //   detail: 1 on an executor worker (the loop goes on), 0 on the loop
  BlockEnd = 22,         // the blocking call returned                          same fields
  WorkerCreated = 23,    // an executor worker exists: task: its lane id         arg: name string
  JobStart = 24,         // a worker starts a job: task: lane id                 object: job (future) id, arg: label string
  JobEnd = 25,           // the job returned: task: lane id                      object: job id, detail: 1 on error
};

enum class StepEndReason : std::uint8_t { Waiting = 0, Ready = 1, Done = 2, Cancelled = 3, Failed = 4, Blocked = 5 };

// What a waiting task waits on (the timeline's labels: "sleep 0.5 s", "Semaphore#1", ...).
enum class WaitKind : std::uint8_t {
  Future = 0, Sleep, Task, Gather, Lock, Semaphore, Event, Condition, Queue, Barrier, Io, Executor, Input, TaskGroup, Wait, Timeout
};
const char* to_string(WaitKind kind);
const char* to_string(TraceKind kind);

struct TraceRecord {
  std::int64_t time;     // nanoseconds on the loop's clock
  TraceKind kind;
  std::uint8_t detail;   // kind-specific (WaitKind, StepEndReason, flags)
  std::uint16_t reserved;
  std::uint32_t task;    // task id (Task-N's N is not this: ids count every task), 0 for none
  std::uint64_t object;  // kind-specific object id
  std::int64_t arg;      // kind-specific argument (string ids index the string table)
};
static_assert(sizeof(TraceRecord) == 32, "trace records are read as 32-byte rows by hosts");

class Trace {
 public:
  static constexpr std::size_t kDefaultCapacity = 1 << 20;

  bool enabled() const { return enabled_; }
  void set_enabled(bool on) { enabled_ = on; }
  // At most this many records wait to be taken; past that, new ones are dropped and counted.
  void set_capacity(std::size_t records) { capacity_ = records; }
  std::size_t capacity() const { return capacity_; }

  void record(std::int64_t time, TraceKind kind, std::uint32_t task, std::uint64_t object = 0, std::int64_t arg = 0,
              std::uint8_t detail = 0) {
    if (!enabled_) return;
    if (records_.size() >= capacity_) {
      ++dropped_;
      return;
    }
    records_.push_back(TraceRecord{time, kind, detail, 0, task, object, arg});
  }

  // Object ids (futures, tasks, primitives) of every loop recording here; start at 1.
  std::uint64_t next_id() { return ++last_id_; }

  // Interns a string; ids start at 1 (0 means "no string").
  std::uint32_t intern(std::string_view text);
  const std::string& string(std::uint32_t id) const { return strings_[id]; }
  std::size_t string_count() const { return strings_.size(); }

  const std::vector<TraceRecord>& records() const { return records_; }
  std::uint64_t dropped() const { return dropped_; }
  std::uint64_t taken() const { return taken_; }
  // Hands the buffered records to a host (which keeps its own history) and empties the buffer.
  std::vector<TraceRecord> take();
  // The same without allocating: `out` receives the records, and its old storage (cleared)
  // becomes the buffer, so a host draining every slice keeps two warm buffers going.
  void drain_into(std::vector<TraceRecord>& out);
  void clear();

 private:
  std::vector<TraceRecord> records_;
  std::vector<std::string> strings_{""};
  std::unordered_map<std::string, std::uint32_t> string_ids_;  // lookups only, never iterated
  std::size_t capacity_ = kDefaultCapacity;
  std::uint64_t dropped_ = 0;
  std::uint64_t taken_ = 0;
  std::uint64_t last_id_ = 0;
  bool enabled_ = false;
};

}  // namespace loopscope
