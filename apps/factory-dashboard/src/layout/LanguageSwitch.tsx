import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useCommonT } from '../i18n/common';
import { LANGUAGES, useLanguage, type Language } from '../i18n/i18n';

/** FR/EN switch: `setLanguage` stores the choice and sets `<html lang>`. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  const t = useCommonT();
  return (
    <ToggleButtonGroup
      data-testid="language-switch"
      size="small"
      exclusive
      value={language}
      aria-label={t('language.label')}
      onChange={(_event, next: Language | null) => {
        if (next !== null) setLanguage(next); // clicking the current language again deselects in MUI: ignore it
      }}
      sx={{ '& .MuiToggleButton-root': { color: '#c9d2dc', borderColor: 'rgba(255,255,255,0.3)', py: 0.25, px: 1 } }}
    >
      {LANGUAGES.map((l) => (
        <ToggleButton
          key={l}
          value={l}
          lang={l}
          data-testid={`language-${l}`}
          title={t(`language.${l}`)}
          sx={{ '&.Mui-selected': { color: '#fff', bgcolor: 'rgba(255,255,255,0.18)' } }}
        >
          {l.toUpperCase()}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
