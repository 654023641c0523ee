// The fiber backend of this build, with its inline switch (Fiber::Backend::switch_to).
#pragma once

#if defined(__EMSCRIPTEN__)
#include "fiber_emscripten.hpp"
#else
#include "fiber_boost.hpp"
#endif
