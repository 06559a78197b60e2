import { defineMessages } from '../i18n/i18n';

/** Strings of the shell itself; nav labels, connection and service states are in ../i18n/common. */
export const layoutMessages = defineMessages({
  fr: {
    openMenu: 'Ouvrir le menu de navigation',
    navigation: 'Navigation principale',
    connectionTitle: 'Liaison temps réel avec le service de supervision',
    servicesTitle: 'Services du back-end disponibles',
    pageTitle: '{page} — Vigie',
    pageCrashed: 'Cette page a rencontré une erreur. Les autres pages restent accessibles par le menu.',
  },
  en: {
    openMenu: 'Open the navigation menu',
    navigation: 'Main navigation',
    connectionTitle: 'Live link to the monitoring service',
    servicesTitle: 'Back-end services up',
    pageTitle: '{page} — Vigie',
    pageCrashed: 'This page ran into an error. The other pages are still reachable from the menu.',
  },
});
