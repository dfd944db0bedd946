// `minnow bench` through RunBench: report lines, JSON, profile table and trace, and errors.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/bench_command.h"
#include "tests/tools/test_models.h"

namespace minnow::tools {
namespace {

std::string Fixture(const std::string& name) {
  return std::string(MINNOW_SOURCE_DIR) + "/tests/models/fixtures/" + name + "/model.onnx";
}

TEST(Bench, ReportsLatencyMemoryJsonAndTrace) {
  testing::ScratchFolder dir;
  BenchOptions opt;
  opt.model = Fixture("transformer_encoder");
  opt.shapes = {"x=1x8x64"};
  opt.threads = 1;
  opt.warmup = 1;
  opt.iterations = 4;
  opt.profile = true;
  opt.json_path = (dir.path() / "bench.json").string();
  opt.trace_path = (dir.path() / "trace.json").string();
  std::ostringstream out, err;
  ASSERT_EQ(RunBench(opt, out, err), 0) << err.str();
  const std::string text = out.str();
  for (const char* expected : {"session creation:", "first run:", "latency (ms): p50", "p99", "throughput:",
                               "peak RSS", "per op type", "MatMul", "x=f32[1x8x64]"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " missing from:\n" << text;
  }
  std::ifstream jf(opt.json_path);
  const auto j = nlohmann::json::parse(jf, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["iterations"], 4);
  EXPECT_EQ(j["threads"], 1);
  EXPECT_LE(j["latency_ms"]["p50"].get<double>(), j["latency_ms"]["p99"].get<double>());
  EXPECT_TRUE(j["memory"]["memory_planned"].get<bool>());
  EXPECT_GT(j["memory"]["arena_bytes"].get<int64_t>(), 0);
  ASSERT_TRUE(j["profile"].is_array());
  EXPECT_FALSE(j["profile"].empty());
  std::ifstream tf(opt.trace_path);
  const auto trace = nlohmann::json::parse(tf, nullptr, false);
  ASSERT_FALSE(trace.is_discarded());
  EXPECT_FALSE(trace["traceEvents"].empty());
}

TEST(Bench, Errors) {
  BenchOptions opt;
  opt.model = Fixture("transformer_encoder");
  opt.iterations = 1;
  {
    std::ostringstream out, err;
    opt.shapes = {"nope=1x8x64"};
    EXPECT_EQ(RunBench(opt, out, err), 1);
    EXPECT_NE(err.str().find("'nope'"), std::string::npos) << err.str();
  }
  {
    std::ostringstream out, err;
    opt.shapes = {};  // the sequence dim is free
    EXPECT_EQ(RunBench(opt, out, err), 1);
    EXPECT_NE(err.str().find("--shape"), std::string::npos) << err.str();
  }
  {
    std::ostringstream out, err;
    opt.shapes = {"x=1x8x64"};
    opt.threads = -2;
    EXPECT_EQ(RunBench(opt, out, err), 1);
  }
}

}  // namespace
}  // namespace minnow::tools
