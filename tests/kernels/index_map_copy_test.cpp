// Tests of the index-map data movement kernel and its map builders.
#include <gtest/gtest.h>

#include "kernels/index_map_copy.h"
#include "kernels/index_maps.h"

namespace minnow::kernels {
namespace {

TEST(IndexMapCopy, TransposeMatchesDefinition) {
  // 2x3x4 -> perm (2, 0, 1) -> 4x2x3.
  std::vector<int> in(24);
  for (int i = 0; i < 24; ++i) in[i] = i;
  std::vector<int> out(24, -1);
  IndexMapCopy<int>(in.data(), out.data(), TransposeMaps({2, 3, 4}, {2, 0, 1}), 0);
  for (int c = 0; c < 4; ++c) {
    for (int a = 0; a < 2; ++a) {
      for (int b = 0; b < 3; ++b) EXPECT_EQ(out[(c * 2 + a) * 3 + b], (a * 3 + b) * 4 + c);
    }
  }
}

TEST(IndexMapCopy, FillOffsetsInAnyDimension) {
  const std::vector<int> in = {1, 2, 3, 4};  // 2x2
  std::vector<int> out(9, 0);
  // 3x3 with a constant border on the left/top: rows {fill, 0, 1}, cols {fill, 0, 1}.
  IndexMapCopy<int>(in.data(), out.data(), {{kFillOffset, 0, 2}, {kFillOffset, 0, 1}}, 9);
  EXPECT_EQ(out, (std::vector<int>{9, 9, 9, 9, 1, 2, 9, 3, 4}));
}

TEST(IndexMapCopy, ScalarAndEmpty) {
  const int in = 5;
  int out = 0;
  IndexMapCopy<int>(&in, &out, {}, 0);
  EXPECT_EQ(out, 5);
  IndexMapCopy<int>(nullptr, nullptr, {{0, 1}, {}}, 0);  // nothing to write, must not touch memory
}

TEST(IndexMaps, PadModes) {
  EXPECT_EQ(PadMap(3, 5, 4, PadMode::kReflect, 1), (std::vector<int64_t>{1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2}));
  EXPECT_EQ(PadMap(3, 2, 1, PadMode::kEdge, 10), (std::vector<int64_t>{0, 0, 0, 10, 20, 20}));
  EXPECT_EQ(PadMap(3, 1, 2, PadMode::kWrap, 1), (std::vector<int64_t>{2, 0, 1, 2, 0, 1}));
  EXPECT_EQ(PadMap(3, 1, -1, PadMode::kConstant, 1), (std::vector<int64_t>{kFillOffset, 0, 1}));
  EXPECT_EQ(PadMap(4, -2, 1, PadMode::kConstant, 1), (std::vector<int64_t>{2, 3, kFillOffset}));
  EXPECT_EQ(PadMap(1, 2, 1, PadMode::kReflect, 1), (std::vector<int64_t>{0, 0, 0, 0}));
}

TEST(IndexMaps, StepAndTile) {
  EXPECT_EQ(StepMap(4, -2, 3, 5), (std::vector<int64_t>{20, 10, 0}));
  EXPECT_EQ(TileMap(2, 3, 7), (std::vector<int64_t>{0, 7, 0, 7, 0, 7}));
  EXPECT_EQ(RowMajorStrides({2, 3, 4}), (std::vector<int64_t>{12, 4, 1}));
}

}  // namespace
}  // namespace minnow::kernels
