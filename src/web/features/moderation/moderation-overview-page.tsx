// /moderation/:moderationId: the plan's audits compared section by section with disagreements
// tagged, the plan's pre-moderation agreement, and the way to each part of the panel's record.
import { Link, useParams } from 'react-router';
import { LANDIS_KOCH_LABELS, landisKochBand, type AgreementResult } from '#shared/domain/agreement.ts';
import { formatDate } from '#web/components/format.ts';
import { PageHeading, usePageTitle } from '#web/components/page.tsx';
import { Tag } from '#web/components/tag.tsx';
import { formatAlpha, formatPercent, moderationPath, STATUS_COLOURS, STATUS_LABELS } from './moderation-model.ts';
import { ChangesNotice, GradeComparisonTable, ModerationFrame } from './moderation-parts.tsx';
import type { ModerationWorkspace } from './use-moderation.ts';

export function ModerationOverviewPage() {
  const { moderationId = '' } = useParams();
  return (
    <ModerationFrame moderationId={moderationId}>{(workspace) => <Overview workspace={workspace} />}</ModerationFrame>
  );
}

function agreementNote(result: AgreementResult): string {
  return result.value === null ? result.message : `from ${result.nUnits} sections`;
}

function Overview({ workspace }: { workspace: ModerationWorkspace }) {
  const { moderation, cycle, columns, agreement, role, missingAudits } = workspace;
  usePageTitle(`Moderation of plan ${moderation.planRef}`);
  const base = moderationPath(moderation.id);
  const participants = Object.values(moderation.participants);
  const alpha = agreement.alpha.ordinal;
  const band = landisKochBand(alpha.value);
  const actions = Object.values(moderation.actions);
  return (
    <>
      <Link className="govuk-back-link" to="/moderation">
        Back to moderation
      </Link>
      <PageHeading caption={cycle?.name ?? 'Moderation'}>Moderation of plan {moderation.planRef}</PageHeading>
      <p className="govuk-body">
        <Tag colour={STATUS_COLOURS[moderation.status]}>{STATUS_LABELS[moderation.status]}</Tag>
        {moderation.revision > 1 ? <span className="govuk-body-s"> Revision {moderation.revision}</span> : null}
      </p>
      <ChangesNotice workspace={workspace} />
      {moderation.supersedes ? (
        <div className="govuk-inset-text">
          This revision amends the signed-off result. Reason: {moderation.supersedes.reason}
        </div>
      ) : null}
      {moderation.status === 'signed-off' && moderation.signedOffAt ? (
        <div className="govuk-inset-text">
          Signed off on {formatDate(moderation.signedOffAt)}. The result can no longer change; an amendment makes a new
          revision.
        </div>
      ) : null}

      <dl className="govuk-summary-list" id="moderation-summary">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Audits compared</dt>
          <dd className="govuk-summary-list__value">
            {columns.map((column) => column.label).join(', ') || 'None on this device yet'}
            {missingAudits > 0 ? ` (${missingAudits} not on this device yet: sync to bring them)` : ''}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Panel</dt>
          <dd className="govuk-summary-list__value">{participants.map((p) => p.name).join(', ') || 'No one yet'}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Opened</dt>
          <dd className="govuk-summary-list__value">{formatDate(moderation.openedAt)}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-m">Agreement before moderation</h2>
      <p className="govuk-body">How closely the auditors’ section grades for this plan agreed before the panel met.</p>
      <dl className="govuk-summary-list" id="plan-agreement">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Exact agreement</dt>
          <dd className="govuk-summary-list__value">
            {formatPercent(agreement.exact.value)}{' '}
            <span className="govuk-body-s">({agreementNote(agreement.exact)})</span>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Within one grade</dt>
          <dd className="govuk-summary-list__value">
            {formatPercent(agreement.withinOne.value)}{' '}
            <span className="govuk-body-s">({agreementNote(agreement.withinOne)})</span>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Krippendorff’s alpha (ordinal)</dt>
          <dd className="govuk-summary-list__value">
            {formatAlpha(alpha.value)}
            {band ? ` (${LANDIS_KOCH_LABELS[band].toLowerCase()})` : ''}{' '}
            <span className="govuk-body-s">({agreementNote(alpha)})</span>
          </dd>
        </div>
      </dl>

      <GradeComparisonTable workspace={workspace} linkSections />

      <h2 className="govuk-heading-m">The panel’s record</h2>
      <ul className="govuk-list" id="moderation-parts">
        <li>
          <Link className="govuk-link" to={`${base}/sections/overall`}>
            Overall judgement, strengths and areas for development
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to={`${base}/actions`}>
            Actions ({actions.length})
          </Link>
        </li>
        <li>
          <Link className="govuk-link" to={`${base}/participants`}>
            Panel members ({participants.length})
          </Link>
        </li>
        {role === 'chair' ? (
          <li>
            <Link className="govuk-link" to={`${base}/sign-off`}>
              {moderation.status === 'signed-off' ? 'Amend the signed-off result' : 'Check and sign off'}
            </Link>
          </li>
        ) : null}
      </ul>
    </>
  );
}
