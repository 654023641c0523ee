// Tests of the host seam (host.hpp): native modules and types, await on
// native objects, coroutines, foreign exceptions, budget and warnings.
#include <doctest/doctest.h>

#include "loopscope/script/interpreter.hpp"

using namespace loopscope::script;

namespace {
struct Harness {
  std::string out, err, warn;
  int budget_calls = 0;
  HostHooks hooks() {
    HostHooks h;
    h.write = [this](std::string_view s, bool e) { (e ? err : out) += s; };
    h.warning = [this](const std::string& w) { warn += w; };
    h.on_budget = [this](Interpreter&) { ++budget_calls; };
    return h;
  }
};

// A future-like native object: awaiting it returns its result.
class Ready final : public NativeObject {
 public:
  Ready(ClassObj* c, Value v) : NativeObject(c), result(std::move(v)) {}
  Value await_value(Interpreter&) override {
    ++awaited;
    return result;
  }
  Value result;
  int awaited = 0;
};

struct EngineCancelled {};  // not derived from std::exception

void install_fake_asyncio(Interpreter& in) {
  in.register_module("fakeio", [](Interpreter& in, Module& m) {
    Ref<ClassObj> ready = in.new_class("Ready", "fakeio");
    in.set_constructor(*ready, [](Interpreter&, ClassObj* cls, const Args& a) -> Value {
      return Value(new Ready(cls, a.size() ? a[0] : Value()));
    });
    in.add_method(*ready, "result", [](Interpreter&, const Args& a) -> Value {
      return static_cast<Ready*>(a[0].obj())->result;
    });
    in.set_attr(m, "Ready", Value(ready.get()));
    Ref<ClassObj> cancelled = in.new_class("CancelledError", "fakeio", {in.exception_class("BaseException")});
    in.set_attr(m, "CancelledError", Value(cancelled.get()));
    in.add_function(m, "run", [](Interpreter& in, const Args& a) -> Value {
      Value coro = a[0];
      if (!in.is_coroutine(coro)) in.raise("ValueError", "a coroutine was expected");
      return in.run_coroutine(coro);
    });
    in.add_function(m, "cancel_now", [](Interpreter&, const Args&) -> Value { throw EngineCancelled{}; });
    in.add_function(m, "call", [](Interpreter& in, const Args& a) -> Value {
      return in.call_with_kwargs(a[0], {Value::integer(1)}, {{"k", Value::integer(2)}});
    });
  });
  in.hooks().translate_foreign_exception = [&in](std::exception_ptr ep) -> std::optional<Value> {
    try {
      std::rethrow_exception(ep);
    } catch (const EngineCancelled&) {
      Value mod = in.import_module("fakeio");
      Value cls = in.getattr(mod, "CancelledError");
      return in.call(cls, {});
    } catch (...) {
      return std::nullopt;
    }
  };
}
}  // namespace

TEST_CASE("seam: await on a native object calls await_value; coroutines run inline") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  install_fake_asyncio(in);
  int rc = in.run_main(
      "import fakeio\n"
      "async def inner(x):\n"
      "    return await fakeio.Ready(x * 2)\n"
      "async def main():\n"
      "    a = await inner(5)\n"
      "    c = inner(1)\n"
      "    await c\n"
      "    try:\n"
      "        await c\n"
      "    except RuntimeError as e:\n"
      "        print(e)\n"
      "    return a\n"
      "print(fakeio.run(main()))\n");
  CHECK(rc == 0);
  CHECK(h.out == "cannot reuse already awaited coroutine\n10\n");
}

TEST_CASE("seam: foreign C++ exceptions run finally and can be caught via translation") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  install_fake_asyncio(in);
  int rc = in.run_main(
      "import fakeio\n"
      "try:\n"
      "    try:\n"
      "        fakeio.cancel_now()\n"
      "    finally:\n"
      "        print('finally ran')\n"
      "except fakeio.CancelledError:\n"
      "    print('caught cancel')\n");
  CHECK(rc == 0);
  CHECK(h.out == "finally ran\ncaught cancel\n");
}

TEST_CASE("seam: an unmatched foreign exception keeps its C++ identity") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  install_fake_asyncio(in);
  bool engine_saw_it = false;
  try {
    in.exec_source(
        "import fakeio\n"
        "try:\n"
        "    fakeio.cancel_now()\n"
        "except ValueError:\n"
        "    print('wrong handler')\n",
        "main.py");
  } catch (const EngineCancelled&) {
    engine_saw_it = true;
  }
  CHECK(engine_saw_it);
  CHECK(h.out.empty());
}

TEST_CASE("seam: a never-awaited coroutine produces CPython's warning") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  in.run_main("async def foo():\n    return 1\n\ndef g():\n    foo()\n\ng()\n");
  CHECK(h.warn ==
        "main.py:5: RuntimeWarning: coroutine 'foo' was never awaited\n"
        "  foo()\n"
        "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
}

TEST_CASE("seam: calling Python from C++ with keywords; raising from C++") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  install_fake_asyncio(in);
  int rc = in.run_main(
      "import fakeio\n"
      "def f(a, k=0):\n"
      "    return a * 10 + k\n"
      "print(fakeio.call(f))\n"
      "try:\n"
      "    fakeio.run(42)\n"
      "except ValueError as e:\n"
      "    print('ValueError', e)\n");
  CHECK(rc == 0);
  CHECK(h.out == "12\nValueError a coroutine was expected\n");
  Value exc;
  try {
    in.raise("KeyError", "k");
  } catch (PyException& e) {
    exc = Value(e.exc.get());
  }
  CHECK(in.exception_matches(exc, "LookupError"));
  CHECK_FALSE(in.exception_matches(exc, "ValueError"));
}

TEST_CASE("seam: the budget hook fires periodically and can stop a runaway loop") {
  Harness h;
  Options o;
  o.budget_interval = 1000;
  HostHooks hooks = h.hooks();
  int calls = 0;
  hooks.on_budget = [&](Interpreter& in) {
    if (++calls == 50) in.raise("KeyboardInterrupt", "");
  };
  Interpreter in(o, hooks);
  int rc = in.run_main("while True:\n    pass\n");
  CHECK(rc == 1);
  CHECK(calls == 50);
  CHECK(h.err.find("KeyboardInterrupt") != std::string::npos);
}

TEST_CASE("seam: input() and print(file=sys.stderr) go through host hooks") {
  Harness h;
  HostHooks hooks = h.hooks();
  hooks.read_line = []() -> std::optional<std::string> { return std::string("Ada"); };
  Interpreter in(Options{}, hooks);
  in.run_main("import sys\nname = input('who? ')\nprint('hi', name, file=sys.stderr)\n");
  CHECK(h.out == "who? ");
  CHECK(h.err == "hi Ada\n");
}

TEST_CASE("seam: coroutine name and definition site") {
  Harness h;
  Interpreter in(Options{}, h.hooks());
  in.run_main("async def work():\n    pass\n");
  Value fn = *in.main_module()->dict->find_str("work");
  Value coro = in.call(fn, {});
  CHECK(in.coroutine_name(coro) == "work");
  CHECK(in.coroutine_location(coro) == "main.py:1");
  CHECK(in.coroutine_position(coro, nullptr) == "main.py:1");  // no frame yet: its def
  in.warn_never_awaited("sleep");  // outside any frame: CPython's "sys:1" form
  CHECK(h.warn.find("sys:1: RuntimeWarning: coroutine 'sleep' was never awaited\n") != std::string::npos);
  CHECK(h.warn.find("tracemalloc") == std::string::npos);  // CPython's shutdown form has no hint
  in.mark_coroutine_awaited(coro);
}

TEST_CASE("seam: execution states are swapped per fiber; a C stack limit raises RecursionError") {
  Harness h;
  Options o;
  o.recursion_limit = 100000;
  Interpreter in(o, h.hooks());
  // A context of its own: depth and locals stack start empty, and are restored afterwards.
  Interpreter::ExecState mine;
  mine.stack_limit = Interpreter::stack_position() - 64 * 1024;  // 64 KiB of C stack
  in.swap_exec_state(mine);
  int rc = in.run_main("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print('caught', e)\n");
  in.swap_exec_state(mine);
  CHECK(rc == 0);
  CHECK(h.out == "caught maximum recursion depth exceeded\n");
  CHECK(mine.depth == 0);
  CHECK(mine.frame == nullptr);
  CHECK(in.depth_ == 0);
  CHECK(in.stack_limit_ == nullptr);
}
