# Writes random single-node quantized models and their inputs (test_*/model.onnx + input_*.pb)
# plus cases.json for run_ort.js. Expected outputs come from ONNX Runtime (see README.md).
import json
import os

import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(0)
cases = {}


def u8(shape, hi=256):
    return rng.integers(0, hi, shape).astype(np.uint8)


def i8(shape):
    return rng.integers(-128, 128, shape).astype(np.int8)


def f32(v):
    return np.array(v, dtype=np.float32)


def save(name, node, inputs, inits, outs, opset=13):
    d = os.path.join(HERE, "test_" + name)
    os.makedirs(d + "/test_data_set_0", exist_ok=True)
    g = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], a.shape) for n, a in inputs],
        [helper.make_tensor_value_info(o, t, None) for o, t in outs],
        [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, d + "/model.onnx")
    for k, (n, a) in enumerate(inputs):
        onnx.save_tensor(numpy_helper.from_array(a, n), f"{d}/test_data_set_0/input_{k}.pb")
    cases[name] = {"inputs": [{"name": n, "type": str(a.dtype), "dims": list(a.shape), "data": a.flatten().tolist()}
                              for n, a in inputs]}


# uint8 x below 128: ORT's AVX2 u8s8 kernels saturate pairs of products in int16 (vpmaddubsw), so
# with full-range x its results differ from the exact int32 arithmetic the spec (and minnow) use.
x = u8((2, 4, 9, 8), hi=128)
w = i8((6, 2, 3, 2))
save("qlinearconv_groups",
     helper.make_node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"], ["y"], group=2,
                      strides=[2, 1], dilations=[1, 2], pads=[1, 0, 2, 1]),
     [("x", x)],
     [("xs", f32(0.02)), ("xz", np.array(60, np.uint8)), ("w", w),
      ("ws", rng.uniform(0.001, 0.02, 6).astype(np.float32)), ("wz", np.zeros(6, np.int8)),
      ("ys", f32(0.07)), ("yz", np.array(128, np.uint8)), ("b", rng.integers(-500, 500, 6).astype(np.int32))],
     [("y", TP.UINT8)])
x = i8((1, 3, 5, 6, 4))
w = i8((4, 3, 2, 3, 2))
save("qlinearconv_int8_3d",
     helper.make_node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz"], ["y"], auto_pad="SAME_UPPER",
                      strides=[2, 1, 2]),
     [("x", x)],
     [("xs", f32(0.05)), ("xz", np.array(-3, np.int8)), ("w", w), ("ws", f32(0.01)), ("wz", np.array(0, np.int8)),
      ("ys", f32(0.9)), ("yz", np.array(5, np.int8))],
     [("y", TP.INT8)])
a = u8((2, 1, 5, 7))
b = u8((3, 7, 4))
save("qlinearmatmul_bcast", helper.make_node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], ["y"]),
     [("a", a)],
     [("as", f32(0.03)), ("az", np.array(100, np.uint8)), ("b", b), ("bs", f32(0.02)), ("bz", np.array(130, np.uint8)),
      ("ys", f32(0.5)), ("yz", np.array(128, np.uint8))],
     [("y", TP.UINT8)], opset=10)
a = i8((3, 4, 6))
b = u8((6, 5))
save("matmulinteger_cols", helper.make_node("MatMulInteger", ["a", "b", "az", "bz"], ["y"]),
     [("a", a)], [("b", b), ("az", np.array(3, np.int8)), ("bz", rng.integers(0, 256, 5).astype(np.uint8))],
     [("y", TP.INT32)], opset=10)
xq = (rng.integers(-600, 600, (2, 3, 5)) / 4.0).astype(np.float32)  # many exact .5 ties
save("quantize_axis_ties", helper.make_node("QuantizeLinear", ["x", "s", "z"], ["y"], axis=1),
     [("x", xq)], [("s", f32([0.5, 0.25, 1.0])), ("z", np.array([0, -5, 7], np.int8))], [("y", TP.INT8)])
save("dequantize_axis0", helper.make_node("DequantizeLinear", ["x", "s", "z"], ["y"], axis=0),
     [("x", u8((3, 4)))], [("s", f32([0.5, 0.25, 1.5])), ("z", np.array([1, 200, 7], np.uint8))], [("y", TP.FLOAT)])
save("dynamicquant", helper.make_node("DynamicQuantizeLinear", ["x"], ["y", "ys", "yz"]),
     [("x", rng.normal(0, 3, (4, 9)).astype(np.float32))], [],
     [("y", TP.UINT8), ("ys", TP.FLOAT), ("yz", TP.UINT8)], opset=11)
json.dump(cases, open(os.path.join(HERE, "cases.json"), "w"))
