// asyncio's default executor: loop.run_in_executor(None, fn) on a pool of workers.
//
// Natively the workers are real threads (concurrent.futures.ThreadPoolExecutor): a job's outcome
// comes back with call_soon_threadsafe, and while a job is outstanding the loop counts it as
// outside work, so an otherwise idle loop waits for it.
//
// WebAssembly has no threads, so there the workers are *modelled*: each is a fiber beside the
// loop, resumed by loop callbacks. Its job runs on the loop's thread, but a blocking call made
// on a worker (this_worker::sleep, the interpreter's time.sleep and input()) suspends only the
// worker's fiber until the loop clock reaches the deadline (or the awaited future is done): the
// loop and its tasks go on meanwhile, as they would beside a real thread. The modelled pool can
// be chosen natively too (ExecutorOptions::mode), which makes executor timelines deterministic.
//
// Trace: every worker has a lane id of its own (from the same counter as task ids, so never one
// of them): WorkerCreated names it, JobStart/JobEnd bracket each job, BlockStart/BlockEnd each
// blocking call in it. Natively, worker records reach the loop through call_soon_threadsafe and
// may land slightly after records with later times.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "loopscope/loop.hpp"
#include "loopscope/tasks.hpp"

namespace loopscope {

struct ExecutorOptions {
  enum class Mode { Auto, Threads, Modelled };
  Mode mode = Mode::Auto;      // Auto: threads natively, modelled in WebAssembly
  int max_workers = 0;         // 0: min(32, cpu_count + 4), as ThreadPoolExecutor (cpu_count 1 in wasm)
  std::string thread_name_prefix = "asyncio";  // workers are named asyncio_0, asyncio_1, ...
};

class Executor {
 public:
  struct Job;
  struct Worker;
  Executor(Loop& loop, ExecutorOptions options = {});
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // From the loop's thread: run `fn` on a worker; `done` runs later on the loop's thread with the
  // job's exception (null on success), unless `cancelled` was set before the job started.
  // RuntimeError("cannot schedule new futures after shutdown") once shut down.
  void submit(std::function<void()> fn, std::function<void(std::exception_ptr)> done,
              std::shared_ptr<std::atomic<bool>> cancelled, std::uint64_t job_id, std::string label);

  // No new jobs; the future is done once every submitted job has been delivered.
  Future<void> shutdown();
  bool is_shutdown() const { return shutdown_; }
  bool modelled() const { return modelled_; }
  std::size_t worker_count() const;
  std::size_t outstanding() const { return outstanding_; }
  Loop& loop() const { return *loop_; }

  // Internals shared with the pools in executor.cpp.
  struct Impl;
  void delivered();  // a job's outcome reached the loop

 private:
  Loop* loop_;
  std::unique_ptr<Impl> impl_;
  Future<void> shutdown_future_;
  std::size_t outstanding_ = 0;
  bool shutdown_ = false;
  bool modelled_ = false;
};

// Code running on an executor worker.
namespace this_worker {
// True on a worker (a pool thread natively, a modelled worker's fiber in WebAssembly).
bool active();
// The worker's trace lane id (0 when not on a worker) and its name ("asyncio_0").
std::uint64_t lane();
std::string name();
// Blocks this worker (not the loop) for `seconds` of loop time.
void sleep(double seconds);
// Blocks this worker until the loop clock reaches `deadline` (loop nanoseconds).
void block_until(Nanos deadline);
// Blocks this worker until `future` (of the worker's loop) is done.
void block_on(FutureState& future);
}  // namespace this_worker

// time.sleep(seconds): on a worker blocks only the worker; on the loop, blocks the loop
// (Loop::block_for: a real sleep on the real clock, a clock jump on the virtual one).
void blocking_sleep(double seconds);

namespace detail {
template <class R>
struct ExecutorSlot {
  std::optional<R> value;
};
template <>
struct ExecutorSlot<void> {};
std::uint32_t executor_label(Loop& loop, std::uint64_t job_id);
}  // namespace detail

// loop.run_in_executor(None, fn): a future of fn's result, computed on the default executor.
// Cancelling the future before a worker picks the job up means the job never runs.
template <class F>
auto Loop::run_in_executor(F&& fn) {
  using R = std::invoke_result_t<std::decay_t<F>&>;
  Future<R> fut = create_future<R>();
  fut.state().set_wait_reason(WaitKind::Executor, fut.id(), detail::executor_label(*this, fut.id()));
  auto slot = std::make_shared<detail::ExecutorSlot<R>>();
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  fut.add_done_callback([cancelled](FutureState& f) {
    if (f.cancelled()) *cancelled = true;
  });
  Executor& executor = default_executor();
  std::string label = tracing() ? trace().string(fut.state().wait_label()) : std::string();
  executor.submit(
      [fn = std::forward<F>(fn), slot]() mutable {
        if constexpr (std::is_void_v<R>) fn();
        else slot->value.emplace(fn());
      },
      [fut, slot](std::exception_ptr error) {
        if (fut.done()) return;
        if (error) fut.set_exception(error);
        else if constexpr (std::is_void_v<R>) fut.set_result();
        else fut.set_result(std::move(*slot->value));
      },
      cancelled, fut.id(), std::move(label));
  return fut;
}

// asyncio.get_running_loop().run_in_executor(None, fn)
template <class F>
auto run_in_executor(F&& fn) {
  return get_running_loop().run_in_executor(std::forward<F>(fn));
}

}  // namespace loopscope
