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

std::vector<std::string> task_events(const Trace& t, const std::vector<TraceRecord>& compact) {
  std::vector<std::string> out;
  for (auto& r : expand_switches(compact)) {
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

std::string kinds(const std::vector<TraceRecord>& records) {
  std::string out;
  for (auto& r : records) {
    out += to_string(r.kind);
    if (r.task) out += ":" + std::to_string(r.task);
    if (r.kind == TraceKind::Switch) {
      out += ">" + std::to_string(r.object);
      if (r.detail & kSwitchIteration) out += " it" + std::to_string(r.arg) + "/" + std::to_string(r.extra);
    }
    if (r.kind == TraceKind::Iteration) out += " it" + std::to_string(r.object) + "/" + std::to_string(r.arg);
    out += "\n";
  }
  return out;
}

// main: two tasks that yield `rounds` times each, awaited in turn.
void ping_pong(int rounds) {
  auto body = [rounds] {
    for (int i = 0; i < rounds; ++i) sleep(0);
  };
  auto a = create_task(body);
  auto b = create_task(body);
  await(a);
  await(b);
}

TEST_CASE("trace: a direct hand-over is one Switch record, also across an iteration boundary") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.run_until_complete([] { ping_pong(3); });
  const auto& records = v.loop.trace().records();
  // main (1) waits for a (2); a and b (3) ping-pong with sleep(0): a -> b within an iteration,
  // b -> a across into the next one (the Iteration folded in: its number / callbacks ready).
  CHECK(kinds(records) ==
        "task_created:1\nloop_start\niteration it1/1\nstep_start:1\ntask_created:2\ntask_created:3\nwait:1\n"
        "switch:1>2 it2/2\nswitch:2>3\nswitch:3>2 it3/2\nswitch:2>3\nswitch:3>2 it4/2\nswitch:2>3\nswitch:3>2 it5/2\n"
        "wake:1\nswitch:2>3\nswitch:3>1 it6/1\nstep_end:1\niteration it7/1\ncallback_run\nloop_stop\n");
  CHECK(records[7].detail == (static_cast<int>(StepEndReason::Waiting) | kSwitchIteration | kSwitchFirstStep));
  CHECK(records[8].detail == (static_cast<int>(StepEndReason::Ready) | kSwitchFirstStep));
  CHECK(records[9].detail == (static_cast<int>(StepEndReason::Ready) | kSwitchIteration));
  CHECK(records[15].detail == static_cast<int>(StepEndReason::Done));
  // Expanded, it is the record-per-event sequence.
  CHECK(kinds(expand_switches(records)) ==
        "task_created:1\nloop_start\niteration it1/1\nstep_start:1\ntask_created:2\ntask_created:3\nwait:1\n"
        "step_end:1\niteration it2/2\nstep_start:2\nstep_end:2\nstep_start:3\n"
        "step_end:3\niteration it3/2\nstep_start:2\nstep_end:2\nstep_start:3\n"
        "step_end:3\niteration it4/2\nstep_start:2\nstep_end:2\nstep_start:3\n"
        "step_end:3\niteration it5/2\nstep_start:2\n"
        "wake:1\nstep_end:2\nstep_start:3\nstep_end:3\niteration it6/1\nstep_start:1\n"
        "step_end:1\niteration it7/1\ncallback_run\nloop_stop\n");
  auto full = expand_switches(records);
  CHECK(to_chrome_trace_json(records, v.loop.trace()) == to_chrome_trace_json(full, v.loop.trace()));
  CHECK(full[7].detail == static_cast<int>(StepEndReason::Waiting));
  CHECK(full[9].detail == 1);  // a's first step
  CHECK(full[14].detail == 0);
}

TEST_CASE("trace: records a host has read are never folded into a Switch") {
  // A driven program: the host copies the new records after every slice (as lib/loopscope.mjs
  // does), and slices end between one task's step and the next. What it copied must stay true.
  for (std::int64_t steps : {1, 2, 3}) {
    detail::reset_task_counter();
    auto trace = std::make_shared<Trace>();
    trace->set_enabled(true);
    Driver driver;
    driver.start([trace] {
      LoopOptions o;
      o.clock = LoopOptions::ClockKind::Virtual;
      o.shared_trace = trace;
      run([] { ping_pong(4); }, o);
    });
    std::vector<TraceRecord> host;
    SliceBudget budget;
    budget.task_steps = steps;
    for (int i = 0; i < 200 && !driver.finished(); ++i) {
      driver.drive(budget);
      const auto& records = trace->records();
      host.insert(host.end(), records.begin() + static_cast<std::ptrdiff_t>(host.size()), records.end());
    }
    REQUIRE(driver.finished());
    const auto& final_records = trace->records();
    REQUIRE(host.size() == final_records.size());
    CHECK(std::memcmp(host.data(), final_records.data(), host.size() * sizeof(TraceRecord)) == 0);
    int switches = 0;
    for (auto& r : final_records) switches += r.kind == TraceKind::Switch;
    if (steps == 1) CHECK(switches == 0);  // every hand-over crossed a slice boundary
    else CHECK(switches > 0);
  }

  // The same on the Trace itself: a read between a StepEnd and the next StepStart keeps them apart.
  Trace t;
  t.set_enabled(true);
  t.record_step_end(5, 1, StepEndReason::Ready);
  CHECK(t.records().size() == 1);  // read: the StepEnd is in the buffer as it is
  CHECK_FALSE(t.fold_step_start(2, false));
  t.record(5, TraceKind::StepStart, 2);
  t.record_step_end(6, 2, StepEndReason::Waiting);
  CHECK(t.fold_step_start(1, true));  // not read in between: one Switch
  auto r = t.take();
  REQUIRE(r.size() == 3);
  CHECK(r[0].kind == TraceKind::StepEnd);
  CHECK(r[1].kind == TraceKind::StepStart);
  CHECK(r[2].kind == TraceKind::Switch);
  CHECK(r[2].time == 6);
  CHECK(r[2].task == 2);
  CHECK(r[2].object == 1);
  CHECK(r[2].detail == (static_cast<int>(StepEndReason::Waiting) | kSwitchFirstStep));
  // An Iteration between them is folded in too, unless its count does not fit in `extra`.
  t.record_step_end(7, 1, StepEndReason::Ready);
  t.record_iteration(7, 9, 70000);
  CHECK_FALSE(t.fold_step_start(2, false));
  t.record(7, TraceKind::StepStart, 2);
  t.record_step_end(8, 2, StepEndReason::Ready);
  t.record_iteration(8, 10, 2);
  CHECK(t.fold_step_start(1, false));
  CHECK_FALSE(t.fold_step_start(2, false));  // folded once only
  r = t.take();
  REQUIRE(r.size() == 4);
  CHECK(r[0].kind == TraceKind::StepEnd);
  CHECK(r[1].kind == TraceKind::Iteration);
  CHECK(r[1].arg == 70000);
  CHECK(r[3].kind == TraceKind::Switch);
  CHECK(r[3].detail == (static_cast<int>(StepEndReason::Ready) | kSwitchIteration));
  CHECK(r[3].arg == 10);
  CHECK(r[3].extra == 2);
  CHECK(r[3].time == 8);
  // Anything recorded after the StepEnd (a callback ran, a timer fired) comes after it, apart.
  t.record_step_end(9, 1, StepEndReason::Ready);
  t.record_iteration(10, 11, 1);
  t.record(10, TraceKind::CallbackRun, 0, 4);
  CHECK_FALSE(t.fold_step_start(2, false));
  r = t.take();
  REQUIRE(r.size() == 3);
  CHECK(r[0].kind == TraceKind::StepEnd);
  CHECK(r[1].kind == TraceKind::Iteration);
  CHECK(r[1].time == 10);  // kept its own time
  CHECK(r[2].kind == TraceKind::CallbackRun);
  // A full buffer drops and counts what it cannot hold, held records included.
  t.set_capacity(1);
  t.record(11, TraceKind::Wait, 1, 3);
  t.record_step_end(11, 1, StepEndReason::Waiting);
  CHECK(t.fold_step_start(2, false));
  CHECK(t.dropped() == 1);
  CHECK(t.records().size() == 1);
  CHECK(t.records()[0].kind == TraceKind::Wait);
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
  CHECK(v.loop.trace().dropped() >= 45);  // a sleep(0) is one Switch record: ~50, 10 kept
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
