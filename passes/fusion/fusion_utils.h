// Graph-matching and rewriting helpers shared by the fusion passes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "minnow/status.h"
#include "minnow/tensor.h"

namespace minnow::passes::fusion {

// Domain of ONNX Runtime's contrib ops; minnow's fused ops use it so ORT can load the result.
inline constexpr const char* kMsDomain = "com.microsoft";

bool IsOp(const ir::Node* n, const char* op_type);  // default domain only
bool IsGraphOutput(const ir::Graph& g, const ir::Value* v);
// The single node reading v (in a single slot), or nullptr when v has other readers or is a graph output.
ir::Node* SoleUser(const ir::Graph& g, const ir::Value* v);
// v's producer when it is `op_type` (default domain), else nullptr.
ir::Node* ProducerIs(const ir::Value* v, const char* op_type);

// The constant behind v: an initializer, or the `value` of a Constant node. nullptr otherwise.
const Tensor* ConstValue(const ir::Value* v);
// The float value of a one-element float constant.
std::optional<float> ScalarConst(const ir::Value* v);
// A float32 copy of a float constant (f32/f64/f16 sources), or nullopt.
std::optional<Tensor> FloatConst(const ir::Value* v);
bool NearlyEqual(float a, float b, float rel = 1e-3f);

// For a two-input node reading v, its other input (nullptr when v is not an input).
ir::Value* OtherInput(const ir::Node* n, const ir::Value* v);
// True when v is a one-element float constant close to `want`.
bool ConstNear(const ir::Value* v, float want, float rel = 1e-3f);

// Adds a new initializer holding `t`, named after `base`.
Expected<ir::Value*> AddInitializer(ir::Graph& g, const std::string& base, Tensor t);
// Creates a node of `op_type`/`domain` copying `like`'s name and attributes.
Expected<ir::Node*> AddNodeLike(ir::Graph& g, const ir::Node& like, const std::string& op_type,
                                const std::string& domain, std::vector<ir::Value*> inputs,
                                std::vector<ir::Value*> outputs);
// Declares a domain in the model's opset imports (keeps an existing version).
void EnsureOpset(ir::Model& m, const std::string& domain, int64_t version);

// Known shape of v (all dims known or symbolic), or nullopt.
const std::vector<ir::Dim>* ShapeOf(const ir::Value* v);
// True when both shapes are known and every dim is the same known size or the same named symbol.
bool SameShape(const ir::Value* a, const ir::Value* b);

// Removes nodes, then Constant nodes that fed them and are read by nothing else.
void RemoveNodes(ir::Graph& g, const std::vector<ir::Node*>& nodes);

// Calls fn on every node until a full sweep rewrites nothing (fn returns true when it rewrote),
// then restores topological order and drops values no node uses any more.
Status RewriteToFixedPoint(ir::Graph& g, const std::function<Expected<bool>(ir::Node*)>& fn);

}  // namespace minnow::passes::fusion
