// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkOrderStatus } from '@vigie/contracts';
import { ApiError } from '../../src/api/client';
import { I18nProvider } from '../../src/i18n/i18n';
import { LifecycleControls, type ClosingFields } from '../../src/pages/work-orders/LifecycleControls';

afterEach(cleanup);

/** Renders the controls; each transition is recorded, and answered by `answer` (a throw stands for a server refusal). */
function setup(status: WorkOrderStatus, answer: (target: WorkOrderStatus) => void = () => {}) {
  const calls: { target: WorkOrderStatus; fields: ClosingFields }[] = [];
  render(
    <I18nProvider language="en">
      <LifecycleControls
        status={status}
        onTransition={async (target, fields) => {
          calls.push({ target, fields });
          answer(target);
        }}
      />
    </I18nProvider>,
  );
  return { calls, user: userEvent.setup() };
}

const shownTransitions = () =>
  screen
    .queryAllByRole('button')
    .map((b) => b.getAttribute('data-testid'))
    .filter((id): id is string => id?.startsWith('transition-') === true);

describe('LifecycleControls', () => {
  const LEGAL: Record<WorkOrderStatus, string[]> = {
    requested: ['transition-approved', 'transition-cancelled'],
    approved: ['transition-planned', 'transition-cancelled'],
    planned: ['transition-assigned', 'transition-cancelled'],
    assigned: ['transition-in_progress', 'transition-cancelled'],
    in_progress: ['transition-done', 'transition-cancelled'],
    done: [],
    cancelled: [],
  };
  for (const status of WorkOrderStatus.options) {
    it(`${status}: shows only the legal transitions`, () => {
      setup(status);
      expect(shownTransitions()).toEqual(LEGAL[status]);
      if (LEGAL[status].length === 0) expect(screen.getByText('This order is closed: no further transition.')).toBeTruthy();
    });
  }

  it('sends a plain step at once', async () => {
    const { calls, user } = setup('requested');
    await user.click(screen.getByTestId('transition-approved'));
    await waitFor(() => expect(calls).toEqual([{ target: 'approved', fields: {} }]));
  });

  it('done needs a closure code: confirm stays disabled until one is chosen', async () => {
    const { calls, user } = setup('in_progress');
    await user.click(screen.getByTestId('transition-done'));
    const confirm = await screen.findByTestId('transition-confirm');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(confirm); // a disabled button ignores the click
    expect(calls).toEqual([]);
    await user.selectOptions(screen.getByTestId('closure-code'), 'part_replaced');
    await user.type(screen.getByTestId('closure-note'), 'new bearing');
    expect((screen.getByTestId('transition-confirm') as HTMLButtonElement).disabled).toBe(false);
    await user.click(screen.getByTestId('transition-confirm'));
    await waitFor(() => expect(calls).toEqual([{ target: 'done', fields: { closureCode: 'part_replaced', closureNote: 'new bearing' } }]));
    await waitFor(() => expect(screen.queryByTestId('transition-confirm')).toBeNull());
  });

  it('cancel needs a reason', async () => {
    const { calls, user } = setup('planned');
    await user.click(screen.getByTestId('transition-cancelled'));
    expect(((await screen.findByTestId('transition-confirm')) as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByTestId('cancel-reason'), '  duplicate of WO-7 ');
    await user.click(screen.getByTestId('transition-confirm'));
    await waitFor(() => expect(calls).toEqual([{ target: 'cancelled', fields: { cancelReason: 'duplicate of WO-7' } }]));
  });

  it('shows a 409 with its code and message, and keeps the dialog open for done', async () => {
    const refuse = () => {
      throw new ApiError(409, 'WORK_ORDER_TRANSITION_INVALID', 'Illegal work-order status transition');
    };
    const { user } = setup('in_progress', refuse);
    await user.click(screen.getByTestId('transition-done'));
    await user.selectOptions(await screen.findByTestId('closure-code'), 'adjusted');
    await user.click(screen.getByTestId('transition-confirm'));
    const error = await screen.findByTestId('transition-error');
    expect(error.textContent).toContain('WORK_ORDER_TRANSITION_INVALID');
    expect(error.textContent).toContain('Illegal work-order status transition');
    expect(screen.getByTestId('transition-confirm')).toBeTruthy();
  });

  it('shows a refused plain step under the buttons', async () => {
    const { user } = setup('assigned', () => {
      throw new ApiError(409, 'WORK_ORDER_TRANSITION_INVALID', 'moved meanwhile');
    });
    await user.click(screen.getByTestId('transition-in_progress'));
    expect((await screen.findByTestId('transition-error')).textContent).toContain('moved meanwhile');
  });
});
