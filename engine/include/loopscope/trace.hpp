// The trace: every scheduling decision the loop makes, as small fixed-size records.
//
// Records are 32 bytes (time, kind, detail, task, object, argument) so a host can read them in
// bulk as typed arrays; names and labels live in a string table and records refer to them by id.
// The timeline, the "internals at time t" panel and the Chrome-trace export are all derived from
// these records. The schema is documented in docs/trace.md.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
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
  Switch = 26,           // a direct hand-over, one record for StepEnd (task) + [Iteration] + StepStart (object),
                         //   at one clock reading; detail: kSwitch* bits, see below and docs/trace.md
};

// Switch records. The loop hands the thread from one task's step straight to the next (sleep(0),
// await) most of the time; recording that as one record instead of two or three keeps the
// buffer small (fewer bytes per switch, more switches per capacity). A Switch is exactly
//   StepEnd   task=task    detail=detail & kSwitchReasonMask
//   Iteration object=arg   arg=extra                          (only if detail & kSwitchIteration)
//   StepStart task=object  detail=(detail & kSwitchFirstStep) ? 1 : 0
// all at `time`. expand_switch() gives those records back.
inline constexpr std::uint8_t kSwitchReasonMask = 0x07;  // the ending task's StepEndReason
inline constexpr std::uint8_t kSwitchIteration = 0x40;   // phase 5 of a new iteration began in between
inline constexpr std::uint8_t kSwitchFirstStep = 0x80;   // the starting task's first step

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
  std::uint16_t extra;   // 0, except in Switch records (see above)
  std::uint32_t task;    // task id (Task-N's N is not this: ids count every task), 0 for none
  std::uint64_t object;  // kind-specific object id
  std::int64_t arg;      // kind-specific argument (string ids index the string table)
};
static_assert(sizeof(TraceRecord) == 32, "trace records are read as 32-byte rows by hosts");
static_assert(std::is_trivially_copyable_v<TraceRecord>, "hosts copy records as bytes");
static_assert(offsetof(TraceRecord, kind) == 8 && offsetof(TraceRecord, task) == 12, "the layout of docs/trace.md");
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "records are little-endian, as hosts read them");

// The records a Switch stands for (2, or 3 with an iteration), in order; `out` must hold 3.
// Any other record is given back as it is. Returns how many were written.
int expand_switch(const TraceRecord& record, TraceRecord out[3]);
// The records with every Switch expanded: one record per event, as a consumer may prefer.
std::vector<TraceRecord> expand_switches(const std::vector<TraceRecord>& records);

class Trace {
 public:
  static constexpr std::size_t kDefaultCapacity = 1 << 20;

  bool enabled() const { return enabled_; }
  void set_enabled(bool on) {
    if (!on && held_) release_held();
    enabled_ = on;
  }
  // At most this many records wait to be taken; past that, new ones are dropped and counted.
  void set_capacity(std::size_t records);
  std::size_t capacity() const { return capacity_; }

  void record(std::int64_t time, TraceKind kind, std::uint32_t task, std::uint64_t object = 0, std::int64_t arg = 0,
              std::uint8_t detail = 0) {
    if (!enabled_) return;
    if (held_) release_held();
    append(time, kind, detail, 0, task, object, arg);
  }

  // The loop records step ends, iterations and step starts through these (callers check
  // enabled() first: they are on the loop's hot path). A StepEnd, and the Iteration that may
  // begin right after it, are held back (not in the buffer yet): if the next thing recorded is a
  // task's step start, they all become one Switch record (fold_step_start); anything else
  // recorded, or any read of the buffer, first appends them as the records they are.
  void record_step_end(std::int64_t time, std::uint32_t task, StepEndReason reason) {
    assert(enabled_);
    if (held_) release_held();
    held_time_ = time;
    held_word_ = word(TraceKind::Switch, static_cast<std::uint8_t>(reason), 0, task);
    held_arg_ = 0;
    held_ = kHeldEnd;
  }
  void record_iteration(std::int64_t time, std::uint64_t number, std::int64_t ready) {
    assert(enabled_);
    if (held_ == kHeldEnd && ready >= 0 && ready <= 0xffff) {  // its count must fit Switch's `extra`
      held_word_ |= word(TraceKind{}, kSwitchIteration, static_cast<std::uint16_t>(ready), 0);
      held_arg_ = static_cast<std::int64_t>(number);
      held_iteration_time_ = time;
      held_ = kHeldEnd | kHeldIteration;
      return;
    }
    record(time, TraceKind::Iteration, 0, number, ready);
  }
  // A task's step starts: right after a held StepEnd (and Iteration), nothing else happened in
  // between, so they are recorded as one Switch, at the StepEnd's time (no clock reading is
  // needed for the start). Returns false when the caller must record a StepStart after all.
  bool fold_step_start(std::uint32_t task, bool first_step) {
    if (!held_) return false;
    held_ = 0;
    append_words(held_time_, held_word_ | (first_step ? std::uint64_t{kSwitchFirstStep} << 8 : 0), task, held_arg_);
    return true;
  }
  // A direct hand-over the loop knows of as it makes it: `task`'s step ended with `reason` and
  // `next`'s step starts now.
  void record_switch(std::int64_t time, std::uint32_t task, StepEndReason reason, std::uint32_t next, bool first_step) {
    assert(enabled_);
    if (held_) release_held();  // never, in fact: nothing is held while a task runs
    append(time, TraceKind::Switch, static_cast<std::uint8_t>(reason) | (first_step ? kSwitchFirstStep : 0), 0, task, next, 0);
  }

  // Object ids (futures, tasks, primitives) of every loop recording here; start at 1.
  std::uint64_t next_id() { return ++last_id_; }

  // Interns a string; ids start at 1 (0 means "no string").
  std::uint32_t intern(std::string_view text);
  const std::string& string(std::uint32_t id) const { return strings_[id]; }
  std::size_t string_count() const { return strings_.size(); }

  // The buffered records (and what was held back for a Switch, appended now as it is).
  const std::vector<TraceRecord>& records() {
    if (held_) release_held();
    return records_;
  }
  std::uint64_t dropped() {
    if (held_) release_held();
    return dropped_;
  }
  std::uint64_t taken() const { return taken_; }
  // Hands the buffered records to a host (which keeps its own history) and empties the buffer.
  std::vector<TraceRecord> take();
  // The same without allocating: `out` receives the records, and its old storage (cleared)
  // becomes the buffer, so a host draining every slice keeps two warm buffers going.
  void drain_into(std::vector<TraceRecord>& out);
  void clear();
  // Appends what is held back: the loop calls this when it hands control to a host between
  // a step's end and the next step's start (a driven slice ends), so that the next step's start
  // keeps its own time.
  void flush() {
    if (held_) release_held();
  }

 private:
  // Bytes 8-15 of a record (kind, detail, extra, task) as one little-endian word, as hosts read them.
  static std::uint64_t word(TraceKind kind, std::uint8_t detail, std::uint16_t extra, std::uint32_t task) {
    return static_cast<std::uint64_t>(kind) | static_cast<std::uint64_t>(detail) << 8 |
           static_cast<std::uint64_t>(extra) << 16 | static_cast<std::uint64_t>(task) << 32;
  }
  void append(std::int64_t time, TraceKind kind, std::uint8_t detail, std::uint16_t extra, std::uint32_t task,
              std::uint64_t object, std::int64_t arg) {
    append_words(time, word(kind, detail, extra, task), object, arg);
  }
  void append_words(std::int64_t time, std::uint64_t word, std::uint64_t object, std::int64_t arg) {
    // The buffer's storage never exceeds capacity_ (make_room), so "full" is one comparison.
    if (records_.size() == records_.capacity() && !make_room()) {
      ++dropped_;
      return;
    }
    if (records_.size() == records_.capacity()) __builtin_unreachable();  // no reallocation below
    // Written in place, as four 8-byte words: a temporary copied in would be stored as narrow
    // fields and loaded back as wide ones, a store-forwarding stall on every record.
    TraceRecord& r = records_.emplace_back();
    r.time = time;
    std::memcpy(reinterpret_cast<unsigned char*>(&r) + offsetof(TraceRecord, kind), &word, sizeof word);
    r.object = object;
    r.arg = arg;
  }
  bool make_room();  // grows the storage up to capacity_; false when the buffer is full
  void release_held();  // appends the held StepEnd (and Iteration) as they are

  std::vector<TraceRecord> records_;
  std::vector<std::string> strings_{""};
  std::unordered_map<std::string, std::uint32_t> string_ids_;  // lookups only, never iterated
  std::size_t capacity_ = kDefaultCapacity;
  std::uint64_t dropped_ = 0;
  std::uint64_t taken_ = 0;
  std::uint64_t last_id_ = 0;
  // Held back for a Switch (see record_step_end): the Switch's time, bytes 8-15 and arg so far,
  // and the Iteration's own time.
  static constexpr std::uint8_t kHeldEnd = 1, kHeldIteration = 2;
  std::int64_t held_time_ = 0;
  std::uint64_t held_word_ = 0;
  std::int64_t held_arg_ = 0;
  std::int64_t held_iteration_time_ = 0;
  std::uint8_t held_ = 0;
  bool enabled_ = false;
};

}  // namespace loopscope
