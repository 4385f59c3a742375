import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { DecisionSearchResultListItem } from './DecisionSearchResultListItem';

// The document as the search module indexes it (DecisionRecordCollatorFactory's toDocument).
const MESH = {
  title: 'Defer a service mesh',
  text: 'Status: deferred since 2026-11-21. Decided by platform-team, engineering-leads. Revisit by 2027-06-30.',
  location:
    '/platform-review/decisions/default/component/commerce-platform-portal/0009-defer-service-mesh.md',
  status: 'deferred',
  owner: 'platform-team, engineering-leads',
  revisitBy: '2027-06-30',
  entityRef: 'component:default/commerce-platform-portal',
  file: '0009-defer-service-mesh.md',
};

const ACCEPTED = {
  ...MESH,
  title: 'Record architecture decisions in MADR',
  file: 'adr-template.md',
  status: 'accepted',
  revisitBy: undefined,
};

describe('DecisionSearchResultListItem', () => {
  it('links the numbered title to the rendered record and shows status, makers, revisit date and entity', async () => {
    await renderInTestApp(<DecisionSearchResultListItem result={MESH} />);

    expect(
      screen.getByRole('link', { name: '0009 · Defer a service mesh' }),
    ).toHaveAttribute('href', MESH.location);
    const facts = screen.getByLabelText('Decision record');
    expect(within(facts).getByText('deferred')).toBeInTheDocument();
    expect(facts).toHaveTextContent(
      'Decided by platform-team, engineering-leads',
    );
    expect(facts).toHaveTextContent('Revisit by 2027-06-30');
    expect(facts).toHaveTextContent(
      'Recorded under component:commerce-platform-portal',
    );
  });

  it("marks the search's matches in the title, and leaves out what an accepted record lacks", async () => {
    await renderInTestApp(
      <DecisionSearchResultListItem
        result={ACCEPTED}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: { title: 'Record architecture <em>decisions</em> in MADR' },
        }}
      />,
    );

    const link = screen.getByRole('link', {
      name: 'Record architecture decisions in MADR',
    });
    expect(within(link).getByText('decisions').tagName).toBe('MARK');
    expect(screen.getByLabelText('Decision record')).not.toHaveTextContent(
      'Revisit by',
    );
  });
});
