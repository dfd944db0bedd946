// Tests of the .npy reader and writer, including malformed and hostile files.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "tools/npy.h"

namespace minnow::tools {
namespace {

// np.lib.format.write_array(f, np.array([[1.5,-2],[3,4],[5,6]], dtype='<f4'), version=(1,0))
const std::string kNumpyV1(
    "\x93NUMPY\x01\x00\x76\x00{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"
    "                                                          \n"
    "\x00\x00\xc0\x3f\x00\x00\x00\xc0\x00\x00\x40\x40\x00\x00\x80\x40\x00\x00\xa0\x40\x00\x00\xc0\x40",
    152);

// A file with the given header dict and raw data, in format 1.0 or 2.0.
std::string MakeNpy(const std::string& dict, const std::string& data, int version = 1) {
  std::string header = dict + "\n";
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(version) + '\0';
  const size_t n = header.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>(n >> 8);
  if (version >= 2) out += std::string(2, '\0');
  return out + header + data;
}

TEST(Npy, ReadsNumpyFileAndWritesItBackIdentically) {
  ASSERT_EQ(kNumpyV1.size(), 152u);
  auto t = ParseNpy(kNumpyV1);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->dtype(), DataType::kFloat32);
  EXPECT_EQ(t->shape(), (Shape{3, 2}));
  EXPECT_FLOAT_EQ(t->data<float>()[0], 1.5f);
  EXPECT_FLOAT_EQ(t->data<float>()[1], -2.0f);
  EXPECT_FLOAT_EQ(t->data<float>()[5], 6.0f);
  auto bytes = EncodeNpy(*t);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, kNumpyV1);
}

TEST(Npy, ReadsFormatTwoAndScalarsAndBools) {
  const std::string f2 = MakeNpy("{'descr': '<i8', 'fortran_order': False, 'shape': ()}", std::string("\x07\0\0\0\0\0\0\0", 8), 2);
  auto s = ParseNpy(f2);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rank(), 0);
  EXPECT_EQ(s->data<int64_t>()[0], 7);
  auto b = ParseNpy(MakeNpy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", std::string("\x01\x00\x05", 3)));
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->dtype(), DataType::kBool);
  EXPECT_EQ(b->data<uint8_t>()[2], 1);  // normalised
}

TEST(Npy, RoundTripsEveryDtype) {
  for (DataType dt : {DataType::kFloat32, DataType::kFloat64, DataType::kFloat16, DataType::kInt64, DataType::kInt32,
                      DataType::kInt16, DataType::kInt8, DataType::kUInt8, DataType::kUInt16, DataType::kUInt32,
                      DataType::kUInt64, DataType::kBool}) {
    for (const Shape& shape : {Shape{}, Shape{5}, Shape{2, 0, 3}, Shape{2, 3, 4}}) {
      Tensor t(dt, shape);
      auto* p = static_cast<uint8_t*>(t.raw_data());
      for (size_t i = 0; i < t.nbytes(); ++i) p[i] = dt == DataType::kBool ? (i % 2) : static_cast<uint8_t>(i * 7 + 1);
      auto bytes = EncodeNpy(t);
      ASSERT_TRUE(bytes.ok()) << DataTypeName(dt);
      EXPECT_EQ((bytes->size() - t.nbytes()) % 64, 0u) << "data should start 64-byte aligned";
      auto back = ParseNpy(*bytes);
      ASSERT_TRUE(back.ok()) << DataTypeName(dt) << " " << ShapeToString(shape) << ": " << back.status().ToString();
      EXPECT_EQ(back->dtype(), dt);
      EXPECT_EQ(back->shape(), shape);
      ASSERT_EQ(back->nbytes(), t.nbytes());
      EXPECT_EQ(0, std::memcmp(back->raw_data(), t.raw_data(), t.nbytes()));
    }
  }
  EXPECT_FALSE(EncodeNpy(Tensor(DataType::kBFloat16, {2})).ok());
}

TEST(Npy, RejectsUnsupportedLayoutsAndTypes) {
  const std::string data(24, '\0');
  auto fortran = ParseNpy(MakeNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", data));
  ASSERT_FALSE(fortran.ok());
  EXPECT_NE(fortran.status().message().find("Fortran"), std::string::npos);
  auto big = ParseNpy(MakeNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (3, 2), }", data));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("big-endian"), std::string::npos);
  EXPECT_FALSE(ParseNpy(MakeNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", data)).ok());
  EXPECT_FALSE(ParseNpy(MakeNpy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (6,), }", data)).ok());
}

TEST(Npy, RejectsBadHeadersAndDataLengths) {
  const std::string data(24, '\0');
  const char* bad_dicts[] = {
      "",
      "{",
      "{'descr': '<f4', 'fortran_order': False}",                      // no shape
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -2), }",  // negative dim
      "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }",
      "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (6,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), } trailing",
      "{'descr: '<f4', 'fortran_order': False, 'shape': (6,), }",
  };
  for (const char* d : bad_dicts) EXPECT_FALSE(ParseNpy(MakeNpy(d, data)).ok()) << d;
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
  EXPECT_TRUE(ParseNpy(MakeNpy(dict, data)).ok());
  EXPECT_FALSE(ParseNpy(MakeNpy(dict, data + "x")).ok());  // trailing bytes
  EXPECT_FALSE(ParseNpy(MakeNpy(dict, data.substr(1))).ok());
  EXPECT_FALSE(ParseNpy(MakeNpy(dict, data, 4)).ok());  // unknown format version
  // Header length pointing far past the end of the file.
  std::string lying = MakeNpy(dict, data);
  lying[8] = '\xff';
  lying[9] = '\xff';
  EXPECT_FALSE(ParseNpy(lying).ok());
}

TEST(Npy, NeverCrashesOnTruncatedOrCorruptedFiles) {
  // Every prefix of a valid file is an error (ASan builds check that nothing reads past the end).
  for (size_t n = 0; n < kNumpyV1.size(); ++n) {
    std::string prefix = kNumpyV1.substr(0, n);
    EXPECT_FALSE(ParseNpy(prefix).ok()) << "prefix of " << n << " bytes";
  }
  // Random byte flips either parse to a consistent tensor or fail cleanly.
  std::mt19937 rng(42);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string s = kNumpyV1;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) s[rng() % s.size()] = static_cast<char>(rng());
    auto t = ParseNpy(s);
    if (t.ok()) EXPECT_LE(t->nbytes(), s.size());
  }
  std::string garbage(300, '\0');
  for (char& c : garbage) c = static_cast<char>(rng());
  EXPECT_FALSE(ParseNpy(garbage).ok());
}

TEST(Npy, FileErrorsNameTheFile) {
  auto missing = ReadNpyFile("/nonexistent/dir/x.npy");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/dir/x.npy"), std::string::npos);
}

}  // namespace
}  // namespace minnow::tools
