import { describe, expect, it } from 'vitest';
import { formatMetric, formatWindowLength, metricKind, MISSING_METRIC, rmseFigures } from '../../src/pages/models/format-metric';

// Intl puts a (narrow) no-break space in French numbers and percentages; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMetric', () => {
  it('prints shares as percentages with one decimal', () => {
    expect(formatMetric('val_coverage', 0.9123, 'en-GB')).toBe('91.2%');
    expect(plain(formatMetric('held_out_coverage', 0.9, 'fr-FR'))).toBe('90,0 %');
    expect(formatMetric('val_false_alarm_rate', 0.025, 'en-GB')).toBe('2.5%');
  });

  it('prints the RMSE in cycles with one decimal and the PHM08 score and counts whole', () => {
    expect(formatMetric('val_rmse', 14.234, 'en-GB')).toBe('14.2');
    expect(formatMetric('val_rmse', 14.25, 'fr-FR')).toBe('14,3');
    expect(formatMetric('val_phm08', 31261.6, 'en-GB')).toBe('31,262');
    expect(plain(formatMetric('val_phm08', 31261.6, 'fr-FR'))).toBe('31 262');
    expect(formatMetric('trees', 180, 'en-GB')).toBe('180');
  });

  it('prints unknown metrics with four significant digits, and missing or non-finite ones as a dash', () => {
    expect(formatMetric('something_new', 3.14159, 'en-GB')).toBe('3.142');
    expect(formatMetric('val_rmse', Number.NaN, 'en-GB')).toBe(MISSING_METRIC);
    expect(formatMetric('val_rmse', Number.POSITIVE_INFINITY, 'en-GB')).toBe(MISSING_METRIC);
    expect(formatMetric('val_rmse', undefined, 'en-GB')).toBe(MISSING_METRIC);
  });

  it('treats any *_rate or *coverage metric as a share', () => {
    expect(metricKind('asset_false_alarm_rate')).toBe('share');
    expect(metricKind('interval_coverage')).toBe('share');
    expect(metricKind('val_windows')).toBe('count');
    expect(metricKind('whatever')).toBe('other');
  });
});

describe('rmseFigures', () => {
  it('gives a C-MAPSS version’s RMSE in cycles with one decimal', () => {
    expect(rmseFigures(14.234, null, 'en-GB')).toEqual({ unit: 'cycles', cycles: '14.2' });
    expect(rmseFigures(14.25, null, 'fr-FR')).toEqual({ unit: 'cycles', cycles: '14,3' });
  });

  it('gives a simulator version’s RMSE in hours, two decimals below 10 h and one above, with its figure in windows', () => {
    const inHours = (value: number, windowSeconds: number, locale: string) => {
      const figures = rmseFigures(value, windowSeconds, locale);
      return figures?.unit === 'hours' ? { ...figures, window: plain(figures.window) } : figures;
    };
    expect(inHours(1.84848, 600, 'en-GB')).toEqual({ unit: 'hours', hours: '0.31', windows: '1.85', window: '10 min' });
    expect(inHours(1.84848, 600, 'fr-FR')).toEqual({ unit: 'hours', hours: '0,31', windows: '1,85', window: '10 min' });
    expect(rmseFigures(12.5, 3600, 'en-GB')).toMatchObject({ hours: '12.5', windows: '12.5' });
    expect(rmseFigures(9, 3600, 'fr-FR')).toMatchObject({ hours: '9,00' });
  });

  it('gives nothing for a missing or non-finite RMSE, whatever the unit', () => {
    expect(rmseFigures(undefined, null, 'en-GB')).toBeNull();
    expect(rmseFigures(Number.NaN, 600, 'en-GB')).toBeNull();
  });
});

describe('formatWindowLength', () => {
  it('uses the largest whole unit, with a no-break space', () => {
    expect(formatWindowLength(600, 'en-GB')).toBe('10\u00a0min');
    expect(plain(formatWindowLength(3600, 'fr-FR'))).toBe('1 h');
    expect(plain(formatWindowLength(90, 'en-GB'))).toBe('90 s');
    expect(plain(formatWindowLength(0.5, 'fr-FR'))).toBe('0,5 s');
  });
});
