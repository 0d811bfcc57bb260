import { describe, expect, it } from 'vitest';
import { builtinNames, datasets, iris, loadBuiltin, twoSpirals, xor } from '../../lib/data/datasets.js';
import { toRows } from '../../lib/data/matrix.js';

describe('twoSpirals', () => {
  it('makes n points on two spirals, classes alternating, radius growing to 1', () => {
    const d = twoSpirals({ samples: 200 });
    expect(d.x.shape).toEqual([200, 2]);
    expect(d.y.shape).toEqual([200, 1]);
    expect(d.classes).toHaveLength(2);
    const rows = toRows(d.x);
    rows.forEach((p, i) => {
      expect(d.y.data[i]).toBe(i % 2);
      expect(Math.hypot(p[0], p[1])).toBeCloseTo((Math.floor(i / 2) + 1) / 100, 5);
    });
    // the second spiral is the first turned by π: point-reflected through the origin
    expect(rows[1][0]).toBeCloseTo(-rows[0][0], 6);
    expect(rows[1][1]).toBeCloseTo(-rows[0][1], 6);
  });

  it('noise moves points reproducibly by about the asked amount', () => {
    const clean = twoSpirals({ samples: 400 });
    const a = twoSpirals({ samples: 400, noise: 0.1, seed: 7 });
    expect(twoSpirals({ samples: 400, noise: 0.1, seed: 7 })).toEqual(a);
    expect(twoSpirals({ samples: 400, noise: 0.1, seed: 8 }).x).not.toEqual(a.x);
    let sq = 0;
    for (let i = 0; i < a.x.data.length; i++) sq += (a.x.data[i] - clean.x.data[i]) ** 2;
    expect(Math.sqrt(sq / a.x.data.length)).toBeCloseTo(0.1, 1);
  });

  it('checks its options', () => {
    expect(() => twoSpirals({ samples: 1 })).toThrow('twoSpirals: expected samples to be an integer ≥ 2, got 1');
    expect(() => twoSpirals({ noise: -1 })).toThrow('twoSpirals: expected noise to be a finite number ≥ 0, got -1');
    expect(() => twoSpirals({ turns: 0 })).toThrow('twoSpirals: expected turns to be a finite number > 0, got 0');
  });
});

describe('xor and iris', () => {
  it('xor is the truth table', () => {
    const d = xor();
    expect(toRows(d.x)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(Array.from(d.y.data)).toEqual([0, 1, 1, 0]);
  });

  it("iris is Fisher's 150 flowers, 50 per species", () => {
    const d = iris();
    expect(d.x.shape).toEqual([150, 4]);
    expect(d.y.shape).toEqual([150, 1]);
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(toRows(d.x)[0].map((v) => Math.round(v * 10) / 10)).toEqual([5.1, 3.5, 1.4, 0.2]);
    const counts = [0, 0, 0];
    for (const v of d.y.data) counts[v]++;
    expect(counts).toEqual([50, 50, 50]);
    // setosa is the separable one: every setosa petal is shorter than every other
    const rows = toRows(d.x);
    const petal = (c: number) => rows.filter((_, i) => d.y.data[i] === c).map((r) => r[2]);
    expect(Math.max(...petal(0))).toBeLessThan(Math.min(...petal(1), ...petal(2)));
  });
});

describe('loadBuiltin', () => {
  it('loads every registered data set by name', () => {
    expect(builtinNames).toEqual(['spirals', 'xor', 'iris']);
    for (const name of builtinNames) {
      const d = loadBuiltin(name);
      expect(d.name).toBe(name);
      expect(d.x.shape[0]).toBe(d.y.shape[0]);
      expect(datasets[name].description.length).toBeGreaterThan(0);
    }
    expect(loadBuiltin('spirals', { samples: 10 }).x.shape).toEqual([10, 2]);
  });

  it('names the choices for an unknown data set', () => {
    expect(() => loadBuiltin('mnist')).toThrow(
      "loadBuiltin: unknown dataset 'mnist' (expected one of: spirals, xor, iris)",
    );
    expect(() => loadBuiltin('toString')).toThrow("unknown dataset 'toString'");
  });
});
