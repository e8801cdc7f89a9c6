/**
 * Draws Polku's Teams icons: a path ("polku") winding from the bottom edge towards a goal.
 * - appPackage/color.png: 192×192, full-bleed colour (every pixel opaque)
 * - appPackage/outline.png: 32×32, white (#FFFFFF) on a fully transparent background
 *
 * Run `node --import tsx scripts/draw-icons.ts` to regenerate both files; the drawing is
 * deterministic, and tests/app checks that the committed icons are what this script draws.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type RGB = [number, number, number];

const BACKGROUND_TOP: RGB = [0x1b, 0x4d, 0x3e];
const BACKGROUND_BOTTOM: RGB = [0x2e, 0x7d, 0x5b];
const PATH_COLOUR: RGB = [0xf4, 0xe7, 0xc5];
const GOAL_COLOUR: RGB = [0xf5, 0xc2, 0x4a];

/** The accent colour the manifest uses with these icons. */
export const ACCENT_COLOUR = '#2E7D5B';

interface Shape {
  /** Half-width of the path at the bottom and at the top, in units of the icon's side. */
  widthBottom: number;
  widthTop: number;
  /** Radius of the goal disc above the path's end. */
  goalRadius: number;
}

/** Centre line of the path, t = 0 at the bottom edge, t = 1 at its far end. */
function centre(t: number): [number, number] {
  const x = 0.5 - 0.2 * Math.sin(Math.PI * 1.8 * t) * (1 - 0.35 * t);
  return [x, Y_BOTTOM - Y_SPAN * t];
}

const Y_BOTTOM = 1.02;
const Y_SPAN = 0.72;

/**
 * Coverage (0…1) of the path and of the goal disc for each pixel of a size×size icon, computed
 * on a grid `ss` times finer and averaged.
 */
function coverage(size: number, shape: Shape, ss = 4): { path: Float32Array; goal: Float32Array } {
  const n = size * ss;
  const pathMask = new Uint8Array(n * n);
  const goalMask = new Uint8Array(n * n);
  const stamp = (mask: Uint8Array, cx: number, cy: number, r: number) => {
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(n - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      const half = r * r - dy * dy;
      if (half < 0) continue;
      const w = Math.sqrt(half);
      const x0 = Math.max(0, Math.ceil(cx - w - 0.5));
      const x1 = Math.min(n - 1, Math.floor(cx + w - 0.5));
      if (x1 >= x0) mask.fill(1, y * n + x0, y * n + x1 + 1);
    }
  };
  // The path is drawn row by row, like a road seen in perspective: each row of the fine grid
  // is cut at the centre line's height, and the path's width shrinks as it goes away.
  for (let y = 0; y < n; y++) {
    const t = (Y_BOTTOM - (y + 0.5) / n) / Y_SPAN;
    if (t < 0 || t > 1) continue;
    const [cx] = centre(t);
    const w = (shape.widthBottom * (1 - t) + shape.widthTop * t) * n;
    const x0 = Math.max(0, Math.ceil(cx * n - w - 0.5));
    const x1 = Math.min(n - 1, Math.floor(cx * n + w - 0.5));
    if (x1 >= x0) pathMask.fill(1, y * n + x0, y * n + x1 + 1);
  }
  const [ex, ey] = centre(1);
  stamp(pathMask, ex * n, ey * n, shape.widthTop * n);
  stamp(goalMask, ex * n, (ey - shape.goalRadius - 0.05) * n, shape.goalRadius * n);

  const average = (mask: Uint8Array) => {
    const out = new Float32Array(size * size);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if (mask[y * n + x]) out[Math.floor(y / ss) * size + Math.floor(x / ss)] += 1 / (ss * ss);
      }
    }
    return out;
  };
  return { path: average(pathMask), goal: average(goalMask) };
}

const mix = (a: number, b: number, k: number) => Math.round(a + (b - a) * k);

/** The 192×192 colour icon: full-bleed green, a sand-coloured path, a yellow goal. */
export function drawColorIcon(size = 192): PNG {
  const png = new PNG({ width: size, height: size });
  const { path: p, goal: g } = coverage(size, { widthBottom: 0.15, widthTop: 0.025, goalRadius: 0.08 });
  for (let y = 0; y < size; y++) {
    const k = y / (size - 1);
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      let rgb: RGB = [0, 1, 2].map((c) => mix(BACKGROUND_TOP[c], BACKGROUND_BOTTOM[c], k)) as RGB;
      rgb = rgb.map((v, c) => mix(v, PATH_COLOUR[c], Math.min(1, p[i]))) as RGB;
      rgb = rgb.map((v, c) => mix(v, GOAL_COLOUR[c], Math.min(1, g[i]))) as RGB;
      png.data[i * 4] = rgb[0];
      png.data[i * 4 + 1] = rgb[1];
      png.data[i * 4 + 2] = rgb[2];
      png.data[i * 4 + 3] = 255;
    }
  }
  return png;
}

/** The 32×32 outline icon: the same path and goal in white on full transparency. */
export function drawOutlineIcon(size = 32): PNG {
  const png = new PNG({ width: size, height: size });
  const { path: p, goal: g } = coverage(size, { widthBottom: 0.16, widthTop: 0.055, goalRadius: 0.11 }, 8);
  for (let i = 0; i < size * size; i++) {
    const a = Math.round(255 * Math.min(1, p[i] + g[i]));
    png.data[i * 4] = 255;
    png.data[i * 4 + 1] = 255;
    png.data[i * 4 + 2] = 255;
    png.data[i * 4 + 3] = a;
  }
  return png;
}

export function writeIcons(dir: string): void {
  fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(drawColorIcon(), { colorType: 6 }));
  fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(drawOutlineIcon(), { colorType: 6 }));
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  writeIcons(dir);
  console.log(`icons written to ${path.relative(process.cwd(), dir) || '.'}`);
}
