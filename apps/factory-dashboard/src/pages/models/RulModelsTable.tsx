import { Fragment } from 'react';
import { Box, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useLanguage, useT } from '../../i18n/i18n';
import { RUL_METRIC_COLUMNS, formatMetric } from './format-metric';
import { messages } from './messages';
import type { RulModelGroup } from './model-rows';
import { RmseValue } from './RmseValue';
import { RoleChip } from './RoleChip';

const SHOWN: ReadonlySet<string> = new Set(RUL_METRIC_COLUMNS);

/**
 * One table per RUL model: its versions newest first, the validation metrics as columns, the champion marked. The RMSE
 * carries its unit in each cell (cycles, or hours for a simulator source), so one header serves both.
 */
export function RulModelsTable({ groups }: { readonly groups: readonly RulModelGroup[] }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const headline = (g: RulModelGroup): string => {
    if (g.champion === null) return t('noChampion');
    const serving = g.versions.find((v) => v.version === g.champion);
    return t(serving?.role === 'in-service' ? 'inServiceOf' : 'championOf', { version: g.champion });
  };
  if (groups.length === 0) return <Typography color="text.secondary">{t('noRulModels')}</Typography>;
  return (
    <Stack spacing={2}>
      {groups.map((g) => (
        <Box key={g.name} data-testid="rul-model" data-model={g.name}>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            {g.name} · {headline(g)}
          </Typography>
          <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('version')}</TableCell>
                  <TableCell>{t('role')}</TableCell>
                  <TableCell>{t('kind')}</TableCell>
                  {RUL_METRIC_COLUMNS.map((k) => (
                    <TableCell key={k} align="right">
                      {t(`metric.${k}`)}
                    </TableCell>
                  ))}
                  <TableCell>{t('otherMetrics')}</TableCell>
                  <TableCell>{t('created')}</TableCell>
                  <TableCell>{t('decision')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {g.versions.map((v) => (
                  <TableRow
                    key={v.version}
                    data-testid="rul-model-version"
                    data-role={v.role}
                    selected={v.role === 'champion' || v.role === 'in-service'}
                  >
                    <TableCell>v{v.version}</TableCell>
                    <TableCell>
                      <RoleChip role={v.role} />
                    </TableCell>
                    <TableCell>{v.kind}</TableCell>
                    {RUL_METRIC_COLUMNS.map((k) => (
                      <TableCell key={k} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                        {k === 'val_rmse' ? (
                          <RmseValue value={v.metrics[k]} windowSeconds={v.windowSeconds} />
                        ) : (
                          formatMetric(k, v.metrics[k], locale)
                        )}
                      </TableCell>
                    ))}
                    <TableCell sx={{ minWidth: 150, maxWidth: 220 }}>
                      {/*
                        The line wraps between metrics, never inside one: each metric is one unbreakable piece and the
                        separators stay outside the pieces (the only places a line may break), so a long list keeps
                        the dates in view.
                      */}
                      {Object.entries(v.metrics)
                        .filter(([k]) => !SHOWN.has(k))
                        .map(([k, value], i) => (
                          <Fragment key={k}>
                            {i > 0 ? ' · ' : ''}
                            <Box component="span" data-testid="other-metric" sx={{ whiteSpace: 'nowrap' }}>
                              {`${k} ${formatMetric(k, value, locale)}`}
                            </Box>
                          </Fragment>
                        ))}
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{date.format(new Date(v.createdAt))}</TableCell>
                    <TableCell sx={{ minWidth: 150 }}>{v.decision ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Box>
      ))}
    </Stack>
  );
}
