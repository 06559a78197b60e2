// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { MonitoringFeed } from '../../src/hooks/use-monitoring-socket';
import { I18nProvider, LANGUAGE_STORAGE_KEY } from '../../src/i18n/i18n';
import { Shell } from '../../src/layout/AppLayout';
import { initialPlantState } from '../../src/state/plant-state';
import { service } from '../fixtures';

const liveFeed: MonitoringFeed = {
  plant: { ...initialPlantState, synced: true, services: [service('a'), service('b'), service('c', 'DOWN')] },
  connection: 'live',
  lastMessageAt: Date.parse('2026-01-05T14:02:11Z'),
};

function renderShell(feed: MonitoringFeed, desktop: boolean, path = '/') {
  return render(
    <I18nProvider language="en">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<Shell feed={feed} desktop={desktop} />}>
            <Route path="/" element={<p>overview body</p>} />
            <Route path="/map/:siteId?" element={<p>map body</p>} />
            <Route path="/work-orders" element={<p>work orders body</p>} />
            <Route path="/system" element={<Crash />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </I18nProvider>,
  );
}

function Crash(): never {
  throw new Error('boom in the page');
}

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('language switch', () => {
  it('changes the visible labels, persists the choice and sets <html lang>', async () => {
    const user = userEvent.setup();
    renderShell(liveFeed, true);
    expect(screen.getByTestId('nav-overview').textContent).toBe('Overview');
    expect(screen.getByTestId('services-up').textContent).toBe('2/3 services UP');

    await user.click(within(screen.getByTestId('language-switch')).getByText('FR'));

    expect(screen.getByTestId('nav-overview').textContent).toBe("Vue d'ensemble");
    expect(screen.getByTestId('nav-work-orders').textContent).toBe('Ordres de travail');
    expect(screen.getByTestId('services-up').textContent).toBe('2/3 services disponibles');
    expect(screen.getByTestId('connection-state').textContent).toContain('En direct');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    await waitFor(() => expect(document.title).toBe("Vue d'ensemble — Vigie"));

    // Clicking the selected language again keeps it (MUI would otherwise deselect and pass null).
    await user.click(within(screen.getByTestId('language-switch')).getByText('FR'));
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('fr');
    await user.click(within(screen.getByTestId('language-switch')).getByText('EN'));
    expect(screen.getByTestId('nav-overview').textContent).toBe('Overview');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });
});

describe('navigation drawer', () => {
  it('is permanent on desktop, with no menu button, and marks the current section', () => {
    renderShell(liveFeed, true, '/map/lyon');
    expect(screen.queryByTestId('nav-toggle')).toBeNull();
    expect(screen.getByTestId('nav-map').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-overview').getAttribute('aria-current')).toBeNull();
    expect(screen.getByText('map body')).toBeTruthy();
  });

  it('on tablets opens from the menu button and closes after choosing a page', async () => {
    const user = userEvent.setup();
    renderShell(liveFeed, false);
    expect(screen.queryByTestId('nav-work-orders')).toBeNull();

    await user.click(screen.getByTestId('nav-toggle'));
    expect(screen.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('true');
    await user.click(screen.getByTestId('nav-work-orders'));

    expect(screen.getByText('work orders body')).toBeTruthy();
    expect(screen.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(screen.queryByTestId('nav-work-orders')).toBeNull());
    await waitFor(() => expect(document.title).toBe('Work orders — Vigie'));
  });
});

describe('connection state', () => {
  it('shows a skeleton, not 0/0, before the first snapshot', () => {
    renderShell({ plant: initialPlantState, connection: 'connecting', lastMessageAt: null }, true);
    expect(screen.queryByTestId('services-up')).toBeNull();
    expect(screen.getByTestId('services-up-loading')).toBeTruthy();
    expect(screen.getByTestId('connection-state').textContent).toBe('Connecting…');
  });

  it('says how old the figures are while reconnecting', () => {
    renderShell({ ...liveFeed, connection: 'reconnecting' }, true);
    const expected = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
      new Date(liveFeed.lastMessageAt ?? 0),
    );
    expect(screen.getByTestId('connection-state').textContent).toBe(`Reconnecting…updated ${expected}`);
    expect(screen.getByTestId('connection-state').getAttribute('data-state')).toBe('reconnecting');
  });
});

describe('page error boundary', () => {
  it('keeps the shell when a page crashes, and clears the error on another page', async () => {
    const user = userEvent.setup();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined); // React reports the caught error
    try {
      renderShell(liveFeed, true, '/system');
      expect(screen.getByTestId('page-error').textContent).toContain('boom in the page');
      await user.click(screen.getByTestId('nav-work-orders'));
      expect(screen.queryByTestId('page-error')).toBeNull();
      expect(screen.getByText('work orders body')).toBeTruthy();
    } finally {
      quiet.mockRestore();
    }
  });
});
