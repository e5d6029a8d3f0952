import { Field, Tag, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption, type TagPickerProps } from '@fluentui/react-components';
import { useState } from 'react';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useDepartments } from './departments.js';

/** Options shown at once; typing narrows them (an organisation can have thousands of departments). */
const MAX_OPTIONS = 50;
/** The value of the "nothing matches" row (Fluent's own pattern for an empty TagPicker list); picking it does nothing. */
const NO_MATCH = '__none__';

export interface DepartmentPickerProps {
  label: string;
  hint?: string;
  value: number[];
  onChange: (deptIds: number[]) => void;
  /** exactly one department: a new pick replaces the previous one */
  single?: boolean;
  required?: boolean;
  validationMessage?: string | undefined;
}

/** Searchable picker over the departments the admin may manage (`GET /api/admin/departments`). */
export function DepartmentPicker({ label, hint, value, onChange, single = false, required = false, validationMessage }: DepartmentPickerProps) {
  const at = useAdminStrings();
  const { list, nameOf, labelOf, status } = useDepartments();
  const [query, setQuery] = useState('');
  const needle = query.trim().toLowerCase();
  const options = list.filter((d) => !value.includes(d.deptId) && (needle === '' || d.name.toLowerCase().includes(needle))).slice(0, MAX_OPTIONS);

  const onOptionSelect: TagPickerProps['onOptionSelect'] = (_event, data) => {
    if (data.value === NO_MATCH) return;
    const added = data.selectedOptions.includes(data.value);
    onChange(single ? (added ? [Number(data.value)] : []) : data.selectedOptions.map(Number));
    setQuery('');
  };

  return (
    <Field
      label={label}
      required={required}
      {...(hint === undefined ? {} : { hint })}
      {...(validationMessage === undefined ? {} : { validationMessage, validationState: 'error' as const })}
    >
      <TagPicker selectedOptions={value.map(String)} onOptionSelect={onOptionSelect} disabled={status === 'loading'}>
        <TagPickerControl>
          <TagPickerGroup aria-label={label}>
            {value.map((deptId) => (
              <Tag key={deptId} value={String(deptId)} shape="rounded">
                {nameOf(deptId)}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput value={query} onChange={(event) => setQuery(event.target.value)} placeholder={value.length === 0 || !single ? at.departmentSearch : undefined} />
        </TagPickerControl>
        <TagPickerList>
          {options.length === 0 ? (
            <TagPickerOption value={NO_MATCH}>
              {at.noDepartmentMatch}
            </TagPickerOption>
          ) : (
            options.map((d) => (
              <TagPickerOption key={d.deptId} value={String(d.deptId)} text={labelOf(d.deptId)}>
                {labelOf(d.deptId)}
              </TagPickerOption>
            ))
          )}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
