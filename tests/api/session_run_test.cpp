// Session: memory planning and threads give bitwise the same outputs as a plain single-threaded
// Run, concurrent Runs agree, and statistics/profiles are reported.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unistd.h>

#include "minnow/minnow.h"

namespace minnow {
namespace {

namespace fs = std::filesystem;

fs::path Source(const std::string& rel) { return fs::path(MINNOW_SOURCE_DIR) / rel; }

Tensor RandomFloats(Shape shape, uint32_t seed) {
  Tensor t(DataType::kFloat32, std::move(shape));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng);
  return t;
}

bool BitwiseEqual(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Tensor& x = a[i].tensor;
    const Tensor& y = b[i].tensor;
    if (x.dtype() != y.dtype() || x.shape() != y.shape()) return false;
    if (x.nbytes() && std::memcmp(x.raw_data(), y.raw_data(), x.nbytes()) != 0) return false;
  }
  return true;
}

std::unique_ptr<Session> Load(const std::string& rel, SessionOptions opt = {}) {
  auto s = Session::LoadFile(Source(rel).string(), opt);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

struct ModelCase {
  const char* path;
  const char* input;
  std::vector<Shape> shapes;  // Runs cycle through these (planning re-plans on change)
};

const ModelCase kCases[] = {
    {"models/ch_ppocr_mobile_v2.0_cls_infer.onnx", "x", {{1, 3, 48, 192}, {2, 3, 48, 192}, {1, 3, 48, 192}}},
    {"tests/models/fixtures/mobilenet_v2_tiny/model.onnx", "input", {{1, 3, 96, 96}}},
    {"tests/models/fixtures/transformer_encoder/model.onnx", "x", {{1, 16, 64}, {2, 7, 64}, {1, 16, 64}}},
};

TEST(SessionRun, MemoryPlanMatchesUnplannedBitwise) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.path);
    SessionOptions plain;
    plain.plan_memory = false;
    plain.num_threads = 1;
    auto reference = Load(c.path, plain);
    SessionOptions planned_opt;
    planned_opt.num_threads = 1;
    auto planned = Load(c.path, planned_opt);
    ASSERT_TRUE(reference && planned);
    int planned_runs = 0;
    for (int round = 0; round < 2; ++round) {
      for (size_t s = 0; s < c.shapes.size(); ++s) {
        const Tensor x = RandomFloats(c.shapes[s], static_cast<uint32_t>(round * 10 + s));
        auto want = reference->Run({{c.input, x}});
        RunStats stats;
        auto got = planned->Run({{c.input, x}}, {}, &stats);
        ASSERT_TRUE(want.ok() && got.ok()) << got.status().ToString();
        EXPECT_TRUE(BitwiseEqual(*want, *got)) << "round " << round << " shape " << s;
        planned_runs += stats.memory_planned;
        EXPECT_GT(stats.arena_bytes, 0);
        EXPECT_GT(stats.weights_bytes, 0);
        EXPECT_GT(stats.peak_rss_bytes, 0);
      }
    }
    EXPECT_GE(planned_runs, static_cast<int>(c.shapes.size()));  // the second round at least
  }
}

TEST(SessionRun, ConcurrentRunsMatchSingleThreadedRun) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.path);
    SessionOptions opt;
    opt.num_threads = 2;
    auto session = Load(c.path, opt);
    ASSERT_TRUE(session);
    std::vector<Tensor> xs;
    std::vector<std::vector<NamedTensor>> want;
    for (uint32_t i = 0; i < 4; ++i) {
      xs.push_back(RandomFloats(c.shapes[i % c.shapes.size()], 100 + i));
      auto out = session->Run({{c.input, xs.back()}});
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      want.push_back(std::move(out).value());
    }
    // 4 threads x 10 Runs each, every thread cycling through the inputs from a different start.
    std::vector<int> mismatches(4, 0), failures(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int r = 0; r < 10; ++r) {
          const size_t i = static_cast<size_t>(t + r) % xs.size();
          auto out = session->Run({{c.input, xs[i]}});
          if (!out.ok()) ++failures[t];
          else if (!BitwiseEqual(*out, want[i])) ++mismatches[t];
        }
      });
    }
    for (auto& th : threads) th.join();
    for (int t = 0; t < 4; ++t) {
      EXPECT_EQ(failures[t], 0) << "thread " << t;
      EXPECT_EQ(mismatches[t], 0) << "thread " << t;
    }
  }
}

TEST(SessionRun, ThreadCountsDoNotChangeResultsOrLeak) {
  const ModelCase& c = kCases[1];
  SessionOptions one;
  one.num_threads = 1;
  SessionOptions two;
  two.num_threads = 2;
  auto s1 = Load(c.path, one);
  auto s2 = Load(c.path, two);
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(s1->options().num_threads, 1);
  const Tensor x = RandomFloats(c.shapes[0], 5);
  auto a = s1->Run({{c.input, x}});
  auto b = s2->Run({{c.input, x}});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ((*a)[0].tensor.shape(), (*b)[0].tensor.shape());
  // Thread counts may change summation order in reductions: close, not necessarily bitwise.
  for (int64_t i = 0; i < (*a)[0].tensor.numel(); ++i) {
    EXPECT_NEAR((*a)[0].tensor.data<float>()[i], (*b)[0].tensor.data<float>()[i], 1e-4f);
  }
  SessionOptions bad;
  bad.num_threads = -1;
  EXPECT_FALSE(Session::LoadFile(Source(c.path).string(), bad).ok());
}

TEST(SessionRun, ProfileAndChromeTrace) {
  const ModelCase& c = kCases[2];
  SessionOptions opt;
  opt.profile = true;
  auto session = Load(c.path, opt);
  ASSERT_TRUE(session);
  std::vector<RunStats> runs;
  for (int i = 0; i < 2; ++i) {
    RunStats stats;
    ASSERT_TRUE(session->Run({{c.input, RandomFloats(c.shapes[0], 1)}}, {}, &stats).ok());
    ASSERT_FALSE(stats.nodes.empty());
    EXPECT_FALSE(stats.nodes[0].op_type.empty());
    double sum_us = 0;
    for (const auto& n : stats.nodes) sum_us += n.duration_us;
    EXPECT_LE(sum_us, stats.total_ms * 1000.0 + 1.0);
    runs.push_back(stats);
  }
  EXPECT_EQ(session->last_run_stats().nodes.size(), runs.back().nodes.size());
  const fs::path trace = fs::temp_directory_path() / ("minnow_trace_" + std::to_string(::getpid()) + ".json");
  ASSERT_TRUE(WriteChromeTrace(trace.string(), runs).ok());
  std::ifstream f(trace);
  const auto j = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
  fs::remove(trace);
  ASSERT_FALSE(j.is_discarded());
  ASSERT_TRUE(j.contains("traceEvents"));
  EXPECT_EQ(j["traceEvents"].size(), runs[0].nodes.size() + runs[1].nodes.size());
  const auto& e = j["traceEvents"][0];
  EXPECT_EQ(e["ph"], "X");
  EXPECT_EQ(e["cat"], "op");
  EXPECT_EQ(e["name"], runs[0].nodes[0].name);
  EXPECT_TRUE(e["dur"].is_number());
  EXPECT_FALSE(WriteChromeTrace("/nonexistent-dir/trace.json", runs).ok());
}

}  // namespace
}  // namespace minnow
