// JavaScript bindings of a Session (see ../session/session.hpp and lib/loopscope.mjs).
//
// Coarse on purpose: one call runs a whole slice (drive), output and trace are read in bulk after
// it. drive() swaps fibers, and an Embind call that swaps loses its return value, so it returns
// nothing and the slice's outcome is read through getters. JavaScript must never call in while a
// slice runs; it only calls between slices (outside requests are answered the same way).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "example.hpp"
#include "session.hpp"

using emscripten::val;
using loopscope::host::Session;

namespace {

class JsSession {
 public:
  JsSession() {
    session_.set_fetch_host(
        [](std::uint64_t id, const loopscope::HttpRequest& r) {
          val headers = val::array();
          for (auto& [k, v] : r.headers) headers.call<void>("push", val::array(std::vector<std::string>{k, v}));
          val::module_property("loopscopeHost").call<void>("fetch", static_cast<double>(id), r.method, r.url, headers, r.body);
        },
        [](std::uint64_t id) { val::module_property("loopscopeHost").call<void>("abort", static_cast<double>(id)); });
  }

  void configure(bool virtual_clock, double speed, bool trace, bool real_network, int recursion_limit) {
    Session::Config c;
    c.recursion_limit = recursion_limit;
    c.virtual_clock = virtual_clock;
    c.speed = speed;
    c.trace = trace;
    c.real_network = real_network;
    session_.configure(c);
  }

  bool load_example(const std::string& name, val args) {
    return session_.load_example(name, emscripten::vecFromJSArray<std::string>(args));
  }
  void load_python(const std::string& source, const std::string& filename, val args) {
    session_.load_python(source, filename, emscripten::vecFromJSArray<std::string>(args));
  }
  bool waiting_for_input() const { return session_.waiting_for_input(); }
  void deliver_input(val line) {
    if (line.isNull() || line.isUndefined()) session_.deliver_input(std::nullopt);
    else session_.deliver_input(line.as<std::string>());
  }
  std::string error() const { return session_.error(); }
  void start() { session_.start(); }

  // Runs one slice. Returns nothing (see the note at the top); read sliceEnd() and friends.
  void drive(double budget_ms, double max_steps) {
    loopscope::SliceBudget budget;
    budget.real_time = static_cast<loopscope::Nanos>(budget_ms * 1e6);
    budget.task_steps = static_cast<std::int64_t>(max_steps);
    last_ = session_.drive(budget);
  }
  int slice_end() const { return static_cast<int>(last_.end); }
  double slice_deadline_ms() const { return static_cast<double>(last_.deadline) / 1e6; }
  bool finished() const { return session_.finished(); }
  double steps_in_slice() const { return static_cast<double>(session_.steps_in_slice()); }
  int exit_code() const { return session_.exit_code(); }
  double now_ms() const { return static_cast<double>(session_.now()) / 1e6; }
  void set_speed(double speed) { session_.set_speed(speed); }

  val take_output() {
    val out = val::array();
    for (auto& chunk : session_.take_output()) {
      val item = val::object();
      item.set("stream", chunk.stream == loopscope::Stream::Stderr ? "stderr" : "stdout");
      item.set("text", chunk.text);
      out.call<void>("push", item);
    }
    return out;
  }

  // Trace records (32 bytes each) from index `from` on, as a view into wasm memory: copy it
  // before calling into the module again.
  val trace_records(double from) {
    const auto& records = session_.trace().records();
    auto start = static_cast<std::size_t>(from);
    if (start > records.size()) start = records.size();
    const auto* bytes = reinterpret_cast<const unsigned char*>(records.data() + start);
    return val(emscripten::typed_memory_view((records.size() - start) * sizeof(loopscope::TraceRecord), bytes));
  }
  double trace_count() const { return static_cast<double>(session_.shared_trace()->records().size()); }
  double trace_dropped() const { return static_cast<double>(session_.shared_trace()->dropped()); }
  val trace_strings(double from) {
    val out = val::array();
    const auto& t = *session_.shared_trace();
    for (std::size_t i = static_cast<std::size_t>(from); i < t.string_count(); ++i) out.call<void>("push", t.string(static_cast<std::uint32_t>(i)));
    return out;
  }
  std::string chrome_trace_json() const { return session_.chrome_trace_json(); }

  void complete_fetch(double id, const std::string& error, int status, const std::string& reason, const std::string& url,
                      val headers, const std::string& body) {
    loopscope::HttpResponse r;
    r.status = status;
    r.reason = reason;
    r.url = url;
    auto flat = emscripten::vecFromJSArray<std::string>(headers);  // [k0, v0, k1, v1, ...]
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) r.headers.emplace_back(flat[i], flat[i + 1]);
    r.body = body;
    session_.complete_fetch(static_cast<std::uint64_t>(id), error, std::move(r));
  }

 private:
  Session session_;
  loopscope::SliceResult last_;
};

val list_examples() {
  val out = val::array();
  for (auto& e : loopscope::examples::all()) {
    val item = val::object();
    item.set("name", std::string(e.name));
    item.set("title", std::string(e.title));
    item.set("file", std::string(e.file));
    out.call<void>("push", item);
  }
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(loopscope) {
  emscripten::function("listExamples", &list_examples);
  emscripten::class_<JsSession>("Session")
      .constructor<>()
      .function("configure", &JsSession::configure)
      .function("loadExample", &JsSession::load_example)
      .function("loadPython", &JsSession::load_python)
      .function("waitingForInput", &JsSession::waiting_for_input)
      .function("deliverInput", &JsSession::deliver_input)
      .function("error", &JsSession::error)
      .function("start", &JsSession::start)
      .function("drive", &JsSession::drive)
      .function("sliceEnd", &JsSession::slice_end)
      .function("sliceDeadlineMs", &JsSession::slice_deadline_ms)
      .function("finished", &JsSession::finished)
      .function("stepsInSlice", &JsSession::steps_in_slice)
      .function("exitCode", &JsSession::exit_code)
      .function("nowMs", &JsSession::now_ms)
      .function("setSpeed", &JsSession::set_speed)
      .function("takeOutput", &JsSession::take_output)
      .function("traceRecords", &JsSession::trace_records)
      .function("traceCount", &JsSession::trace_count)
      .function("traceDropped", &JsSession::trace_dropped)
      .function("traceStrings", &JsSession::trace_strings)
      .function("chromeTraceJson", &JsSession::chrome_trace_json)
      .function("completeFetch", &JsSession::complete_fetch);
}
