// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { EvidenceSection } from '../../src/pages/work-orders/WorkOrderPage';
import { workOrder } from '../fixtures';

afterEach(cleanup);

/** RUL evidence as the orchestrator stores it (domain/evidence.ts); `upperUnbounded` only on an interval open above. */
const entry = (predictionId: string, extra: object = {}) => ({
  eventId: `e-${predictionId}`,
  predictionId,
  rul: 30,
  lower: 16,
  upper: 40,
  level: 0.9,
  unit: 'h',
  healthIndex: 0.4,
  modelVersion: 'rul-sim@1',
  predictedAt: '2030-01-07T08:01:00.000Z',
  ...extra,
});

function renderEvidence(language: Language) {
  const order = workOrder({
    id: 'wo-1',
    cause: 'rul',
    evidence: { rul: [entry('pr-open', { upperUnbounded: true }), entry('pr-closed')] },
  });
  render(
    <I18nProvider language={language}>
      <MemoryRouter>
        <EvidenceSection order={order} />
      </MemoryRouter>
    </I18nProvider>,
  );
  return screen.getByTestId('evidence-rul').textContent;
}

describe('work-order evidence', () => {
  it('shows a RUL interval without an upper bound as "at least lower", a closed one as its two bounds', () => {
    const text = renderEvidence('en');
    expect(text).toContain('30 h (at least 16 h at 90 %, no upper bound) · health 0.4');
    expect(text).toContain('30 h (interval 16–40 h at 90 %) · health 0.4');
    cleanup();
    const fr = renderEvidence('fr');
    expect(fr).toContain('30 h (au moins 16 h à 90 %, sans borne haute) · santé 0,4');
    expect(fr).toContain('30 h (intervalle 16–40 h à 90 %) · santé 0,4');
  });
});
