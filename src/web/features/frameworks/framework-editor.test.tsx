// The framework editor against an in-memory server: live checks at the field as the author types,
// the error summary on save (the editor's own and the server's), unsaved work surviving a reload,
// preview, publishing, the CSV import's per-row errors, the server's problems with an imported
// JSON file, and the readable diff between versions.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkFrameworkData } from '#shared/domain/framework-check.ts';
import type { FrameworkSummary } from '#shared/protocol/api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { EHCP_FRAMEWORK, renderRoute, testServices } from '#tests/web-support/device-fixtures.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import type { FrameworkApi } from '#web/sync/framework-api.ts';
import { draftKey } from './editor-model.ts';
import { FrameworkRoutes } from './framework-routes.tsx';

/** The server's framework endpoints, in memory, with the same checks and refusals. */
function fakeServer(initial: Framework[]) {
  const store = new Map(initial.map((f) => [`${f.id}@${String(f.version)}`, structuredClone(f)]));
  const saved: Framework[] = [];
  let isOffline = false;
  // Every call goes through the "network" first, as a real request would.
  const guard = async (): Promise<void> => {
    await Promise.resolve();
    if (isOffline) throw new ApiFailure('network', 'Failed to fetch', null);
  };
  const api: FrameworkApi = {
    list: async () => {
      await guard();
      return [...store.values()].map((f): FrameworkSummary => ({
        id: f.id,
        version: f.version ?? 1,
        status: f.status,
        title: f.title,
        kind: f.kind,
        importedAt: '2026-01-01T00:00:00.000Z',
        publishedAt: f.status === 'published' ? '2026-01-02T00:00:00.000Z' : null,
      }));
    },
    get: async (id, version) => {
      await guard();
      const found = store.get(`${id}@${String(version)}`);
      if (!found) throw new ApiFailure('not-found', 'no such framework', 404);
      return structuredClone(found);
    },
    saveDraft: async (data) => {
      await guard();
      const checked = checkFrameworkData('request', data);
      if (!checked.ok) {
        throw new ApiFailure('validation-failed', 'the framework has problems', 400, checked.problems);
      }
      const version =
        checked.framework.version ??
        Math.max(0, ...[...store.values()].filter((f) => f.id === checked.framework.id).map((f) => f.version ?? 0)) + 1;
      const key = `${checked.framework.id}@${String(version)}`;
      if (store.get(key)?.status === 'published') throw new ApiFailure('conflict', 'published', 409);
      const framework = { ...checked.framework, version, status: 'draft' as const };
      store.set(key, framework);
      saved.push(framework);
      return structuredClone(framework);
    },
    publish: async (id, version) => {
      await guard();
      const key = `${id}@${String(version)}`;
      const found = store.get(key);
      if (!found) throw new ApiFailure('not-found', 'no such framework', 404);
      const published = { ...found, status: 'published' as const };
      store.set(key, published);
      return structuredClone(published);
    },
  };
  return {
    api,
    store,
    saved,
    goOffline: () => {
      isOffline = true;
    },
  };
}

const DRAFT_V2: Framework = { ...structuredClone(EHCP_FRAMEWORK), version: 2, status: 'draft' };

function renderFrameworks(api: FrameworkApi, url: string) {
  return renderRoute(<FrameworkRoutes />, { path: '/frameworks/*', url, services: testServices({ frameworks: api }) });
}

beforeEach(() => {
  localStorage.clear();
});

describe('the framework editor', { timeout: 20_000 }, () => {
  it('checks a criterion as it is edited, showing the problem at the field', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2/sections/1');
    const text = await screen.findByLabelText('Criterion text', { selector: '#fw-sections-1-criteria-0-text' });
    await userEvent.clear(text);
    expect(await screen.findByText(/Criterion text: must not be empty/)).toBeInTheDocument();
    expect(text).toHaveAttribute('aria-describedby', expect.stringContaining('fw-sections-1-criteria-0-text-error'));

    await userEvent.paste('The child’s views are in their own words');
    expect(screen.queryByText(/Criterion text: must not be empty/)).not.toBeInTheDocument();

    // A duplicate id is a cross-reference problem, reported at the id field.
    const id = screen.getByLabelText('Criterion id', { selector: '#fw-sections-1-criteria-1-id' });
    await userEvent.clear(id);
    await userEvent.paste('A1');
    expect(await screen.findByText(/Criterion id: duplicate criterion id "A1"/)).toBeInTheDocument();
  });

  it('keeps a number as typed and says what is wrong with it', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2/grade-scale');
    const minScore = await screen.findByLabelText('Minimum score', { selector: '#fw-gradeScale-grades-0-minScore' });
    await userEvent.clear(minScore);
    await userEvent.type(minScore, 'high');
    expect(minScore).toHaveValue('high');
    expect(await screen.findByText(/Minimum score: expected a number/)).toBeInTheDocument();
    await userEvent.clear(minScore);
    await userEvent.type(minScore, '0.6');
    // 0.6 now falls below the next grade's 0.7: the scale order check names the next grade's field.
    expect(await screen.findByText(/minScore must fall with each grade, but 0.7 follows 0.6/)).toBeInTheDocument();
  });

  it('lists every problem on save, links each to its field, and saves once they are fixed', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    const first = renderFrameworks(server.api, '/frameworks/ehcp-quality/2/sections/2');
    const guidance = await screen.findByLabelText('Guidance for auditors', {
      selector: '#fw-sections-2-criteria-1-guidance',
    });
    await userEvent.clear(guidance);
    first.unmount();

    // A reload: the unsaved change is still there, and the overview says the draft cannot be saved.
    expect(localStorage.getItem(draftKey('ehcp-quality', 2))).not.toBeNull();
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2');
    await screen.findByRole('heading', { level: 1, name: /Multi-agency EHC plan quality audit/ });
    expect(screen.getByText('You have changes not saved to the server yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    const summary = await screen.findByRole('alert');
    const link = within(summary).getByRole('link', { name: 'Section B, criterion B2 guidance: must not be empty' });
    expect(link).toHaveAttribute('href', '/frameworks/ehcp-quality/2/sections/2#fw-sections-2-criteria-1-guidance');
    expect(server.saved).toHaveLength(0);

    await userEvent.click(link);
    const field = await screen.findByLabelText('Guidance for auditors', {
      selector: '#fw-sections-2-criteria-1-guidance',
    });
    await waitFor(() => expect(field).toHaveFocus());
    await userEvent.paste('Needs are described specifically.');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft version 2 saved.')).toBeInTheDocument();
    expect(server.saved[0]?.sections[2]?.criteria[1]?.guidance).toBe('Needs are described specifically.');
    expect(localStorage.getItem(draftKey('ehcp-quality', 2))).toBeNull();
  });

  it('edits rules as JSON, keeping text that does not parse yet', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2/rules');
    const rules = await screen.findByLabelText('Overall rules (advanced: JSON)');
    await userEvent.clear(rules);
    await userEvent.click(rules);
    await userEvent.paste('[{"id": "f-low", "when": {"section": "Z", "gradeAtMost": 1}, "capAt": 2}');
    expect(await screen.findByText(/is not valid JSON yet/)).toBeInTheDocument();
    await userEvent.paste(']');
    expect(await screen.findByText(/Overall rules \(advanced: JSON\): unknown section "Z"/)).toBeInTheDocument();
    const stored = JSON.parse(localStorage.getItem(draftKey('ehcp-quality', 2)) ?? '{}') as { doc: Framework };
    expect(stored.doc.overall.rules).toEqual([{ id: 'f-low', when: { section: 'Z', gradeAtMost: 1 }, capAt: 2 }]);
  });

  it('previews a section as an auditor sees it, with the suggested grade', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2/preview/1');
    expect(
      await screen.findByRole('heading', { level: 1, name: /Section A: views, interests and aspirations/ }),
    ).toBeInTheDocument();
    const a1 = document.getElementById('criterion-A1');
    if (!a1) throw new Error('no criterion A1');
    await userEvent.click(within(a1).getByRole('radio', { name: 'Not met' }));
    expect(document.getElementById('preview-suggestion')).toHaveTextContent(/Inadequate/);
  });

  it('publishes a saved draft after a warning that it never changes', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2/publish');
    expect(await screen.findByText(/A published version never changes/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Publish version 2' }));
    expect(await screen.findByText('Version 2 is published.')).toBeInTheDocument();
    expect(server.store.get('ehcp-quality@2')?.status).toBe('published');
  });

  it('keeps a draft made offline on this device and says so', async () => {
    const server = fakeServer([EHCP_FRAMEWORK, DRAFT_V2]);
    const first = renderFrameworks(server.api, '/frameworks/ehcp-quality/2/details');
    const title = await screen.findByLabelText('Title');
    await userEvent.type(title, ' (2027)');
    first.unmount();
    server.goOffline();
    renderFrameworks(server.api, '/frameworks/ehcp-quality/2');
    expect(await screen.findByText(/You appear to be offline/)).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 1, name: /Multi-agency EHC plan quality audit \(2027\)/ }),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText(/Your changes are kept on this device/)).toBeInTheDocument();
  });
});

describe('creating drafts', () => {
  it('creates the next version from a published one', async () => {
    const server = fakeServer([EHCP_FRAMEWORK]);
    renderFrameworks(server.api, '/frameworks');
    await userEvent.click(await screen.findByRole('button', { name: /Create a draft from this version/ }));
    expect(await screen.findByText('Draft version 2 created.')).toBeInTheDocument();
    expect(server.store.get('ehcp-quality@2')?.status).toBe('draft');
  });

  it('reports a spreadsheet’s bad rows by line and column', async () => {
    const server = fakeServer([]);
    renderFrameworks(server.api, '/frameworks/import-csv');
    await userEvent.type(await screen.findByLabelText('Framework id'), 'county-audit');
    await userEvent.type(screen.getByLabelText('Title'), 'County audit');
    await userEvent.click(screen.getByLabelText('Or paste the rows'));
    await userEvent.paste(
      'section,id,text,guidance,statutory,lead agency\nA,A1,Views,Look for views,yes,education\nA,A2,Needs,,maybe,police\n',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Import as a draft' }));
    const table = await screen.findByRole('table', { name: 'Rows that could not be read' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      '3statutory"maybe" is not yes or no',
      '3lead agency"police" is not one of education, health, social-care, multi-agency',
      '3guidancemust not be empty',
    ]);
    expect(server.saved).toHaveLength(0);
  });
  it('lists the server’s problems with an imported file and keeps the text', async () => {
    const server = fakeServer([]);
    const refusing: FrameworkApi = {
      ...server.api,
      saveDraft: () =>
        Promise.reject(
          new ApiFailure('validation-failed', 'the framework has problems', 400, [
            { path: 'sections[0].criteria[0].id', message: 'is already used' },
            { path: 'title', message: 'is too long' },
          ]),
        ),
    };
    renderFrameworks(refusing, '/frameworks/import');
    const text = JSON.stringify({ ...EHCP_FRAMEWORK, version: undefined, status: 'draft' });
    await userEvent.click(await screen.findByLabelText('Or paste the JSON'));
    await userEvent.paste(text);
    await userEvent.click(screen.getByRole('button', { name: 'Import as a draft' }));
    const table = await screen.findByRole('table', { name: 'Problems in the file' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(table).toHaveTextContent('is already used');
    expect(screen.getAllByText(/The file has 2 problems: see the list below/).length).toBeGreaterThan(0);
    expect(screen.getByLabelText('Or paste the JSON')).toHaveValue(text);
  });
});

describe('comparing versions', () => {
  it('groups the changes: criteria added, removed, reworded, and rules changed', async () => {
    const changed = structuredClone(DRAFT_V2);
    const sectionA = changed.sections[1];
    if (!sectionA?.criteria[0]) throw new Error('fixture');
    sectionA.criteria[0].text = 'The child’s views are recorded in their own words';
    sectionA.criteria.splice(4, 1);
    sectionA.criteria.push({
      id: 'A9',
      text: 'The plan says who helped the child',
      guidance: 'Look.',
      statutory: false,
    });
    changed.overall.rules = changed.overall.rules.filter((r) => r.id !== 'compliance-gate');
    const server = fakeServer([EHCP_FRAMEWORK, changed]);
    renderFrameworks(server.api, '/frameworks/compare?from=ehcp-quality%401&to=ehcp-quality%402');

    const added = await screen.findByRole('table', { name: 'Criteria added (1)' });
    expect(added).toHaveTextContent('The plan says who helped the child');
    expect(screen.getByRole('table', { name: 'Criteria removed (1)' })).toHaveTextContent('A5');
    const reworded = screen.getByRole('table', { name: 'Criteria reworded (1)' });
    expect(
      within(reworded).getByText(/^The child's or young person's own views are recorded/, { selector: 'del' }),
    ).toBeInTheDocument();
    expect(
      within(reworded).getByText('The child’s views are recorded in their own words', { selector: 'ins' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Rules changed (1)' })).toHaveTextContent('compliance-gate');
    expect(screen.getByText('4 changes.')).toBeInTheDocument();
  });
});
