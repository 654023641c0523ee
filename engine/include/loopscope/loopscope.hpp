// Everything of the engine's public C++ API.
#pragma once

#include "loopscope/chrome_trace.hpp"
#include "loopscope/clock.hpp"
#include "loopscope/driver.hpp"
#include "loopscope/errors.hpp"
#include "loopscope/fiber.hpp"
#include "loopscope/future.hpp"
#include "loopscope/handle.hpp"
#include "loopscope/host.hpp"
#include "loopscope/http.hpp"
#include "loopscope/loop.hpp"
#include "loopscope/output.hpp"
#include "loopscope/task.hpp"
#include "loopscope/tasks.hpp"
#include "loopscope/trace.hpp"
