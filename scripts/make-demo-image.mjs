#!/usr/bin/env node
// Draws the photo of the demo blog, "harbour-at-dusk.png": a small northern harbour at
// dusk (sky, headland with a lighthouse, houses with lit windows, a pier, a boat).
// The project makes the picture itself so no one else's photo ships with Longhand.
// Uses only node:zlib and node:fs, including a small PNG encoder.
//
//   node scripts/make-demo-image.mjs [output path]   (default assets/demo/harbour-at-dusk.png)
//
// The drawing is deterministic: the same script always writes the same bytes.

import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const W = 960;
const H = 540;
const HORIZON = 330;
const out = process.argv[2] ?? "assets/demo/harbour-at-dusk.png";

// ---------------------------------------------------------------- canvas (float RGB)

const px = new Float32Array(W * H * 3);

function set(x, y, c, a = 1) {
  if (x < 0 || y < 0 || x >= W || y >= H) return;
  const i = (y * W + x) * 3;
  px[i] += (c[0] - px[i]) * a;
  px[i + 1] += (c[1] - px[i + 1]) * a;
  px[i + 2] += (c[2] - px[i + 2]) * a;
}

function get(x, y) {
  const i = (y * W + x) * 3;
  return [px[i], px[i + 1], px[i + 2]];
}

function rect(x0, y0, x1, y1, c, a = 1) {
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(H, Math.ceil(y1)); y++)
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(W, Math.ceil(x1)); x++) set(x, y, c, a);
}

/** Fills a convex or simple polygon by scanlines (even-odd rule). */
function poly(points, c, a = 1) {
  const ys = points.map((p) => p[1]);
  const top = Math.max(0, Math.floor(Math.min(...ys)));
  const bottom = Math.min(H - 1, Math.ceil(Math.max(...ys)));
  for (let y = top; y <= bottom; y++) {
    const cy = y + 0.5;
    const xs = [];
    for (let i = 0; i < points.length; i++) {
      const [ax, ay] = points[i];
      const [bx, by] = points[(i + 1) % points.length];
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy)) xs.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2)
      for (let x = Math.max(0, Math.round(xs[k])); x < Math.min(W, Math.round(xs[k + 1])); x++) set(x, y, c, a);
  }
}

/** A soft round glow: alpha falls off with distance. */
function glow(cx, cy, radius, c, strength) {
  for (let y = Math.floor(cy - radius); y <= cy + radius; y++)
    for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
      const d = Math.hypot(x - cx, y - cy) / radius;
      if (d < 1) set(x, y, c, strength * (1 - d) * (1 - d));
    }
}

function disk(cx, cy, r, c, a = 1) {
  for (let y = Math.floor(cy - r); y <= cy + r; y++)
    for (let x = Math.floor(cx - r); x <= cx + r; x++) if (Math.hypot(x - cx, y - cy) <= r) set(x, y, c, a);
}

function line(x0, y0, x1, y1, c, width = 1, a = 1) {
  const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0)) * 2;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const x = x0 + (x1 - x0) * t;
    const y = y0 + (y1 - y0) * t;
    rect(x - width / 2, y - width / 2, x + width / 2, y + width / 2, c, a);
  }
}

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

function gradient(stops, t) {
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i];
    const [t0, c0] = stops[i - 1];
    if (t <= t1) return mix(c0, c1, (t - t0) / (t1 - t0));
  }
  return stops[stops.length - 1][1];
}

// A small seeded PRNG (mulberry32), so the picture is the same on every run.
let seed = 0x5eed1e;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// ---------------------------------------------------------------- the scene

const SUN_X = 610;

// Sky: indigo overhead to gold at the horizon.
const skyStops = [
  [0, hex("#141a3c")],
  [0.35, hex("#33306b")],
  [0.62, hex("#7a4c86")],
  [0.8, hex("#d0707a")],
  [0.92, hex("#f09a5e")],
  [1, hex("#f8cc83")],
];
for (let y = 0; y < HORIZON; y++) {
  const c = gradient(skyStops, y / HORIZON);
  for (let x = 0; x < W; x++) {
    // The sky is a little brighter towards the sun.
    const near = Math.max(0, 1 - Math.abs(x - SUN_X) / 700) * (y / HORIZON) ** 2;
    set(x, y, mix(c, hex("#ffd9a0"), near * 0.35));
  }
}

// Stars in the dark upper sky.
for (let i = 0; i < 140; i++) {
  const x = Math.floor(rand() * W);
  const y = Math.floor(rand() ** 1.6 * HORIZON * 0.5);
  const b = 0.35 + rand() * 0.6;
  set(x, y, [255, 250, 235], b * (1 - y / (HORIZON * 0.5)));
  if (rand() < 0.12) {
    set(x + 1, y, [255, 250, 235], b * 0.4);
    set(x - 1, y, [255, 250, 235], b * 0.4);
    set(x, y + 1, [255, 250, 235], b * 0.4);
    set(x, y - 1, [255, 250, 235], b * 0.4);
  }
}

// Thin clouds, lit from below.
function cloud(cx, cy, len, thick, c, a) {
  for (let y = Math.floor(cy - thick); y <= cy + thick; y++)
    for (let x = Math.floor(cx - len); x <= cx + len; x++) {
      const dx = (x - cx) / len;
      const dy = (y - cy) / thick;
      const d = dx * dx + dy * dy * (1 + 0.4 * Math.sin(x * 0.05));
      if (d < 1) set(x, y, c, a * (1 - d));
    }
}
cloud(260, 150, 190, 7, hex("#e48a86"), 0.55);
cloud(330, 162, 140, 4, hex("#f3a77c"), 0.5);
cloud(780, 118, 170, 6, hex("#c9708a"), 0.45);
cloud(720, 210, 220, 5, hex("#f6b27a"), 0.5);
cloud(120, 236, 150, 3, hex("#f7b982"), 0.45);

// The sun, half set, with its glow.
glow(SUN_X, HORIZON, 260, hex("#ffc27a"), 0.45);
glow(SUN_X, HORIZON, 90, hex("#ffe4a8"), 0.6);
disk(SUN_X, HORIZON + 6, 30, hex("#fff1c8"));

// Far islands on the horizon, hazy.
function ridge(x0, x1, height, c, a, wobble) {
  for (let x = x0; x < x1; x++) {
    const t = (x - x0) / (x1 - x0);
    const h = height * Math.sin(Math.PI * t) ** 0.7 + wobble * Math.sin(x * 0.07) + (wobble / 2) * Math.sin(x * 0.19);
    for (let y = Math.floor(HORIZON - Math.max(0, h)); y < HORIZON; y++) set(x, y, c, a);
  }
}
ridge(380, 560, 18, hex("#8a5a7e"), 0.85, 2);
ridge(660, 820, 12, hex("#8f5e80"), 0.8, 1.5);

// Sea: lighter near the horizon, dark in front.
const seaStops = [
  [0, hex("#b77a8c")],
  [0.15, hex("#6d5484")],
  [0.5, hex("#33346a")],
  [1, hex("#151a3a")],
];
for (let y = HORIZON; y < H; y++) {
  const t = (y - HORIZON) / (H - HORIZON);
  const base = gradient(seaStops, t);
  for (let x = 0; x < W; x++) {
    // Ripples: horizontal streaks that get longer and wider towards the viewer.
    const scale = 1 + t * 6;
    const ripple = Math.sin(x / (9 * scale) + Math.sin(y * 0.9) * 3 + y * 0.3) * Math.sin(y * (1.7 - t));
    let c = mix(base, ripple > 0 ? hex("#8a6a9a") : hex("#111634"), Math.abs(ripple) * 0.18);
    // The sun's path on the water: a glittering column that widens towards the viewer.
    const width = 18 + t * 140;
    const dx = Math.abs(x - SUN_X) / width;
    if (dx < 1 && ripple > 0.15) {
      const a = (1 - dx) * (1 - dx) * (0.9 - t * 0.55) * Math.min(1, ripple * 1.6);
      c = mix(c, hex("#ffd79a"), a);
    }
    set(x, y, c);
  }
}

// Right headland with a lighthouse.
const headland = [];
for (let x = 760; x <= W; x += 4) {
  const t = (x - 760) / (W - 760);
  headland.push([x, HORIZON + 4 - 70 * Math.sqrt(t) + 6 * Math.sin(x * 0.05)]);
}
poly([[740, HORIZON + 8], ...headland, [W, HORIZON + 26], [740, HORIZON + 26]], hex("#2a2140"));
// Rocks at its foot.
for (let i = 0; i < 14; i++) {
  const x = 760 + rand() * 200;
  disk(x, HORIZON + 16 + rand() * 5, 2 + rand() * 4, hex("#33294d"));
}
const LH_X = 890;
const LH_BASE = HORIZON - 52;
poly([[LH_X - 9, LH_BASE], [LH_X + 9, LH_BASE], [LH_X + 6, LH_BASE - 62], [LH_X - 6, LH_BASE - 62]], hex("#e9dcd0"));
for (const band of [12, 36]) rect(LH_X - 9, LH_BASE - band - 9, LH_X + 9, LH_BASE - band, hex("#b54646"));
rect(LH_X - 9, LH_BASE - 66, LH_X + 9, LH_BASE - 62, hex("#2a2140"));
rect(LH_X - 6, LH_BASE - 76, LH_X + 6, LH_BASE - 66, hex("#fff0b0"));
poly([[LH_X - 9, LH_BASE - 76], [LH_X + 9, LH_BASE - 76], [LH_X, LH_BASE - 86]], hex("#2a2140"));
// The beam, sweeping left over the sea and fading with distance.
for (let x = 520; x < LH_X; x++) {
  const t = (LH_X - x) / (LH_X - 520);
  const y0 = LH_BASE - 71 - t * 44;
  const y1 = LH_BASE - 71 + t * 10;
  for (let y = Math.floor(y0); y <= y1; y++) {
    const edge = Math.min(y - y0, y1 - y) / Math.max(1, (y1 - y0) / 2);
    set(x, y, hex("#fff3c4"), 0.16 * (1 - t) ** 1.2 * Math.min(1, edge * 3));
  }
}
glow(LH_X, LH_BASE - 71, 40, hex("#fff0b0"), 0.6);

// Left: the town on a slope, houses with gable roofs and lit windows.
const hill = [];
for (let x = 0; x <= 420; x += 4) {
  const t = x / 420;
  hill.push([x, HORIZON - 40 + 70 * t * t + 4 * Math.sin(x * 0.04)]);
}
poly([[0, HORIZON + 58], [0, HORIZON - 40], ...hill, [420, HORIZON + 40], [430, HORIZON + 58]], hex("#231b35"));
// Behind the houses, a darker ridge of trees.
for (let x = 0; x < 300; x++) {
  const h = 26 + 10 * Math.sin(x * 0.13) + 6 * Math.sin(x * 0.37) - x * 0.06;
  for (let y = Math.floor(HORIZON - 40 - h + (x / 420) ** 2 * 70); y < HORIZON - 30; y++) set(x, y, hex("#1d1730"));
}

const houseColours = ["#6b3a4a", "#3f4a6e", "#7a5a3a", "#4e3a5e", "#5f2f3a", "#3a5560", "#6a4a62"];
const litWindows = [];
const houses = [
  [10, 58, 56], [70, 50, 64], [126, 56, 50], [186, 46, 58], [236, 52, 44], [292, 44, 50], [340, 48, 40],
  [40, 44, 30], [150, 40, 28], [258, 38, 26],
];
for (const [hx, hw, hh] of houses) {
  const ground = HORIZON - 40 + 70 * ((hx + hw / 2) / 420) ** 2 + 30;
  const colour = hex(houseColours[Math.floor(rand() * houseColours.length)]);
  const wall = mix(colour, hex("#1a1428"), 0.35);
  const top = ground - hh;
  rect(hx, top, hx + hw, ground + 20, wall);
  // The side facing the sunset catches a little light.
  rect(hx + hw - 4, top, hx + hw, ground + 20, mix(wall, hex("#f0a070"), 0.25));
  poly([[hx - 4, top + 1], [hx + hw / 2, top - hw * 0.45], [hx + hw + 4, top + 1]], hex("#1a1326"));
  // Windows: most lit, some dark; lit ones are mirrored below the quay as wavering streaks.
  for (let wy = top + 8; wy < ground - 6; wy += 16)
    for (let wx = hx + 7; wx < hx + hw - 10; wx += 14) {
      if (rand() < 0.7) {
        glow(wx + 3, wy + 4, 12, hex("#ffc66a"), 0.25);
        rect(wx, wy, wx + 7, wy + 9, hex(rand() < 0.5 ? "#ffd27a" : "#ffe3a2"));
        rect(wx + 3, wy, wx + 4, wy + 9, mix(wall, hex("#ffd27a"), 0.3));
        litWindows.push(wx + 3);
      } else rect(wx, wy, wx + 7, wy + 9, hex("#1a1428"));
    }
}
// A church steeple above the roofs.
rect(200, HORIZON - 96, 214, HORIZON - 40, hex("#2b2140"));
poly([[197, HORIZON - 96], [217, HORIZON - 96], [207, HORIZON - 140]], hex("#2b2140"));
rect(204, HORIZON - 86, 210, HORIZON - 78, hex("#ffd27a"));

// The quay under the town.
rect(0, HORIZON + 38, 430, HORIZON + 52, hex("#2d2436"));
rect(0, HORIZON + 52, 430, HORIZON + 58, hex("#1a1526"));

for (const wx of litWindows) {
  for (let y = HORIZON + 60; y < HORIZON + 150; y += 2) {
    const fade = 1 - (y - HORIZON - 60) / 90;
    const sway = 2.5 * Math.sin(y * 0.45 + wx);
    if (Math.sin(y * 1.1 + wx * 0.3) > -0.3) rect(wx - 2 + sway, y, wx + 3 + sway, y + 1, hex("#ffc66a"), 0.22 * fade);
  }
}

// The pier: a wooden deck running out from the quay, on posts, with lamps.
const PIER_Y = HORIZON + 92;
poly([[300, HORIZON + 44], [340, HORIZON + 44], [720, PIER_Y - 6], [720, PIER_Y + 4], [300, HORIZON + 58]], hex("#3a2a2a"));
poly([[300, HORIZON + 40], [340, HORIZON + 40], [720, PIER_Y - 10], [720, PIER_Y - 6], [340, HORIZON + 44], [300, HORIZON + 44]], hex("#6a4a3a"));
for (let x = 320; x <= 716; x += 28) {
  const t = (x - 320) / 400;
  const deck = HORIZON + 50 + t * 44;
  rect(x, deck, x + 4 + t * 2, deck + 26 + t * 18, hex("#2a1e22"));
  // Post reflections wobble in the water.
  for (let y = Math.floor(deck + 26 + t * 18); y < deck + 60 + t * 40; y++)
    set(x + Math.round(2 * Math.sin(y * 0.8)), y, hex("#2a1e22"), 0.5);
}
for (const [lx, ly] of [[400, HORIZON + 50], [540, HORIZON + 67], [690, HORIZON + 84]]) {
  rect(lx, ly - 46, lx + 3, ly, hex("#1c1620"));
  glow(lx + 1, ly - 48, 46, hex("#ffcf7a"), 0.45);
  disk(lx + 1, ly - 48, 4, hex("#fff0c0"));
  // The lamp's reflection: a wavering streak under the pier.
  for (let y = ly + 40; y < ly + 120 && y < H; y += 3) {
    const w = 3 + (y - ly) * 0.06;
    rect(lx + 1 - w + 3 * Math.sin(y * 0.5), y, lx + 1 + w + 3 * Math.sin(y * 0.5), y + 1, hex("#ffcf7a"), 0.35 * (1 - (y - ly - 40) / 80));
  }
}

// A small fishing boat, moored off the end of the pier.
const BX = 790;
const BY = HORIZON + 120;
poly([[BX - 62, BY - 18], [BX + 70, BY - 20], [BX + 54, BY + 6], [BX - 50, BY + 6]], hex("#b23a3a"));
poly([[BX - 62, BY - 18], [BX + 70, BY - 20], [BX + 68, BY - 14], [BX - 60, BY - 12]], hex("#efe6dc"));
rect(BX - 30, BY - 44, BX + 14, BY - 19, hex("#e8e0d6"));
rect(BX + 14, BY - 44, BX + 16, BY - 19, hex("#f5c9a0"));
rect(BX - 34, BY - 48, BX + 18, BY - 44, hex("#3a3050"));
rect(BX - 24, BY - 38, BX - 14, BY - 30, hex("#ffd27a"));
rect(BX - 8, BY - 38, BX + 2, BY - 30, hex("#ffd27a"));
glow(BX - 12, BY - 34, 26, hex("#ffc66a"), 0.3);
line(BX + 30, BY - 20, BX + 30, BY - 110, hex("#2a2236"), 3);
line(BX + 30, BY - 106, BX - 40, BY - 20, hex("#2a2236"), 1);
line(BX + 30, BY - 106, BX + 68, BY - 20, hex("#2a2236"), 1);
disk(BX + 30, BY - 112, 3, hex("#ff6a5a"));
glow(BX + 30, BY - 112, 14, hex("#ff6a5a"), 0.4);
// Its reflection: the hull's colours, broken by ripples.
for (let y = BY + 6; y < BY + 40; y++) {
  const fade = 1 - (y - BY - 6) / 34;
  for (let x = BX - 50; x < BX + 54; x++) {
    if (Math.sin(y * 1.3 + x * 0.02) > -0.2) set(x + Math.round(3 * Math.sin(y * 0.7)), y, hex("#6a2a3a"), 0.55 * fade);
  }
}
line(BX + 30, BY + 8, BX + 30, BY + 70, hex("#1c1a30"), 2, 0.35);

// Gulls.
for (const [gx, gy, s] of [[470, 120, 9], [500, 100, 7], [530, 132, 6], [150, 80, 8]]) {
  line(gx - s, gy - s * 0.4, gx, gy, hex("#241c34"), 1.6);
  line(gx, gy, gx + s, gy - s * 0.5, hex("#241c34"), 1.6);
}

// A soft vignette so the eye goes to the harbour.
for (let y = 0; y < H; y++)
  for (let x = 0; x < W; x++) {
    const dx = (x - W / 2) / (W / 2);
    const dy = (y - H / 2) / (H / 2);
    const v = Math.max(0, Math.hypot(dx, dy) - 0.7);
    if (v > 0) set(x, y, [8, 8, 24], Math.min(0.5, v * 0.8));
  }

// ---------------------------------------------------------------- to 8-bit, with ordered dithering

// A 4×4 Bayer matrix: smooth gradients without banding, and it still compresses well.
const bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
const raw = Buffer.alloc((W * 3 + 1) * H);
for (let y = 0; y < H; y++) {
  const row = y * (W * 3 + 1);
  raw[row] = 0;
  for (let x = 0; x < W; x++) {
    const d = (bayer[(y & 3) * 4 + (x & 3)] + 0.5) / 16 - 0.5;
    const [r, g, b] = get(x, y);
    const o = row + 1 + x * 3;
    raw[o] = Math.max(0, Math.min(255, Math.round(r + d * 2)));
    raw[o + 1] = Math.max(0, Math.min(255, Math.round(g + d * 2)));
    raw[o + 2] = Math.max(0, Math.min(255, Math.round(b + d * 2)));
  }
}

// ---------------------------------------------------------------- PNG encoder

const crcTable = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  crcTable[n] = c >>> 0;
}
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** Per row, picks the PNG filter (None, Sub, Up, Average, Paeth) with the smallest sum of residuals. */
function filterRows(unfiltered) {
  const stride = W * 3;
  const outRows = Buffer.alloc(unfiltered.length);
  const prevRow = Buffer.alloc(stride);
  const candidate = Buffer.alloc(stride);
  for (let y = 0; y < H; y++) {
    const cur = unfiltered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const prev = y === 0 ? prevRow : unfiltered.subarray((y - 1) * (stride + 1) + 1, y * (stride + 1));
    let best = -1;
    let bestScore = Infinity;
    let bestBytes = null;
    for (let f = 0; f < 5; f++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= 3 ? cur[i - 3] : 0;
        const b = prev[i];
        const c = i >= 3 ? prev[i - 3] : 0;
        let pred = 0;
        if (f === 1) pred = a;
        else if (f === 2) pred = b;
        else if (f === 3) pred = (a + b) >> 1;
        else if (f === 4) {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        const v = (cur[i] - pred) & 0xff;
        candidate[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        best = f;
        bestBytes = Buffer.from(candidate);
      }
    }
    const o = y * (stride + 1);
    outRows[o] = best;
    bestBytes.copy(outRows, o + 1);
  }
  return outRows;
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0);
ihdr.writeUInt32BE(H, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 2; // colour type: RGB
ihdr[10] = 0; // compression: deflate
ihdr[11] = 0; // filter method 0
ihdr[12] = 0; // no interlace

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(filterRows(raw), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${W}×${H}, ${Math.round(png.length / 1024)} KB)`);
