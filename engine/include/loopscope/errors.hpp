// asyncio's exceptions, with its messages.
//
// CancelledError is deliberately NOT a std::exception: in asyncio it derives from BaseException,
// so `except Exception` does not swallow a cancellation. Here, `catch (const std::exception&)`
// does not either. Catch it by name (or with catch (...) and rethrow).
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace loopscope {

// asyncio.CancelledError. `message()` is the msg given to cancel(), if any.
class CancelledError {
 public:
  CancelledError() = default;
  explicit CancelledError(std::string message) : message_(std::move(message)), has_message_(true) {}
  const std::string& message() const { return message_; }
  bool has_message() const { return has_message_; }

 private:
  std::string message_;
  bool has_message_ = false;
};

// Errors that asyncio raises as Python exceptions of a given type (RuntimeError, ...).
class Error : public std::runtime_error {
 public:
  Error(const char* python_type, const std::string& what) : std::runtime_error(what), python_type_(python_type) {}
  const char* python_type() const { return python_type_; }

 private:
  const char* python_type_;
};

struct RuntimeError : Error {
  explicit RuntimeError(const std::string& what) : Error("RuntimeError", what) {}
};
struct InvalidStateError : Error {
  explicit InvalidStateError(const std::string& what) : Error("InvalidStateError", what) {}
};
// Raised with no message, as asyncio raises it. `cause`: the CancelledError it stands for
// (`raise TimeoutError from exc` in wait_for and in timeout()'s __aexit__), for __cause__.
struct TimeoutError : Error {
  explicit TimeoutError(std::exception_ptr cause = nullptr) : Error("TimeoutError", ""), cause(std::move(cause)) {}
  std::exception_ptr cause;
};
struct ValueError : Error {
  explicit ValueError(const std::string& what) : Error("ValueError", what) {}
};

// How an exception looks in asyncio's messages: `ValueError('boom')` (repr) and `ValueError: boom`
// (the last line of a traceback). Embedders (the Python interpreter) register describers for
// their own exception types; the first that recognises the exception wins.
struct ExceptionText {
  std::string repr;       // ValueError('boom')
  std::string traceback;  // full text a traceback print ends with, newline-terminated
};
using ExceptionDescriber = std::function<std::optional<ExceptionText>(const std::exception_ptr&)>;
void add_exception_describer(ExceptionDescriber describer);
ExceptionText describe_exception(const std::exception_ptr& error);

}  // namespace loopscope
