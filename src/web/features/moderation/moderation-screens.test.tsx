// The moderation screens on real storage (fake-indexeddb): the QA lead's list and opening a
// moderation, the comparison with disagreements and agreement figures, agreeing grades, the
// pseudonymised view and perspective of a parent-carer representative, actions with validation,
// agreeing and signing off, and an auditor's moderated result.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Moderation } from '#shared/schemas/moderation.ts';
import { getModeration } from '#web/storage/moderation-repository.ts';
import { listOutbox } from '#web/storage/outbox.ts';
import { applyPull } from '#web/storage/pull.ts';
import { saveSession } from '#web/storage/meta.ts';
import {
  AUDITOR,
  EHCP_FRAMEWORK,
  MODERATION_ID,
  renderRoute,
  seedModeration,
  seedParentRepDevice,
  seedQaLeadDevice,
  SESSION,
} from '#tests/web-support/device-fixtures.tsx';
import { ModerationRoutes } from './moderation-routes.tsx';
import { ResultsRoutes } from './results-routes.tsx';

function renderModeration(url: string) {
  return renderRoute(<ModerationRoutes />, { path: '/moderation/*', url });
}

/** Every section with criteria and the overall judgement, agreed at Good. */
function allAgreed(): Pick<Moderation, 'sections' | 'overall'> {
  return {
    sections: Object.fromEntries(
      EHCP_FRAMEWORK.sections.map((section) => [section.id, { agreedGrade: 3, rationale: 'Agreed' }]),
    ),
    overall: { agreedGrade: 3, rationale: 'Good overall' },
  };
}

describe('the QA lead’s moderation list', () => {
  it('shows a plan waiting for audits until every assigned audit is submitted', async () => {
    await seedQaLeadDevice(2);
    renderModeration('/moderation');
    const row = await screen.findByRole('row', { name: /PLN-0005/ });
    expect(within(row).getByText('Waiting for audits (2 of 3 submitted)')).toBeInTheDocument();
    expect(within(row).queryByRole('button')).not.toBeInTheDocument();
  });

  it('opens a ready plan’s moderation on the device and goes to it', async () => {
    await seedQaLeadDevice();
    renderModeration('/moderation');
    const row = await screen.findByRole('row', { name: /PLN-0005/ });
    expect(within(row).getByText('Ready to moderate')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: /Open moderation/ }));
    expect(await screen.findByRole('heading', { level: 1, name: /Moderation of plan PLN-0005/ })).toBeInTheDocument();
    expect((await listOutbox()).map((e) => e.mutation.name)).toEqual(['moderation.open']);
  });
});

describe('the moderation overview', () => {
  beforeEach(async () => {
    await seedModeration();
  });

  it('compares the audits by section, tags disagreements and shows the plan’s agreement', async () => {
    renderModeration(`/moderation/${MODERATION_ID}`);
    const table = await screen.findByRole('table', { name: 'Grades by section' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual([
      'Section',
      'Erin Education (Education)',
      'Hana Health (Health)',
      'Sol Social (Social care)',
      'Agreed grade',
      'Auditors',
    ]);
    const sectionF = within(table).getByRole('row', { name: /Section F/ });
    expect(within(sectionF).getByText('Disagree')).toBeInTheDocument();
    expect(within(sectionF).getByText(/Disagreement: grades \d steps apart/)).toBeInTheDocument();
    const agreement = document.getElementById('plan-agreement');
    expect(agreement).toHaveTextContent('Exact agreement');
    expect(agreement).toHaveTextContent('Krippendorff’s alpha (ordinal)');
    expect(agreement).toHaveTextContent(/\d+%/);
  });

  it('records an agreed grade and rationale for a section, each saved with its outbox entry', async () => {
    renderModeration(`/moderation/${MODERATION_ID}/sections/F`);
    await screen.findByRole('heading', { level: 1, name: /Section F/ });
    const criterion = document.getElementById('moderation-criterion-F1');
    expect(criterion).toHaveTextContent('health view of F1');
    await userEvent.click(screen.getByRole('radio', { name: 'Requires improvement' }));
    const rationale = screen.getByLabelText('Rationale');
    await userEvent.type(rationale, 'Provision is not quantified');
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getModeration(MODERATION_ID))?.sections.F).toEqual({
        agreedGrade: 2,
        rationale: 'Provision is not quantified',
      }),
    );
    expect((await listOutbox()).map((e) => e.field)).toEqual(['sections.F.agreedGrade', 'sections.F.rationale']);
  });

  it('holds back a rationale that looks like it names the child until the moderator edits it out', async () => {
    renderModeration(`/moderation/${MODERATION_ID}/sections/F`);
    await screen.findByRole('heading', { level: 1, name: /Section F/ });
    const rationale = screen.getByLabelText('Rationale');
    await userEvent.type(rationale, 'Agreed with NHS 943 476 5919 in mind');
    await userEvent.tab();
    expect(await screen.findByTestId('identifier-warning')).toHaveTextContent(/It has not been saved/);
    expect((await getModeration(MODERATION_ID))?.sections.F?.rationale ?? '').toBe('');
    expect(await listOutbox()).toEqual([]);
    await userEvent.clear(rationale);
    await userEvent.type(rationale, 'Agreed: provision is not quantified');
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getModeration(MODERATION_ID))?.sections.F?.rationale).toBe('Agreed: provision is not quantified'),
    );
    expect(screen.queryByTestId('identifier-warning')).not.toBeInTheDocument();
  });

  it('invites a parent carer representative from the accounts with that role', async () => {
    renderModeration(`/moderation/${MODERATION_ID}/participants`);
    await userEvent.selectOptions(await screen.findByLabelText('Parent carer representative'), 'Pat Parent');
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    await waitFor(async () => {
      const participants = Object.values((await getModeration(MODERATION_ID))?.participants ?? {});
      expect(participants).toContainEqual({ userId: 'user-parent-rep', name: 'Pat Parent', role: 'parent-rep' });
    });
    expect(await screen.findByRole('cell', { name: 'Pat Parent' })).toBeInTheDocument();
  });

  it('refuses an action without its details, then saves one', async () => {
    renderModeration(`/moderation/${MODERATION_ID}/actions/new`);
    await userEvent.click(await screen.findByRole('button', { name: 'Save action' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Describe the action' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: /Say who owns the action/ })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: /Enter a due date/ })).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('What must be done'), 'Quantify speech and language therapy in F');
    await userEvent.type(screen.getByLabelText('Who owns it'), 'SEN case officer');
    await userEvent.type(screen.getByLabelText('Due date'), '2026-06-30');
    await userEvent.selectOptions(screen.getByLabelText('Linked criterion (optional)'), 'F2');
    await userEvent.click(screen.getByRole('button', { name: 'Save action' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Actions/ })).toBeInTheDocument();
    const actions = Object.values((await getModeration(MODERATION_ID))?.actions ?? {});
    expect(actions).toEqual([
      expect.objectContaining({
        description: 'Quantify speech and language therapy in F',
        ownerRole: 'SEN case officer',
        dueDate: '2026-06-30',
        criterionId: 'F2',
        status: 'open',
      }),
    ]);
  });
});

describe('agreeing and signing off', () => {
  it('lists what is still to agree', async () => {
    await seedModeration();
    renderModeration(`/moderation/${MODERATION_ID}/sign-off`);
    await screen.findByRole('heading', { name: 'Still to agree' });
    expect(document.getElementById('missing-grades')).toHaveTextContent('Overall judgement');
    expect(screen.queryByRole('button', { name: 'The panel agrees this result' })).not.toBeInTheDocument();
  });

  it('records the agreement, signs off, and then offers only an amendment', async () => {
    await seedModeration(allAgreed());
    const view = renderModeration(`/moderation/${MODERATION_ID}/sign-off`);
    await userEvent.click(await screen.findByRole('button', { name: 'The panel agrees this result' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Sign off the result' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Moderation signed off' })).toBeInTheDocument();
    const moderation = await getModeration(MODERATION_ID);
    expect(moderation?.status).toBe('signed-off');
    expect((await listOutbox()).map((e) => e.mutation.name)).toEqual(['moderation.patch', 'moderation.signOff']);
    view.unmount();

    renderModeration(`/moderation/${MODERATION_ID}/sections/F`);
    await screen.findByRole('heading', { level: 1, name: /Section F/ });
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Rationale')).not.toBeInTheDocument();
  });
});

describe('amending a signed-off result', () => {
  it('needs a reason, then starts a new open revision', async () => {
    await seedModeration({ ...allAgreed(), status: 'signed-off', signedOffAt: '2026-03-06T10:00:00.000Z' });
    renderModeration(`/moderation/${MODERATION_ID}/sign-off`);
    await userEvent.click(await screen.findByRole('button', { name: 'Start an amendment' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Give a reason for the amendment' })).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Why does the result need amending?'),
      'Section F grade recorded wrongly',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Start an amendment' }));
    expect(await screen.findByText(/This revision amends the signed-off result/)).toBeInTheDocument();
    expect(screen.getByText('Revision 2')).toBeInTheDocument();
    expect((await getModeration(MODERATION_ID))?.status).toBe('signed-off');
    expect((await listOutbox()).map((e) => e.mutation.name)).toEqual(['moderation.amend']);
  });
});

describe('a parent carer representative', () => {
  beforeEach(async () => {
    await seedParentRepDevice();
  });

  it('lists the moderations they are invited to', async () => {
    renderModeration('/moderation');
    expect(await screen.findByRole('heading', { name: 'Moderations you are invited to' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'PLN-0005' })).toBeInTheDocument();
  });

  it('sees auditors unnamed and withheld text said so, and adds a perspective but no grades', async () => {
    renderModeration(`/moderation/${MODERATION_ID}/sections/F`);
    await screen.findByRole('heading', { level: 1, name: /Section F/ });
    const f1 = document.getElementById('moderation-criterion-F1');
    expect(f1).toHaveTextContent('Auditor 2 (Health)');
    expect(f1).toHaveTextContent('Withheld: this text may identify the child');
    expect(f1).not.toHaveTextContent('[Withheld');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Rationale')).not.toBeInTheDocument();

    await userEvent.type(
      screen.getByLabelText(/Your perspective on Section F/),
      'A family would not know what help to expect',
    );
    await userEvent.tab();
    await waitFor(async () =>
      expect((await getModeration(MODERATION_ID))?.sections.F?.parentPerspective).toBe(
        'A family would not know what help to expect',
      ),
    );
    expect((await listOutbox()).map((e) => e.field)).toEqual(['sections.F.parentPerspective']);
  });
});

describe('an auditor’s results', () => {
  it('shows the signed-off result beside the auditor’s own grades', async () => {
    await seedModeration({
      ...allAgreed(),
      status: 'signed-off',
      signedOffAt: '2026-03-06T10:00:00.000Z',
      signedOffBy: 'user-qa-lead',
      strengths: 'The child’s voice is clear',
    });
    await saveSession({ ...SESSION, user: AUDITOR });
    await applyPull([], 'cursor-3');
    renderRoute(<ResultsRoutes />, { path: '/results/*', url: '/results' });
    await userEvent.click(await screen.findByRole('link', { name: 'PLN-0005' }));
    const table = await screen.findByRole('table', { name: 'Your grades and the panel’s' });
    const overall = within(table).getByRole('row', { name: /Overall judgement/ });
    expect(within(overall).getAllByRole('cell')[1]).toHaveTextContent('Good');
    expect(screen.getByText('The child’s voice is clear')).toBeInTheDocument();
  });
});
