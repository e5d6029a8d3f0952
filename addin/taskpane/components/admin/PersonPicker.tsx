import { Field, Tag, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption, type TagPickerProps } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useDirectorySearch } from '../../hooks/use-directory-search.js';
import { useServices } from '../../services.js';

const RESULT_LIMIT = 10;
/** The value of the "nothing matches" row (Fluent's own pattern for an empty TagPicker list); picking it does nothing. */
const NO_MATCH = '__none__';

export interface PersonPickerProps {
  label: string;
  hint?: string;
  /** DingTalk userids */
  value: string[];
  onChange: (userids: string[]) => void;
}

/**
 * Picks people by searching the directory (the same search as the Directory tab). Rules store only
 * userids, so the names of people already chosen are looked up once; an unknown id is shown as is.
 */
export function PersonPicker({ label, hint, value, onChange }: PersonPickerProps) {
  const at = useAdminStrings();
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const asked = useRef(new Set<string>());
  const search = useDirectorySearch(api, query, { limit: RESULT_LIMIT });

  const unmounted = useRef(new AbortController());

  useEffect(() => {
    const controller = new AbortController();
    unmounted.current = controller;
    return () => controller.abort();
  }, []);

  useEffect(() => {
    for (const userid of value) {
      if (asked.current.has(userid)) continue;
      asked.current.add(userid);
      api.person(userid, { signal: unmounted.current.signal }).then(
        (person) => setNames((previous) => new Map(previous).set(userid, person.name)),
        () => undefined, // why: the id itself is shown instead; a person who left must still be removable
      );
    }
  }, [api, value]);

  const results = search.state.results.filter((person) => !value.includes(person.userid));
  const onOptionSelect: TagPickerProps['onOptionSelect'] = (_event, data) => {
    if (data.value === NO_MATCH) return;
    const picked = search.state.results.find((person) => person.userid === data.value);
    if (picked !== undefined) setNames((previous) => new Map(previous).set(picked.userid, picked.name));
    onChange(data.selectedOptions);
    setQuery('');
  };

  return (
    <Field label={label} {...(hint === undefined ? {} : { hint })}>
      <TagPicker selectedOptions={value} onOptionSelect={onOptionSelect}>
        <TagPickerControl>
          <TagPickerGroup aria-label={label}>
            {value.map((userid) => (
              <Tag key={userid} value={userid} shape="rounded">
                {names.get(userid) ?? userid}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput value={query} onChange={(event) => setQuery(event.target.value)} placeholder={at.personSearch} />
        </TagPickerControl>
        <TagPickerList>
          {query.trim() === '' ? undefined : results.length === 0 && search.state.status === 'done' ? (
            <TagPickerOption value={NO_MATCH}>
              {at.noPersonMatch}
            </TagPickerOption>
          ) : (
            results.map((person) => (
              <TagPickerOption key={person.userid} value={person.userid} text={person.name} secondaryContent={person.title ?? person.email ?? null}>
                {person.name}
              </TagPickerOption>
            ))
          )}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
