import { describe, expect, it } from 'vitest';
import { noAnomalyText, noRulText } from '../src/components/assets/empty-facts';

describe('empty fact texts', () => {
  it('says a healthy asset without a RUL prediction has no degradation trend, others are waiting', () => {
    expect(noRulText('ok')).toBe('No degradation trend');
    expect(noRulText('unknown')).toBe('Waiting for the first RUL prediction…');
    expect(noRulText('warning')).toBe('Waiting for the first RUL prediction…');
    expect(noRulText('alarm')).toBe('Waiting for the first RUL prediction…');
  });

  it('says "yet" about anomalies only while the asset is unknown', () => {
    expect(noAnomalyText('unknown')).toBe('No anomaly detected yet');
    expect(noAnomalyText('ok')).toBe('No anomaly detected');
    expect(noAnomalyText('warning')).toBe('No anomaly detected');
  });
});
