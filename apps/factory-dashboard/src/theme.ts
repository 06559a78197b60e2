import { createTheme } from '@mui/material/styles';
import type { AssetHealth, Criticality, Priority } from '@vigie/contracts';

/**
 * The HMI palette: neutral greys for structure, colour only for status, so a red thing on the screen always means
 * someone is needed now; amber means "watch it", blue is information, grey is "not known / low".
 */
export const hmi = {
  bg: '#eef1f4',
  surface: '#ffffff',
  surface2: '#f6f8fa',
  border: '#d5dbe1',
  text: '#1b2430',
  muted: '#5f6b7a',
  topbar: '#1f2a37',
  ok: '#1f8a4c',
  okBg: '#e3f4ea',
  warn: '#b26a00',
  warnBg: '#fff1d6',
  alarm: '#c62828',
  alarmBg: '#fde4e4',
  critical: '#8e1010',
  info: '#1d5fa8',
  infoBg: '#e2edf9',
  neutral: '#687482',
  neutralBg: '#eceff2',
} as const;

export type Tone = 'ok' | 'info' | 'warn' | 'alarm' | 'critical' | 'neutral';

/** Foreground and background of each tone, for chips, bars and chart fills. */
export const toneColors: Readonly<Record<Tone, { readonly fg: string; readonly bg: string }>> = {
  ok: { fg: hmi.ok, bg: hmi.okBg },
  info: { fg: hmi.info, bg: hmi.infoBg },
  warn: { fg: hmi.warn, bg: hmi.warnBg },
  alarm: { fg: hmi.alarm, bg: hmi.alarmBg },
  critical: { fg: '#ffffff', bg: hmi.critical },
  neutral: { fg: hmi.neutral, bg: hmi.neutralBg },
};

export const healthTone: Readonly<Record<AssetHealth['status'], Tone>> = { ok: 'ok', warning: 'warn', alarm: 'alarm', unknown: 'neutral' };
export const criticalityTone: Readonly<Record<Criticality, Tone>> = { low: 'neutral', medium: 'warn', high: 'alarm', critical: 'critical' };
export const priorityTone: Readonly<Record<Priority, Tone>> = { P1: 'critical', P2: 'warn', P3: 'info', P4: 'neutral' };
export const severityTone: Readonly<Record<'info' | 'warning' | 'critical', Tone>> = {
  info: 'info',
  warning: 'warn',
  critical: 'critical',
};

/** Health gauge colour: green, amber below 60 %, red below 30 % (how operators read a gauge). */
export function healthValueTone(health: number | null): Tone {
  if (health === null) return 'neutral';
  if (health < 0.3) return 'alarm';
  if (health < 0.6) return 'warn';
  return 'ok';
}

/** Only system fonts: nothing may load from outside localhost. */
const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
export const monoFont = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace";

export const theme = createTheme({
  // 900 px is the tablet limit below which the navigation drawer becomes temporary (see AppLayout).
  breakpoints: { values: { xs: 0, sm: 600, md: 900, lg: 1200, xl: 1536 } },
  palette: {
    mode: 'light',
    primary: { main: hmi.info },
    secondary: { main: hmi.topbar },
    success: { main: hmi.ok },
    warning: { main: hmi.warn },
    error: { main: hmi.alarm },
    info: { main: hmi.info },
    background: { default: hmi.bg, paper: hmi.surface },
    text: { primary: hmi.text, secondary: hmi.muted },
    divider: hmi.border,
  },
  shape: { borderRadius: 6 },
  typography: {
    fontFamily,
    fontSize: 13,
    h1: { fontSize: 22, fontWeight: 650 },
    h2: { fontSize: 15, fontWeight: 650 },
    h3: { fontSize: 14, fontWeight: 650 },
  },
  components: {
    MuiAppBar: { styleOverrides: { root: { backgroundColor: hmi.topbar, color: '#f3f6f9' } } },
    MuiPaper: { defaultProps: { variant: 'outlined' } },
    MuiTableCell: { styleOverrides: { root: { padding: '6px 10px', fontVariantNumeric: 'tabular-nums' } } },
  },
});
