// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter, useLocation } from 'react-router';
import { I18nProvider } from '../../src/i18n/i18n';
import { WorkOrdersView } from '../../src/pages/work-orders/WorkOrdersPage';
import { workOrder } from '../fixtures';

afterEach(cleanup);

const orders = [
  workOrder({ id: 'wo-1', assetId: 'P-101', priority: 'P1', status: 'requested', title: 'Bearing noise' }),
  workOrder({ id: 'wo-2', assetId: 'C-201', priority: 'P2', status: 'in_progress', cause: 'manual', title: 'Belt tension' }),
  workOrder({ id: 'wo-3', assetId: 'P-101', priority: 'P3', status: 'done', title: 'Seal leak', updatedAt: '2025-01-12T00:00:00Z' }),
];

/** Shows the router's current query, to check the filters are kept in the URL. */
function Location() {
  return <output data-testid="location">{useLocation().search}</output>;
}

function renderAt(url: string) {
  render(
    <I18nProvider language="en">
      <MemoryRouter initialEntries={[url]}>
        <WorkOrdersView orders={orders} knownAssetIds={['P-101', 'C-201', 'K-301']} error={undefined} loading={false} />
        <Location />
      </MemoryRouter>
    </I18nProvider>,
  );
  return userEvent.setup();
}

const rowIds = () => screen.queryAllByTestId('work-order-row').map((r) => r.getAttribute('data-work-order-id'));

describe('WorkOrdersView', () => {
  it('applies the filters of the URL (a shared link reproduces the view)', () => {
    renderAt('/work-orders?asset=P-101&status=requested,done');
    expect(rowIds()).toEqual(['wo-1', 'wo-3']);
    expect(screen.getByTestId('work-order-count').textContent).toBe('2 of 3 order(s)');
  });

  it('keeps the text search in the URL and filters as one types', async () => {
    const user = renderAt('/work-orders');
    expect(rowIds()).toEqual(['wo-1', 'wo-2', 'wo-3']);
    await user.type(screen.getByTestId('filter-text'), 'belt');
    expect(rowIds()).toEqual(['wo-2']);
    expect(screen.getByTestId('location').textContent).toBe('?q=belt');
    await user.click(screen.getByTestId('filter-clear'));
    expect(rowIds()).toEqual(['wo-1', 'wo-2', 'wo-3']);
    expect(screen.getByTestId('location').textContent).toBe('');
  });

  it('says so when nothing matches', () => {
    renderAt('/work-orders?priority=P4');
    expect(rowIds()).toEqual([]);
    expect(screen.getByText('No work order matches the filters.')).toBeTruthy();
  });

  it('switches to the board (in the URL): a column per status, done collapsed until opened', async () => {
    const user = renderAt('/work-orders?view=list');
    await user.click(screen.getByTestId('view-board'));
    expect(screen.getByTestId('location').textContent).toBe('?view=board');
    const requested = screen.getByTestId('board-column-requested');
    expect(
      within(requested)
        .getAllByTestId('work-order-card')
        .map((c) => c.getAttribute('data-work-order-id')),
    ).toEqual(['wo-1']);
    const done = screen.getByTestId('board-column-done');
    expect(within(done).queryAllByTestId('work-order-card')).toEqual([]);
    await user.click(within(done).getByRole('button', { name: 'Show (1)' }));
    expect(
      within(done)
        .getAllByTestId('work-order-card')
        .map((c) => c.getAttribute('data-work-order-id')),
    ).toEqual(['wo-3']);
  });
});
