#include "stack_pool.hpp"

#include <cstdlib>
#include <new>
#include <unordered_map>
#include <vector>

#if !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#endif

namespace loopscope::detail {
namespace {

#if defined(__EMSCRIPTEN__)
constexpr std::size_t kGranule = 16;
#else
constexpr std::size_t kGranule = 4096;
constexpr std::size_t kChunkBytes = 64u << 20;  // reserve address space 64 MiB at a time
#endif

struct Pool {
  std::unordered_map<std::size_t, std::vector<void*>> free_by_size;  // lookups only, never iterated
  std::size_t in_use = 0;
#if !defined(__EMSCRIPTEN__)
  char* chunk_next = nullptr;
  std::size_t chunk_left = 0;

  void* carve(std::size_t size) {
    if (chunk_left < size) {
      std::size_t bytes = size > kChunkBytes ? size : kChunkBytes;
      void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      chunk_next = static_cast<char*>(p);
      chunk_left = bytes;
    }
    void* p = chunk_next;
    chunk_next += size;
    chunk_left -= size;
    return p;
  }
#else
  void* carve(std::size_t size) {
    void* p = std::aligned_alloc(16, size);
    if (!p) throw std::bad_alloc();
    return p;
  }
#endif
};

Pool& pool() {
  static thread_local Pool instance;
  return instance;
}

}  // namespace

std::size_t round_stack_size(std::size_t size) {
  if (size < kGranule) size = kGranule;
  return (size + kGranule - 1) / kGranule * kGranule;
}

StackBlock acquire_stack(std::size_t size) {
  size = round_stack_size(size);
  Pool& p = pool();
  p.in_use += size;
  auto it = p.free_by_size.find(size);
  if (it != p.free_by_size.end() && !it->second.empty()) {
    void* base = it->second.back();
    it->second.pop_back();
    return {base, size};
  }
  return {p.carve(size), size};
}

void release_stack(StackBlock block) {
  Pool& p = pool();
  p.in_use -= block.size;
  p.free_by_size[block.size].push_back(block.base);
}

std::size_t stack_bytes_in_use() { return pool().in_use; }

}  // namespace loopscope::detail
