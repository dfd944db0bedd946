#!/usr/bin/env node
// ONNX Runtime (CPU, node) counterpart of `minnow bench`: times session creation, the first run
// and N timed runs of one model on .npy inputs, and prints one JSON line with the same fields
// (latency_ms.p50 ..., memory.peak_rss_bytes).
//
//   node bench/ort_bench.js MODEL.onnx --input NAME=FILE.npy ... [--threads N] [--warmup N] [--iterations N]
//                           [--no-spin]
'use strict';
const path = require('path');
const { readNpy } = require('../tools/compare_ort/npy');

function loadOrt() {
  try {
    return require(path.join(__dirname, '..', 'tools', 'compare_ort', 'node_modules', 'onnxruntime-node'));
  } catch (e) {
    return require('onnxruntime-node');
  }
}

function parseArgs(argv) {
  const args = { model: null, inputs: {}, threads: 1, warmup: 3, iterations: 20, spin: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--input') {
      const v = next();
      const eq = v.lastIndexOf('=');
      if (eq <= 0) throw new Error(`--input wants NAME=FILE, got ${v}`);
      args.inputs[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a === '--threads') args.threads = Number(next());
    else if (a === '--warmup') args.warmup = Number(next());
    else if (a === '--iterations') args.iterations = Number(next());
    else if (a === '--no-spin') args.spin = false;
    else if (!args.model) args.model = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.model) throw new Error('usage: ort_bench.js MODEL --input NAME=FILE.npy ... [--threads N]');
  return args;
}

function percentile(sorted, p) {
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(rank - 1, 0))];
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // RSS of node itself before ONNX Runtime is loaded, so readers can tell the runtime's share.
  const baselineRss = process.resourceUsage().maxRSS * 1024;
  const ort = loadOrt();
  const feeds = {};
  for (const [name, file] of Object.entries(args.inputs)) {
    const npy = readNpy(file);
    feeds[name] = new ort.Tensor(npy.type, npy.data, npy.dims);
  }
  let t0 = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Idle pool threads sleep instead of spinning (like OMP_WAIT_POLICY=passive for minnow).
    ...(args.spin ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  });
  const createMs = ms(t0);
  t0 = process.hrtime.bigint();
  await session.run(feeds);
  const firstMs = ms(t0);
  for (let i = 0; i < args.warmup; i++) await session.run(feeds);
  const lat = [];
  for (let i = 0; i < args.iterations; i++) {
    t0 = process.hrtime.bigint();
    await session.run(feeds);
    lat.push(ms(t0));
  }
  const sorted = [...lat].sort((a, b) => a - b);
  const mean = lat.reduce((s, x) => s + x, 0) / lat.length;
  process.stdout.write(JSON.stringify({
    engine: 'onnxruntime-node',
    model: args.model,
    threads: args.threads,
    session_creation_ms: createMs,
    first_run_ms: firstMs,
    iterations: lat.length,
    latency_ms: { p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), mean,
                  min: sorted[0], max: sorted[sorted.length - 1] },
    memory: { peak_rss_bytes: process.resourceUsage().maxRSS * 1024, node_baseline_rss_bytes: baselineRss },
  }) + '\n');
  await session.release();
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
