import '../../setup.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import assert from 'node:assert/strict';
import type { AuditEntryView, MyPermissions } from '../../../../shared/admin-api.js';
import { FakeBridgeApi, NO_PERMISSIONS } from '../../fake-bridge-api.js';
import { forbidden } from '../../fake-admin-api.js';
import { lastCall, renderAdmin } from './admin-helpers.js';

const AUDITOR: MyPermissions = { ...NO_PERMISSIONS, roles: [{ role: 'auditor', deptIds: [] }], canReadAudit: true };

function entries(count: number): AuditEntryView[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    at: Date.UTC(2026, 10, 1) + i * 60_000,
    actor: i % 2 === 0 ? 'admin@dingdemo.example.com' : 'hr@dingdemo.example.com',
    action: 'visibility_rule.put',
    target: `dept:${i + 1}`,
    before: null,
    after: null,
    hash: `h${i + 1}`,
  }));
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('table', { name: 'Audit entries' })).getAllByRole('row').slice(1);
}

interface Download {
  fileName: string;
  text: string;
  type: string;
}

/** Catches what saveTextFile hands to the browser: jsdom can neither make object URLs nor download. */
function catchDownloads(): { downloads: Download[]; restore: () => void } {
  const downloads: Download[] = [];
  const blobs = new Map<string, Blob>();
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, click: window.HTMLAnchorElement.prototype.click };
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  window.HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    // why: decoded keeping a byte-order mark, which Blob.text() would strip
    const decode = (bytes: ArrayBuffer): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    if (blob !== undefined) void blob.arrayBuffer().then((bytes) => downloads.push({ fileName: this.download, text: decode(bytes), type: blob.type }));
  };
  return {
    downloads,
    restore: () => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      window.HTMLAnchorElement.prototype.click = original.click;
    },
  };
}

describe('Admin › Audit log', () => {
  it('shows the newest entries first and loads older ones on "Load more"', async () => {
    const api = new FakeBridgeApi();
    api.admin.audit = entries(60);
    renderAdmin(api, AUDITOR);
    const user = userEvent.setup({ delay: null });

    await waitFor(() => assert.equal(rows().length, 50));
    assert.deepEqual(await lastCall(api, 'auditLog'), [{ limit: 50 }]);
    assert.match(rows()[0]?.textContent ?? '', /dept:60/);

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => assert.equal(rows().length, 60));
    assert.deepEqual(await lastCall(api, 'auditLog'), [{ limit: 50, beforeSeq: 11 }]);
    assert.match(rows()[59]?.textContent ?? '', /dept:1/);
    assert.equal(screen.queryByRole('button', { name: 'Load more' }), null, 'the last page has no "Load more"');
  });

  it('sends the filters: who, action, target and a date range of whole local days', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api, AUDITOR);
    const user = userEvent.setup({ delay: null });
    await screen.findByText('No entries match these filters.');

    const filters = screen.getByRole('form', { name: 'Filters' });
    await user.type(within(filters).getByRole('textbox', { name: 'Who' }), ' hr@dingdemo.example.com ');
    await user.type(within(filters).getByRole('textbox', { name: 'Action' }), 'person_overlay.put');
    await user.type(within(filters).getByRole('textbox', { name: 'Target' }), 'u-lina');
    await user.type(within(filters).getByLabelText('From'), '2026-11-01');
    await user.type(within(filters).getByLabelText('To'), '2026-11-20');
    await user.click(within(filters).getByRole('button', { name: 'Search' }));

    assert.deepEqual(await lastCall(api, 'auditLog'), [
      {
        actor: 'hr@dingdemo.example.com',
        action: 'person_overlay.put',
        target: 'u-lina',
        from: new Date(2026, 10, 1).getTime(),
        to: new Date(2026, 10, 21).getTime() - 1,
        limit: 50,
      },
    ]);
  });

  it('refuses a start date after the end date', async () => {
    const api = new FakeBridgeApi();
    renderAdmin(api, AUDITOR);
    const user = userEvent.setup({ delay: null });
    await screen.findByText('No entries match these filters.');

    const filters = screen.getByRole('form', { name: 'Filters' });
    await user.type(within(filters).getByLabelText('From'), '2026-11-20');
    await user.type(within(filters).getByLabelText('To'), '2026-11-01');

    assert.ok(screen.getByText('The start date must not be after the end date.'));
    assert.equal((within(filters).getByRole('button', { name: 'Search' }) as HTMLButtonElement).disabled, true);
  });

  it('exports CSV from the csv endpoint with the filters of the list shown, as a UTF-8 file', async () => {
    const api = new FakeBridgeApi();
    api.admin.csv = 'seq,at,actor,action,target\n1,2026-11-01,李娜,x,y\n';
    const catcher = catchDownloads();
    try {
      renderAdmin(api, AUDITOR);
      const user = userEvent.setup({ delay: null });
      await screen.findByText('No entries match these filters.');
      const filters = screen.getByRole('form', { name: 'Filters' });
      await user.type(within(filters).getByRole('textbox', { name: 'Who' }), 'lina');
      await user.click(within(filters).getByRole('button', { name: 'Search' }));
      await waitFor(() => assert.equal(api.admin.callsOf('auditLog').length, 2));
      // typed but not searched: not part of the export
      await user.type(within(filters).getByRole('textbox', { name: 'Action' }), 'half-typed');

      await user.click(screen.getByRole('button', { name: 'Export CSV' }));

      assert.deepEqual(await lastCall(api, 'auditCsv'), [{ actor: 'lina' }]);
      await waitFor(() => assert.equal(catcher.downloads.length, 1));
      assert.deepEqual(catcher.downloads[0], { fileName: 'audit-log.csv', text: `\uFEFF${api.admin.csv}`, type: 'text/csv;charset=utf-8' });
      assert.ok(await screen.findByText('Saved audit-log.csv.'));
    } finally {
      catcher.restore();
    }
  });

  it('on a 403 says the viewer may not read the audit log', async () => {
    const api = new FakeBridgeApi();
    api.admin.failOnce('auditLog', forbidden());
    renderAdmin(api, AUDITOR);

    assert.ok(await screen.findByText(/You do not have the role for this/));
  });
});
