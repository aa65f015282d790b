// The accessibility statement at /accessibility, readable without signing in, in the shape of the
// GOV.UK model statement: the standard, how the service was tested, what is known not to meet it,
// how to report a problem, and the enforcement procedure.
import { Link } from 'react-router';
import { PageHeading, SERVICE_NAME, usePageTitle } from '#web/components/page.tsx';

export function AccessibilityStatementPage() {
  usePageTitle('Accessibility statement');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>Accessibility statement for {SERVICE_NAME}</PageHeading>
        <p className="govuk-body">
          This statement applies to the {SERVICE_NAME} service, used by local authority, health and social care staff
          and parent carer forum representatives to audit and moderate Education, Health and Care (EHC) plans.
        </p>
        <p className="govuk-body">
          We want as many people as possible to be able to use this service. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard, with a visible focus at every step</li>
          <li>navigate most of the service using speech recognition software</li>
          <li>listen to the whole service using a screen reader</li>
          <li>change colours, contrast and fonts using your browser or device settings</li>
          <li>keep working offline: your audit is saved on your device as you type</li>
        </ul>

        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          The service is designed to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. It
          uses the GOV.UK Design System’s components and patterns, which are themselves tested with disabled people and
          assistive technologies.
        </p>

        <h2 className="govuk-heading-m">How we tested this service</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Every automated browser test of the service checks each screen it visits with the axe accessibility engine
            against the WCAG 2.2 A and AA rules, and fails on any violation.
          </li>
          <li>
            A keyboard test scores a section of an audit with the keyboard alone (Tab to move, Space and the arrow keys
            to rate, Enter to continue), checking every control is reachable, in order, with focus visible. Focus moves
            to each new page’s heading, and to the error summary when there is a problem.
          </li>
          <li>Error messages follow the GOV.UK pattern: a summary at the top linking to each field at fault.</li>
        </ul>
        <p className="govuk-body">
          The council should add here the date and scope of any manual audit with assistive technology, and who carried
          it out.
        </p>

        <h2 className="govuk-heading-m">What we know is not fully accessible</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Reports downloaded as PDF files are not tagged PDFs, so a screen reader may not read their tables and charts
            in order. Every PDF report has an HTML version on the same reports page, with the same figures as accessible
            tables: use that version with assistive technology.
          </li>
          <li>
            Charts in reports are images in the PDF versions; the HTML versions give every chart’s figures in a table.
          </li>
          <li>
            Audit frameworks imported from a spreadsheet keep the wording their authors wrote; the service checks their
            structure, not whether their language is plain.
          </li>
        </ul>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this service</h2>
        <p className="govuk-body">
          If you find a problem that is not listed on this page, or think we are not meeting accessibility requirements,
          contact the council’s team that runs this service, or its data protection officer, whose details are in the{' '}
          <Link className="govuk-link" to="/privacy">
            privacy notice
          </Link>
          . Tell us the page, what you were trying to do and the assistive technology you use, if any. We will reply
          within 10 working days.
        </p>
        <p className="govuk-body">
          If you need information from the service in a different format, such as large print or an accessible PDF, ask
          the same team.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the ‘accessibility regulations’).
          If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service
          (EASS).
        </p>

        <h2 className="govuk-heading-m">Compliance status</h2>
        <p className="govuk-body">
          This service is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due
          to the untagged PDF reports listed above, each of which has an accessible HTML version.
        </p>
      </div>
    </div>
  );
}
