import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { ApiError, api } from '../../api/client';
import { useNow } from '../../hooks/use-now';
import { useT } from '../../i18n/i18n';
import { canCancel, jobDurationMs, jobSubject, progressView } from './job-progress';
import { messages } from './messages';
import { cancelPath, type TrainingJob } from './model-types';

const STATUS_COLORS = { queued: 'default', running: 'info', succeeded: 'success', failed: 'error', cancelled: 'warning' } as const;

/** Both services' training jobs with their live progress; an active job has a cancel button. */
export function JobsTable({ jobs, onChanged }: { readonly jobs: readonly TrainingJob[]; readonly onChanged: () => void }) {
  const t = useT(messages);
  const now = useNow(1000);
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);

  const cancel = (job: TrainingJob) => {
    setCancelling((s) => new Set([...s, job.id]));
    setError(null);
    api
      .post(cancelPath(job))
      .catch((err: unknown) => setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err))))
      .finally(() => {
        setCancelling((s) => new Set([...s].filter((id) => id !== job.id)));
        onChanged();
      });
  };

  const duration = (ms: number | null): string => {
    if (ms === null) return '';
    const s = Math.round(ms / 1000);
    return s < 60 ? t('seconds', { n: s }) : t('minutes', { m: Math.floor(s / 60), s: s % 60 });
  };

  if (jobs.length === 0) return <Typography color="text.secondary">{t('noJobs')}</Typography>;
  return (
    <Box>
      {error && (
        <Alert severity="error" data-testid="job-cancel-error" sx={{ mb: 1 }} onClose={() => setError(null)}>
          {t('cancelFailed', { code: error.code, message: error.message })}
        </Alert>
      )}
      <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('kind')}</TableCell>
              <TableCell>{t('what')}</TableCell>
              <TableCell>{t('status')}</TableCell>
              <TableCell sx={{ minWidth: 160 }}>{t('progress')}</TableCell>
              <TableCell>{t('duration')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {jobs.map((job) => {
              const bar = progressView(job);
              return (
                <TableRow key={`${job.kind}:${job.id}`} data-testid="training-job" data-status={job.status} data-kind={job.kind}>
                  <TableCell>{t(`jobKind.${job.kind}`)}</TableCell>
                  <TableCell>{jobSubject(job) ?? t('allAssets')}</TableCell>
                  <TableCell>
                    <Chip size="small" label={t(`status.${job.status}`)} color={STATUS_COLORS[job.status]} />
                  </TableCell>
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                      <LinearProgress
                        sx={{ flex: 1, minWidth: 80 }}
                        variant={bar.determinate ? 'determinate' : 'indeterminate'}
                        value={bar.percent}
                        color={bar.color}
                        aria-label={t('progress')}
                      />
                      <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 40 }} data-testid="job-progress">
                        {bar.percent} %
                      </Typography>
                    </Box>
                    {job.message && (
                      <Typography variant="caption" color="text.secondary">
                        {job.message}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{duration(jobDurationMs(job, now))}</TableCell>
                  <TableCell>
                    {canCancel(job.status) && (
                      <Button
                        size="small"
                        color="warning"
                        variant="outlined"
                        data-testid="job-cancel"
                        disabled={cancelling.has(job.id)}
                        onClick={() => cancel(job)}
                      >
                        {cancelling.has(job.id) ? t('cancelling') : t('cancel')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
}
