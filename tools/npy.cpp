// .npy reader and writer. The header is a Python dict literal; we parse just the subset NumPy
// writes ('descr', 'fortran_order', 'shape') with a small hand-written scanner that bounds-checks
// every step, since the files may come from anywhere.
#include "tools/npy.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <vector>

namespace minnow::tools {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

struct Descr {
  const char* text;
  DataType dtype;
};
// '|' (not applicable) and '<' are both accepted for one-byte types: NumPy writes '|'.
constexpr Descr kDescrs[] = {
    {"<f4", DataType::kFloat32}, {"<f8", DataType::kFloat64}, {"<f2", DataType::kFloat16},
    {"<i8", DataType::kInt64},   {"<i4", DataType::kInt32},   {"<i2", DataType::kInt16},
    {"<u8", DataType::kUInt64},  {"<u4", DataType::kUInt32},  {"<u2", DataType::kUInt16},
    {"|u1", DataType::kUInt8},   {"|i1", DataType::kInt8},    {"|b1", DataType::kBool},
    {"<u1", DataType::kUInt8},   {"<i1", DataType::kInt8},    {"<b1", DataType::kBool},
};

// Scanner over the header dict.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view s) : s_(s) {}

  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  std::optional<std::string> String() {
    SkipSpace();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) return std::nullopt;
    const char quote = s_[pos_++];
    const size_t end = s_.find(quote, pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string out(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return out;
  }
  std::optional<bool> Bool() {
    SkipSpace();
    if (s_.substr(pos_, 4) == "True") {
      pos_ += 4;
      return true;
    }
    if (s_.substr(pos_, 5) == "False") {
      pos_ += 5;
      return false;
    }
    return std::nullopt;
  }
  // Non-negative integer; NumPy never writes signs. Rejects overflow.
  std::optional<int64_t> Int() {
    SkipSpace();
    if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return std::nullopt;
    int64_t v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      const int d = s_[pos_++] - '0';
      if (v > (std::numeric_limits<int64_t>::max() - d) / 10) return std::nullopt;
      v = v * 10 + d;
    }
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 longs
    return v;
  }
  // "(2, 3)", "(3,)", "()".
  std::optional<Shape> Tuple() {
    if (!Consume('(')) return std::nullopt;
    Shape shape;
    while (!Peek(')')) {
      auto v = Int();
      if (!v) return std::nullopt;
      shape.push_back(*v);
      if (!Consume(',')) break;
    }
    if (!Consume(')')) return std::nullopt;
    return shape;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ == s_.size();
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

Status BadHeader(const std::string& why) { return InvalidArgument("malformed .npy header: " + why); }

}  // namespace

bool LooksLikeNpy(std::string_view bytes) {
  return bytes.size() >= kMagicLen && std::memcmp(bytes.data(), kMagic, kMagicLen) == 0;
}

Expected<Tensor> ParseNpy(std::string_view bytes) {
  if (!LooksLikeNpy(bytes)) return InvalidArgument("not a .npy file (missing \\x93NUMPY magic)");
  if (bytes.size() < kMagicLen + 2) return BadHeader("file ends inside the version");
  const auto major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0;
  size_t prefix = 0;
  if (major == 1) {
    if (bytes.size() < 10) return BadHeader("file ends inside the header length");
    header_len = static_cast<unsigned char>(bytes[8]) | (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    prefix = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return BadHeader("file ends inside the header length");
    for (int i = 3; i >= 0; --i) header_len = (header_len << 8) | static_cast<unsigned char>(bytes[8 + i]);
    prefix = 12;
  } else {
    return InvalidArgument(".npy format version " + std::to_string(major) + " is not supported (1.0, 2.0, 3.0 are)");
  }
  if (header_len > bytes.size() - prefix) {
    return BadHeader("header length " + std::to_string(header_len) + " runs past the end of the file");
  }
  HeaderParser p(bytes.substr(prefix, header_len));
  std::optional<std::string> descr;
  std::optional<bool> fortran;
  std::optional<Shape> shape;
  if (!p.Consume('{')) return BadHeader("expected '{'");
  while (!p.Peek('}')) {
    auto key = p.String();
    if (!key) return BadHeader("expected a quoted key");
    if (!p.Consume(':')) return BadHeader("expected ':' after '" + *key + "'");
    if (*key == "descr") {
      descr = p.String();
      if (!descr) return BadHeader("'descr' must be a string (structured dtypes are not supported)");
    } else if (*key == "fortran_order") {
      fortran = p.Bool();
      if (!fortran) return BadHeader("'fortran_order' must be True or False");
    } else if (*key == "shape") {
      shape = p.Tuple();
      if (!shape) return BadHeader("'shape' must be a tuple of non-negative integers");
    } else {
      return BadHeader("unexpected key '" + *key + "'");
    }
    if (!p.Consume(',')) break;
  }
  if (!p.Consume('}') || !p.AtEnd()) return BadHeader("expected '}' at the end");
  if (!descr || !fortran || !shape) return BadHeader("needs 'descr', 'fortran_order' and 'shape'");
  if (*fortran) return InvalidArgument(".npy file is in Fortran order; save it in C order (np.ascontiguousarray)");

  DataType dtype = DataType::kUndefined;
  for (const auto& d : kDescrs) {
    if (*descr == d.text) dtype = d.dtype;
  }
  if (dtype == DataType::kUndefined) {
    if (!descr->empty() && (*descr)[0] == '>') return InvalidArgument(".npy dtype '" + *descr + "' is big-endian; only little-endian is supported");
    return InvalidArgument(".npy dtype '" + *descr + "' is not supported");
  }
  MINNOW_ASSIGN_OR_RETURN(int64_t numel, CheckedNumElements(*shape));
  const size_t data_offset = prefix + header_len;
  const size_t available = bytes.size() - data_offset;
  const size_t elem = DataTypeSize(dtype);
  if (static_cast<uint64_t>(numel) > available / elem || static_cast<size_t>(numel) * elem != available) {
    return InvalidArgument(".npy data is " + std::to_string(available) + " bytes but shape " + ShapeToString(*shape) +
                           " needs " + std::to_string(numel) + " elements of " + std::to_string(elem) + " bytes");
  }
  MINNOW_ASSIGN_OR_RETURN(Tensor t, Tensor::FromBytes(dtype, *shape, bytes.data() + data_offset, available));
  if (dtype == DataType::kBool) {
    for (int64_t i = 0; i < t.numel(); ++i) t.data<uint8_t>()[i] = t.data<uint8_t>()[i] ? 1 : 0;
  }
  return t;
}

Expected<Tensor> ReadNpyFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound("input file " + path.string() + " does not exist");
  if (fs::is_directory(path, ec)) return InvalidArgument(path.string() + " is a folder, not a .npy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot open " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto t = ParseNpy(bytes);
  if (!t.ok()) return t.status().WithContext(path.string());
  return t;
}

Expected<std::string> EncodeNpy(const Tensor& t) {
  const char* descr = nullptr;
  for (const auto& d : kDescrs) {
    if (d.dtype == t.dtype() && !descr) descr = d.text;
  }
  if (!descr) return Unsupported(std::string("tensors of type ") + DataTypeName(t.dtype()) + " cannot be saved as .npy");
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < t.shape().size(); ++i) header += (i ? ", " : "") + std::to_string(t.shape()[i]);
  if (t.shape().size() == 1) header += ",";  // Python's one-element tuple
  header += "), }";
  // Pad with spaces and a final newline so the data starts on a 64-byte boundary.
  const bool v2 = header.size() + 1 + 10 > 65535;
  const size_t prefix = v2 ? 12 : 10;
  const size_t total = (prefix + header.size() + 1 + 63) / 64 * 64;
  header.append(total - prefix - header.size() - 1, ' ');
  header += '\n';
  std::string out(kMagic, kMagicLen);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  const size_t len = header.size();
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>((len >> 8) & 0xff);
  if (v2) {
    out += static_cast<char>((len >> 16) & 0xff);
    out += static_cast<char>((len >> 24) & 0xff);
  }
  out += header;
  out.append(static_cast<const char*>(t.raw_data()), t.nbytes());
  return out;
}

Status WriteNpyFile(const fs::path& path, const Tensor& t) {
  MINNOW_ASSIGN_OR_RETURN(std::string bytes, EncodeNpy(t));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot write " + path.string());
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return IoError("failed writing " + path.string());
  return Status::Ok();
}

}  // namespace minnow::tools
