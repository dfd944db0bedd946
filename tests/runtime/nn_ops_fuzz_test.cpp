// Random (often invalid) window attributes and shapes for Conv, ConvTranspose and pooling: every
// run must either fail with an error naming the node or produce an output of a consistent shape.
// Most valuable under MINNOW_ASAN, where an out-of-bounds access aborts the test.
#include <gtest/gtest.h>

#include <random>

#include "tests/runtime/nn_test_util.h"

namespace minnow::runtime::testing {
namespace {

class AttrFuzzer {
 public:
  explicit AttrFuzzer(uint32_t seed) : rng_(seed) {}
  int64_t Pick(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  std::vector<int64_t> Picks(size_t n, int64_t lo, int64_t hi) {
    std::vector<int64_t> v(n);
    for (auto& x : v) x = Pick(lo, hi);
    return v;
  }
  Tensor Random(Shape shape) {
    Tensor t(DataType::kFloat32, shape);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = dist(rng_);
    return t;
  }
  // Window attributes for nd spatial dims, with occasional wrong lengths and out-of-range values.
  void AddWindowAttrs(size_t nd, std::map<std::string, ir::Attribute>* attrs) {
    auto len = [&](size_t n) { return Pick(0, 9) == 0 ? n + 1 : n; };
    if (Pick(0, 1)) (*attrs)["strides"] = Ints(Picks(len(nd), Pick(0, 5) == 0 ? 0 : 1, 3));
    if (Pick(0, 1)) (*attrs)["dilations"] = Ints(Picks(len(nd), Pick(0, 5) == 0 ? 0 : 1, 3));
    if (Pick(0, 1)) (*attrs)["pads"] = Ints(Picks(len(2 * nd), Pick(0, 5) == 0 ? -1 : 0, 3));
    static const char* kPads[] = {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"};
    if (Pick(0, 2) == 0) (*attrs)["auto_pad"] = Str(kPads[Pick(0, 3)]);
  }

 private:
  std::mt19937 rng_;
};

void CheckOutcome(const Expected<std::vector<Tensor>>& r, const std::string& op, const Shape& x_shape) {
  if (!r.ok()) {
    EXPECT_NE(r.status().message().find(op + " 'n0'"), std::string::npos) << r.status().message();
    return;
  }
  const Shape& y = (*r)[0].shape();
  ASSERT_EQ(y.size(), x_shape.size()) << op;
  EXPECT_EQ(y[0], x_shape[0]) << op;
  for (size_t d = 2; d < y.size(); ++d) EXPECT_GE(y[d], 1) << op;
}

TEST(NnOpsFuzz, ConvAndConvTranspose) {
  AttrFuzzer f(1234);
  for (int iter = 0; iter < 400; ++iter) {
    const size_t nd = static_cast<size_t>(f.Pick(1, 3));
    const int64_t groups = f.Pick(1, 3);
    const bool transpose = iter % 2;
    const int64_t cin = groups * f.Pick(1, 2) + (f.Pick(0, 9) == 0 ? 1 : 0);
    const int64_t cout = groups * f.Pick(1, 2);
    Shape xs = {f.Pick(1, 2), cin}, ws = transpose ? Shape{cin, cout / groups} : Shape{cout, cin / groups};
    for (size_t d = 0; d < nd; ++d) {
      xs.push_back(f.Pick(1, 6));
      ws.push_back(f.Pick(1, 4));
    }
    if (f.Pick(0, 9) == 0) ws.pop_back();
    std::map<std::string, ir::Attribute> attrs;
    f.AddWindowAttrs(nd, &attrs);
    if (groups > 1) attrs["group"] = Int(groups);
    if (transpose && f.Pick(0, 2) == 0) attrs["output_padding"] = Ints(f.Picks(nd, 0, 2));
    if (transpose && f.Pick(0, 3) == 0) attrs["output_shape"] = Ints(f.Picks(nd, 1, 14));
    std::vector<Tensor> inputs = {f.Random(xs), f.Random(ws)};
    if (f.Pick(0, 1)) inputs.push_back(f.Random({f.Pick(0, 5) == 0 ? cout + 1 : cout}));
    const std::string op = transpose ? "ConvTranspose" : "Conv";
    CheckOutcome(RunOneNode({op, 11, attrs, inputs}), op, xs);
  }
}

TEST(NnOpsFuzz, Pooling) {
  AttrFuzzer f(99);
  for (int iter = 0; iter < 400; ++iter) {
    const size_t nd = static_cast<size_t>(f.Pick(1, 3));
    Shape xs = {f.Pick(1, 2), f.Pick(1, 3)};
    for (size_t d = 0; d < nd; ++d) xs.push_back(f.Pick(1, 6));
    std::map<std::string, ir::Attribute> attrs;
    f.AddWindowAttrs(nd, &attrs);
    attrs["kernel_shape"] = Ints(f.Picks(f.Pick(0, 9) == 0 ? nd + 1 : nd, f.Pick(0, 9) == 0 ? 0 : 1, 4));
    if (f.Pick(0, 1)) attrs["ceil_mode"] = Int(1);
    const bool is_max = iter % 2;
    if (!is_max && f.Pick(0, 1)) attrs["count_include_pad"] = Int(1);
    const std::string op = is_max ? "MaxPool" : "AveragePool";
    auto r = RunOneNode({op, 12, attrs, {f.Random(xs)}, is_max ? 2 : 1});
    CheckOutcome(r, op, xs);
    if (r.ok() && is_max) {
      // Every reported index points into the input and holds the reported maximum (or -1 for an
      // all-padding window).
      const Tensor& y = (*r)[0];
      const Tensor& ind = (*r)[1];
      int64_t xn = 1;
      for (int64_t d : xs) xn *= d;
      for (int64_t i = 0; i < ind.numel(); ++i) {
        const int64_t k = ind.data<int64_t>()[i];
        ASSERT_TRUE(k == -1 || (k >= 0 && k < xn)) << k;
        (void)y;
      }
    }
  }
}

}  // namespace
}  // namespace minnow::runtime::testing
