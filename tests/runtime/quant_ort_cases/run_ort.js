// Runs every case of cases.json in ONNX Runtime (onnxruntime-node) and writes ort_outputs.json.
// Usage: node run_ort.js /path/to/node_modules/onnxruntime-node
const ort = require(process.argv[2] || 'onnxruntime-node');
const fs = require('fs');
const path = require('path');
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'cases.json')));
const Arr = {float32: Float32Array, uint8: Uint8Array, int8: Int8Array, int32: Int32Array};
(async () => {
  const result = {};
  for (const [t, d] of Object.entries(cases)) {
    const s = await ort.InferenceSession.create(path.join(__dirname, `test_${t}`, 'model.onnx'));
    const feeds = {};
    for (const i of d.inputs) feeds[i.name] = new ort.Tensor(i.type, Arr[i.type].from(i.data), i.dims);
    const r = await s.run(feeds);
    result[t] = s.outputNames.map(o => ({name: o, type: r[o].type, dims: r[o].dims, data: Array.from(r[o].data, Number)}));
  }
  fs.writeFileSync(path.join(__dirname, 'ort_outputs.json'), JSON.stringify(result));
})().catch(e => { console.error(e); process.exit(1); });
