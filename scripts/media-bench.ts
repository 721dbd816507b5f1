/**
 * The media benchmark (`npm run bench:media`): how long Longhand takes to turn a
 * 24-megapixel camera photo into everything readers are served, and how much memory it needs.
 *
 * It makes a 6000×4000 JPEG with noise (so it compresses like a real photo, not like a flat
 * colour) and camera EXIF, then runs the real pipeline in a child process, as the background
 * job does: read the header, make the metadata-free reader copy, then every size
 * (480, 960, 1600 and 2400 px wide) in WebP, AVIF and JPEG, on one image thread as the server
 * is configured. The child reports its wall and CPU time and its peak resident memory
 * (VmHWM, read by itself just before it exits). The parent prints the figures and writes
 * bench-results/media-<timestamp>.json.
 *
 * @example
 * npm run bench:media
 * npm run bench:media -- --threads 2   # let sharp use two threads, to compare
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { configureImageProcessing, processImage } from "../src/services/media/image-processing.js";

const MB = 1024 * 1024;

interface ChildReport {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  peakSource: string;
  readerCopyBytes: number;
  variants: { width: number; height: number; format: string; bytes: number }[];
}

function peakRss(): { bytes: number; source: string } {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return { bytes: Number(match[1]) * 1024, source: "VmHWM" };
  } catch {
    // Not Linux: fall through.
  }
  return { bytes: process.resourceUsage().maxRSS * 1024, source: "maxRSS" };
}

/** The child: processes one file and prints its report as JSON. */
async function child(file: string, threads: number): Promise<void> {
  configureImageProcessing(threads);
  const bytes = fs.readFileSync(file);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { readerCopy, variants } = await processImage(bytes);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = peakRss();
  const report: ChildReport = {
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: peak.bytes / MB,
    peakSource: peak.source,
    readerCopyBytes: readerCopy.length,
    variants: variants.map((v) => ({ width: v.width, height: v.height, format: v.format, bytes: v.data.length })),
  };
  process.stdout.write(JSON.stringify(report));
}

/** A 6000×4000 photo-like JPEG: a gradient sky over noisy ground, with camera EXIF. */
async function makePhoto(file: string): Promise<void> {
  const width = 6000;
  const height = 4000;
  const noise = await sharp({ create: { width, height, channels: 3, background: { r: 110, g: 120, b: 100 }, noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .blur(1.2)
    .raw()
    .toBuffer();
  await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: "Longhand Bench", Model: "24MP" } })
    .toFile(file);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { child: { type: "string" }, threads: { type: "string", default: "1" } } });
  const threads = Number(values.threads);
  if (values.child) return child(values.child, threads);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "longhand-media-bench-"));
  try {
    const file = path.join(dir, "photo-24mp.jpg");
    await makePhoto(file);
    const size = fs.statSync(file).size;
    console.log(`Photo: 6000×4000 JPEG, ${(size / MB).toFixed(1)} MB`);
    const output = await new Promise<string>((resolve, reject) => {
      const run = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--child", file, "--threads", String(threads)], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      run.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      run.on("error", reject);
      run.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`the processing child exited with ${code}`))));
    });
    const report = JSON.parse(output) as ChildReport;
    const variantBytes = report.variants.reduce((sum, v) => sum + v.bytes, 0);
    console.log(`Processed on ${threads} image thread(s): ${report.wallSeconds.toFixed(2)} s wall, ${report.cpuSeconds.toFixed(2)} s CPU, peak ${report.peakRssMb.toFixed(0)} MB (${report.peakSource})`);
    console.log(`Reader copy: ${(report.readerCopyBytes / MB).toFixed(1)} MB; ${report.variants.length} sizes, ${(variantBytes / MB).toFixed(1)} MB in all`);
    for (const v of report.variants) console.log(`  ${v.width}×${v.height} ${v.format.padEnd(4)} ${(v.bytes / 1024).toFixed(0)} KB`);

    const resultsDir = path.resolve("bench-results");
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `media-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    fs.writeFileSync(out, `${JSON.stringify({ photo: { width: 6000, height: 4000, bytes: size }, threads, cpus: os.cpus().length, node: process.version, sharp: sharp.versions.sharp, ...report }, null, 2)}\n`);
    console.log(`Written to ${path.relative(process.cwd(), out)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
