#!/usr/bin/python3
"""Generates the bad-input corpus: ONNX files that are broken or hostile in one specific way.

Run with the system Python (it needs the `onnx` module): /usr/bin/python3 tests/bad_input/make_corpus.py
The outputs are committed; CMakeLists.txt in this folder lists the error each one must produce.
Everything is deterministic so regenerating gives identical files.
"""
import os
import random

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13


def model(nodes, inputs, outputs, initializers=(), opset=OPSET, check=True):
    graph = helper.make_graph(nodes, "bad", inputs, outputs, initializer=list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="minnow-bad-input")
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    return m


def f32(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def save(m, name):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(m.SerializeToString())


def write_bytes(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def raw_tensor(name, dims, raw, dtype=TensorProto.FLOAT):
    """A TensorProto with arbitrary dims and raw bytes (helper.make_tensor would validate them)."""
    t = TensorProto()
    t.name = name
    t.data_type = dtype
    t.dims.extend(dims)
    t.raw_data = raw
    return t


def external_tensor(name, dims, location, offset=None):
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    t.data_location = TensorProto.EXTERNAL
    entry = t.external_data.add()
    entry.key, entry.value = "location", location
    if offset is not None:
        entry = t.external_data.add()
        entry.key, entry.value = "offset", str(offset)
    return t


def relu_of(init_name):
    """x + <initializer>: the initializer is read, so loading it cannot be skipped."""
    return [helper.make_node("Add", ["x", init_name], ["y"], name="add")]


def main():
    rng = random.Random(1234)

    # A valid model with a 4x3x3x3 weight, cut in the middle of the weight bytes.
    w = numpy_helper.from_array(np.arange(108, dtype=np.float32).reshape(4, 3, 3, 3), "w")
    good = model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")], [f32("x", [1, 3, 8, 8])],
                 [f32("y", [1, 4, 6, 6])], [w])
    data = good.SerializeToString()
    write_bytes("truncated.onnx", data[: len(data) * 2 // 3])

    # Bytes that are not protobuf at all (0xff is never a valid field key start for ModelProto here).
    write_bytes("random_bytes.onnx", bytes([0xFF]) + bytes(rng.getrandbits(8) for _ in range(511)))
    write_bytes("empty.onnx", b"")

    save(model([helper.make_node("Relu", ["ghost_value"], ["y"], name="relu")], [f32("x", [2])], [f32("y", [2])],
               check=False), "missing_value.onnx")

    save(model(relu_of("neg_init"), [f32("x", [2])], [f32("y", [2])],
               [raw_tensor("neg_init", [-3, 2], b"")], check=False), "negative_dims.onnx")
    save(model(relu_of("huge_init"), [f32("x", [2])], [f32("y", [2])],
               [raw_tensor("huge_init", [1 << 40, 1 << 40], b"")], check=False), "huge_dims.onnx")
    # Fits int64 but is far beyond any allocation limit.
    save(model(relu_of("big_init"), [f32("x", [2])], [f32("y", [2])],
               [raw_tensor("big_init", [1 << 20, 1 << 20, 1 << 10], b"")], check=False), "oversized_init.onnx")
    save(model(relu_of("short_init"), [f32("x", [4, 4])], [f32("y", [4, 4])],
               [raw_tensor("short_init", [4, 4], b"\0" * 8)], check=False), "short_data.onnx")

    save(model(relu_of("ext"), [f32("x", [4])], [f32("y", [4])], [external_tensor("ext", [4], "../x.bin")],
               check=False), "external_parent.onnx")
    save(model(relu_of("ext"), [f32("x", [4])], [f32("y", [4])], [external_tensor("ext", [4], "/etc/hostname")],
               check=False), "external_absolute.onnx")
    # The symlink itself is made at test time (check_error.sh --symlink-case); it is not committed.
    save(model(relu_of("ext"), [f32("x", [4])], [f32("y", [4])],
               [external_tensor("ext", [4], "symlink_escape.bin")], check=False), "external_symlink.onnx")
    write_bytes("external_offset.bin", b"\0" * 16)
    save(model(relu_of("ext"), [f32("x", [4])], [f32("y", [4])],
               [external_tensor("ext", [4], "external_offset.bin", offset=1000)], check=False),
         "external_offset.onnx")

    save(model([helper.make_node("Relu", ["b"], ["a"], name="cycle_a"),
                helper.make_node("Neg", ["a"], ["b"], name="cycle_b")],
               [f32("x", [2])], [f32("a", [2])], check=False), "cycle.onnx")
    save(model([helper.make_node("Relu", ["x"], ["dup_value"], name="first"),
                helper.make_node("Neg", ["x"], ["dup_value"], name="second")],
               [f32("x", [2])], [f32("dup_value", [2])], check=False), "duplicate_names.onnx")
    save(model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [f32("x", [2])], [f32("nowhere", [2])],
               check=False), "output_not_computed.onnx")
    save(model([helper.make_node("NoSuchOp", ["x"], ["y"], name="mystery")], [f32("x", [2])], [f32("y", [2])],
               check=False), "unknown_op.onnx")
    save(model([helper.make_node("Relu", ["x"], ["y"], name="relu")], [f32("x", [2])], [f32("y", [2])],
               opset=99, check=False), "opset_too_new.onnx")
    # No nodes (the input is the output), so these test `minnow run` itself, independent of kernels.
    save(model([], [f32("x", ["batch", 2])], [f32("x", ["batch", 2])]), "symbolic_input.onnx")
    save(model([], [f32("x", [1 << 40, 1 << 40])], [f32("x", [1 << 40, 1 << 40])], check=False), "huge_input.onnx")

    # .npy inputs for `minnow run --input`: cut short, Fortran order, and a header claiming more than the file has.
    import io
    buf = io.BytesIO()
    np.save(buf, np.arange(12, dtype=np.float32).reshape(6, 2))
    npy = buf.getvalue()
    write_bytes("truncated.npy", npy[:-5])
    buf = io.BytesIO()
    np.save(buf, np.asfortranarray(np.arange(12, dtype=np.float32).reshape(6, 2)))
    write_bytes("fortran.npy", buf.getvalue())
    write_bytes("header_overrun.npy", npy[:8] + b"\xff\xff" + npy[10:])

    # Operator-level problems: valid protobuf and graph, but shapes or constants a kernel must reject.
    save(model([helper.make_node("Conv", ["x", "conv_w"], ["y"], name="conv_bad")], [f32("x", [1, 3, 8, 8])],
               [f32("y", [1, 4, 6, 6])],
               [numpy_helper.from_array(np.ones((4, 5, 3, 3), np.float32), "conv_w")], check=False),
         "conv_channel_mismatch.onnx")
    save(model([helper.make_node("Gather", ["x", "gather_idx"], ["y"], name="gather_bad", axis=0)],
               [f32("x", [5, 4])], [f32("y", [2, 4])],
               [numpy_helper.from_array(np.array([0, 7], np.int64), "gather_idx")], check=False),
         "gather_out_of_range.onnx")
    save(model([helper.make_node("Reshape", ["x", "reshape_to"], ["y"], name="reshape_bad")],
               [f32("x", [2, 3])], [f32("y", [4, 4])],
               [numpy_helper.from_array(np.array([4, 4], np.int64), "reshape_to")], check=False),
         "reshape_impossible.onnx")
    save(model([helper.make_node("MatMul", ["x", "mm_w"], ["y"], name="matmul_bad")],
               [f32("x", [2, 3])], [f32("y", [2, 5])],
               [numpy_helper.from_array(np.ones((4, 5), np.float32), "mm_w")], check=False),
         "matmul_mismatch.onnx")


if __name__ == "__main__":
    main()
