// The partnership's published figures, for anyone and without sign-in: a bare page in GOV.UK markup
// (no app chrome, no script) that a Local Offer site can link to or frame, its stylesheet, and the
// same figures as CSV. Only the figures the council chose; nothing else of the service is reachable here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { publishableFigures, publishedFiguresCsv, publishedFigureText } from '#shared/domain/published-figures.ts';
import { PublishableFiguresResponseSchema } from '#shared/protocol/settings-api.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import { getPublicFigures, type PublicFigures } from '../services/published-figures.ts';
import { getSettings } from '../services/settings.ts';
import { requireSession } from './auth.ts';
import type { AppContext } from './context.ts';
import { allowFramingBy } from './security-headers.ts';

// A reader refreshing the page is fine; a script hammering an unauthenticated endpoint is not.
const limited = { config: { rateLimit: { max: 60, timeWindow: 60_000 } } };

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function formatDate(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** govuk-frontend's styles as the app uses them: Arial, without the GOV.UK typeface or crest. */
function loadStyles(): string {
  const require = createRequire(import.meta.url);
  const css = readFileSync(require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8');
  return css
    .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
    .replace(/GDS Transport,arial,sans-serif/g, 'arial,helvetica,sans-serif')
    .replace(/url\(\/assets\/images\/govuk-crest\.svg\)/g, 'none');
}

export function renderPublicFiguresPage(data: PublicFigures): string {
  const t = data.threshold;
  const rows = data.figures
    .map((f) => {
      const basis = f.status === 'published' && f.basedOn !== null ? `About ${f.basedOn} ${f.basedOnUnit}` : '';
      return `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${escapeHtml(f.label)}</th><td class="govuk-table__cell govuk-table__cell--numeric">${escapeHtml(publishedFigureText(f, t))}</td><td class="govuk-table__cell govuk-table__cell--numeric">${escapeHtml(basis)}</td></tr>`;
    })
    .join('');
  const period = `${formatDate(data.period.from)} to ${formatDate(data.period.to)}`;
  const body =
    data.figures.length === 0
      ? '<p class="govuk-body">The council has not published any figures yet.</p>'
      : `<table class="govuk-table" data-testid="published-figures"><caption class="govuk-table__caption govuk-table__caption--m">Headline figures, ${escapeHtml(period)}</caption><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Figure</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Value</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Based on</th></tr></thead><tbody class="govuk-table__body">${rows}</tbody></table>
<p class="govuk-body">These figures come from audits of education, health and care (EHC) plans that a panel of education, health and social care professionals has moderated and signed off. Percentages are rounded to whole numbers and the number of plans behind them to the nearest 5. A figure based on fewer than ${t} plans is not published, so that no figure can be linked to a child or family.</p>
<p class="govuk-body"><a class="govuk-link" href="/api/public/figures.csv" download>Download these figures as a spreadsheet (CSV)</a></p>`;
  return `<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>EHC plan quality: published figures – ${escapeHtml(data.councilName)}</title>
<link rel="stylesheet" href="/public/figures.css">
</head>
<body class="govuk-template__body">
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<span class="govuk-caption-l">${escapeHtml(data.councilName)}</span>
<h1 class="govuk-heading-l">Quality of education, health and care plans</h1>
${body}
</main>
</div>
</body>
</html>
`;
}

export function registerPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  let styles: string | undefined;

  const figures = async () => {
    const settings = await getSettings(ctx.store.db);
    return { settings, data: await getPublicFigures(ctx.store.db, settings, ctx.now()) };
  };

  app.get('/public/figures', limited, async (request, reply) => {
    const { settings, data } = await figures();
    const origin = settings.publication?.embedOrigin;
    if (origin) allowFramingBy(request, origin);
    // Figures change only when a moderation is signed off: a few minutes' caching spares the database.
    reply.header('cache-control', 'public, max-age=300');
    return reply.type('text/html; charset=utf-8').send(renderPublicFiguresPage(data));
  });

  app.get('/public/figures.css', limited, async (_request, reply) => {
    styles ??= loadStyles();
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('text/css; charset=utf-8').send(styles);
  });

  app.get('/api/public/figures.csv', limited, async (_request, reply) => {
    const { data } = await figures();
    reply.header('content-disposition', 'attachment; filename="published-figures.csv"');
    return reply.type('text/csv; charset=utf-8').send(publishedFiguresCsv(data.figures, data.period, data.threshold));
  });

  // For the settings page: the fixed figures and every measure a published framework declares.
  app.get('/api/publication/choices', async (request) => {
    await requireSession(ctx.store, ctx.now(), request, ['admin']);
    const rows = await ctx.store.db.query<{ doc: Framework }>(
      "SELECT doc FROM frameworks WHERE status = 'published' ORDER BY id, version",
    );
    return PublishableFiguresResponseSchema.parse({ choices: publishableFigures(rows.map((r) => r.doc)) });
  });
}
