// Minimal NumPy .npy reader/writer (format versions 1-3, little-endian, C order) for the ORT comparison.
'use strict';
const fs = require('fs');

// numpy descr (without byte-order char) <-> ONNX Runtime tensor type and typed array.
const DTYPES = {
  f4: { ort: 'float32', Array: Float32Array },
  f8: { ort: 'float64', Array: Float64Array },
  i1: { ort: 'int8', Array: Int8Array },
  u1: { ort: 'uint8', Array: Uint8Array },
  i2: { ort: 'int16', Array: Int16Array },
  u2: { ort: 'uint16', Array: Uint16Array },
  i4: { ort: 'int32', Array: Int32Array },
  u4: { ort: 'uint32', Array: Uint32Array },
  i8: { ort: 'int64', Array: BigInt64Array },
  u8: { ort: 'uint64', Array: BigUint64Array },
  b1: { ort: 'bool', Array: Uint8Array },
};
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);  // "\x93NUMPY"

// Parses the header dict, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }
function parseHeader(text, file) {
  const descr = /'descr'\s*:\s*'([<>|=])([a-z]\d+)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) throw new Error(`${file}: malformed .npy header: ${text.trim()}`);
  if (descr[1] === '>') throw new Error(`${file}: big-endian .npy is not supported`);
  if (fortran[1] === 'True') throw new Error(`${file}: Fortran-order .npy is not supported`);
  const type = DTYPES[descr[2]];
  if (!type) throw new Error(`${file}: unsupported dtype ${descr[2]}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`${file}: bad shape (${shape[1]})`);
  return { descr: descr[2], type, dims };
}

// Returns { type: 'float32'|..., dims: [...], data: TypedArray }.
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  let headerLen, offset;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = buf.readUInt32LE(8);
    offset = 12;
  } else {
    throw new Error(`${file}: unsupported .npy version ${major}`);
  }
  const h = parseHeader(buf.toString('latin1', offset, offset + headerLen), file);
  const start = offset + headerLen;
  const count = h.dims.reduce((a, b) => a * b, 1);
  const bytes = count * h.type.Array.BYTES_PER_ELEMENT;
  if (buf.length - start !== bytes) throw new Error(`${file}: expected ${bytes} data bytes, found ${buf.length - start}`);
  // Copy into a fresh, aligned buffer: the header length does not guarantee element alignment.
  const data = new h.type.Array(count);
  new Uint8Array(data.buffer).set(buf.subarray(start, start + bytes));
  return { type: h.type.ort, dims: h.dims, data };
}

// Writes a typed array as .npy; `type` is an ORT type name ('float32', 'int64', 'bool', ...).
function writeNpy(file, type, dims, data) {
  const entry = Object.entries(DTYPES).find(([, v]) => v.ort === type);
  if (!entry) throw new Error(`cannot write ${type} to .npy`);
  const [descr] = entry;
  const order = descr === 'b1' || descr === 'i1' || descr === 'u1' ? '|' : '<';
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${order}${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad with spaces so the data starts on a 64-byte boundary; the header ends with '\n'.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

module.exports = { readNpy, writeNpy };
