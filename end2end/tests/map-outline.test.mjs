// The dashboard map's outline of Finland (app/src/components/finland_outline.rs) is what
// scripts/finland-outline.mjs makes from world-atlas, fits the map's viewBox and lines up
// with the region bubbles of region_map.rs. Needs no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generate, OUTPUT, PROJECTION, VIEW_BOX } from '../../scripts/finland-outline.mjs';

const script = fileURLToPath(new URL('../../scripts/finland-outline.mjs', import.meta.url));
const regionMap = readFileSync(
  new URL('../../app/src/components/region_map.rs', import.meta.url),
  'utf8',
);
const committed = readFileSync(OUTPUT, 'utf8');

/** The value of an integer `const NAME: i64 = …;` in region_map.rs. */
function rustConst(name) {
  const found = regionMap.match(new RegExp(`const ${name}: i64 = (-?\\d+);`));
  assert.ok(found, `region_map.rs has no const ${name}`);
  return Number(found[1]);
}

/** FINLAND_PATH's text: a Rust string continued over lines with `\`. */
function finlandPath() {
  const found = committed.match(/pub const FINLAND_PATH: &str = "([^"]*)";/);
  assert.ok(found, 'finland_outline.rs defines FINLAND_PATH');
  return found[1].replace(/\\\n\s*/g, '');
}

/** The path's rings as lists of [x, y]. */
function rings(path) {
  assert.match(path, /^(M[\d.,\s-]+Z\s*)+$/, 'only move-to, implied line-to and close');
  return path
    .split('M')
    .filter((part) => part.trim())
    .map((part) =>
      part
        .replace('Z', '')
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split(',').map(Number)),
    );
}

/** Whether (x, y) is inside the rings (even–odd rule). */
function inside([x, y], polygons) {
  let odd = false;
  for (const ring of polygons) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/** Distance from (x, y) to the nearest edge of the rings. */
function distanceToEdge([x, y], polygons) {
  let best = Infinity;
  for (const ring of polygons) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const [bx, by] = ring[i];
      const dx = bx - ax;
      const dy = by - ay;
      const length2 = dx * dx + dy * dy;
      const t = length2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2)) : 0;
      best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
    }
  }
  return best;
}

test('the committed outline is what the converter makes from world-atlas', () => {
  assert.equal(committed, generate(), 'run `node scripts/finland-outline.mjs`');
  const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `--check fails: ${check.stderr}`);
  assert.match(committed, /^\/\/! .*\n(\/\/!.*\n)*/, 'a module doc comment first');
  assert.match(committed, /do not edit by hand/);
});

test('the outline is small, with a plausible number of points, and fills the viewBox', () => {
  const path = finlandPath();
  assert.ok(path.length < 6000, `the path is ${path.length} bytes`);
  const polygons = rings(path);
  const points = polygons.flat();
  assert.ok(points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)));
  assert.ok(points.length >= 150 && points.length <= 1000, `${points.length} points`);
  assert.ok(polygons[0].length >= 100, 'the mainland comes first, in some detail');
  assert.ok(
    points.every(([x, y]) => /^-?\d+(\.\d)?$/.test(String(x)) && /^-?\d+(\.\d)?$/.test(String(y))),
    'coordinates in tenths',
  );

  const width = rustConst('WIDTH');
  const height = rustConst('HEIGHT');
  assert.deepEqual(VIEW_BOX, { width, height }, 'the converter knows the map viewBox');
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  const [left, right] = [Math.min(...xs), Math.max(...xs)];
  const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
  assert.ok(left >= 0 && top >= 0 && right <= width && bottom <= height,
    `bounding box ${left},${top} – ${right},${bottom} within 0 0 ${width} ${height}`);
  assert.ok(right - left > width * 0.6 && bottom - top > height * 0.8, 'Finland fills the map');
});

test('the outline is projected like the bubbles, which all lie on land or its shore', () => {
  assert.deepEqual(
    PROJECTION,
    { top: rustConst('TOP'), left: rustConst('LEFT'), px: rustConst('PX'), lonFactor: 44 },
    'the converter projects with region_map.rs constants',
  );
  assert.match(regionMap, /\(\(lon - LEFT\) \* 44 \* PX \/ 1000, \(TOP - lat\) \* PX \/ 10\)/,
    'region_map.rs still projects as the converter does');

  const places = [...regionMap.matchAll(/\("([a-z]+)", (\d+), (\d+)\)/g)].map(
    ([, code, lat, lon]) => ({ code, lat: Number(lat), lon: Number(lon) }),
  );
  assert.equal(places.length, 16, 'the 16 regions of PLACES');
  const polygons = rings(finlandPath());
  const { top, left, px, lonFactor } = PROJECTION;
  for (const { code, lat, lon } of places) {
    // As `point` in region_map.rs: integer division, truncated.
    const centre = [
      Math.trunc(((lon - left) * lonFactor * px) / 1000),
      Math.trunc(((top - lat) * px) / 10),
    ];
    const distance = distanceToEdge(centre, polygons);
    assert.ok(inside(centre, polygons) || distance <= 3,
      `${code} at ${centre} is ${distance.toFixed(1)} px out at sea`);
  }
});
