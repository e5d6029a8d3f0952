import { Dropdown, Field, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { BridgeApi } from '../api/bridge-api.js';
import type { Recipient } from '../office/host.js';

/** Common surnames: a search for each yields a handful of real people of the sandbox organisation. */
const SAMPLE_QUERIES = ['张', '王', '李', '陈', 'wang'];
const PER_QUERY = 3;
const MAX_USERS = 10;

export interface UserPickerProps {
  api: BridgeApi;
  user: Recipient;
  onChange: (user: Recipient) => void;
}

/**
 * "Signed in as": a few real people from the directory, so frequent contacts and the viewer-specific
 * parts of the pane can be tried as different users. The sandbox token is issued for the chosen e-mail.
 */
export function UserPicker({ api, user, onChange }: UserPickerProps) {
  const [users, setUsers] = useState<Recipient[]>([user]);

  useEffect(() => {
    const controller = new AbortController();
    Promise.allSettled(SAMPLE_QUERIES.map((q) => api.search(q, { limit: PER_QUERY, signal: controller.signal }))).then((answers) => {
      if (controller.signal.aborted) return;
      const found = new Map<string, Recipient>([[user.email, user]]);
      for (const answer of answers) {
        if (answer.status !== 'fulfilled') continue;
        for (const person of answer.value.results) {
          if (person.email !== undefined && !found.has(person.email)) found.set(person.email, { email: person.email, name: person.name });
        }
      }
      setUsers([...found.values()].slice(0, MAX_USERS));
    });
    return () => controller.abort();
    // why: loaded once; switching users must not reshuffle the list under the pointer
  }, [api]);

  const label = (r: Recipient): string => (r.name === undefined ? r.email : `${r.name} <${r.email}>`);
  return (
    <Field label="Signed in as">
      <Dropdown
        value={label(user)}
        selectedOptions={[user.email]}
        onOptionSelect={(_event, data) => {
          const next = users.find((u) => u.email === data.optionValue);
          if (next !== undefined) onChange(next);
        }}
      >
        {users.map((u) => (
          <Option key={u.email} value={u.email} text={label(u)}>
            {label(u)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
