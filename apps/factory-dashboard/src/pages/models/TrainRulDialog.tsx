import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { ApiError, api } from '../../api/client';
import { useLanguage, useT } from '../../i18n/i18n';
import { formatWindowLength } from './format-metric';
import { messages } from './messages';
import { RUL_TRAIN_PATH, type RulJob } from './model-types';

interface Props {
  readonly open: boolean;
  /** Sources already imported (their models or jobs exist); the service answers TRAINING_DATA_MISSING for others. */
  readonly sources: readonly string[];
  /** Each source's newest job parameters: the form starts from them, and the fields it does not show are kept. */
  readonly lastParams: ReadonlyMap<string, RulJob['params']>;
  /** What one row of each source is (see `sourceWindows`): the window field counts rows, so its label names them. */
  readonly windows: ReadonlyMap<string, number | null>;
  readonly onClose: () => void;
  readonly onStarted: (job: RulJob) => void;
}

/** Queues a RUL training job (POST /api/v1/rul/train) on an existing source; the service's defaults fill the rest. */
export function TrainRulDialog({ open, sources, lastParams, windows, onClose, onStarted }: Props) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const [source, setSource] = useState('');
  const [level, setLevel] = useState('0.9');
  const [window, setWindow] = useState('30');
  const [rounds, setRounds] = useState('400');
  const [members, setMembers] = useState('5');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const chosen = source !== '' ? source : (sources[0] ?? '');
  const previous = lastParams.get(chosen);
  // Polls bring equal parameters in new objects: compare by value, or each poll would reset what the user typed.
  const previousKey = previous === undefined ? '' : JSON.stringify(previous);
  const rowSeconds = windows.get(chosen);
  const windowLabel =
    rowSeconds === undefined
      ? t('trainWindowUnknown')
      : rowSeconds === null
        ? t('trainWindow')
        : t('trainWindowSimulator', { window: formatWindowLength(rowSeconds, locale) });

  // Choosing a source (or opening the form) starts from that source's last parameters, the service's defaults otherwise.
  useEffect(() => {
    if (!open) return;
    setLevel(String(previous?.level ?? 0.9));
    setWindow(String(previous?.window ?? 30));
    setRounds(String(previous?.rounds ?? 400));
    setMembers(String(previous?.members ?? 5));
  }, [open, previousKey]);

  const submit = () => {
    setBusy(true);
    setError(null);
    // Numbers go as typed: the service validates them (VALIDATION_FAILED names the field), the page does not guess.
    api
      .post<RulJob>(RUL_TRAIN_PATH, {
        ...previous,
        source: chosen,
        level: Number(level),
        window: Number(window),
        rounds: Number(rounds),
        members: Number(members),
      })
      .then(onStarted, (err: unknown) => setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err))))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('trainTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t('trainHelp')}
          </Typography>
          {sources.length === 0 ? (
            <Alert severity="info">{t('noSources')}</Alert>
          ) : (
            <TextField
              select
              label={t('trainSource')}
              value={chosen}
              onChange={(e) => setSource(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'train-source' } }}
            >
              {sources.map((s) => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
          )}
          <TextField
            type="number"
            label={t('trainLevel')}
            value={level}
            onChange={(e) => setLevel(e.target.value)}
            slotProps={{ htmlInput: { step: 0.05, min: 0.5, max: 0.99 } }}
          />
          <TextField
            type="number"
            label={windowLabel}
            value={window}
            onChange={(e) => setWindow(e.target.value)}
            slotProps={{ htmlInput: { step: 1, min: 5, max: 200 } }}
          />
          <TextField
            type="number"
            label={t('trainRounds')}
            value={rounds}
            onChange={(e) => setRounds(e.target.value)}
            slotProps={{ htmlInput: { step: 50, min: 1, max: 5000 } }}
          />
          <TextField
            type="number"
            label={t('trainMembers')}
            helperText={t('trainMembersHelp')}
            value={members}
            onChange={(e) => setMembers(e.target.value)}
            slotProps={{ htmlInput: { step: 1, min: 2, max: 10 } }}
          />
          {error && (
            <Alert severity="error" data-testid="train-error">
              {t('trainFailed', { code: error.code, message: error.message })}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('trainClose')}</Button>
        <Button variant="contained" data-testid="train-submit" disabled={busy || chosen === ''} onClick={submit}>
          {t('trainSubmit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
