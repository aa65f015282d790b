// Mail for one-time password links, through the council's SMTP server (SMTP_URL, or SMTP_HOST and
// the rest). Without mail settings there is no mailer: the link is logged and shown to the admin.
import nodemailer from 'nodemailer';
import type { MailSettings } from '../sign-in-config.ts';

export type Mailer = { send: (message: { to: string; subject: string; text: string }) => Promise<void> };

export function createMailer(settings: MailSettings | undefined): Mailer | undefined {
  if (!settings) return undefined;
  const transport =
    'url' in settings
      ? nodemailer.createTransport(settings.url)
      : nodemailer.createTransport({
          host: settings.host,
          port: settings.port,
          secure: settings.secure,
          ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.pass ?? '' } }),
        });
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, ...message });
    },
  };
}
