// Embedding minnow in a program through its public API (include/minnow/minnow.h) only: load a
// model, print its interface, run it once on constant inputs and print the output shapes.
//
//   embed_example MODEL [NAME=DIMS ...]     e.g. embed_example resnet.onnx input=1x3x224x224
//
// Inputs whose dims are symbolic (or unknown) take them from NAME=DIMS, else 1.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "minnow/minnow.h"

namespace {

std::string Describe(const minnow::TensorInfo& info) {
  std::string s = info.name + ": " + minnow::DataTypeName(info.dtype) + "[";
  if (!info.has_shape) return s + "?]";
  for (size_t i = 0; i < info.shape.size(); ++i) {
    if (i) s += " x ";
    s += info.shape[i] >= 0 ? std::to_string(info.shape[i]) : (info.dim_names[i].empty() ? "?" : info.dim_names[i]);
  }
  return s + "]";
}

// "1x3x224x224" -> {1, 3, 224, 224}; false on anything else.
bool ParseDims(const std::string& text, minnow::Shape* out) {
  out->clear();
  if (text.empty() || text == "scalar") return true;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t end = std::min(text.find('x', pos), text.size());
    const std::string part = text.substr(pos, end - pos);
    if (part.empty() || part.size() > 12 || part.find_first_not_of("0123456789") != std::string::npos) return false;
    out->push_back(std::stoll(part));
    pos = end + 1;
  }
  return true;
}

// A tensor of the given type and shape with every element 1 (0.5 for floating point).
minnow::Expected<minnow::Tensor> ConstantTensor(minnow::DataType dtype, const minnow::Shape& shape) {
  auto t = minnow::Tensor::Create(dtype, shape);
  if (!t.ok()) return t.status();
  for (int64_t i = 0; i < t->numel(); ++i) {
    switch (dtype) {
      case minnow::DataType::kFloat32: t->data<float>()[i] = 0.5f; break;
      case minnow::DataType::kFloat64: t->data<double>()[i] = 0.5; break;
      case minnow::DataType::kFloat16: t->data<uint16_t>()[i] = minnow::FloatToHalf(0.5f); break;
      case minnow::DataType::kBFloat16: t->data<uint16_t>()[i] = minnow::FloatToBFloat16(0.5f); break;
      default: {
        // Integer types: write a 1 in the lowest byte (little-endian) of each element.
        auto* bytes = static_cast<unsigned char*>(t->raw_data());
        bytes[i * minnow::DataTypeSize(dtype)] = 1;
      }
    }
  }
  return t;
}

int Fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " MODEL [NAME=DIMS ...]\n";
    return 2;
  }
  std::map<std::string, minnow::Shape> given;
  for (int i = 2; i < argc; ++i) {
    const char* eq = std::strrchr(argv[i], '=');
    minnow::Shape dims;
    if (!eq || eq == argv[i] || !ParseDims(eq + 1, &dims)) return Fail(std::string("bad argument '") + argv[i] + "'; expected NAME=DIMS such as x=1x3x224x224");
    given[std::string(argv[i], static_cast<size_t>(eq - argv[i]))] = dims;
  }

  auto session = minnow::Session::LoadFile(argv[1]);
  if (!session.ok()) return Fail(session.status().ToString());
  std::cout << "inputs:\n";
  for (const auto& in : (*session)->inputs()) std::cout << "  " << Describe(in) << "\n";
  std::cout << "outputs:\n";
  for (const auto& out : (*session)->outputs()) std::cout << "  " << Describe(out) << "\n";

  std::vector<minnow::NamedTensor> inputs;
  for (const auto& in : (*session)->inputs()) {
    minnow::Shape shape;
    if (auto it = given.find(in.name); it != given.end()) {
      shape = it->second;
    } else if (in.has_shape) {
      for (int64_t d : in.shape) shape.push_back(d >= 0 ? d : 1);
    } else {
      return Fail("input '" + in.name + "' has no shape in the model; pass " + in.name + "=DIMS");
    }
    auto t = ConstantTensor(in.dtype, shape);
    if (!t.ok()) return Fail("input '" + in.name + "': " + t.status().ToString());
    inputs.push_back({in.name, std::move(t).value()});
  }

  auto outputs = (*session)->Run(inputs);
  if (!outputs.ok()) return Fail(outputs.status().ToString());
  std::cout << "ran on constant inputs:\n";
  for (const auto& out : *outputs) {
    std::cout << "  " << out.name << ": " << minnow::DataTypeName(out.tensor.dtype()) << "["
              << minnow::ShapeToString(out.tensor.shape()) << "]\n";
  }
  return 0;
}
