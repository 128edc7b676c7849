// Draws the Teams app icons: two overlapping speech bubbles, the front one carrying a check mark.
// Run `npx tsx scripts/icons.ts` after changing the drawing; it rewrites manifest/teams/color.png (192x192, full colour)
// and manifest/teams/outline.png (32x32, white on transparent). A test checks the committed files match this drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { projectRoot } from '../src/config/paths.js';

const teamsManifestDir = path.join(projectRoot, 'manifest', 'teams');

/** The background of color.png; manifest.json's accentColor is the same. */
export const accentColor = '#176B87';

type Rgb = readonly [number, number, number];
type Shape = (x: number, y: number) => boolean;

const white: Rgb = [255, 255, 255];
const accent: Rgb = [parseInt(accentColor.slice(1, 3), 16), parseInt(accentColor.slice(3, 5), 16), parseInt(accentColor.slice(5, 7), 16)];

// The symbol, in a unit box: x to the right, y down.
function roundedRect(left: number, top: number, right: number, bottom: number, radius: number, grow = 0): Shape {
  return (x, y) => {
    const dx = Math.max(left + radius - x, 0, x - (right - radius));
    const dy = Math.max(top + radius - y, 0, y - (bottom - radius));
    return Math.hypot(dx, dy) <= radius + grow;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, grow = 0): Shape {
  const edges: [number, number, number, number][] = [
    [ax, ay, bx, by],
    [bx, by, cx, cy],
    [cx, cy, ax, ay],
  ];
  const orientation = Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  return (x, y) => edges.every(([x1, y1, x2, y2]) => (orientation * ((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1))) / Math.hypot(x2 - x1, y2 - y1) >= -grow);
}

function segment(x1: number, y1: number, x2: number, y2: number, halfWidth: number): Shape {
  return (x, y) => {
    const length2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
    const t = Math.min(1, Math.max(0, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length2));
    return Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1))) <= halfWidth;
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((shape) => shape(x, y));

const backBubble = (grow = 0) => union(roundedRect(0, 0.02, 0.62, 0.5, 0.12, grow), triangle(0.1, 0.44, 0.27, 0.44, 0.05, 0.64, grow));
const frontBubble = (grow = 0) => union(roundedRect(0.36, 0.3, 1, 0.8, 0.12, grow), triangle(0.72, 0.74, 0.9, 0.74, 0.95, 0.98, grow));
const front = frontBubble();
const frontWithGap = frontBubble(0.065);
const back = backBubble();
const check = union(segment(0.5, 0.56, 0.61, 0.67, 0.042), segment(0.61, 0.67, 0.84, 0.44, 0.042));

/** What covers a point of the unit box: the colour and the opacity of the symbol there, or nothing. */
type Paint = (x: number, y: number) => { rgb: Rgb; alpha: number } | undefined;

function render(size: number, padding: number, background: Rgb | undefined, paint: Paint, samples: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const scale = size * (1 - 2 * padding);
  const offset = size * padding;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Average the samples in premultiplied colour, then un-premultiply.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples - offset) / scale;
          const y = (py + (sy + 0.5) / samples - offset) / scale;
          const top = paint(x, y);
          const under = background ? { rgb: background, alpha: 1 } : { rgb: white, alpha: 0 };
          const alpha = top ? top.alpha + under.alpha * (1 - top.alpha) : under.alpha;
          const mix = (channel: 0 | 1 | 2) => (top ? top.rgb[channel] * top.alpha : 0) + under.rgb[channel] * under.alpha * (1 - (top?.alpha ?? 0));
          r += mix(0);
          g += mix(1);
          b += mix(2);
          a += alpha;
        }
      }
      const index = (py * size + px) * 4;
      const n = samples * samples;
      png.data[index] = a === 0 ? 255 : Math.round(r / a);
      png.data[index + 1] = a === 0 ? 255 : Math.round(g / a);
      png.data[index + 2] = a === 0 ? 255 : Math.round(b / a);
      png.data[index + 3] = Math.round((a / n) * 255);
    }
  }
  return PNG.sync.write(png);
}

/** color.png: the white bubbles on the accent colour, filling the square (Teams rounds the corners itself). */
export function colorIcon(): Buffer {
  return render(
    192,
    0.2,
    accent,
    (x, y) => {
      if (check(x, y)) return front(x, y) ? { rgb: accent, alpha: 1 } : undefined;
      if (front(x, y)) return { rgb: white, alpha: 1 };
      if (back(x, y) && !frontWithGap(x, y)) return { rgb: white, alpha: 0.6 };
      return undefined;
    },
    4,
  );
}

/** outline.png: the same symbol in white on transparent, the check mark cut out; every pixel is white. */
export function outlineIcon(): Buffer {
  return render(
    32,
    0.04,
    undefined,
    (x, y) => {
      if (check(x, y)) return undefined;
      if (front(x, y) || (back(x, y) && !frontWithGap(x, y))) return { rgb: white, alpha: 1 };
      return undefined;
    },
    8,
  );
}

export function writeIcons(dir = teamsManifestDir): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    [path.join(dir, 'color.png'), colorIcon()],
    [path.join(dir, 'outline.png'), outlineIcon()],
  ] as const;
  for (const [file, png] of files) writeFileSync(file, png);
  return files.map(([file]) => file);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const file of writeIcons()) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
