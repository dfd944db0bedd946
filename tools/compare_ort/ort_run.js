#!/usr/bin/env node
// Runs an ONNX model with ONNX Runtime (CPU): the same command line as `minnow run`, so either
// engine can produce the outputs that compare.js checks and the fixtures' reference outputs.
//
//   node ort_run.js MODEL.onnx --input NAME=FILE.npy [--input ...] --output-dir DIR [--threads N]
//
// Writes DIR/<sanitized output name>.npy for every model output and prints their shapes.
'use strict';
const fs = require('fs');
const path = require('path');
const { readNpy, writeNpy } = require('./npy');

// File name for a model output: characters outside [A-Za-z0-9._-] become '_' (so names with
// '/' or ':' cannot leave DIR); a name made only of dots gets a '_' prefix.
function sanitizeName(name) {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^\.*$/.test(s) ? `_${s}` : s;
}

function loadOrt() {
  // Prefer the copy installed next to this script; fall back to NODE_PATH/global resolution.
  try {
    return require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));
  } catch (e) {
    return require('onnxruntime-node');
  }
}

function toOrtTensor(ort, npy) {
  // ORT wants bool tensors as Uint8Array of 0/1, which is what readNpy produces.
  return new ort.Tensor(npy.type, npy.data, npy.dims);
}

// Runs `modelPath` on {name: npy} inputs; returns [{name, type, dims, data}] in model order.
async function runOrt(modelPath, inputs, { threads = 1 } = {}) {
  const ort = loadOrt();
  // Single-threaded, fully optimised CPU session: deterministic and the reference minnow matches.
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const feeds = {};
  for (const name of session.inputNames) {
    if (!(name in inputs)) throw new Error(`${modelPath}: missing input '${name}' (model inputs: ${session.inputNames.join(', ')})`);
    feeds[name] = toOrtTensor(ort, inputs[name]);
  }
  for (const name of Object.keys(inputs)) {
    if (!session.inputNames.includes(name)) throw new Error(`${modelPath}: model has no input '${name}'`);
  }
  const results = await session.run(feeds);
  const outputs = session.outputNames.map((name) => {
    const t = results[name];
    return { name, type: t.type, dims: Array.from(t.dims), data: t.data };
  });
  await session.release();
  return outputs;
}

// Session metadata without running: [{name, type, shape}] for inputs and outputs.
async function describeModel(modelPath) {
  const ort = loadOrt();
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
  const md = { inputs: session.inputMetadata.map((m) => ({ name: m.name, type: m.type, shape: m.shape })),
               outputs: session.outputMetadata.map((m) => ({ name: m.name, type: m.type, shape: m.shape })) };
  await session.release();
  return md;
}

function parseArgs(argv) {
  const args = { inputs: {}, outputDir: null, model: null, threads: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--input' || a === '-i') {
      const v = next();
      const eq = v.indexOf('=');
      if (eq <= 0) throw new Error(`--input wants NAME=FILE.npy, got '${v}'`);
      args.inputs[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a === '--output-dir' || a === '-o') {
      args.outputDir = next();
    } else if (a === '--threads') {
      args.threads = Number(next());
    } else if (a.startsWith('-')) {
      throw new Error(`unknown option ${a}`);
    } else if (args.model === null) {
      args.model = a;
    } else {
      throw new Error(`unexpected argument ${a}`);
    }
  }
  if (!args.model || !args.outputDir) throw new Error('usage: ort_run.js MODEL --input NAME=FILE.npy ... --output-dir DIR');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const inputs = {};
  for (const [name, file] of Object.entries(args.inputs)) inputs[name] = readNpy(file);
  const outputs = await runOrt(args.model, inputs, { threads: args.threads });
  fs.mkdirSync(args.outputDir, { recursive: true });
  for (const o of outputs) {
    const file = path.join(args.outputDir, `${sanitizeName(o.name)}.npy`);
    writeNpy(file, o.type, o.dims, o.data);
    console.log(`${o.name}: ${o.type} ${o.dims.join('x')} -> ${file}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`ort_run: ${e.message}`);
    process.exit(1);
  });
}

module.exports = { runOrt, describeModel, sanitizeName };
