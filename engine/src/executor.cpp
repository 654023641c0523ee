// The default executor: a thread pool natively, modelled workers on fibers in WebAssembly.
#include "loopscope/executor.hpp"

#include <algorithm>
#include <deque>
#include <vector>

#include "loopscope/tasks.hpp"

#if !defined(__EMSCRIPTEN__)
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace loopscope {

struct Executor::Job {
  std::function<void()> fn;
  std::function<void(std::exception_ptr)> done;
  std::shared_ptr<std::atomic<bool>> cancelled;
  std::uint64_t id = 0;
  std::uint32_t label = 0;  // trace string id
};

struct Executor::Worker {
  Executor* executor = nullptr;
  std::uint64_t lane = 0;
  std::string name;
  virtual ~Worker() = default;
  virtual void block_until(Nanos deadline) = 0;
  virtual void block_on(FutureState& future) = 0;
};

struct Executor::Impl {
  virtual ~Impl() = default;
  virtual void submit(std::shared_ptr<Job> job) = 0;
  virtual std::size_t worker_count() const = 0;
};

namespace {
__thread Executor::Worker* current_worker = nullptr;

// Thrown inside a worker's job when its executor goes away while the job is blocked.
struct WorkerClosed {};

int default_max_workers() {
#if defined(__EMSCRIPTEN__)
  unsigned cpus = 1;
#else
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
#endif
  return static_cast<int>(std::min(32u, cpus + 4));
}

std::uint32_t intern_if(Loop& loop, const std::string& text) { return loop.tracing() ? loop.trace().intern(text) : 0; }

// ---------------------------------------------------------------- modelled workers (fibers)

class ModelledPool;

struct ModelledWorker final : Executor::Worker {
  ModelledPool* pool = nullptr;
  std::unique_ptr<Fiber> fiber;
  Fiber* resumer = nullptr;  // the loop's fiber that resumed us, to return to
  bool idle = false;
  bool wake_scheduled = false;
  bool closing = false;

  static Fiber* main(void* self);
  void run();
  // From loop code (a callback): run the worker until it blocks or goes idle.
  void resume() {
    wake_scheduled = false;
    resumer = &Fiber::current();
    Fiber::switch_to(*fiber);
  }
  // On the worker's fiber: hand the thread back to the loop until resumed.
  void park() {
    Fiber* back = resumer;
    resumer = nullptr;
    current_worker = nullptr;
    Fiber::switch_to(*back);
    current_worker = this;
    if (closing) throw WorkerClosed{};
  }
  void block_until(Nanos deadline) override {
    Loop& loop = executor->loop();
    loop.record(TraceKind::BlockStart, static_cast<std::uint32_t>(lane), 0, std::max<Nanos>(0, deadline - loop.now()), 1);
    Handle timer = loop.call_at_nanos(deadline, [this] { resume(); });
    try {
      park();
    } catch (...) {
      timer.cancel();
      throw;
    }
    loop.record(TraceKind::BlockEnd, static_cast<std::uint32_t>(lane), 0, 0, 1);
  }
  void block_on(FutureState& future) override {
    if (future.done()) return;
    Loop& loop = executor->loop();
    loop.record(TraceKind::BlockStart, static_cast<std::uint32_t>(lane), future.id(), 0, 1);
    auto id = future.add_done_callback([this](FutureState&) { resume(); });
    try {
      park();
    } catch (...) {
      future.remove_done_callback(id);
      throw;
    }
    loop.record(TraceKind::BlockEnd, static_cast<std::uint32_t>(lane), future.id(), 0, 1);
  }
};

class ModelledPool final : public Executor::Impl {
 public:
  ModelledPool(Executor& executor, int max_workers, std::string prefix)
      : executor_(executor), max_workers_(max_workers), prefix_(std::move(prefix)) {}

  ~ModelledPool() override {
    *alive_ = false;
    // Unwind workers that are parked (idle, or blocked inside a job), so every fiber ends.
    for (auto& w : workers_) {
      if (w->fiber->state() == FiberState::Waiting) {
        w->closing = true;
        w->resume();
      }
    }
  }

  void submit(std::shared_ptr<Executor::Job> job) override {
    Loop& loop = executor_.loop();
    queue_.push_back(std::move(job));
    // ThreadPoolExecutor._adjust_thread_count: an idle worker takes it, else start one if allowed
    for (auto& w : workers_) {
      if (w->idle && !w->wake_scheduled) {
        wake(*w);
        return;
      }
    }
    if (static_cast<int>(workers_.size()) >= max_workers_) return;
    auto w = std::make_unique<ModelledWorker>();
    w->executor = &executor_;
    w->pool = this;
    w->lane = loop.next_future_id();
    w->name = prefix_ + "_" + std::to_string(workers_.size());
    std::size_t stack = std::max<std::size_t>(loop.default_stack_size(), Fiber::kDefaultStackSize);
    w->fiber = std::make_unique<Fiber>(&ModelledWorker::main, w.get(), stack);
    loop.record(TraceKind::WorkerCreated, static_cast<std::uint32_t>(w->lane), 0, intern_if(loop, w->name));
    wake(*w);
    workers_.push_back(std::move(w));
  }

  std::size_t worker_count() const override { return workers_.size(); }

  bool has_job() const { return !queue_.empty(); }
  std::shared_ptr<Executor::Job> take() {
    auto job = std::move(queue_.front());
    queue_.pop_front();
    return job;
  }
  Executor& executor() { return executor_; }

 private:
  void wake(ModelledWorker& w) {
    w.wake_scheduled = true;
    executor_.loop().call_soon([&w, alive = alive_] {
      if (*alive) w.resume();
    });
  }

  Executor& executor_;
  int max_workers_;
  std::string prefix_;
  std::deque<std::shared_ptr<Executor::Job>> queue_;
  std::vector<std::unique_ptr<ModelledWorker>> workers_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

Fiber* ModelledWorker::main(void* self) {
  auto& w = *static_cast<ModelledWorker*>(self);
  current_worker = &w;
  w.run();
  current_worker = nullptr;
  Fiber* back = w.resumer;
  w.resumer = nullptr;
  return back;
}

void ModelledWorker::run() {
  Loop& loop = executor->loop();
  try {
    for (;;) {
      while (!pool->has_job()) {
        idle = true;
        park();
      }
      idle = false;
      auto job = pool->take();
      std::exception_ptr error;
      if (!job->cancelled->load()) {
        const auto lane32 = static_cast<std::uint32_t>(lane);
        loop.record(TraceKind::JobStart, lane32, job->id, job->label);
        try {
          job->fn();
        } catch (const WorkerClosed&) {
          throw;
        } catch (...) {
          error = std::current_exception();
        }
        loop.record(TraceKind::JobEnd, lane32, job->id, 0, error ? 1 : 0);
      }
      // concurrent.futures hands the outcome over with call_soon_threadsafe: one callback later
      Executor* ex = executor;
      loop.call_soon([ex, job, error] {
        if (!job->cancelled->load()) job->done(error);
        ex->delivered();
      });
    }
  } catch (const WorkerClosed&) {
    // the executor is going away
  }
}

// ---------------------------------------------------------------- real threads

#if !defined(__EMSCRIPTEN__)
class ThreadPool;

struct ThreadWorker final : Executor::Worker {
  ThreadPool* pool = nullptr;
  std::thread thread;
  std::mutex mutex;
  std::condition_variable cv;
  bool woken = false;
  Handle timer;  // loop thread only: the timer that ends a virtual-clock block

  void main();
  void wake() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      woken = true;
    }
    cv.notify_one();
  }
  void wait_woken();
  void post_record(TraceKind kind, Nanos at, std::uint64_t object, std::int64_t arg, std::uint8_t detail);
  void block_until(Nanos deadline) override;
  void block_on(FutureState& future) override;
};

class ThreadPool final : public Executor::Impl {
 public:
  ThreadPool(Executor& executor, int max_workers, std::string prefix)
      : executor_(executor), max_workers_(max_workers), prefix_(std::move(prefix)), alive_(std::make_shared<bool>(true)) {}

  ~ThreadPool() override {
    Loop& loop = executor_.loop();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // jobs nobody started are dropped (shutdown(cancel_futures=True)); their outside work ends
      for (std::size_t i = 0; i < queue_.size(); ++i) loop.end_external_work();
      queue_.clear();
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) {
      w->timer.cancel();
      { std::lock_guard<std::mutex> lock(w->mutex); }
      w->cv.notify_all();  // a blocked worker sees `stopping_` and unwinds its job
    }
    for (auto& w : workers_) w->thread.join();
    *alive_ = false;
  }

  void submit(std::shared_ptr<Executor::Job> job) override {
    Loop& loop = executor_.loop();
    loop.begin_external_work();
    bool spawn = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(job));
      if (idle_tokens_ > 0) --idle_tokens_;
      else spawn = static_cast<int>(workers_.size()) < max_workers_;
    }
    if (spawn) {
      auto w = std::make_unique<ThreadWorker>();
      w->executor = &executor_;
      w->pool = this;
      w->lane = loop.next_future_id();
      w->name = prefix_ + "_" + std::to_string(workers_.size());
      loop.record(TraceKind::WorkerCreated, static_cast<std::uint32_t>(w->lane), 0, intern_if(loop, w->name));
      ThreadWorker* raw = w.get();
      workers_.push_back(std::move(w));
      raw->thread = std::thread([raw] { raw->main(); });
    }
    cv_.notify_one();
  }

  std::size_t worker_count() const override { return workers_.size(); }

  // Worker side: the next job, or null when stopping with nothing left.
  std::shared_ptr<Executor::Job> next_job() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++idle_tokens_;
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return nullptr;
    auto job = std::move(queue_.front());
    queue_.pop_front();
    if (idle_tokens_ > 0) --idle_tokens_;
    return job;
  }
  bool stopping() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
  }
  const std::shared_ptr<bool>& alive() const { return alive_; }
  Executor& executor() { return executor_; }

 private:
  Executor& executor_;
  int max_workers_;
  std::string prefix_;
  std::shared_ptr<bool> alive_;  // loop-thread flag: callbacks posted by workers check it
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Executor::Job>> queue_;
  std::vector<std::unique_ptr<ThreadWorker>> workers_;
  int idle_tokens_ = 0;
  bool stopping_ = false;
};

void ThreadWorker::post_record(TraceKind kind, Nanos at, std::uint64_t object, std::int64_t arg, std::uint8_t detail) {
  Loop& loop = executor->loop();
  auto lane32 = static_cast<std::uint32_t>(lane);
  loop.call_soon_threadsafe([&loop, kind, at, lane32, object, arg, detail] {
    if (loop.tracing()) loop.trace().record(at, kind, lane32, object, arg, detail);
  });
}

void ThreadWorker::main() {
  current_worker = this;
  Loop& loop = executor->loop();
  auto alive = pool->alive();
  while (auto job = pool->next_job()) {
    std::exception_ptr error;
    if (!job->cancelled->load()) {
      post_record(TraceKind::JobStart, loop.now(), job->id, job->label, 0);
      try {
        job->fn();
      } catch (...) {
        error = std::current_exception();
      }
      post_record(TraceKind::JobEnd, loop.now(), job->id, 0, error ? 1 : 0);
    }
    Executor* ex = executor;
    loop.call_soon_threadsafe([&loop, alive, ex, job, error] {
      loop.end_external_work();
      if (!*alive) return;
      if (!job->cancelled->load()) job->done(error);
      ex->delivered();
    });
  }
  current_worker = nullptr;
}

void ThreadWorker::wait_woken() {
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [this] { return woken || pool->stopping(); });
  bool closed = !woken;
  woken = false;
  if (closed) throw WorkerClosed{};
}

void ThreadWorker::block_until(Nanos deadline) {
  Loop& loop = executor->loop();
  Nanos start = loop.now();
  post_record(TraceKind::BlockStart, start, 0, std::max<Nanos>(0, deadline - start), 1);
  if (!loop.clock().is_virtual()) {
    if (deadline > start) std::this_thread::sleep_for(std::chrono::nanoseconds(loop.clock().to_real(deadline - start)));
  } else {
    // Virtual time moves only when the loop has nothing to wait for: stop counting as outside
    // work while blocked, and let a loop timer at the deadline wake us.
    auto alive = pool->alive();
    loop.call_soon_threadsafe([this, &loop, alive, deadline] {
      loop.end_external_work();
      if (!*alive) return;
      timer = loop.call_at_nanos(deadline, [this, &loop] {
        loop.begin_external_work();
        wake();
      });
    });
    wait_woken();
  }
  post_record(TraceKind::BlockEnd, loop.now(), 0, 0, 1);
}

void ThreadWorker::block_on(FutureState& future) {
  Loop& loop = executor->loop();
  auto alive = pool->alive();
  auto state = future.shared_from_this();
  post_record(TraceKind::BlockStart, loop.now(), future.id(), 0, 1);
  loop.call_soon_threadsafe([this, &loop, alive, state] {
    loop.end_external_work();
    if (!*alive) return;
    state->add_done_callback([this, &loop](FutureState&) {
      loop.begin_external_work();
      wake();
    });
  });
  wait_woken();
  post_record(TraceKind::BlockEnd, loop.now(), future.id(), 0, 1);
}
#endif

}  // namespace

// ---------------------------------------------------------------- Executor

Executor::Executor(Loop& loop, ExecutorOptions options) : loop_(&loop) {
  int max_workers = options.max_workers > 0 ? options.max_workers : default_max_workers();
#if defined(__EMSCRIPTEN__)
  modelled_ = true;
#else
  modelled_ = options.mode == ExecutorOptions::Mode::Modelled;
#endif
  if (modelled_) {
    impl_ = std::make_unique<ModelledPool>(*this, max_workers, options.thread_name_prefix);
  } else {
#if !defined(__EMSCRIPTEN__)
    impl_ = std::make_unique<ThreadPool>(*this, max_workers, options.thread_name_prefix);
#endif
  }
}

Executor::~Executor() = default;

void Executor::submit(std::function<void()> fn, std::function<void(std::exception_ptr)> done,
                      std::shared_ptr<std::atomic<bool>> cancelled, std::uint64_t job_id, std::string label) {
  if (shutdown_) throw RuntimeError("cannot schedule new futures after shutdown");
  auto job = std::make_shared<Job>();
  job->fn = std::move(fn);
  job->done = std::move(done);
  job->cancelled = std::move(cancelled);
  job->id = job_id;
  job->label = label.empty() ? 0 : intern_if(*loop_, label);
  ++outstanding_;
  impl_->submit(std::move(job));
}

void Executor::delivered() {
  if (outstanding_ > 0) --outstanding_;
  if (outstanding_ == 0 && shutdown_future_ && !shutdown_future_.done()) shutdown_future_.set_result();
}

Future<void> Executor::shutdown() {
  shutdown_ = true;
  if (!shutdown_future_) {
    shutdown_future_ = loop_->create_future<void>();
    shutdown_future_.state().set_wait_reason(WaitKind::Executor, 0, intern_if(*loop_, "executor shutdown"));
    if (outstanding_ == 0) shutdown_future_.set_result();
  }
  return shutdown_future_;
}

std::size_t Executor::worker_count() const { return impl_->worker_count(); }

namespace detail {
std::uint32_t executor_label(Loop& loop, std::uint64_t job_id) {
  return loop.tracing() ? loop.trace().intern("run_in_executor #" + std::to_string(job_id)) : 0;
}
}  // namespace detail

// ---------------------------------------------------------------- Loop's executor methods

Executor& Loop::default_executor() {
  check_closed();  // asyncio's run_in_executor checks this first
  if (!default_executor_) default_executor_ = std::make_shared<Executor>(*this);
  if (default_executor_->is_shutdown()) throw RuntimeError("Executor shutdown has been called");
  return *default_executor_;
}

void Loop::set_default_executor(std::shared_ptr<Executor> executor) { default_executor_ = std::move(executor); }

void Loop::shutdown_default_executor() {
  if (!default_executor_) return;
  Future<void> done = default_executor_->shutdown();
  if (!done.done()) {
    if (current_task_) await(done);
    else run_until_complete(done);
  }
  // Workers are idle now: end them (threads joined, fibers unwound). Later calls create none.
  auto executor = std::move(default_executor_);
  default_executor_ = std::make_shared<Executor>(*this);
  default_executor_->shutdown();
  executor.reset();
}

// ---------------------------------------------------------------- this_worker

namespace this_worker {
bool active() { return current_worker != nullptr; }
std::uint64_t lane() { return current_worker ? current_worker->lane : 0; }
std::string name() { return current_worker ? current_worker->name : std::string(); }

void block_until(Nanos deadline) {
  if (!current_worker) throw RuntimeError("this_worker::block_until() called outside an executor worker");
  current_worker->block_until(deadline);
}

void sleep(double seconds) {
  if (!current_worker) throw RuntimeError("this_worker::sleep() called outside an executor worker");
  Loop& loop = current_worker->executor->loop();
  current_worker->block_until(loop.now() + seconds_to_nanos(std::max(0.0, seconds)));
}

void block_on(FutureState& future) {
  if (!current_worker) throw RuntimeError("this_worker::block_on() called outside an executor worker");
  current_worker->block_on(future);
}
}  // namespace this_worker

void blocking_sleep(double seconds) {
  if (this_worker::active()) {
    this_worker::sleep(seconds);
    return;
  }
  if (Loop* loop = Loop::running()) {
    loop->block_for(seconds_to_nanos(std::max(0.0, seconds)));
    return;
  }
#if !defined(__EMSCRIPTEN__)
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(seconds_to_nanos(seconds)));
#endif
}

}  // namespace loopscope
