import { defineMessages } from '../i18n/i18n';

export const authMessages = defineMessages({
  fr: { logout: 'Se déconnecter' },
  en: { logout: 'Sign out' },
});
