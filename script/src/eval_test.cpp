#include <doctest/doctest.h>

#include "loopscope/script/interpreter.hpp"

using namespace loopscope::script;

namespace {
struct Run {
  std::string out, err;
  int rc;
};
Run run(const std::string& src, Options opts = {}) {
  Run r;
  HostHooks hooks;
  hooks.write = [&](std::string_view s, bool e) { (e ? r.err : r.out) += s; };
  Interpreter in(opts, hooks);
  r.rc = in.run_main(src);
  return r;
}

// An interpreter that writes its output (stdout and stderr) to `out`, for tests that add builtins.
HostHooks writing_to(std::string& out) {
  HostHooks hooks;
  hooks.write = [&out](std::string_view s, bool) { out += s; };
  return hooks;
}
struct Captured {
  std::string out;
  Interpreter in{Options{}, writing_to(out)};
};
}  // namespace

TEST_CASE("eval: arithmetic, reprs and containers") {
  auto r = run("print(7 // -2, 2 ** 70, 0.1 + 0.2, 1e-05, [1, 'a'], {'k': (1,)}, {2, 1}, set())\n");
  CHECK(r.out == "-4 1180591620717411303424 0.30000000000000004 1e-05 [1, 'a'] {'k': (1,)} {1, 2} set()\n");
}

TEST_CASE("eval: closures, defaults and keyword arguments") {
  auto r = run(
      "def mk(n):\n"
      "    def add(x, *, by=1):\n"
      "        return x + n * by\n"
      "    return add\n"
      "print(mk(10)(1), mk(10)(1, by=3))\n");
  CHECK(r.out == "11 31\n");
}

TEST_CASE("eval: generators resume inside loops, try/finally and with") {
  auto r = run(
      "class C:\n"
      "    def __enter__(self): print('in'); return self\n"
      "    def __exit__(self, *a): print('out')\n"
      "def g():\n"
      "    with C():\n"
      "        for i in range(2):\n"
      "            try:\n"
      "                x = yield i\n"
      "                print('sent', x)\n"
      "            finally:\n"
      "                print('fin', i)\n"
      "it = g()\n"
      "print(next(it)); print(it.send('a')); print(next(it, 'end'))\n");
  CHECK(r.out == "in\n0\nsent a\nfin 0\n1\nsent None\nfin 1\nout\nend\n");
}

TEST_CASE("eval: uncaught exception prints a CPython traceback with carets") {
  auto r = run("def f(x):\n    return 1 / x\ny = f(0)\n");
  CHECK(r.rc == 1);
  CHECK(r.err ==
        "Traceback (most recent call last):\n"
        "  File \"main.py\", line 3, in <module>\n"
        "    y = f(0)\n"
        "        ^^^^\n"
        "  File \"main.py\", line 2, in f\n"
        "    return 1 / x\n"
        "           ~~^~~\n"
        "ZeroDivisionError: division by zero\n");
}

TEST_CASE("eval: a class statement naming a built-in type it cannot subclass says so") {
  // An instance would be a plain list without Stack's methods: the class statement fails instead.
  auto r = run("class Stack(list):\n    def peek(self):\n        return self[-1]\n");
  CHECK(r.rc == 1);
  CHECK(r.err ==
        "Traceback (most recent call last):\n"
        "  File \"main.py\", line 1, in <module>\n"
        "    class Stack(list):\n"
        "                ^^^^\n"
        "NotImplementedError: class Stack(list): Loopscope cannot subclass the built-in type 'list' yet; "
        "keep a list in an attribute instead\n");
  for (const char* base : {"int", "str", "dict", "tuple", "set", "float", "type"}) {
    auto e = run(std::string("try:\n    class C(") + base + "):\n        pass\nexcept NotImplementedError as e:\n    print(type(e).__name__)\n");
    CHECK(e.out == "NotImplementedError\n");
  }
  // Classes built on object, exceptions and the asyncio types are unaffected.
  auto ok = run("class E(ValueError):\n    pass\nclass P:\n    pass\nclass Q(P):\n    pass\nprint(E.__mro__[1].__name__, Q.__mro__[1].__name__)\n");
  CHECK(ok.out == "ValueError P\n");
}

TEST_CASE("eval: implicit exception context is printed") {
  auto r = run("try:\n    {}['a']\nexcept KeyError:\n    raise ValueError('v')\n");
  CHECK(r.err.find("During handling of the above exception, another exception occurred:") != std::string::npos);
  CHECK(r.err.find("KeyError: 'a'") < r.err.find("ValueError: v"));
}

TEST_CASE("eval: recursion limit raises RecursionError instead of crashing") {
  auto r = run("def f():\n    f()\nf()\n");
  CHECK(r.rc == 1);
  CHECK(r.err.find("[Previous line repeated 996 more times]") != std::string::npos);
  CHECK(r.err.find("RecursionError: maximum recursion depth exceeded") != std::string::npos);
}

TEST_CASE("eval: CPython error messages") {
  auto r = run(
      "for f in [lambda: undefined, lambda: [][1], lambda: 1 + 'a', lambda: (lambda x: x)(), lambda: 5 .real(),]:\n"
      "    try:\n"
      "        f()\n"
      "    except Exception as e:\n"
      "        print(type(e).__name__, e)\n");
  CHECK(r.out ==
        "NameError name 'undefined' is not defined\n"
        "IndexError list index out of range\n"
        "TypeError unsupported operand type(s) for +: 'int' and 'str'\n"
        "TypeError <lambda>.<locals>.<lambda>() missing 1 required positional argument: 'x'\n"
        "TypeError 'int' object is not callable\n");
}

TEST_CASE("eval: SyntaxError report") {
  auto r = run("x = 1\nif x\n    pass\n");
  CHECK(r.rc == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "  File \"main.py\", line 2\n    if x\n        ^\nSyntaxError: expected ':'\n");
}

TEST_CASE("eval: a match statement is refused by name; match as a name still works") {
  auto r = run("x = 1\nmatch x:\n    case 1:\n        pass\n");
  CHECK(r.rc == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "  File \"main.py\", line 2\n    match x:\n    ^^^^^\n"
                 "SyntaxError: the match statement is not supported by Loopscope yet: use if/elif\n");
  auto names = run("match = [1, 2]\nmatch[0] = 5\nmatch: list = match + [3]\nprint(match)\n");
  CHECK(names.out == "[5, 2, 3]\n");
}

TEST_CASE("eval: a width past INT_MAX is an error, not a truncated number or an allocation") {
  // CPython tries to allocate such a string (gigabytes); here the width stops at the parser.
  auto r = run("for f in ['{:2147483648}', '{:.2147483648f}']:\n"
               "    try:\n        f.format(1.5)\n    except ValueError as e:\n        print(e)\n"
               "for f, a in [('%*d', (10**10, 1)), ('%.*f', (10**10, 1.5))]:\n"
               "    try:\n        f % a\n    except ValueError as e:\n        print(e)\n");
  CHECK(r.out ==
        "Too many decimal digits in format string\nToo many decimal digits in format string\n"
        "width too big\nprecision too big\n");
}

TEST_CASE("eval: sys.exit and the file name option") {
  Options o;
  o.filename = "prog.py";
  auto r = run("import sys\nprint(sys.argv)\nsys.exit(4)\n", o);
  CHECK(r.out == "['prog.py']\n");
  CHECK(r.rc == 4);
}

TEST_CASE("eval: random reproduces CPython for a seed") {
  auto r = run("import random\nrandom.seed(42)\nprint(random.random(), random.randint(1, 10))\n");
  // python3 -c "import random; random.seed(42); print(random.random(), random.randint(1, 10))"
  CHECK(r.out == "0.6394267984578837 1\n");
}

TEST_CASE("eval: values an exception leaves on the value stack are released where it is caught") {
  // Operands, call arguments, the awaited object and a for loop's iterator wait in value stack
  // slots that an exception leaves behind; every catch site must release them, or a loop that
  // catches would grow the stack without bound.
  Captured c;  // an interpreter of its own, for the builtin below
  Interpreter& in = c.in;
  // stack_depth(): the value stack's height, seen from inside the loop
  in.def_builtin("stack_depth", [](Interpreter& in, const Args&) -> Value {
    Interpreter::StackMark m = in.stack_mark();
    return Value::integer(int64_t(m.chunk * 1000000 + m.used));
  });
  Interpreter::StackMark before = in.stack_mark();
  int rc = in.run_main(
      "def boom(x):\n"
      "    raise ValueError(x)\n"
      "class Quiet:\n"
      "    def __enter__(self): return self\n"
      "    def __exit__(self, *a): return True\n"
      "def gen():\n"
      "    yield [1] + [boom(2)]\n"
      "def deep(n):\n"
      "    return [n] + [deep(n - 1) if n else boom(n)]\n"
      "caught = 0\n"
      "depths = []\n"
      "for i in range(300):\n"
      "    depths.append(stack_depth())\n"
      "    try:\n"
      "        [i] + [boom(i)]\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        print(len([1]), [2], boom(i))\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    with Quiet():\n"
      "        for j in [1, 2]:\n"
      "            boom(j)\n"
      "    try:\n"
      "        next(gen())\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        deep(20)\n"
      "    except* ValueError:\n"
      "        caught += 1\n"
      "print(caught, depths[1] == depths[-1])\n");
  CHECK(rc == 0);
  CHECK(c.out == "1200 True\n");
  Interpreter::StackMark after = in.stack_mark();
  CHECK(after.chunk == before.chunk);
  CHECK(after.used == before.used);
}

TEST_CASE("eval: frames an exception leaves in the frame pool are unwound where it is caught") {
  // The evaluator's calls run in pooled frames without a landing pad (Interpreter::FramePool):
  // whoever catches must pop what the exception left, or the depth and the pool would grow with
  // every caught exception (and tracebacks would show frames that have returned).
  Captured c;  // an interpreter of its own, for the builtin below
  Interpreter& in = c.in;
  in.def_builtin("frame_state", [](Interpreter& in, const Args&) -> Value {
    return Value::integer(int64_t(in.depth_) * 1000000 + int64_t(in.frames_.used));
  });
  int rc = in.run_main(
      "def boom(x):\n"
      "    raise ValueError(x)\n"
      "def via(x):\n"
      "    return boom(x) + 1\n"
      "def deep(n):\n"
      "    return deep(n - 1) if n else via(n)\n"
      "class Quiet:\n"
      "    def __enter__(self): return self\n"
      "    def __exit__(self, *a): return True\n"
      "class It:\n"
      "    def __iter__(self): return self\n"
      "    def __next__(self): return stop()\n"
      "def stop():\n"
      "    raise StopIteration\n"
      "class P:\n"
      "    @property\n"
      "    def x(self): return missing()\n"
      "def missing():\n"
      "    raise AttributeError('x')\n"
      "def gen():\n"
      "    yield via(1)\n"
      "def forever(n):\n"
      "    return forever(n + 1)\n"
      "def inner_try():\n"
      "    try:\n"
      "        deep(5)\n"
      "    except ValueError:\n"
      "        return frame_state()\n"
      "states = []\n"
      "caught = 0\n"
      "for i in range(50):\n"
      "    states.append(frame_state())\n"
      "    try:\n"
      "        deep(10)\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    with Quiet():\n"
      "        deep(3)\n"
      "    try:\n"
      "        try:\n"
      "            deep(4)\n"
      "        finally:\n"
      "            via\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        [deep(2) for _ in range(1)]\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        next(gen())\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        sorted([2, 1], key=lambda k: deep(k))\n"
      "    except ValueError:\n"
      "        caught += 1\n"
      "    caught += next(It(), 1) + (0 if hasattr(P(), 'x') else 1)\n"
      "    try:\n"
      "        deep(6)\n"
      "    except* ValueError:\n"
      "        caught += 1\n"
      "    try:\n"
      "        forever(0)\n"
      "    except RecursionError:\n"
      "        caught += 1\n"
      "    caught += inner_try() == frame_state() + 1000001  # one level and one pooled frame deeper\n"
      "print(caught, states[0] == states[-1], states[-1] == frame_state())\n");
  CHECK(rc == 0);
  CHECK(c.out == "500 True True\n");
  CHECK(in.frames_.used == 0);
  CHECK(in.depth_ == 0);
}
