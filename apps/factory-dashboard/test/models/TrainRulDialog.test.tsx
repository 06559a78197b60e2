// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { TrainRulDialog } from '../../src/pages/models/TrainRulDialog';

afterEach(cleanup);

/** What the page knows of each source's rows, from its registered models (see `sourceWindows`). */
const WINDOWS: ReadonlyMap<string, number | null> = new Map([
  ['FD001', null],
  ['demo-sim', 600],
]);

/** The label of the window field with `source` chosen (the first source is chosen when the form opens). */
function windowLabel(language: Language, source: string): string {
  render(
    <I18nProvider language={language}>
      <TrainRulDialog open sources={[source]} lastParams={new Map()} windows={WINDOWS} onClose={() => {}} onStarted={() => {}} />
    </I18nProvider>,
  );
  const field = screen.getByDisplayValue('30'); // the window's default
  const label = document.querySelector(`label[for="${field.id}"]`)?.textContent ?? '';
  return label.replace(/[\u00a0\u202f]/g, ' ');
}

describe('TrainRulDialog', () => {
  it('counts the window in cycles for a C-MAPSS source', () => {
    expect(windowLabel('en', 'FD001')).toBe('Window (cycles)');
    cleanup();
    expect(windowLabel('fr', 'FD001')).toBe('Fenêtre (cycles)');
  });

  it('counts it in feature windows of the source’s length for a simulator source', () => {
    expect(windowLabel('en', 'demo-sim')).toBe('Window (feature windows of 10 min)');
    cleanup();
    expect(windowLabel('fr', 'demo-sim')).toBe('Fenêtre (fenêtres de caractéristiques de 10 min)');
  });

  it('names both when no registered model tells what the source’s rows are', () => {
    expect(windowLabel('en', 'FD002')).toBe('Window (cycles or feature windows)');
    cleanup();
    expect(windowLabel('fr', 'FD002')).toBe('Fenêtre (cycles ou fenêtres de caractéristiques)');
  });
});
