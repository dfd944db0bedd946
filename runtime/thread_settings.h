// Intra-op thread count for the kernels of one Run. OpenMP keeps the thread count per calling
// thread (an ICV of its implicit task), so setting it for the duration of a Run and restoring it
// afterwards keeps one session's setting from leaking into another session or another thread.
#pragma once

namespace minnow::runtime {

// Number of processors OpenMP can use (what "0 threads" means).
int AvailableCores();

class ScopedThreadCount {
 public:
  // num_threads <= 0 leaves the calling thread's setting alone (OMP_NUM_THREADS or all cores).
  explicit ScopedThreadCount(int num_threads);
  ~ScopedThreadCount();
  ScopedThreadCount(const ScopedThreadCount&) = delete;
  ScopedThreadCount& operator=(const ScopedThreadCount&) = delete;

 private:
  int previous_ = 0;  // 0: nothing to restore
};

}  // namespace minnow::runtime
