import { WorkOrderStatus } from '@vigie/contracts';
import { describe, expect, it } from 'vitest';
import { commonMessages } from '../../src/i18n/common';
import { LANGUAGES } from '../../src/i18n/i18n';
import { messages } from '../../src/pages/work-orders/messages';

describe('work-order status labels', () => {
  it('read the same on the work-order pages as everywhere else, in every language', () => {
    for (const language of LANGUAGES)
      for (const status of WorkOrderStatus.options) {
        const key = `status.${status}` as const;
        expect(messages[language][key], `${language} ${status}`).toBe(commonMessages[language][key]);
      }
  });

  it('use the French wording of the assignment column and action', () => {
    expect(messages.fr['status.assigned']).toBe('Assigné');
    expect(messages.fr.colAssigned.startsWith(messages.fr['status.assigned'])).toBe(true);
  });
});
