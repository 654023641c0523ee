// A Session is one program run by a host: which program, on which clock, its output, its trace,
// and the requests it makes to the outside (HTTP, input). It is plain C++ so it can be tested
// natively; bindings/wasm exposes it to JavaScript with a coarse API (one call per slice, bulk
// reads of output and trace).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loopscope/loopscope.hpp"
#include "loopscope/python/program.hpp"

namespace loopscope::host {

struct OutputChunk {
  Stream stream;
  std::string text;
};

// HTTP through the host (the browser's or Node's fetch). start() hands the request to the host
// through `send`; the host answers later with Session::complete_fetch, between slices.
class HostHttp final : public HttpTransport {
 public:
  using Send = std::function<void(std::uint64_t id, const HttpRequest& request)>;
  using Abort = std::function<void(std::uint64_t id)>;
  HostHttp(Send send, Abort abort) : send_(std::move(send)), abort_(std::move(abort)) {}
  std::uint64_t start(Loop& loop, const HttpRequest& request, Done done) override;
  void abort(std::uint64_t id) override;
  std::string describe() const override { return "fetch"; }
  // Delivers the host's answer (error empty on success). Unknown ids (aborted) are ignored.
  void complete(std::uint64_t id, const std::string& error, HttpResponse response);
  std::size_t in_flight() const { return pending_.size(); }

 private:
  struct Pending {
    Loop* loop;
    Done done;
  };
  Send send_;
  Abort abort_;
  std::map<std::uint64_t, Pending> pending_;
  std::uint64_t next_id_ = 1;
};

class Session {
 public:
  struct Config {
    bool virtual_clock = false;
    double speed = 1.0;
    bool trace = true;
    bool real_network = false;  // false: the deterministic simulated network
    // Python's recursion limit. In WebAssembly every Python call takes a few KB of the JS
    // engine's own stack, which the host sizes (Node: --stack-size; browsers: fixed, ~1 MB).
    int recursion_limit = 1000;
  };

  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void configure(const Config& config);
  const Config& config() const { return config_; }

  // What to run. Returns false (and sets error()) if there is no such program.
  bool load_example(const std::string& name, std::vector<std::string> args = {});
  // A Python program (source text; `filename` shows in tracebacks).
  void load_python(std::string source, std::string filename, std::vector<std::string> args = {});
  using ProgramFactory = std::function<std::function<void()>(Session&)>;
  void load_program(ProgramFactory factory);

  // input(): true while the program waits for a line; deliver it (nullopt: end of input).
  bool waiting_for_input() const { return python_ && python_->waiting_for_input(); }
  void deliver_input(std::optional<std::string> line);

  void start();
  SliceResult drive(SliceBudget budget);
  bool started() const { return started_; }
  bool finished() const { return driver_ && driver_->finished(); }
  // Task steps that ended during the last slice.
  std::int64_t steps_in_slice() const { return driver_ ? driver_->steps_in_slice() : 0; }
  int exit_code() const { return exit_code_; }
  void set_exit_code(int code) { exit_code_ = code; }
  const std::string& error() const { return error_; }

  // The program's clock and trace, shared by every loop it creates.
  LoopOptions loop_options() const;
  Nanos now() const { return clock_->now(); }
  void set_speed(double speed);
  Trace& trace() { return *trace_; }
  std::shared_ptr<Trace> shared_trace() const { return trace_; }
  std::string chrome_trace_json() const;

  std::vector<OutputChunk> take_output();
  const std::string& all_stdout() const { return stdout_; }

  // Outside requests, answered by the host between slices.
  void set_fetch_host(HostHttp::Send send, HostHttp::Abort abort);
  void complete_fetch(std::uint64_t id, const std::string& error, HttpResponse response);

 private:
  void write(Stream stream, std::string_view text);
  void reset_program();  // forget the loaded program, before loading another

  Config config_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Trace> trace_;
  std::shared_ptr<HttpTransport> http_;
  std::shared_ptr<HostHttp> host_http_;
  HostHttp::Send fetch_send_;
  HostHttp::Abort fetch_abort_;
  std::unique_ptr<python::Program> python_;
  std::unique_ptr<Driver> driver_;
  ProgramFactory factory_;
  std::vector<OutputChunk> output_;
  std::string stdout_;
  std::string error_;
  int exit_code_ = 0;
  bool started_ = false;
};

}  // namespace loopscope::host
