// Seeded synthetic "text page" images for the OCR models: uniform noise makes PaddleOCR's
// detector output ~1e-4 everywhere (nothing to find), which would make the comparison meaningless.
'use strict';

// Draws lines of dark glyph-like strokes on a light, slightly noisy background, then normalises
// each channel as (v - mean[c]) / std[c]. Returns a Float32Array in NCHW order for batch n.
function textPage(dims, next, mean, std) {
  const [n, ch, H, W] = dims;
  const plane = H * W;
  const out = new Float32Array(n * ch * plane);
  for (let b = 0; b < n; b++) {
    const img = new Float32Array(ch * plane).fill(1);
    const lineH = Math.max(8, Math.floor(H / 8));
    for (let y0 = Math.floor(lineH / 2); y0 + lineH < H; y0 += Math.floor(lineH * 1.6)) {
      let x = Math.floor(next() * W * 0.1) + 2;
      const end = W - 2 - Math.floor(next() * W * 0.3);
      const gh = Math.floor(lineH * 0.7);
      while (x < end) {
        const gw = Math.floor(gh * (0.5 + 0.5 * next()));
        for (let s = 0; s < 3; s++) {  // three strokes per glyph
          const horizontal = next() < 0.5;
          const sx = x + Math.floor(next() * gw * 0.6);
          const sy = y0 + Math.floor(next() * gh * 0.6);
          const thick = Math.max(1, Math.floor(gh / 8));
          const w = horizontal ? Math.floor(gw * 0.8) : thick;
          const h = horizontal ? thick : Math.floor(gh * 0.8);
          const ink = 0.1 * next();
          for (let yy = sy; yy < Math.min(H, sy + h); yy++) {
            for (let xx = sx; xx < Math.min(W, sx + w); xx++) {
              for (let c = 0; c < ch; c++) img[c * plane + yy * W + xx] = ink;
            }
          }
        }
        x += gw + Math.floor(gh * 0.2);
      }
    }
    for (let c = 0; c < ch; c++) {
      for (let i = 0; i < plane; i++) {
        const v = img[c * plane + i] + (next() - 0.5) * 0.1;
        out[(b * ch + c) * plane + i] = (v - mean[c % mean.length]) / std[c % std.length];
      }
    }
  }
  return out;
}

module.exports = { textPage };
