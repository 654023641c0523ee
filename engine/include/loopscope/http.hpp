// HTTP requests from tasks, through whatever the host offers (the browser's fetch, a simulated
// network). A task calls fetch(request) and its fiber sleeps until the response or the error
// arrives; cancelling the task aborts the request.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "loopscope/clock.hpp"
#include "loopscope/errors.hpp"

namespace loopscope {

class Loop;

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string reason;  // "OK", "Not Found"
  std::string url;
  HttpHeaders headers;
  std::string body;
};

// A request that could not be made or completed (DNS, refused, aborted): aiohttp's
// ClientConnectorError and friends map onto this.
struct HttpError : Error {
  explicit HttpError(const std::string& what) : Error("ClientConnectionError", what) {}
};

// The host side of HTTP. start() must not call `done` before it returns; it delivers through
// Loop::call_soon_threadsafe (or a loop timer, for simulated networks).
class HttpTransport {
 public:
  using Done = std::function<void(std::exception_ptr error, HttpResponse response)>;
  virtual ~HttpTransport() = default;
  virtual std::uint64_t start(Loop& loop, const HttpRequest& request, Done done) = 0;
  virtual void abort(std::uint64_t id) = 0;
  virtual std::string describe() const = 0;  // "simulated network", "fetch"
};

// The default transport: URL -> (latency, status, body), answered on the loop's own clock, so a
// program's output and trace are deterministic on the virtual clock and need no network.
// Unknown URLs get 404 after the default latency.
class SimulatedNetwork final : public HttpTransport {
 public:
  struct Route {
    double latency = 0.1;  // seconds
    int status = 200;
    std::string body;
    std::string content_type = "text/html; charset=utf-8";
  };
  SimulatedNetwork();  // a few example sites (example.com, python.org, ...)
  void add(std::string url, Route route);
  void set_default_latency(double seconds) { default_latency_ = seconds; }

  std::uint64_t start(Loop& loop, const HttpRequest& request, Done done) override;
  void abort(std::uint64_t id) override;
  std::string describe() const override { return "simulated network"; }

 private:
  struct Pending;
  std::map<std::string, Route> routes_;  // ordered: nothing here may depend on hashing
  std::map<std::uint64_t, std::shared_ptr<Pending>> pending_;
  std::uint64_t next_id_ = 1;
  double default_latency_ = 0.1;
};

// Makes the request through the running loop's transport and suspends the calling task until
// it completes. Throws HttpError on failure, CancelledError if the task is cancelled (the request
// is aborted then).
HttpResponse fetch(const HttpRequest& request);
inline HttpResponse fetch(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return fetch(r);
}

}  // namespace loopscope
