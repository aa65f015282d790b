// The cycle screens against an API answering from memory: the create form's validation and its
// sample preview (equal to the shared drawSample), the import result with refused rows, the
// round-robin helper, a clear message that keeps the typed input when the server is unreachable,
// and the assign and movement pages built from several answers.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { drawSample } from '#shared/domain/sampling.ts';
import type {
  AuditorWorkload,
  CycleClosingResponse,
  CycleDetailResponse,
  CycleMovementResponse,
  FrameworkSummary,
} from '#shared/protocol/api.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { ServicesProvider } from '#web/services/services-context.tsx';
import { testServices } from '#tests/web-support/device-fixtures.tsx';
import { ApiFailure } from '#web/sync/api-client.ts';
import type { CycleApi } from '#web/sync/cycle-api.ts';
import { AssignPage, roundRobin } from './assign-page.tsx';
import { ChangeCycleStatusPage } from './close-cycle-page.tsx';
import { CreateCyclePage, validateCycleForm } from './create-cycle-page.tsx';
import { ImportPlansPage } from './import-plans-page.tsx';
import { MovementPage } from './movement-page.tsx';

const PLANS: Plan[] = Array.from({ length: 20 }, (_, i) => ({
  ref: `PLN-${String(i + 1).padStart(4, '0')}`,
  attributes: {
    keyStage: i < 10 ? 'ks2' : i < 15 ? 'ks3' : 'ks4',
    yearGroup: 5,
    primaryNeed: i % 2 ? 'ASD' : 'SEMH',
    settingType: 'mainstream',
    planType: 'new',
    lookedAfter: i % 5 === 0,
  },
}));

const FRAMEWORK: FrameworkSummary = {
  id: 'ehcp-quality',
  version: 1,
  status: 'published',
  title: 'EHCP quality audit',
  kind: 'plan-audit',
  importedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: '2026-01-01T00:00:00.000Z',
};

function fakeApi(overrides: Partial<CycleApi> = {}): CycleApi {
  const unused = () => Promise.reject(new Error('not used in this test'));
  return {
    listPlans: () => Promise.resolve(PLANS),
    importPlans: unused,
    listPublishedFrameworks: () => Promise.resolve([FRAMEWORK]),
    listCycleSummaries: unused,
    createCycle: unused,
    getCycle: unused,
    getProgress: unused,
    listAuditors: unused,
    assign: unused,
    reAuditCandidates: unused,
    scheduleReAudits: unused,
    getMovement: unused,
    getClosing: unused,
    close: unused,
    reopen: unused,
    ...overrides,
  };
}

function renderAt(element: ReactElement, api: CycleApi, path = '/cycles/new') {
  return render(
    <ServicesProvider services={testServices({ cycles: api })}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={path} element={element} />
          <Route path="/cycles/:cycleId/assign" element={<h1>Assign page</h1>} />
        </Routes>
      </MemoryRouter>
    </ServicesProvider>,
  );
}

describe('create a cycle', () => {
  it('lists every problem in the error summary and beside its field', async () => {
    renderAt(<CreateCyclePage />, fakeApi());
    await userEvent.clear(await screen.findByLabelText('Seed'));
    await userEvent.type(screen.getByLabelText('Seed'), 'abc');
    await userEvent.click(screen.getByLabelText('Stratified'));
    await userEvent.click(screen.getByRole('button', { name: 'Create cycle and draw sample' }));
    const summary = screen.getByRole('alert');
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Enter a name for the cycle',
      'Enter the date the cycle starts, like 2026-04-13',
      'Enter the date the cycle ends, like 2026-07-22',
      expect.stringMatching(/^Enter the seed as a whole number/),
      'Select at least one thing to stratify by',
    ]);
    expect(screen.getByLabelText('Cycle name')).toHaveAccessibleDescription(/Enter a name for the cycle/);
    expect(document.title).toMatch(/^Error: Create a cycle/);
  });

  it('previews the make-up of exactly the sample the shared drawSample gives', async () => {
    renderAt(<CreateCyclePage />, fakeApi());
    await userEvent.click(await screen.findByLabelText('Stratified'));
    await userEvent.click(screen.getByLabelText('Key stage'));
    await userEvent.clear(screen.getByLabelText('Sample size (plans)'));
    await userEvent.type(screen.getByLabelText('Sample size (plans)'), '8');
    await userEvent.clear(screen.getByLabelText('Seed'));
    await userEvent.type(screen.getByLabelText('Seed'), '77');
    const expected = drawSample(PLANS, { method: 'stratified', size: 8, seed: 77, strata: ['keyStage'] }).sample;
    expect(screen.getByText('8 of 20 plans in the list will be sampled.')).toBeInTheDocument();
    expect(document.getElementById('preview-plans')).toHaveTextContent(expected.join(', '));
    const table = document.getElementById('make-up-keyStage')!;
    const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => cell.textContent),
    );
    expect(rows).toEqual([
      ['Key stage 2', '10', '50%', '4', '50%'],
      ['Key stage 3', '5', '25%', '2', '25%'],
      ['Key stage 4', '5', '25%', '2', '25%'],
    ]);
  });

  it('keeps what was typed and says so when the server cannot be reached', async () => {
    const createCycle = vi.fn(() => Promise.reject(new ApiFailure('network', 'Failed to fetch', null)));
    renderAt(<CreateCyclePage />, fakeApi({ createCycle }));
    await userEvent.type(await screen.findByLabelText('Cycle name'), 'Summer term');
    await userEvent.type(screen.getByLabelText('Start date'), '2026-04-13');
    await userEvent.type(screen.getByLabelText('End date (when audits are due)'), '2026-07-22');
    await userEvent.click(screen.getByRole('button', { name: 'Create cycle and draw sample' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/You need to be online/);
    expect(createCycle).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Summer term', frameworkId: 'ehcp-quality', frameworkVersion: 1 }),
    );
    expect(screen.getByLabelText('Cycle name')).toHaveValue('Summer term');
  });

  it('goes on to assign auditors once the server has drawn the sample', async () => {
    const created: CycleDetailResponse = {
      cycle: {
        id: 'cycle-1',
        name: 'Summer term',
        periodStart: '2026-04-13',
        periodEnd: '2026-07-22',
        frameworkId: 'ehcp-quality',
        frameworkVersion: 1,
        status: 'open',
        sampledPlans: ['PLN-0001'],
      },
      assignments: [],
    };
    renderAt(<CreateCyclePage />, fakeApi({ createCycle: () => Promise.resolve(created) }));
    await userEvent.type(await screen.findByLabelText('Cycle name'), 'Summer term');
    await userEvent.type(screen.getByLabelText('Start date'), '2026-04-13');
    await userEvent.type(screen.getByLabelText('End date (when audits are due)'), '2026-07-22');
    await userEvent.click(screen.getByRole('button', { name: 'Create cycle and draw sample' }));
    expect(await screen.findByRole('heading', { name: 'Assign page' })).toBeInTheDocument();
  });

  it('refuses an end before the start', () => {
    const { errors } = validateCycleForm({
      name: 'x',
      periodStart: '2026-05-01',
      periodEnd: '2026-04-01',
      framework: 'ehcp-quality@1',
      method: 'random',
      size: '5',
      seed: '1',
      strata: [],
    });
    expect(errors).toEqual([
      { fieldId: 'period-end', message: 'The end date must be the same as or after the start date' },
    ]);
  });
});

describe('import the plan list', () => {
  it('shows what was imported and lists each refused row with its line and reasons', async () => {
    const importPlans = vi.fn(() =>
      Promise.resolve({
        created: ['PLN-0101', 'PLN-0102'],
        updated: ['PLN-0001'],
        unchanged: 4,
        refused: [
          { line: 5, ref: 'PLN-0104', reasons: ['the "Child name" column is for personal identifiers'] },
          { line: 6, reasons: ['keyStage: "ks9" is not a key stage'] },
        ],
        ignoredColumns: ['Notes'],
      }),
    );
    renderAt(<ImportPlansPage />, fakeApi({ importPlans }), '/cycles/import');
    await userEvent.click(screen.getByRole('button', { name: 'Import plans' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a CSV file or paste the plan list');
    expect(importPlans).not.toHaveBeenCalled();

    const csv = 'ref,keyStage\nPLN-0101,ks2';
    await userEvent.type(screen.getByLabelText('Or paste the CSV'), csv);
    await userEvent.click(screen.getByRole('button', { name: 'Import plans' }));
    expect(await screen.findByText('2 plans created, 1 updated, 4 unchanged, 2 rows refused')).toBeInTheDocument();
    // Sent under the field names the columns were mapped to, a line for each line of the file.
    expect(importPlans).toHaveBeenCalledWith('ref,keyStage\r\nPLN-0101,ks2\r\n');
    const summary = screen.getByText('2 rows could not be imported').closest('.govuk-error-summary') as HTMLElement;
    expect(
      within(summary)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual([
      'Line 5 (PLN-0104): the "Child name" column is for personal identifiers',
      'Line 6: keyStage: "ks9" is not a key stage',
    ]);
    const refused = screen.getByRole('table', { name: 'Rows not imported' });
    expect(within(refused).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByText(/Columns ignored/)).toHaveTextContent('Notes');
    expect(screen.getByLabelText('Or paste the CSV')).toHaveValue(csv);
  });
});

describe('import a council plan list', () => {
  it('guesses the columns of a semicolon list, lets one be left out, and lists the rows that would be refused', async () => {
    const importPlans = vi.fn(() =>
      Promise.resolve({ created: ['PLN-0201'], updated: [], unchanged: 0, refused: [], ignoredColumns: [] }),
    );
    renderAt(<ImportPlansPage />, fakeApi({ importPlans }), '/cycles/import');
    const csv = [
      'Plan reference;Key stage;NC year;Primary need;Setting;Plan type;CLA;Locality',
      'PLN-0201;KS2;4;ASD;mainstream;new;no;North',
      '',
      'PLN-0202;KS9;4;ASD;mainstream;new;no;North',
    ].join('\n');
    await userEvent.click(screen.getByLabelText('Or paste the CSV'));
    await userEvent.paste(csv);
    expect(await screen.findByText(/Read as CSV, semicolon-separated, header on line 1/)).toBeInTheDocument();
    expect(screen.getByLabelText('Read column C (NC year) as')).toHaveValue('yearGroup');
    expect(screen.getByLabelText('Read column H (Locality) as')).toHaveValue('team');
    await userEvent.selectOptions(screen.getByLabelText('Read column H (Locality) as'), '');
    expect(screen.getByText(/1 row will not be imported, 1 plan will/)).toBeInTheDocument();
    expect(screen.getByText(/^Line 4 \(PLN-0202\): keyStage/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import plans' }));
    expect(await screen.findByText('1 plan created, 0 updated, 0 unchanged')).toBeInTheDocument();
    // Line numbers survive (the blank line 3 stays), and the left-out column cannot be read as the team.
    expect(importPlans).toHaveBeenCalledWith(
      [
        'ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter,not imported: Locality',
        'PLN-0201,KS2,4,ASD,mainstream,new,no,North',
        ',,,,,,,',
        'PLN-0202,KS9,4,ASD,mainstream,new,no,North',
        '',
      ].join('\r\n'),
    );
  });
});

describe('round-robin assignment', () => {
  const auditors: AuditorWorkload[] = [
    { id: 'ed-1', name: 'Ada', agency: 'education', openAssignments: 5, overdueAssignments: 0 },
    { id: 'ed-2', name: 'Ben', agency: 'education', openAssignments: 1, overdueAssignments: 0 },
    { id: 'he-1', name: 'Cy', agency: 'health', openAssignments: 0, overdueAssignments: 0 },
  ];

  it('shares plans among each agency, least loaded first, keeping existing and chosen auditors', () => {
    const result = roundRobin(['P-1', 'P-2', 'P-3'], ['education', 'health'], auditors, new Set(['P-1:health']), {
      'P-2': { education: 'ed-1' },
    });
    expect(result).toEqual({
      'P-1': { education: 'ed-2' },
      'P-2': { education: 'ed-1', health: 'he-1' },
      'P-3': { education: 'ed-1', health: 'he-1' },
    });
  });
});

describe('cycle pages that read several answers', () => {
  const detail: CycleDetailResponse = {
    cycle: {
      id: 'cycle-2',
      name: 'Autumn term',
      periodStart: '2026-09-07',
      periodEnd: '2026-12-18',
      frameworkId: 'ehcp-quality',
      frameworkVersion: 1,
      status: 'open',
      sampledPlans: ['PLN-0001', 'PLN-0002'],
    },
    assignments: [],
  };

  it('asks for the plans to assign with one column per agency that has auditors', async () => {
    const auditors: AuditorWorkload[] = [
      { id: 'ed-1', name: 'Ada', agency: 'education', openAssignments: 0, overdueAssignments: 0 },
      { id: 'he-1', name: 'Cy', agency: 'health', openAssignments: 2, overdueAssignments: 1 },
    ];
    renderAt(
      <AssignPage />,
      fakeApi({ getCycle: () => Promise.resolve(detail), listAuditors: () => Promise.resolve(auditors) }),
      '/cycles/cycle-2/assign',
    );
    const table = await screen.findByRole('table', { name: 'Sampled plans' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Plan', 'Education auditor', 'Health auditor']);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['PLN-0001', 'PLN-0002']);
  });

  it('shows the movement of each re-audited plan under the cycle name', async () => {
    const movement: CycleMovementResponse = {
      cycleId: 'cycle-2',
      plans: [
        {
          planRef: 'PLN-0001',
          fromCycleId: 'cycle-1',
          fromCycleName: 'Summer term',
          afterStatus: 'signed-off',
          overall: {
            before: { value: 2, label: 'Requires improvement' },
            after: { value: 3, label: 'Good' },
            movement: 'improved',
          },
          sections: [],
        },
      ],
      summary: { improved: 1, same: 0, declined: 0, 'not-comparable': 0 },
    };
    renderAt(
      <MovementPage />,
      fakeApi({ getCycle: () => Promise.resolve(detail), getMovement: () => Promise.resolve(movement) }),
      '/cycles/cycle-2/movement',
    );
    expect(
      await screen.findByText(
        'Of 1 re-audited plans: 1 improved, 0 stayed the same, 0 declined, 0 not comparable yet.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Autumn term')).toBeInTheDocument();
    const row = within(screen.getByRole('table', { name: 'Overall judgement' })).getByRole('row', { name: /PLN-0001/ });
    expect(row).toHaveTextContent('Improved');
  });
});

describe('closing a cycle', () => {
  const open: CycleDetailResponse = {
    cycle: {
      id: 'cycle-3',
      name: 'Spring term',
      periodStart: '2026-01-05',
      periodEnd: '2026-03-27',
      frameworkId: 'ehcp-quality',
      frameworkVersion: 1,
      status: 'open',
      sampledPlans: ['PLN-0001'],
    },
    assignments: [],
  };
  const closing = (closeRefusal: string | null): CycleClosingResponse => ({
    cycleId: 'cycle-3',
    status: 'open',
    rule: 'You can close a cycle once every moderation in it is signed off and no audit in it is still a draft.',
    blockers: { openModerations: closeRefusal ? 1 : 0, agreedModerations: 0, draftAudits: 0 },
    closeRefusal,
    reopenRefusal: 'the cycle is already open',
  });
  const renderClose = (api: CycleApi) =>
    render(
      <ServicesProvider services={testServices({ cycles: api })}>
        <MemoryRouter initialEntries={['/cycles/cycle-3/close']}>
          <Routes>
            <Route path="/cycles/:cycleId/close" element={<ChangeCycleStatusPage change="close" />} />
            <Route path="/cycles/:cycleId" element={<h1>Cycle page</h1>} />
          </Routes>
        </MemoryRouter>
      </ServicesProvider>,
    );

  it('reopens a closed cycle once an admin confirms, and says why one emptied by retention cannot', async () => {
    const closed = { ...open, cycle: { ...open.cycle, status: 'closed' as const } };
    const reopen = vi.fn(() => Promise.resolve(open));
    const state = (reopenRefusal: string | null): CycleClosingResponse => ({
      ...closing(null),
      status: 'closed',
      closeRefusal: 'the cycle is already closed',
      reopenRefusal,
    });
    const renderReopen = (api: CycleApi) =>
      render(
        <ServicesProvider services={testServices({ cycles: api })}>
          <MemoryRouter initialEntries={['/cycles/cycle-3/reopen']}>
            <Routes>
              <Route path="/cycles/:cycleId/reopen" element={<ChangeCycleStatusPage change="reopen" />} />
              <Route path="/cycles/:cycleId" element={<h1>Cycle page</h1>} />
            </Routes>
          </MemoryRouter>
        </ServicesProvider>,
      );
    const emptied = renderReopen(
      fakeApi({
        getCycle: () => Promise.resolve(closed),
        getClosing: () =>
          Promise.resolve(
            state('the cycle cannot be reopened: retention has already deleted some of its audits or moderations'),
          ),
        reopen,
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: /You cannot reopen this cycle/ })).toBeVisible();
    expect(
      screen.getByText(
        'The cycle cannot be reopened: retention has already deleted some of its audits or moderations.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Yes, reopen this cycle' })).toBeNull();
    emptied.unmount();

    renderReopen(
      fakeApi({ getCycle: () => Promise.resolve(closed), getClosing: () => Promise.resolve(state(null)), reopen }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Yes, reopen this cycle' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Cycle page' })).toBeVisible();
    expect(reopen).toHaveBeenCalledWith('cycle-3');
  });

  it('says why an unfinished cycle cannot close, and offers no way to confirm', async () => {
    const close = vi.fn(() => Promise.resolve(open));
    renderClose(
      fakeApi({
        getCycle: () => Promise.resolve(open),
        getClosing: () => Promise.resolve(closing('the cycle cannot be closed yet: 1 moderation is still open')),
        close,
      }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: /You cannot close this cycle yet/ })).toBeVisible();
    expect(screen.getByText('The cycle cannot be closed yet: 1 moderation is still open.')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Yes, close this cycle' })).toBeNull();
    expect(close).not.toHaveBeenCalled();
  });

  it('warns before closing, closes on confirmation and says so when the server refuses', async () => {
    const close = vi
      .fn<CycleApi['close']>()
      .mockRejectedValueOnce(
        new ApiFailure('conflict', 'the cycle cannot be closed yet: 1 audit is still a draft', 409),
      )
      .mockResolvedValueOnce({ ...open, cycle: { ...open.cycle, status: 'closed' } });
    renderClose(
      fakeApi({ getCycle: () => Promise.resolve(open), getClosing: () => Promise.resolve(closing(null)), close }),
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: /Are you sure you want to close this cycle\?/ }),
    ).toBeVisible();
    expect(screen.getByText('This cannot be undone by you; an admin can reopen it.')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, close this cycle' }));
    expect(
      within(await screen.findByRole('alert')).getByRole('link', {
        name: 'The server refused this: the cycle cannot be closed yet: 1 audit is still a draft.',
      }),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, close this cycle' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Cycle page' })).toBeVisible();
    expect(close).toHaveBeenCalledWith('cycle-3');
  });
});
