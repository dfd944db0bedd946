// OpenMP thread-count scoping for Executor::Run.
#include "runtime/thread_settings.h"

#include <omp.h>

namespace minnow::runtime {

int AvailableCores() { return omp_get_num_procs(); }

ScopedThreadCount::ScopedThreadCount(int num_threads) {
  if (num_threads <= 0) return;
  previous_ = omp_get_max_threads();
  omp_set_num_threads(num_threads);
}

ScopedThreadCount::~ScopedThreadCount() {
  if (previous_ > 0) omp_set_num_threads(previous_);
}

}  // namespace minnow::runtime
