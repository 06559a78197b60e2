import { describe, expect, it } from 'vitest';
import {
  addConfusions,
  binaryMetrics,
  causalMovingAverage,
  causalMovingAverageColumns,
  confusion,
  formatPredictionRows,
  fromRows,
  parsePredictionRows,
  parseSkabCsv,
  PREDICTIONS_HEADER,
  toRows,
} from '../src';
import { expectMlError } from './support/expect-error';

describe('SKAB outlier metrics', () => {
  it('counts a confusion matrix point by point', () => {
    expect(confusion([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0])).toEqual({ tp: 2, tn: 2, fp: 1, fn: 1 });
    expectMlError(() => confusion([1], [1, 0]), 'ML_BAD_INPUT');
  });

  it("aggregates counts over files before the ratios, with SKAB's F1, FAR = FP/(FP+TN) and MAR = FN/(FN+TP)", () => {
    const total = addConfusions([
      { tp: 30, tn: 50, fp: 10, fn: 10 },
      { tp: 50, tn: 40, fp: 0, fn: 10 },
    ]);
    expect(total).toEqual({ tp: 80, tn: 90, fp: 10, fn: 20 });
    const m = binaryMetrics(total);
    expect(m.f1).toBeCloseTo(80 / (80 + 15), 12);
    expect(m.far).toBeCloseTo(10 / 100, 12);
    expect(m.mar).toBeCloseTo(20 / 100, 12);
    expect(binaryMetrics({ tp: 0, tn: 0, fp: 0, fn: 0 })).toEqual({ f1: 0, far: 0, mar: 0 });
  });
});

describe('SKAB CSV', () => {
  const text = [
    'datetime;Accelerometer1RMS;Pressure;anomaly;changepoint',
    '2020-03-09 10:14:33;0.0265878;0.054711;0.0;0.0',
    '2020-03-09 10:14:34;0.0261697;0.382638;1.0;1.0',
    '',
  ].join('\n');

  it('reads sensors, datetimes and labels', () => {
    const t = parseSkabCsv(text);
    expect(t.sensors).toEqual(['Accelerometer1RMS', 'Pressure']);
    expect(t.datetime).toEqual(['2020-03-09 10:14:33', '2020-03-09 10:14:34']);
    expect(toRows(t.values)).toEqual([
      [0.0265878, 0.054711],
      [0.0261697, 0.382638],
    ]);
    expect(Array.from(t.anomaly!)).toEqual([0, 1]);
    expect(Array.from(t.changepoint!)).toEqual([0, 1]);
  });

  it('reads a file without label columns (anomaly-free.csv)', () => {
    const t = parseSkabCsv('datetime;a;b\r\n2020-02-08 13:30:47;1;2\r\n');
    expect(t.anomaly).toBeUndefined();
    expect(toRows(t.values)).toEqual([[1, 2]]);
  });

  it('fails with ML_BAD_INPUT naming the line', () => {
    expectMlError(() => parseSkabCsv('time;a\n1;2'), 'ML_BAD_INPUT');
    expectMlError(() => parseSkabCsv('datetime;a\nx;1;2'), 'ML_BAD_INPUT');
    expectMlError(() => parseSkabCsv('datetime;a\nx;abc'), 'ML_BAD_INPUT');
    expectMlError(() => parseSkabCsv('datetime;a;anomaly\nx;1;0.5'), 'ML_BAD_INPUT');
    try {
      parseSkabCsv('datetime;a\nx;1\ny;');
    } catch (error) {
      expect((error as { details: unknown }).details).toEqual({ line: 3 });
    }
  });

  it('writes prediction rows that read back identically, quoting fields that need it', () => {
    const rows = [
      { file: 'valve1/0.csv', datetime: '2020-03-09 10:21:13', score: 0.125, anomaly: 0 as const },
      { file: 'odd,"name".csv', datetime: 't', score: 1e-20, anomaly: 1 as const },
    ];
    const text = `${PREDICTIONS_HEADER}\n${formatPredictionRows(rows)}\n`;
    expect(text.split('\n')[1]).toBe('valve1/0.csv,2020-03-09 10:21:13,0.125,0');
    expect(parsePredictionRows(text)).toEqual(rows);
    expectMlError(() => parsePredictionRows('file,score\n'), 'ML_BAD_INPUT');
    expectMlError(() => parsePredictionRows(`${PREDICTIONS_HEADER}\na,b,c,2\n`), 'ML_BAD_INPUT');
  });
});

describe('causal moving average', () => {
  it('averages the last w points only (partial windows at the start)', () => {
    expect(Array.from(causalMovingAverage([3, 1, 2, 6, 0], 2))).toEqual([3, 2, 1.5, 4, 3]);
    const m = causalMovingAverageColumns(
      fromRows([
        [1, 10],
        [3, 20],
        [5, 60],
      ]),
      2,
    );
    expect(toRows(m)).toEqual([
      [1, 10],
      [2, 15],
      [4, 40],
    ]);
    expectMlError(() => causalMovingAverage([1], 0), 'ML_BAD_INPUT');
  });
});
