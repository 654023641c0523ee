// Differential test: every tests/programs/*.py runs through loopscope-py and
// through python3; stdout, stderr and the exit status must match byte for
// byte. python3 must be on PATH.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <string>
#include <sys/wait.h>
#include <algorithm>
#include <vector>

namespace {
struct Result {
  std::string out, err;
  int status = -1;
};

std::string slurp(const std::string& path) {
  std::string s;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
  }
  return s;
}

// A directory of its own under /tmp, removed at the end: two test runs on one machine (a fresh
// clone's beside a working tree's) must not share output files.
struct ScratchDir {
  ScratchDir() {
    char dir_template[] = "/tmp/loopscope_test_XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    path = dir_template;
  }
  ~ScratchDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::string path;
};

// Runs `cmd` in `dir` with no stdin; its output goes through files named after `tag` in `out_dir`.
Result run(const std::string& cmd, const std::string& tag, const std::string& dir, const std::string& out_dir) {
  std::string out = out_dir + "/" + tag + ".out", err = out_dir + "/" + tag + ".err";
  std::string full = "cd '" + dir + "' && " + cmd + " </dev/null >" + out + " 2>" + err;
  int rc = std::system(full.c_str());
  Result r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// python3 is often a launcher script (pyenv's shim costs more than a short run): the
// interpreter itself.
std::string python_executable() {
  ScratchDir scratch;
  return run("python3 -c 'import sys; print(sys.executable, end=\"\")'", "exe", scratch.path, scratch.path).out;
}

std::vector<std::string> programs() {
  std::vector<std::string> names;
  if (DIR* d = opendir(LOOPSCOPE_PROGRAMS_DIR)) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 3 && n.substr(n.size() - 3) == ".py") names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}
}  // namespace

TEST_CASE("differential corpus: loopscope-py matches python3 byte for byte") {
  int rc = std::system("python3 --version >/dev/null 2>&1");
  REQUIRE_MESSAGE(rc == 0, "python3 is not on PATH; the differential corpus needs it as the oracle");
  auto names = programs();
  REQUIRE(names.size() >= 40);
  std::string python = python_executable();
  REQUIRE(!python.empty());
  ScratchDir scratch;
  for (const auto& name : names) {
    CAPTURE(name);
    Result py = run("PYTHONHASHSEED=0 '" + python + "' " + name, "py", LOOPSCOPE_PROGRAMS_DIR, scratch.path);
    Result ls = run(std::string("'") + LOOPSCOPE_PY_TOOL + "' " + name, "ls", LOOPSCOPE_PROGRAMS_DIR, scratch.path);
    CHECK(ls.out == py.out);
    CHECK(ls.err == py.err);
    CHECK(ls.status == py.status);
  }
}

// Splits a snippet file at its "#---" lines (the text before the first one is the file's own
// comment) and runs each snippet, as a file of its own, through python3 and loopscope-py: the
// error report on stderr and the exit status must match.
static void compare_snippets(const char* path, size_t at_least) {
  std::string text = slurp(path);
  REQUIRE(!text.empty());
  std::vector<std::string> snippets;
  std::string current;
  bool header = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line == "#---") {
      if (!header) snippets.push_back(current);
      header = false;
      current.clear();
    } else if (!header) {
      current += line + "\n";
    }
  }
  if (!header) snippets.push_back(current);
  REQUIRE(snippets.size() >= at_least);
  // The interpreter itself, without site (-S), starts in ~10 ms: the snippets run in seconds.
  std::string python = python_executable();
  REQUIRE(!python.empty());
  ScratchDir scratch;
  const std::string& dir = scratch.path;
  for (const auto& snippet : snippets) {
    CAPTURE(snippet);
    if (FILE* f = std::fopen((dir + "/snippet.py").c_str(), "wb")) {
      std::fwrite(snippet.data(), 1, snippet.size(), f);
      std::fclose(f);
    }
    Result py = run("PYTHONHASHSEED=0 '" + python + "' -S snippet.py", "py", dir, dir);
    Result ls = run(std::string("'") + LOOPSCOPE_PY_TOOL + "' snippet.py", "ls", dir, dir);
    CHECK(ls.out == py.out);
    CHECK(ls.err == py.err);
    CHECK(ls.status == py.status);
  }
}

// The bracket never closed, the specific messages of CPython's second parser pass, where the
// caret goes.
TEST_CASE("syntax errors: loopscope-py reports them as python3 does") {
  compare_snippets(LOOPSCOPE_SNIPPETS_DIR "/syntax_errors.txt", 90);
}

// Messages, and what the traceback underlines (parenthesised operands, failed asserts,
// f-string formatting).
TEST_CASE("runtime errors: loopscope-py reports them as python3 does") {
  compare_snippets(LOOPSCOPE_SNIPPETS_DIR "/runtime_errors.txt", 90);
}
