import { describe, expect, it } from 'vitest';
import { overviewMessages } from '../../src/pages/overview/messages';
import { noAnomalyKey, noRulKey } from '../../src/pages/overview/empty-facts';

describe('empty fact texts', () => {
  it('says a healthy asset without a RUL prediction has no degradation trend, others are waiting', () => {
    expect(overviewMessages.en[noRulKey('ok')]).toBe('No degradation trend');
    for (const status of ['unknown', 'warning', 'alarm'] as const) {
      expect(overviewMessages.en[noRulKey(status)]).toBe('Waiting for the first RUL prediction…');
    }
    expect(overviewMessages.fr[noRulKey('ok')]).toBe('Aucune tendance de dégradation');
  });

  it('says "yet" about anomalies only while the asset is unknown', () => {
    expect(overviewMessages.en[noAnomalyKey('unknown')]).toBe('No anomaly detected yet');
    expect(overviewMessages.en[noAnomalyKey('ok')]).toBe('No anomaly detected');
    expect(overviewMessages.en[noAnomalyKey('warning')]).toBe('No anomaly detected');
  });
});
