// Moderation end to end, in Debian's chromium against the real server: three auditors of different
// agencies submit (education through the app, health and social care through the sync API), the QA
// lead opens the moderation and invites the parent carer representative, who adds the family's
// perspective on their own device (auditors unnamed, identifying text withheld); the panel agrees
// every grade (most of them offline, synced on reconnecting) and signs off; the education auditor
// then sees the result. Then two QA leads change one moderation at once, one of them offline: the
// fields only one changed merge, and the field both changed is offered to choose. Axe checks every screen.
import { describe, expect, it } from 'vitest';
import type { Change, Mutation, PullResponse, PushResponse } from '#shared/protocol/sync.ts';
import type { Assignment } from '#shared/schemas/cycle.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import { completeResponses, fromBlank, patchAudit, startAudit, submitAudit } from '../setup/audits.ts';
import { waitForServiceWorker } from './support/browser.ts';
import { apiSession } from './support/server.ts';
import { scoreAndSubmitAudit, signIn, syncNow, waitUntilSynced } from './support/steps.ts';
import { useAppSuite } from './support/suite.ts';

const suite = useAppSuite({ devices: 4 });

/** A valid NHS number (check digit 9) in a comment: the server withholds it from the parent rep. */
const IDENTIFYING_COMMENT = 'Mum gave the NHS number 943 476 5919 at the meeting.';

type ApiUser = { cookie: string; csrfToken: string };

async function pullAll(user: ApiUser): Promise<Change[]> {
  const changes: Change[] = [];
  let cursor = '0';
  for (;;) {
    const response = await fetch(`${suite.server.url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, {
      headers: { cookie: user.cookie, 'x-sync-protocol': '1' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PullResponse;
    changes.push(...body.changes);
    cursor = body.cursor;
    if (!body.hasMore) return changes;
  }
}

async function push(user: ApiUser, mutations: Mutation[]): Promise<PushResponse> {
  const response = await fetch(`${suite.server.url}/api/sync/push`, {
    method: 'POST',
    headers: {
      cookie: user.cookie,
      'x-csrf-token': user.csrfToken,
      'content-type': 'application/json',
      'x-sync-protocol': '1',
    },
    body: JSON.stringify({ protocolVersion: 1, clientId: crypto.randomUUID(), mutations }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as PushResponse;
}

/** Scores and submits a whole audit of the plan through the sync API, as another device would. */
async function submitThroughApi(
  email: string,
  planRef: string,
  tweak: (framework: Framework, responses: ReturnType<typeof completeResponses>) => void,
): Promise<void> {
  const user = await apiSession(suite.server.url, email);
  const changes = await pullAll(user);
  const assignment = changes.find(
    (c): c is Extract<Change, { kind: 'assignment' }> =>
      c.kind === 'assignment' && c.data?.planRef === planRef && c.data.cycleId === cycleId,
  )?.data as Assignment;
  const plan = changes.find((c) => c.kind === 'plan' && c.id === planRef)?.data as Plan;
  const framework = changes.find((c) => c.kind === 'framework' && c.id === 'ehcp-quality@1')?.data as Framework;
  const responses = completeResponses(framework, plan.attributes);
  tweak(framework, responses);
  const auditId = crypto.randomUUID();
  const results = await push(user, [
    startAudit(assignment.id, auditId),
    patchAudit(auditId, fromBlank(responses)),
    submitAudit(auditId),
  ]);
  expect(results.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
}

let planRef = '';
let cycleId = '';
let moderationId = '';

describe('moderation', () => {
  it('three agencies submit; the QA lead opens the moderation and invites the parent carer representative', async () => {
    // The plan: the first of the health auditor's assignments in the current plan-audit cycle (the
    // newest; each of its plans has all three agencies assigned).
    const health = await apiSession(suite.server.url, 'health.auditor@demo.example');
    const changes = await pullAll(health);
    const cycle = changes
      .filter((c): c is Extract<Change, { kind: 'cycle' }> => c.kind === 'cycle' && c.data !== undefined)
      .map((c) => c.data!)
      .filter((c) => c.frameworkId === 'ehcp-quality')
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0]!;
    cycleId = cycle.id;
    planRef = changes
      .filter((c): c is Extract<Change, { kind: 'assignment' }> => c.kind === 'assignment' && c.data !== undefined)
      .map((c) => c.data as Assignment)
      .filter((a) => a.cycleId === cycleId)
      .map((a) => a.planRef)
      .sort()[0]!;

    // Education scores and submits through the app (Section F Good: only F3 Not met).
    const education = await suite.openDevice(0);
    await education.goto('/');
    await signIn(education, 'education.auditor@demo.example');
    await education
      .locator(`section[aria-labelledby="cycle-${cycleId}"]`)
      .getByRole('button', { name: `Start audit of ${planRef}` })
      .click();
    await education.getByRole('heading', { level: 1, name: `Audit of plan ${planRef}` }).waitFor();
    await scoreAndSubmitAudit(education);
    await waitUntilSynced(education);

    // Health fails statutory F2 (Section F Inadequate against education's Good: a disagreement), and
    // writes an identifying comment.
    await submitThroughApi('health.auditor@demo.example', planRef, (_framework, responses) => {
      responses.F1 = { ...responses.F1, comment: IDENTIFYING_COMMENT };
      responses.F2 = { rating: 'not-met' };
    });

    // Before social care submits, the QA lead sees the plan waiting.
    const qaLead = await suite.openDevice(1);
    await qaLead.goto('/');
    await signIn(qaLead, 'qa.lead@demo.example');
    await waitUntilSynced(qaLead);
    await qaLead.goto('/moderation');
    const row = qaLead.locator(`[id="moderation-row-${cycleId}-${planRef}"]`);
    await row.getByText('Waiting for audits (2 of 3 submitted)').waitFor({ timeout: 30_000 });
    await suite.checkAxe(qaLead, 'moderation list');

    await submitThroughApi('social-care.auditor@demo.example', planRef, (framework, responses) => {
      for (const criterion of framework.sections.find((s) => s.id === 'D')?.criteria ?? []) {
        if (responses[criterion.id]) responses[criterion.id] = { rating: 'partly-met' };
      }
    });
    await syncNow(qaLead);
    await row.getByText('Ready to moderate').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: /Open moderation/ }).click();
    await qaLead.getByRole('heading', { level: 1, name: `Moderation of plan ${planRef}` }).waitFor();
    moderationId = qaLead.url().split('/moderation/')[1] ?? '';
    await waitUntilSynced(qaLead);
    // The device's moderation is the server's: the open was applied, not refused.
    await syncNow(qaLead);
    await qaLead.locator('#grade-comparison').waitFor();
    expect(await qaLead.locator('#grade-comparison thead th').allTextContents()).toEqual([
      'Section',
      'Erin Education (Education)',
      'Harper Health (Health)',
      'Sam Social Care (Social care)',
      'Agreed grade',
      'Auditors',
    ]);
    await qaLead.locator('#comparison-F').getByText('Disagree', { exact: true }).waitFor();
    expect(await qaLead.locator('#plan-agreement').innerText()).toMatch(/Exact agreement\s+\d+%/);
    await suite.checkAxe(qaLead, 'moderation overview');

    // Invite the parent carer representative.
    await qaLead.getByRole('link', { name: /Panel members/ }).click();
    await qaLead.getByRole('heading', { level: 1, name: 'Panel members' }).waitFor();
    await qaLead.getByLabel('Parent carer representative').selectOption({ label: 'Pat Parent Rep' });
    await qaLead.getByRole('button', { name: 'Invite' }).click();
    await qaLead.locator('#participants').getByRole('cell', { name: 'Pat Parent Rep', exact: true }).waitFor();
    await suite.checkAxe(qaLead, 'panel members');
    await waitUntilSynced(qaLead);
  });

  it('the parent carer representative sees the moderation pseudonymised and adds a perspective', async () => {
    const parent = await suite.openDevice(2);
    await parent.goto('/');
    await signIn(parent, 'parent.rep@demo.example');
    await waitUntilSynced(parent);
    await parent.goto('/moderation');
    const link = parent.locator(`#invitations a[href="/moderation/${moderationId}"]`);
    await link.waitFor({ timeout: 30_000 });
    await suite.checkAxe(parent, 'parent rep invitations');
    await link.click();
    await parent.getByRole('heading', { level: 1, name: `Moderation of plan ${planRef}` }).waitFor();
    const headers = await parent.locator('#grade-comparison thead th').allTextContents();
    expect(headers.slice(1, 4).sort()).toEqual(
      ['Auditor 1 (Education)', 'Auditor 2 (Health)', 'Auditor 3 (Social care)'].sort(),
    );
    expect(await parent.locator('main').innerText()).not.toMatch(/Erin|Harper|Sam Social/);
    await suite.checkAxe(parent, 'parent rep overview');

    await parent.locator('#comparison-F').getByRole('link').click();
    await parent.getByRole('heading', { level: 1, name: /Section F/ }).waitFor();
    const f1 = parent.locator('#moderation-criterion-F1');
    await f1.getByText('Withheld: this text may identify the child').waitFor();
    expect(await f1.innerText()).not.toContain('943 476 5919');
    expect(await parent.getByRole('radio').count()).toBe(0);
    const perspective = parent.getByLabel(/Your perspective on Section F/);
    await perspective.fill('A family could not tell from this section what help their child will get each week.');
    await perspective.blur();
    await parent.getByText('Saved on this device', { exact: true }).waitFor();
    await suite.checkAxe(parent, 'parent rep section');
    await waitUntilSynced(parent);
  });

  it('the panel agrees every grade, sets an action and signs off; the auditor sees the result', async () => {
    const qaLead = suite.pageOf(1);
    const base = `/moderation/${moderationId}`;
    await qaLead.goto(`${base}/sections/F`);
    await qaLead.getByRole('heading', { level: 1, name: /Section F/ }).waitFor();
    await syncNow(qaLead);
    await qaLead
      .locator('#parent-perspective')
      .getByText(/A family could not tell/)
      .waitFor({ timeout: 30_000 });
    await qaLead.getByRole('radio', { name: 'Requires improvement', exact: true }).check();
    await qaLead.getByLabel('Rationale').fill('Provision is specified but not quantified for speech and language.');
    await qaLead.getByLabel('Rationale').blur();
    await qaLead.getByText('Saved on this device', { exact: true }).waitFor();
    await suite.checkAxe(qaLead, 'moderation section');

    // The rest goes on offline (a panel room without Wi-Fi): every other section and the overall
    // judgement Good, following each page's "Next" link, saved on the device; it syncs on reconnecting.
    await waitForServiceWorker(qaLead);
    await qaLead.context().setOffline(true);
    await qaLead.goto(`${base}/sections/gate`);
    await qaLead.getByRole('heading', { level: 1, name: /Compliance gate/ }).waitFor();
    for (;;) {
      await qaLead.getByRole('radio', { name: 'Good', exact: true }).check();
      const next = qaLead.getByRole('link', { name: /^Next: / });
      if ((await next.count()) === 0) break;
      const title = ((await next.innerText()) ?? '').replace(/^Next: /, '').trim();
      await next.click();
      await qaLead.getByRole('heading', { level: 1, name: title }).waitFor();
      if (title.startsWith('Section F')) {
        const after = qaLead.getByRole('link', { name: /^Next: / });
        const afterTitle = (await after.innerText()).replace(/^Next: /, '').trim();
        await after.click();
        await qaLead.getByRole('heading', { level: 1, name: afterTitle }).waitFor();
      }
    }
    await qaLead.getByRole('heading', { level: 1, name: 'Overall judgement' }).waitFor();
    await qaLead.getByLabel('Strengths of the plan').fill('The child’s own words open Section A.');
    await qaLead.getByLabel('Strengths of the plan').blur();
    await suite.checkAxe(qaLead, 'moderation overall');
    expect(await qaLead.locator('#sync-status').innerText()).toContain('Offline');
    await qaLead.context().setOffline(false);
    await waitUntilSynced(qaLead);

    // An action, after the form's errors.
    await qaLead.goto(`${base}/actions/new`);
    await qaLead.getByRole('button', { name: 'Save action' }).click();
    await qaLead.locator('.govuk-error-summary').waitFor();
    await suite.checkAxe(qaLead, 'action form with errors');
    await qaLead.getByLabel('What must be done').fill('Quantify speech and language therapy in Section F.');
    await qaLead.getByLabel('Who owns it').fill('SEN case officer');
    await qaLead.getByLabel('Due date').fill('2026-12-31');
    await qaLead.getByLabel('Linked criterion (optional)').selectOption('F2');
    await qaLead.getByRole('button', { name: 'Save action' }).click();
    await qaLead.locator('#actions').getByText('SEN case officer').waitFor();
    await suite.checkAxe(qaLead, 'actions');

    // Agree, then sign off.
    await qaLead.goto(`${base}/sign-off`);
    await qaLead.getByRole('button', { name: 'The panel agrees this result' }).click();
    await suite.checkAxe(qaLead, 'check and sign off');
    await waitUntilSynced(qaLead);
    await qaLead.getByRole('button', { name: 'Sign off the result' }).click();
    await qaLead.getByRole('heading', { level: 1, name: 'Moderation signed off' }).waitFor();
    await suite.checkAxe(qaLead, 'signed off');
    await waitUntilSynced(qaLead);
    await qaLead.goto(`${base}/sign-off`);
    await qaLead.getByRole('heading', { level: 1, name: 'Amend the signed-off result' }).waitFor();
    await suite.checkAxe(qaLead, 'amend');
    // Nothing the server refused.
    expect(await qaLead.locator('#sync-status').innerText()).not.toMatch(/attention/);

    // The education auditor sees the result beside their own grades.
    const education = suite.pageOf(0);
    await education.goto('/results');
    await education.getByRole('heading', { level: 1, name: 'Moderated results' }).waitFor();
    await syncNow(education);
    const result = education.locator(`a[href="/results/${moderationId}"]`);
    await result.waitFor({ timeout: 30_000 });
    await suite.checkAxe(education, 'results');
    await result.click();
    await education.getByRole('heading', { level: 1, name: `Plan ${planRef}` }).waitFor();
    const sectionF = education.locator('#result-grades').getByRole('row', { name: /Section F/ });
    expect(await sectionF.locator('td').allTextContents()).toEqual([
      'Good',
      'Requires improvement',
      'Provision is specified but not quantified for speech and language.',
    ]);
    await suite.checkAxe(education, 'result');

    suite.expectNoAxeFindings();
  });

  it('two QA leads change the same moderation: the rest merges, and the field both changed is theirs to choose', async () => {
    // A second plan of the same cycle, audited by all three agencies.
    const health = await apiSession(suite.server.url, 'health.auditor@demo.example');
    const secondPlan = (await pullAll(health))
      .filter((c): c is Extract<Change, { kind: 'assignment' }> => c.kind === 'assignment' && c.data !== undefined)
      .map((c) => c.data as Assignment)
      .filter((a) => a.cycleId === cycleId && a.planRef !== planRef)
      .map((a) => a.planRef)
      .sort()[0]!;
    for (const email of [
      'education.auditor@demo.example',
      'health.auditor@demo.example',
      'social-care.auditor@demo.example',
    ]) {
      await submitThroughApi(email, secondPlan, () => undefined);
    }

    // A second QA lead account, made by the admin.
    const admin = await apiSession(suite.server.url, 'admin@demo.example');
    const created = await fetch(`${suite.server.url}/api/users`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Robin Second Lead',
        email: 'second.lead@demo.example',
        roles: ['qa-lead'],
        password: 'demo-audit-2026',
      }),
    });
    expect(created.status).toBe(201);

    // The chair opens it on their device.
    const chair = suite.pageOf(1);
    await syncNow(chair);
    await chair.goto('/moderation');
    const row = chair.locator(`[id="moderation-row-${cycleId}-${secondPlan}"]`);
    await row.getByText('Ready to moderate').waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: /Open moderation/ }).click();
    await chair.getByRole('heading', { level: 1, name: `Moderation of plan ${secondPlan}` }).waitFor();
    const secondId = chair.url().split('/moderation/')[1] ?? '';
    await waitUntilSynced(chair);

    // The other QA lead picks it up, then loses the connection and writes a rationale for Section F.
    const other = await suite.openDevice(3);
    await other.goto('/');
    await signIn(other, 'second.lead@demo.example');
    await other.getByRole('heading', { level: 1, name: 'My audits' }).waitFor();
    await waitUntilSynced(other);
    await waitForServiceWorker(other);
    await other.goto(`/moderation/${secondId}/sections/F`);
    await other.getByRole('heading', { level: 1, name: /Section F/ }).waitFor({ timeout: 30_000 });
    await other.context().setOffline(true);
    await other.getByLabel('Rationale').fill('Other lead: the provision is not quantified.');
    await other.getByLabel('Rationale').blur();
    await other.getByText('Saved on this device', { exact: true }).waitFor();

    // Meanwhile the chair, online, agrees the grade and writes their own rationale for the same section.
    await chair.goto(`/moderation/${secondId}/sections/F`);
    await chair.getByRole('heading', { level: 1, name: /Section F/ }).waitFor();
    await chair.getByRole('radio', { name: 'Requires improvement', exact: true }).check();
    await chair.getByLabel('Rationale').fill('Chair: frequency and duration are missing.');
    await chair.getByLabel('Rationale').blur();
    await chair.getByText('Saved on this device', { exact: true }).waitFor();
    await waitUntilSynced(chair);

    // Back online, the other lead's rationale meets the chair's: offered to choose, never overwritten.
    await other.context().setOffline(false);
    await other.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Sync', exact: true }).click();
    await other.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
    await other.getByRole('button', { name: 'Sync now' }).click();
    const card = other
      .getByRole('heading', { name: new RegExp(`Rationale for section F, moderation of plan ${secondPlan}`) })
      .locator('..');
    await card.waitFor({ timeout: 30_000 });
    await card.getByText('Other lead: the provision is not quantified.').waitFor();
    await card.getByText('Chair: frequency and duration are missing.').waitFor();
    await suite.checkAxe(other, 'moderation conflict');
    await card.getByRole('button', { name: /Keep this device’s answer/ }).click();
    // The kept answer reaches the server (the conflict card goes once it is sent and accepted).
    await card.waitFor({ state: 'detached', timeout: 30_000 });
    const lead = await apiSession(suite.server.url, 'qa.lead@demo.example');
    await expect
      .poll(
        async () => {
          const change = (await pullAll(lead)).find((c) => c.kind === 'moderation' && c.id === secondId);
          return (change?.data as Moderation | undefined)?.sections.F?.rationale;
        },
        { timeout: 30_000 },
      )
      .toBe('Other lead: the provision is not quantified.');

    // The chair's device ends with both: their grade, and the rationale the other lead chose to keep.
    await syncNow(chair);
    await chair.goto(`/moderation/${secondId}/sections/F`);
    await expect
      .poll(() => chair.getByLabel('Rationale').inputValue(), { timeout: 30_000 })
      .toBe('Other lead: the provision is not quantified.');
    expect(await chair.getByRole('radio', { name: 'Requires improvement', exact: true }).isChecked()).toBe(true);
    expect(suite.axeFindings['moderation conflict']).toEqual([]);
  });
});
