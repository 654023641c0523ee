// Stacks for fibers, pooled by size.
//
// Why not malloc per fiber: natively, a malloc of a large block becomes its own mmap, and Linux
// allows ~65,000 mappings per process, far below the million sleeping tasks we aim for. So stacks
// are carved from large chunks (reserved lazily by the kernel: a sleeping task costs only the
// pages it touched) and recycled through free lists. In WebAssembly they come from malloc, which
// carves linear memory the same way.
#pragma once

#include <cstddef>

#include "loopscope/detail/fiber_switch.hpp"  // StackBlock

namespace loopscope::detail {

// Rounds `size` up to the pool's granularity (a page natively, 16 bytes in wasm).
std::size_t round_stack_size(std::size_t size);

// Thread-local pool: fibers are created, run and destroyed on one thread.
StackBlock acquire_stack(std::size_t size);
void release_stack(StackBlock block);

// Bytes currently handed out and reserved in chunks (for benchmarks and tests).
std::size_t stack_bytes_in_use();

}  // namespace loopscope::detail
