// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { groupRulModels } from '../../src/pages/models/model-rows';
import { RulModelsTable } from '../../src/pages/models/RulModelsTable';
import { rulModel, simulatorRulModel } from './fixtures';

afterEach(cleanup);

// Units follow their figure after a no-break space (Intl's French numbers hold narrow ones); compare with plain spaces.
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

function table(language: Language, models: Parameters<typeof groupRulModels>[0]) {
  render(
    <I18nProvider language={language}>
      <RulModelsTable groups={groupRulModels(models)} />
    </I18nProvider>,
  );
  return screen.getAllByTestId('rul-model-version').map((row) => within(row).getAllByRole('cell'));
}

function show(language: Language) {
  const groups = groupRulModels([
    rulModel({ version: '1', status: 'superseded', metrics: { val_rmse: 18.04, val_phm08: 1200, val_coverage: 0.85, level: 0.9 } }),
    rulModel({
      version: '2',
      status: 'champion',
      metrics: { val_rmse: 14.26, val_phm08: 31261.6, val_coverage: 0.912, held_out_coverage: 0.88, level: 0.9, trees: 180, members: 5 },
    }),
  ]);
  render(
    <I18nProvider language={language}>
      <RulModelsTable groups={groups} />
    </I18nProvider>,
  );
}

describe('RulModelsTable', () => {
  it('marks the champion and lists its formatted metrics', () => {
    show('en');
    expect(screen.getByRole('heading').textContent).toBe('rul-FD001 · Champion: v2');
    const rows = screen.getAllByTestId('rul-model-version');
    expect(rows.map((r) => r.dataset.role)).toEqual(['champion', 'superseded']);
    const cells = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(0, 2)).toEqual(['v2', 'Champion']);
    expect(screen.getAllByRole('columnheader')[3]?.textContent).toBe('RMSE');
    expect(cells.slice(3, 8).map(plain)).toEqual(['14.3 cycles', '31,262', '91.2%', '88.0%', '90.0%']);
    expect(cells[8]).toBe('trees 180 · members 5');
    // One unbreakable piece per metric, separators outside them: the cell wraps between metrics, not inside "members 5".
    const cell = within(rows[0]!).getAllByRole('cell')[8]!;
    const pieces = within(cell).getAllByTestId('other-metric');
    expect(pieces.map((p) => [p.textContent, p.style.whiteSpace || getComputedStyle(p).whiteSpace])).toEqual([
      ['trees 180', 'nowrap'],
      ['members 5', 'nowrap'],
    ]);
    expect(getComputedStyle(cell).maxWidth).toBe('220px');
    expect(within(rows[1]!).getAllByRole('cell')[6]?.textContent).toBe('—');
  });

  it('speaks French', () => {
    show('fr');
    expect(screen.getByRole('heading').textContent).toBe('rul-FD001 · Champion : v2');
    expect(screen.getByText('Remplacé')).toBeTruthy();
    expect(screen.getByText('Couverture hors échantillon')).toBeTruthy();
    const rmse = screen.getAllByTestId('rul-model-version').map((row) => plain(within(row).getAllByRole('cell')[3]!.textContent));
    expect(rmse).toEqual(['14,3 cycles', '18,0 cycles']);
  });

  it('gives a simulator version’s RMSE in hours, and in feature windows on hover', () => {
    const [cells] = table('en', [simulatorRulModel({ version: '1', status: 'champion' })]);
    expect(plain(cells![3]!.textContent)).toBe('0.31 h');
    expect(plain(within(cells![3]!).getByTestId('rmse-hours').title)).toBe(
      '1.85 windows of 10 min: this model counts time in feature windows',
    );
    expect(getComputedStyle(cells![8]!).maxWidth).toBe('220px');
  });

  it('gives it in French too', () => {
    const [cells] = table('fr', [simulatorRulModel({ version: '1', status: 'champion' })]);
    expect(plain(cells![3]!.textContent)).toBe('0,31 h');
    expect(plain(within(cells![3]!).getByTestId('rmse-hours').title)).toBe(
      '1,85 fenêtres de 10 min : ce modèle compte le temps en fenêtres de caractéristiques',
    );
  });

  it('falls back to cycles when the recorded window length is missing, zero or not a number', () => {
    const missing = simulatorRulModel({ version: '1', status: 'superseded' });
    const rows = table('en', [
      { ...missing, params: { ...missing.params, rows: { columns: ['vibration.rms'] } } },
      simulatorRulModel({ version: '2', status: 'superseded' }, 0),
      simulatorRulModel({ version: '3', status: 'champion' }, '600'),
    ]);
    expect(rows.map((cells) => plain(cells[3]!.textContent))).toEqual(['1.8 cycles', '1.8 cycles', '1.8 cycles']);
    expect(screen.queryByTestId('rmse-hours')).toBeNull();
  });

  it('heads the trend model with the version in service, not a champion', () => {
    render(
      <I18nProvider language="en">
        <RulModelsTable
          groups={groupRulModels([
            rulModel({ name: 'log-linear-trend', kind: 'exponential-trend', version: '1', status: 'loaded', params: {}, metrics: {} }),
          ])}
        />
      </I18nProvider>,
    );
    expect(screen.getByRole('heading').textContent).toBe('log-linear-trend · In service: v1');
  });

  it('says so when no model is registered', () => {
    render(
      <I18nProvider language="en">
        <RulModelsTable groups={[]} />
      </I18nProvider>,
    );
    expect(screen.getByText('No RUL model registered.')).toBeTruthy();
  });
});
