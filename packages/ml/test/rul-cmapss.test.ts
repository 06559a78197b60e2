import { describe, expect, it } from 'vitest';
import { CMAPSS_SENSORS, parseCmapss, parseCmapssRul, row, testTruth } from '../src';
import { cmapssRul, cmapssUnits } from './support/cmapss';
import { expectMlError } from './support/expect-error';

const line = (unit: number, cycle: number, base = 0): string =>
  [unit, cycle, -0.0007, 0.0004, 100, ...Array.from({ length: 21 }, (_, j) => base + j + 0.5)].join(' ') + '  ';

describe('C-MAPSS text', () => {
  it('parses units in file order with their cycles, settings and 21 sensors (trailing blanks, CRLF, blank lines)', () => {
    const units = parseCmapss([line(3, 1), line(3, 2, 100), line(1, 1, 7), ''].join('\r\n') + '\n\n');
    expect(units.map((u) => u.unit)).toEqual([3, 1]);
    expect(Array.from(units[0]!.cycles)).toEqual([1, 2]);
    expect(row(units[0]!.settings, 1)).toEqual([-0.0007, 0.0004, 100]);
    expect(units[0]!.sensors.cols).toBe(CMAPSS_SENSORS.length);
    expect(row(units[0]!.sensors, 1)).toEqual(Array.from({ length: 21 }, (_, j) => 100 + j + 0.5));
    expect(row(units[1]!.sensors, 0)[20]).toBe(27.5);
  });

  it('fails with ML_BAD_INPUT naming the line on malformed rows', () => {
    const cases = [
      [line(1, 1), '1 2 3'].join('\n'),
      [line(1, 1), line(1, 2).replace('0.5', 'abc')].join('\n'),
      [line(1, 1), line(1, 2).replace(' 100 ', ' NaN ')].join('\n'),
      [line(1, 1), line(1, 1)].join('\n'),
      [line(1, 1), line(2, 1), line(1, 2)].join('\n'),
      [line(1, 1), line(0, 1)].join('\n'),
      [line(1, 1), line(1.5, 1)].join('\n'),
    ];
    for (const text of cases) {
      expectMlError(() => parseCmapss(text), 'ML_BAD_INPUT');
      try {
        parseCmapss(text);
      } catch (error) {
        expect((error as { details: { line: number } }).details.line, text.slice(0, 40)).toBe(text.split('\n').length);
      }
    }
    expectMlError(() => parseCmapss('\n \n'), 'ML_BAD_INPUT');
  });

  it('parses an RUL file and pairs it with test units by position', () => {
    expect(Array.from(parseCmapssRul('112 \n98 \n\n'))).toEqual([112, 98]);
    expectMlError(() => parseCmapssRul('112\n-1\n'), 'ML_BAD_INPUT');
    expectMlError(() => parseCmapssRul('112\n9.5\n'), 'ML_BAD_INPUT');
    expectMlError(() => parseCmapssRul(''), 'ML_BAD_INPUT');
    const units = parseCmapss([line(4, 1), line(9, 1)].join('\n'));
    expect([...testTruth(units, [112, 98])]).toEqual([
      [4, 112],
      [9, 98],
    ]);
    expectMlError(() => testTruth(units, [1]), 'ML_BAD_INPUT');
  });
});

describe('C-MAPSS files (shared/datasets/cmapss)', () => {
  it('reads FD001: 100 training units (20,631 cycles, 128–362 each), 100 test units, 100 RUL values (7–145)', () => {
    const train = cmapssUnits('train_FD001.txt');
    expect(train.length).toBe(100);
    expect(train.map((u) => u.unit)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const lengths = train.map((u) => u.cycles.length);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(20631);
    expect([Math.min(...lengths), Math.max(...lengths)]).toEqual([128, 362]);
    expect(train.every((u) => u.cycles[0] === 1 && u.cycles[u.cycles.length - 1] === u.cycles.length)).toBe(true);
    expect(row(train[0]!.sensors, 0).slice(0, 3)).toEqual([518.67, 641.82, 1589.7]);
    const test = cmapssUnits('test_FD001.txt');
    const rul = cmapssRul('FD001');
    expect([test.length, test.reduce((s, u) => s + u.cycles.length, 0)]).toEqual([100, 13096]);
    expect([rul.length, Math.min(...rul), Math.max(...rul), rul[0]]).toEqual([100, 7, 145, 112]);
    expect(testTruth(test, rul).size).toBe(100);
  });

  it('reads the training files of FD002–FD004 (260, 100 and 249 units)', () => {
    expect(['train_FD002.txt', 'train_FD003.txt', 'train_FD004.txt'].map((f) => cmapssUnits(f).length)).toEqual([260, 100, 249]);
    expect(cmapssUnits('train_FD002.txt').reduce((s, u) => s + u.cycles.length, 0)).toBe(53759);
  });
});
