// Engine benchmarks. Prints one JSON object per measurement (bench/run.mjs collects them and
// prints the table with medians and ratios). Modes:
//   raw-switch N       raw fiber ping-pong (native: boost::context::fiber directly)
//   yield N            two tasks ping-ponging with sleep(0) through the scheduler
//   yield-traced N     the same with the trace recording every decision, a host taking the records
//   yield-untraced N   exactly the same program with tracing off (the baseline for tracing's cost)
//   spawn-gather N     create N tasks that each sleep(0) once, gather them
//   sleepers N         N tasks sleeping at the same time (peak memory)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "loopscope/loopscope.hpp"

#if defined(__EMSCRIPTEN__)
#include <emscripten/fiber.h>
#else
#include <sys/resource.h>

#include <boost/context/fiber.hpp>
#endif

namespace {
using namespace loopscope;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Peak memory of the process (native: max RSS) or the size of linear memory (wasm: it only grows).
double peak_mib() {
#if defined(__EMSCRIPTEN__)
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1024.0 * 1024.0);
#else
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
#endif
}

const char* platform() {
#if defined(__EMSCRIPTEN__)
  return "wasm";
#else
  return "native";
#endif
}

void report(const char* mode, long n, double seconds, const std::string& extra = "") {
  std::printf("{\"platform\":\"%s\",\"mode\":\"%s\",\"n\":%ld,\"seconds\":%.6f,\"peak_mib\":%.1f%s}\n", platform(), mode,
              n, seconds, peak_mib(), extra.c_str());
  std::fflush(stdout);
}

LoopOptions virtual_clock(std::size_t stack_size) {
  LoopOptions o;
  o.clock = LoopOptions::ClockKind::Virtual;
  o.stack_size = stack_size;
  return o;
}

#if !defined(__EMSCRIPTEN__)
void raw_switch(long n) {
  namespace ctx = boost::context;
  long count = 0;
  ctx::fiber f([&](ctx::fiber&& main) {
    for (;;) {
      ++count;
      main = std::move(main).resume();
    }
    return std::move(main);
  });
  auto start = Clock::now();
  for (long i = 0; i < n / 2; ++i) f = std::move(f).resume();
  double s = seconds_since(start);
  report("raw-switch", n, s);
  (void)count;
}
#else
emscripten_fiber_t main_fiber, other_fiber;
long raw_count = 0;
void raw_body(void*) {
  for (;;) {
    ++raw_count;
    emscripten_fiber_swap(&other_fiber, &main_fiber);
  }
}
void raw_switch(long n) {
  static std::vector<char> a(64 * 1024), b(64 * 1024), c(64 * 1024);
  emscripten_fiber_init_from_current_context(&main_fiber, a.data(), a.size());
  emscripten_fiber_init(&other_fiber, raw_body, nullptr, b.data(), b.size(), c.data(), c.size());
  auto start = Clock::now();
  for (long i = 0; i < n / 2; ++i) emscripten_fiber_swap(&main_fiber, &other_fiber);
  report("raw-switch", n, seconds_since(start));
}
#endif

// Two tasks ping-ponging with sleep(0). `host` adds what a host that keeps the trace does: it
// takes the records every 16,384 switches (drain_into, two buffers in turn), so that what is
// measured is recording, not a growing buffer or dropped records. yield-traced and
// yield-untraced run exactly the same code, tracing on and off: their ratio is the cost of
// tracing.
void yield_pingpong(long n, bool traced, bool host) {
  Loop loop(virtual_clock(64 * 1024));
  loop.trace().set_enabled(traced);
  std::vector<TraceRecord> host_buffer;
  std::uint64_t host_total = 0;
  long per_task = n / 2;
  auto start = Clock::now();
  loop.run_until_complete([&] {
    auto body = [per_task] {
      for (long i = 0; i < per_task; ++i) sleep(0);
    };
    auto hosted_body = [&, per_task] {
      for (long i = 0; i < per_task; ++i) {
        sleep(0);
        if ((i & 8191) == 0) {
          get_running_loop().trace().drain_into(host_buffer);
          host_total += host_buffer.size();
        }
      }
    };
    auto a = host ? create_task(hosted_body) : create_task(body);
    auto b = create_task(body);
    await(a);
    await(b);
  });
  double seconds = seconds_since(start);
  auto records = host_total + loop.trace().records().size();
  report(!host ? "yield" : traced ? "yield-traced" : "yield-untraced", n, seconds,
         ",\"records\":" + std::to_string(records) + ",\"dropped\":" + std::to_string(loop.trace().dropped()));
}

void spawn_gather(long n, std::size_t stack) {
  Loop loop(virtual_clock(stack));
  auto start = Clock::now();
  loop.run_until_complete([&] {
    std::vector<Task<void>> tasks;
    tasks.reserve(n);
    for (long i = 0; i < n; ++i) tasks.push_back(create_task([] { sleep(0); }));
    await(gather(tasks));
  });
  report("spawn-gather", n, seconds_since(start), ",\"stack\":" + std::to_string(stack));
}

void sleepers(long n, std::size_t stack) {
  Loop loop(virtual_clock(stack));
  auto start = Clock::now();
  long woke = 0;
  loop.run_until_complete([&] {
    std::vector<Task<void>> tasks;
    tasks.reserve(n);
    for (long i = 0; i < n; ++i) tasks.push_back(create_task([&woke] {
      sleep(1.0);
      ++woke;
    }));
    for (auto& t : tasks) await(t);
  });
  if (woke != n) {
    std::fprintf(stderr, "only %ld of %ld sleepers woke\n", woke, n);
    std::exit(1);
  }
  report("sleepers", n, seconds_since(start), ",\"stack\":" + std::to_string(stack));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: engine_bench raw-switch|yield|yield-traced|yield-untraced|spawn-gather|sleepers N [STACK_BYTES]\n");
    std::exit(2);
  }
  std::string mode = argv[1];
  long n = std::atol(argv[2]);
  std::size_t stack = argc > 3 ? static_cast<std::size_t>(std::atol(argv[3])) : 16 * 1024;
  if (mode == "raw-switch") raw_switch(n);
  else if (mode == "yield") yield_pingpong(n, false, false);
  else if (mode == "yield-traced") yield_pingpong(n, true, true);
  else if (mode == "yield-untraced") yield_pingpong(n, false, true);
  else if (mode == "spawn-gather") spawn_gather(n, stack);
  else if (mode == "sleepers") sleepers(n, stack);
  else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    std::exit(2);
  }
  std::exit(0);
}
