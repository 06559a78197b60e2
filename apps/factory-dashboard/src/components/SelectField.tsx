import type { ReactNode } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';

/** A choice of a select: its value and, when it is not the value itself, its label. */
export type SelectOption = string | { readonly value: string; readonly label: string };

function optionValue(o: SelectOption): string {
  return typeof o === 'string' ? o : o.value;
}
function optionLabel(o: SelectOption): string {
  return typeof o === 'string' ? o : o.label;
}

interface FieldProps {
  readonly label: string;
  /** Goes on the native input, where browser tests read and set the value. */
  readonly testId: string;
  readonly minWidth: number;
  readonly options: readonly SelectOption[];
}

/** The small select TextField both fields are made of; `renderValue` makes it a multiple choice. */
function SelectBase({
  label,
  testId,
  minWidth,
  options,
  value,
  onChange,
  renderValue,
  disabled = false,
  first,
}: FieldProps & {
  readonly value: string | readonly string[];
  readonly onChange: (value: unknown) => void;
  readonly renderValue?: (selected: string[]) => string;
  readonly disabled?: boolean;
  readonly first?: ReactNode;
}) {
  const htmlInput = { 'data-testid': testId };
  return (
    <TextField
      select
      size="small"
      label={label}
      sx={{ minWidth }}
      slotProps={
        renderValue === undefined
          ? { htmlInput }
          : { select: { multiple: true, renderValue: (v) => renderValue(v as string[]) }, htmlInput }
      }
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
    >
      {first}
      {options.map((o) => (
        <MenuItem key={optionValue(o)} value={optionValue(o)}>
          {optionLabel(o)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** A small single-choice select (filters, chart pickers). With `anyLabel`, a first choice of value `''` stands for "any". */
export function SelectField({
  anyLabel,
  onChange,
  ...props
}: FieldProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly anyLabel?: string;
  readonly disabled?: boolean;
}) {
  return (
    <SelectBase
      {...props}
      onChange={(v) => onChange(v as string)}
      first={anyLabel !== undefined && <MenuItem value="">{anyLabel}</MenuItem>}
    />
  );
}

/** A small multiple-choice select; the chosen labels are shown joined by commas. */
export function MultiSelectField({
  onChange,
  ...props
}: FieldProps & { readonly value: readonly string[]; readonly onChange: (value: string[]) => void }) {
  const labelOf = (v: string) => optionLabel(props.options.find((o) => optionValue(o) === v) ?? v);
  return <SelectBase {...props} onChange={(v) => onChange(v as string[])} renderValue={(selected) => selected.map(labelOf).join(', ')} />;
}
