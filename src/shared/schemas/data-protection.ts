// What a council's information governance sets beside the general settings: how long audits,
// moderations and the audit log are kept, and the privacy notice shown to anyone, signed in or not.
// Each is its own settings row (keys "retention" and "privacy-notice"), not part of the council
// settings record that syncs to devices, so devices running an older version never see new fields.
import { z } from 'zod';

/** Months, or null to keep records until someone decides (the default: nothing is removed). */
const MonthsSchema = z
  .number()
  .int('enter a whole number of months')
  .min(6, 'keep records for at least 6 months')
  .max(1200, 'enter 1200 months or fewer')
  .nullable();

export const RetentionSettingsSchema = z.strictObject({
  /** Audits (every revision) of closed cycles, counted from the end of the cycle's period. */
  auditsMonths: MonthsSchema,
  /** Moderations, with their actions and panel, of closed cycles, from the end of the cycle's period. */
  moderationsMonths: MonthsSchema,
  /** Audit log entries, from when they were written. */
  auditLogMonths: MonthsSchema,
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;

/** Off until the council's data protection officer agrees the periods: nothing is ever removed by default. */
export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = {
  auditsMonths: null,
  moderationsMonths: null,
  auditLogMonths: null,
};

const NoticeText = (max: number) => z.string().trim().min(1, 'enter this part of the notice').max(max);

/** The parts of the privacy notice a council completes; each is plain text, paragraphs split by blank lines. */
export const PrivacyNoticeSchema = z.strictObject({
  controllerName: NoticeText(200),
  controllerContact: NoticeText(1000),
  dpoContact: NoticeText(1000),
  purposes: NoticeText(4000),
  lawfulBasis: NoticeText(4000),
  dataHeld: NoticeText(4000),
  recipients: NoticeText(4000),
  retention: NoticeText(4000),
  rights: NoticeText(4000),
  complaints: NoticeText(2000),
});
export type PrivacyNotice = z.infer<typeof PrivacyNoticeSchema>;

export const PRIVACY_NOTICE_FIELDS = [
  'controllerName',
  'controllerContact',
  'dpoContact',
  'purposes',
  'lawfulBasis',
  'dataHeld',
  'recipients',
  'retention',
  'rights',
  'complaints',
] as const satisfies readonly (keyof PrivacyNotice)[];

/** A template, to be completed: square brackets mark what the council must fill in. */
export const DEFAULT_PRIVACY_NOTICE: PrivacyNotice = {
  controllerName: '[Name of the council]',
  controllerContact: '[Postal address of the council]\n\n[Email address for data protection enquiries]',
  dpoContact: 'Data Protection Officer, [council name]\n\n[Email address] · [Telephone number]',
  purposes:
    'We use this service to check and improve the quality of Education, Health and Care (EHC) plans. ' +
    'Auditors from education, health and social care rate a sample of plans against a published framework; ' +
    'a moderation panel agrees a result and actions, and the results are reported to the local area partnership board.',
  lawfulBasis:
    'Public task (UK GDPR Article 6(1)(e)): our duties under the Children and Families Act 2014 and the SEND ' +
    'Regulations 2014 to secure and keep under review the special educational provision for children and young people. ' +
    'Where a plan holds health information, substantial public interest (Article 9(2)(g)) with the Data Protection ' +
    'Act 2018, Schedule 1, paragraph 6 (statutory purposes). [Confirm with your data protection officer.]',
  dataHeld:
    'Plans are held under a pseudonymous reference with the attributes used to sample and report (key stage, year ' +
    'group, primary need, setting type, plan type, team). The service never holds a child’s name, date of birth, ' +
    'address, NHS number or unique pupil number. It holds auditors’ ratings and comments, moderation results and ' +
    'actions, and the names, work email addresses and roles of the staff who use it, with a log of what they did.',
  recipients:
    'Staff of [council name] and its health and social care partners who audit or moderate plans; a parent carer ' +
    'forum representative invited to a moderation panel; the local area SEND partnership board, which receives ' +
    'summary reports only. [Name any processor that hosts the service.]',
  retention:
    'Audits and moderations are kept for [number] months after the end of the audit cycle they belong to, and the ' +
    'log of changes for [number] months, then deleted. Records of a cycle that is still open are never deleted.',
  rights:
    'You have the right to ask for a copy of the information we hold about you, to have it corrected, and in some ' +
    'cases to have it erased or its use restricted, or to object to its use. Contact our data protection officer.',
  complaints:
    'If you are unhappy with how we have used your information, contact our data protection officer first. You can ' +
    'also complain to the Information Commissioner’s Office: ico.org.uk/make-a-complaint, 0303 123 1113.',
};
