import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPTIONS } from '../server/config-options.js';

// The README's configuration table is the users' reference: an option that exists must be in it.
describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('documents every configuration option with its flag and default', () => {
    for (const spec of Object.values(OPTIONS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${spec.env}\``));
      assert.ok(row !== undefined, `${spec.env} is missing from the README's configuration table`);
      if ('flag' in spec) assert.ok(row.includes(`--${spec.flag}`), `${spec.env}: flag --${spec.flag} not documented`);
      if ('default' in spec) assert.ok(row.includes(`\`${spec.default}\``), `${spec.env}: default ${spec.default} not documented`);
    }
  });

  it('names the two commands', () => {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm test/);
  });
});
