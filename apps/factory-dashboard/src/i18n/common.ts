import type { AssetHealth, Alert, Criticality, Priority, ServiceStatus, WorkOrderCause, WorkOrderStatus } from '@vigie/contracts';
import type { PageRoute } from '../routes';
import { defineMessages, useT, type Language } from './i18n';

/**
 * Work-order status labels, one wording everywhere (the common strings and the work-order pages spread them): French
 * "Assigné" matches the column "Assigné à" and the action "Assigner".
 */
export const WORK_ORDER_STATUS_LABELS = {
  fr: {
    'status.requested': 'Demandé',
    'status.approved': 'Approuvé',
    'status.planned': 'Planifié',
    'status.assigned': 'Assigné',
    'status.in_progress': 'En cours',
    'status.done': 'Terminé',
    'status.cancelled': 'Annulé',
  },
  en: {
    'status.requested': 'Requested',
    'status.approved': 'Approved',
    'status.planned': 'Planned',
    'status.assigned': 'Assigned',
    'status.in_progress': 'In progress',
    'status.done': 'Done',
    'status.cancelled': 'Cancelled',
  },
} as const satisfies Record<Language, Record<`status.${WorkOrderStatus}`, string>>;

/**
 * Strings shared by every page: navigation labels (also the page titles), asset health states, criticality,
 * work-order statuses, causes and priorities, alert severities, service states and the live link's state.
 * Use the `*Key` helpers to go from a contract value to its key, e.g. `t(healthKey(asset.status))`.
 */
export const commonMessages = defineMessages({
  fr: {
    'app.name': 'Vigie',
    'app.tagline': 'Maintenance prédictive',

    'nav.overview': "Vue d'ensemble",
    'nav.map': 'Carte du site',
    'nav.asset': 'Équipement',
    'nav.work-orders': 'Ordres de travail',
    'nav.work-order': 'Ordre de travail',
    'nav.planning': 'Planification',
    'nav.models': 'Modèles',
    'nav.system': 'Système',

    'health.ok': 'Normal',
    'health.warning': 'Avertissement',
    'health.alarm': 'Alarme',
    'health.unknown': 'Inconnu',

    'criticality.low': 'Faible',
    'criticality.medium': 'Moyenne',
    'criticality.high': 'Haute',
    'criticality.critical': 'Critique',

    'priority.P1': 'P1 — urgente',
    'priority.P2': 'P2 — haute',
    'priority.P3': 'P3 — normale',
    'priority.P4': 'P4 — basse',

    ...WORK_ORDER_STATUS_LABELS.fr,

    'cause.anomaly': 'Anomalie',
    'cause.rul': 'Durée de vie restante',
    'cause.manual': 'Manuel',

    'severity.info': 'Information',
    'severity.warning': 'Avertissement',
    'severity.critical': 'Critique',

    'service.UP': 'Disponible',
    'service.DOWN': 'Indisponible',
    'service.UNKNOWN': 'Inconnu',

    'connection.live': 'En direct',
    'connection.connecting': 'Connexion…',
    'connection.reconnecting': 'Reconnexion…',
    'connection.updatedAt': 'mis à jour à {time}',
    'connection.neverUpdated': 'aucune donnée reçue',

    'services.up': '{up}/{total} services disponibles',

    'language.label': 'Langue',
    'language.fr': 'Français',
    'language.en': 'English',

    'common.loading': 'Chargement…',
    'common.none': 'Aucun',
    'common.error': 'Erreur {code} : {message}',
    'common.retry': 'Réessayer',
  },
  en: {
    'app.name': 'Vigie',
    'app.tagline': 'Predictive maintenance',

    'nav.overview': 'Overview',
    'nav.map': 'Plant map',
    'nav.asset': 'Asset',
    'nav.work-orders': 'Work orders',
    'nav.work-order': 'Work order',
    'nav.planning': 'Planning',
    'nav.models': 'Models',
    'nav.system': 'System',

    'health.ok': 'OK',
    'health.warning': 'Warning',
    'health.alarm': 'Alarm',
    'health.unknown': 'Unknown',

    'criticality.low': 'Low',
    'criticality.medium': 'Medium',
    'criticality.high': 'High',
    'criticality.critical': 'Critical',

    'priority.P1': 'P1 — urgent',
    'priority.P2': 'P2 — high',
    'priority.P3': 'P3 — normal',
    'priority.P4': 'P4 — low',

    ...WORK_ORDER_STATUS_LABELS.en,

    'cause.anomaly': 'Anomaly',
    'cause.rul': 'Remaining useful life',
    'cause.manual': 'Manual',

    'severity.info': 'Info',
    'severity.warning': 'Warning',
    'severity.critical': 'Critical',

    'service.UP': 'Up',
    'service.DOWN': 'Down',
    'service.UNKNOWN': 'Unknown',

    'connection.live': 'Live',
    'connection.connecting': 'Connecting…',
    'connection.reconnecting': 'Reconnecting…',
    'connection.updatedAt': 'updated {time}',
    'connection.neverUpdated': 'no data received',

    'services.up': '{up}/{total} services UP',

    'language.label': 'Language',
    'language.fr': 'Français',
    'language.en': 'English',

    'common.loading': 'Loading…',
    'common.none': 'None',
    'common.error': 'Error {code}: {message}',
    'common.retry': 'Retry',
  },
});

export type CommonKey = keyof (typeof commonMessages)['en'];

/** `t` over the shared strings, in the current language. */
export function useCommonT(): (key: CommonKey, vars?: Readonly<Record<string, string | number>>) => string {
  return useT(commonMessages);
}

export const navKey = (id: PageRoute['id']): CommonKey => `nav.${id}`;
export const healthKey = (status: AssetHealth['status']): CommonKey => `health.${status}`;
export const criticalityKey = (criticality: Criticality): CommonKey => `criticality.${criticality}`;
export const priorityKey = (priority: Priority): CommonKey => `priority.${priority}`;
export const workOrderStatusKey = (status: WorkOrderStatus): CommonKey => `status.${status}`;
export const causeKey = (cause: WorkOrderCause): CommonKey => `cause.${cause}`;
export const severityKey = (severity: Alert['severity']): CommonKey => `severity.${severity}`;
export const serviceStatusKey = (status: ServiceStatus['status']): CommonKey => `service.${status}`;
