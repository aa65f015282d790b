// The privacy notice's parts as the public page heads them and the settings form labels them.
import type { PrivacyNotice } from '#shared/schemas/data-protection.ts';

export const NOTICE_PARTS: Record<keyof PrivacyNotice, { heading: string; hint: string; isShort?: boolean }> = {
  controllerName: {
    heading: 'Who is responsible for your information',
    hint: 'The data controller’s name.',
    isShort: true,
  },
  controllerContact: { heading: 'How to contact us', hint: 'The controller’s address and email address.' },
  dpoContact: { heading: 'Our data protection officer', hint: 'How to reach the data protection officer.' },
  purposes: { heading: 'Why we use this information', hint: 'What the service is used for.' },
  lawfulBasis: {
    heading: 'Our lawful basis',
    hint: 'The UK GDPR Article 6 basis, and Article 9 condition for health information.',
  },
  dataHeld: { heading: 'What information we hold', hint: 'What the service holds, and what it never holds.' },
  recipients: { heading: 'Who we share it with', hint: 'Who sees the records, and any processor hosting the service.' },
  retention: { heading: 'How long we keep it', hint: 'Should match the retention periods set in these settings.' },
  rights: { heading: 'Your rights', hint: 'Access, rectification, erasure, restriction, objection.' },
  complaints: {
    heading: 'How to complain',
    hint: 'Your own complaints route, then the Information Commissioner’s Office.',
  },
};

/** Plain text to paragraphs: a blank line starts a new one. */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
