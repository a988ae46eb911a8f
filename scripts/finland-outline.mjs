#!/usr/bin/env node
// Writes app/src/components/finland_outline.rs: Finland's border as SVG path data in the
// dashboard map's coordinates, from world-atlas (Natural Earth 1:50m admin-0 countries,
// public domain; installed in end2end/ by `npm ci`).
//
//   node scripts/finland-outline.mjs          regenerate the file
//   node scripts/finland-outline.mjs --check  exit 1 when the committed file differs
//
// Plain Node, no dependencies beyond the data: the TopoJSON arcs are decoded here, the
// polygons projected exactly as region_map.rs projects the bubbles, tiny islands dropped and
// each ring simplified (Douglas–Peucker). The output depends on nothing but the data file, so
// a run is deterministic.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The generated Rust file. */
export const OUTPUT = fileURLToPath(
  new URL('../app/src/components/finland_outline.rs', import.meta.url),
);
/** Finland in Natural Earth (ISO 3166-1 numeric); Åland (248) is a separate entry there. */
const FINLAND_ID = '246';
/**
 * The map's projection, the same as `point` in app/src/components/region_map.rs: degrees in
 * hundredths, x = (lon − LEFT) · 44 · PX / 1000 and y = (TOP − lat) · PX / 10 (longitude
 * scaled by cos 64° ≈ 0.44). The bubbles' integer division truncates; the outline keeps
 * tenths of a pixel.
 */
export const PROJECTION = { top: 7020, left: 1950, px: 4, lonFactor: 44 };
/** The map's viewBox (width, height), as in region_map.rs. */
export const VIEW_BOX = { width: 260, height: 450 };
/** Islands smaller than this (square pixels on the map) are left out. */
const MIN_AREA = 6;
/** Douglas–Peucker tolerance in pixels. */
const TOLERANCE = 0.4;

/** Projects (longitude, latitude) in degrees onto the map. */
export function project([lon, lat]) {
  const { top, left, px, lonFactor } = PROJECTION;
  return [((lon * 100 - left) * lonFactor * px) / 1000, ((top - lat * 100) * px) / 10];
}

function loadTopology() {
  const require = createRequire(new URL('../end2end/package.json', import.meta.url));
  let file;
  try {
    file = require.resolve('world-atlas/countries-50m.json');
  } catch {
    throw new Error('world-atlas is missing: run `npm ci` in end2end/');
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The arcs as absolute (longitude, latitude) points: quantized and delta-encoded in the file. */
function decodeArcs(topology) {
  const { scale, translate } = topology.transform;
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
    });
  });
}

/** A ring from its arc indices; a negative index ~i is arc i reversed. */
function ring(arcIndices, arcs) {
  const points = [];
  for (const index of arcIndices) {
    const arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
    // Consecutive arcs share their end point.
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return points;
}

/** The geometry's polygons, each a list of rings (the first the exterior). */
function polygons(geometry, arcs) {
  switch (geometry.type) {
    case 'Polygon':
      return [geometry.arcs.map((r) => ring(r, arcs))];
    case 'MultiPolygon':
      return geometry.arcs.map((p) => p.map((r) => ring(r, arcs)));
    default:
      throw new Error(`unexpected geometry type ${geometry.type}`);
  }
}

/** The ring's area (shoelace), absolute. */
function area(points) {
  let sum = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    sum += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  }
  return Math.abs(sum) / 2;
}

/** Distance of `p` from the segment a–b. */
function segmentDistance(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const along = length2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2;
  const t = Math.max(0, Math.min(1, along));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Douglas–Peucker on an open polyline; keeps both ends. Iterative, so deep rings are fine. */
function simplifyLine(points, tolerance) {
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last]);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * A closed ring simplified: split at its first point and the point farthest from it, each half
 * simplified on its own. Returned without the repeated closing point.
 */
function simplifyRing(points, tolerance) {
  const open = points.slice(0, -1);
  let split = 0;
  let best = -1;
  open.forEach((p, i) => {
    const d = Math.hypot(p[0] - open[0][0], p[1] - open[0][1]);
    if (d > best) {
      best = d;
      split = i;
    }
  });
  const a = simplifyLine(open.slice(0, split + 1), tolerance);
  const b = simplifyLine([...open.slice(split), open[0]], tolerance);
  return [...a, ...b.slice(1, -1)];
}

/** A number rounded to tenths, without a trailing `.0` (and never `-0`). */
function tenths(value) {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded === 0 ? 0 : rounded);
}

/** The outline's rings on the map, rounded to tenths, as [x, y] strings. */
export function outlineRings() {
  const topology = loadTopology();
  const arcs = decodeArcs(topology);
  const finland = topology.objects.countries.geometries.find((g) => g.id === FINLAND_ID);
  if (!finland) throw new Error(`no geometry with id ${FINLAND_ID} in world-atlas`);
  const rings = [];
  for (const polygon of polygons(finland, arcs)) {
    for (const r of polygon) {
      const projected = r.map(project);
      if (area(projected) < MIN_AREA) continue;
      const points = [];
      for (const [x, y] of simplifyRing(projected, TOLERANCE)) {
        const point = [tenths(x), tenths(y)];
        const previous = points[points.length - 1];
        if (!previous || previous[0] !== point[0] || previous[1] !== point[1]) points.push(point);
      }
      if (points.length >= 3) rings.push(points);
    }
  }
  // Biggest first, so the order never depends on anything but the data.
  return rings
    .map((r) => ({ r, a: area(r.map(([x, y]) => [Number(x), Number(y)])) }))
    .sort((p, q) => q.a - p.a)
    .map((p) => p.r);
}

/** SVG path data: one subpath per ring, lines implied after each `M`. */
export function outlinePath(rings = outlineRings()) {
  return rings.map((r) => `M${r.map(([x, y]) => `${x},${y}`).join(' ')}Z`).join(' ');
}

/** The Rust source: the path in a string continued over lines of at most 100 characters. */
export function generate() {
  const path = outlinePath();
  const lines = [];
  let line = '';
  for (const token of path.split(' ')) {
    if (line && 4 + line.length + 1 + token.length + 2 > 100) {
      lines.push(line);
      line = token;
    } else {
      line = line ? `${line} ${token}` : token;
    }
  }
  lines.push(line);
  // `\` at a line's end skips the line break and the next line's indentation, so the space
  // that separates two tokens stands before it.
  const body = lines.map((l, i) => `    ${l}${i < lines.length - 1 ? ' \\' : '";'}`).join('\n');
  return `//! Finland's border for the dashboard map (\`region_map\`), in the map's coordinates.
//!
//! Generated by \`scripts/finland-outline.mjs\` from \`world-atlas\` (Natural Earth 1:50m,
//! public domain): do not edit by hand; run \`node scripts/finland-outline.mjs\` instead.

/// Finland's outline as SVG path data, one subpath per ring (the mainland first, then the
/// larger islands), projected like the map's bubbles.
pub const FINLAND_PATH: &str = "\\
${body}
`;
}

function main(args) {
  const text = generate();
  if (args.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(OUTPUT, 'utf8');
    } catch {
      // Missing counts as different.
    }
    if (committed !== text) {
      const name = OUTPUT.slice(root.length);
      console.error(`${name} is not what scripts/finland-outline.mjs makes; run it`);
      process.exit(1);
    }
    console.log(`${OUTPUT.slice(root.length)} is up to date`);
    return;
  }
  writeFileSync(OUTPUT, text);
  const path = outlinePath();
  console.log(`wrote ${OUTPUT.slice(root.length)}: ${path.length} bytes of path data`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
