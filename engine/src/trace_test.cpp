#include <doctest/doctest.h>

#include <cstring>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::VirtualLoop;

std::string describe(const Trace& t, const TraceRecord& r) {
  std::string s = std::string(to_string(r.kind)) + " t=" + std::to_string(r.time / 1'000'000) + "ms task=" + std::to_string(r.task);
  switch (r.kind) {
    case TraceKind::TaskCreated: s += " parent=" + std::to_string(r.object) + " name=" + t.string(r.arg); break;
    case TraceKind::StepEnd: s += " reason=" + std::to_string(r.detail); break;
    case TraceKind::Wait: s += std::string(" on=") + to_string(static_cast<WaitKind>(r.detail)) + (r.arg ? " '" + t.string(r.arg) + "'" : ""); break;
    case TraceKind::Wake: s += " by=" + std::to_string(r.object); break;
    case TraceKind::Output: s += " text=" + t.string(r.arg); break;
    default: break;
  }
  return s;
}

std::vector<std::string> task_events(const Trace& t, const std::vector<TraceRecord>& records) {
  std::vector<std::string> out;
  for (auto& r : records) {
    switch (r.kind) {
      case TraceKind::TaskCreated:
      case TraceKind::StepStart:
      case TraceKind::StepEnd:
      case TraceKind::Wait:
      case TraceKind::Wake:
      case TraceKind::Output:
      case TraceKind::CancelRequested:
      case TraceKind::CancelDelivered:
        out.push_back(describe(t, r));
        break;
      default: break;
    }
  }
  return out;
}

// A child that sleeps and prints, awaited by main: creation, steps, waits and who woke whom.
void small_program(Loop& loop) {
  loop.trace().set_enabled(true);
  loop.run_until_complete([] {
    auto child = create_task([] {
      sleep(0.5);
      print("child done");
    });
    await(child);
  });
}

TEST_CASE("trace: records creation, steps, what a task waits on and who woke it") {
  VirtualLoop v;
  auto sink = set_output_sink([](Stream, std::string_view) {});
  small_program(v.loop);
  set_output_sink(sink);
  auto events = task_events(v.loop.trace(), v.loop.trace().records());
  // Task ids count futures and tasks alike: main is 1, child 2, the sleep's future 3.
  std::vector<std::string> expected{
      "task_created t=0ms task=1 parent=0 name=Task-1",
      "step_start t=0ms task=1",
      "task_created t=0ms task=2 parent=1 name=Task-2",
      "wait t=0ms task=1 on=task 'Task-2'",
      "step_end t=0ms task=1 reason=0",
      "step_start t=0ms task=2",
      "wait t=0ms task=2 on=sleep 'sleep 0.5 s'",
      "step_end t=0ms task=2 reason=0",
      "wake t=500ms task=2 by=0",
      "step_start t=500ms task=2",
      "output t=500ms task=2 text=child done\n",
      "wake t=500ms task=1 by=2",  // finishing, the child completes the future main awaits
      "step_end t=500ms task=2 reason=2",
      "step_start t=500ms task=1",
      "step_end t=500ms task=1 reason=2",
  };
  CHECK(testing::join(events) == testing::join(expected));
}

TEST_CASE("trace: a cancellation is recorded as requested by one task and delivered in another") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.run_until_complete([] {
    auto t = create_task([] { sleep(10); });
    sleep(1);
    t.cancel();
    try {
      await(t);
    } catch (const CancelledError&) {
    }
  });
  auto events = task_events(v.loop.trace(), v.loop.trace().records());
  auto has = [&](const std::string& prefix) {
    for (auto& e : events) {
      if (e.rfind(prefix, 0) == 0) return true;
    }
    return false;
  };
  CHECK(has("cancel_requested t=1000ms task=2"));
  CHECK(has("cancel_delivered t=1000ms task=2"));
  CHECK(has("step_end t=1000ms task=2 reason=3"));
}

TEST_CASE("trace: the same program on the virtual clock gives byte-identical traces") {
  auto sink = set_output_sink([](Stream, std::string_view) {});
  std::vector<TraceRecord> first, second;
  std::string json1, json2;
  for (int run = 0; run < 2; ++run) {
    VirtualLoop v;
    v.loop.trace().set_enabled(true);
    v.loop.run_until_complete([] {
      std::vector<Task<int>> tasks;
      for (int i = 0; i < 20; ++i) {
        tasks.push_back(create_task([i] {
          for (int k = 0; k < 3; ++k) sleep(0.01 * ((i * 7 + k) % 5));
          print("task", i);
          return i;
        }));
      }
      await(gather(tasks));
    });
    (run == 0 ? first : second) = v.loop.trace().records();
    (run == 0 ? json1 : json2) = to_chrome_trace_json(v.loop.trace().records(), v.loop.trace());
  }
  set_output_sink(sink);
  REQUIRE(first.size() == second.size());
  CHECK(first.size() > 200);
  CHECK(std::memcmp(first.data(), second.data(), first.size() * sizeof(TraceRecord)) == 0);
  CHECK(json1 == json2);
}

TEST_CASE("trace: a capped buffer drops and counts; take() hands records over in bulk") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.trace().set_capacity(10);
  v.loop.run_until_complete([] {
    for (int i = 0; i < 50; ++i) sleep(0);
  });
  CHECK(v.loop.trace().records().size() == 10);
  CHECK(v.loop.trace().dropped() > 100);
  auto taken = v.loop.trace().take();
  CHECK(taken.size() == 10);
  CHECK(v.loop.trace().records().empty());
  CHECK(v.loop.trace().taken() == 10);
}

TEST_CASE("trace: Chrome-trace JSON has a track per task, slices and wake-up flows") {
  VirtualLoop v;
  auto sink = set_output_sink([](Stream, std::string_view) {});
  small_program(v.loop);
  set_output_sink(sink);
  std::string json = to_chrome_trace_json(v.loop.trace().records(), v.loop.trace());
  CHECK(json.find("\"traceEvents\":[") != std::string::npos);
  CHECK(json.find("\"name\":\"thread_name\",\"args\":{\"name\":\"Task-2\"}") != std::string::npos);
  CHECK(json.find("\"name\":\"waiting on sleep 0.5 s\",\"cat\":\"waiting\",\"ts\":0.000,\"dur\":500000.000") != std::string::npos);
  CHECK(json.find("\"ph\":\"s\"") != std::string::npos);
  CHECK(json.find("\"ph\":\"f\"") != std::string::npos);
  CHECK(json.find("\"text\":\"child done\\n\"") != std::string::npos);
}

TEST_CASE("trace: off by default, and then records nothing") {
  VirtualLoop v;
  v.loop.run_until_complete([] { sleep(1); });
  CHECK(v.loop.trace().records().empty());
}

}  // namespace
}  // namespace loopscope
