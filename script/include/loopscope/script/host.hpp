// Loopscope script: the seam between the interpreter and its host (the
// asyncio engine, the command-line tool, the browser front end).
//
// Everything a host needs is reachable from this header:
//
//  * HostHooks: output, input, clocks, the operation budget, coroutine
//    warnings and translation of foreign C++ exceptions.
//  * Native modules: Interpreter::register_module(name, init) registers a
//    module that is created on first `import name`. Inside `init`, use
//      interp.add_function(module, "name", fn)           // module functions
//      interp.set_attr(module, "name", value)             // module attributes
//      interp.new_class("Name", "module.path", {bases})   // a Python type
//      interp.add_method(cls, "name", fn)                 // self is args[0]
//      interp.add_property(cls, "name", getter, setter)
//    NativeFn is `Value(Interpreter&, const Args&)`; Args gives positional
//    values (args[i], args.size()) and keywords (args.kw("name")).
//    Instances of native classes are C++ subclasses of NativeObject; a
//    constructor for `Name(...)` is installed with set_constructor().
//  * Awaiting: `await x` where x is a coroutine created by an `async def`
//    runs the coroutine body inline on the current C++ stack (every asyncio
//    task runs on its own fiber). For any other object the evaluator calls
//    the virtual Object::await_value(Interpreter&), which a native future or
//    task overrides to suspend the current fiber and return the result (or
//    throw PyException).
//  * Calling Python from C++: interp.call(callable, {args...}) calls any
//    callable; calling an async function returns a coroutine object without
//    running it; interp.run_coroutine(coro) runs its body to completion on
//    the current stack and returns its value (raises RuntimeError "cannot
//    reuse already awaited coroutine" the second time).
//  * Exceptions: Python exceptions travel through C++ as `PyException`
//    (holding the exception object). Raise from C++ with
//    interp.raise("ValueError", "message") or interp.raise(cls, msg);
//    inspect with interp.exception_matches(exc, "CancelledError"), or
//    interp.isinstance(exc, cls). Any other C++ exception thrown by native
//    code (e.g. the engine's cancellation, not derived from std::exception)
//    unwinds through Python frames running `finally` blocks and `__exit__`;
//    when it reaches a Python `try/except` or `with`, the evaluator asks
//    HostHooks::translate_foreign_exception for a Python exception object
//    to match against the handlers. The translated object remembers the
//    original in ExceptionObj::foreign, and if no handler matches the
//    original C++ exception is rethrown unchanged. Conversely, task
//    machinery that catches a PyException whose object is a CancelledError
//    can turn it back into the engine's exception.
//
// C stack usage: see docs in script/README.md ("C stack per Python call").
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "loopscope/script/objects.hpp"
#include "loopscope/script/value.hpp"

namespace loopscope::script {

// The C++ exception that carries a Python exception object.
struct PyException : std::exception {
  explicit PyException(Ref<ExceptionObj> e) : exc(std::move(e)) {}
  const char* what() const noexcept override { return "Python exception"; }
  Ref<ExceptionObj> exc;
};

struct HostHooks {
  // Text written by print(), sys.stdout.write() and tracebacks.
  // Default: std::cout / std::cerr.
  std::function<void(std::string_view text, bool to_stderr)> write;
  // input(prompt): the prompt has already been written. Return nullopt for
  // end of input (raises EOFError). Default: std::getline on std::cin.
  std::function<std::optional<std::string>()> read_line;
  // Clocks used by the time module (seconds). Defaults: steady/system clock.
  std::function<double()> monotonic;
  std::function<double()> wall_clock;
  // time.sleep(seconds). Default: busy-free no-op that advances nothing.
  std::function<void(double)> sleep;
  // Called every Options::budget_interval operations. May throw (e.g. to
  // stop a runaway program) or suspend the current fiber.
  std::function<void(Interpreter&)> on_budget;
  // Maps a non-Python C++ exception to a Python exception object (an
  // ExceptionObj instance) so `except` clauses can match it. Return nullopt
  // to let it pass through untouched.
  std::function<std::optional<Value>(std::exception_ptr)> translate_foreign_exception;
  // Receives warnings such as
  //   main.py:5: RuntimeWarning: coroutine 'foo' was never awaited\n  foo()\n...
  // Default: written to stderr via `write`.
  std::function<void(const std::string& text)> warning;
};

struct Options {
  std::string filename = "main.py";
  int recursion_limit = 1000;
  // Operations between two on_budget() calls.
  int64_t budget_interval = 100000;
  std::vector<std::string> argv;  // sys.argv; defaults to {filename}
};

}  // namespace loopscope::script
