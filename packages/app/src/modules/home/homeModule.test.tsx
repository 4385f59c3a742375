import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { PortalHomeLayout } from './homeModule';

describe('PortalHomeLayout', () => {
  it('sends each kind of user to where they start', async () => {
    await renderInTestApp(<PortalHomeLayout widgets={[]} />);

    const link = (name: RegExp) => screen.getByRole('link', { name });
    expect(link(/open create/i)).toHaveAttribute('href', '/create');
    expect(link(/my services/i)).toHaveAttribute(
      'href',
      '/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=owned',
    );
    expect(link(/review the platform/i)).toHaveAttribute(
      'href',
      '/platform-review',
    );
    expect(link(/the commerce platform/i)).toHaveAttribute(
      'href',
      '/catalog/default/system/commerce-platform',
    );
    for (const who of ['Engineers', 'Service owners', 'Engineering leads']) {
      expect(screen.getByText(who)).toBeInTheDocument();
    }
  });

  it('renders the installed widgets below the journeys', async () => {
    const widget = {
      name: 'starred',
      component: <div data-testid="starred-widget">Starred</div>,
    } as any;
    await renderInTestApp(<PortalHomeLayout widgets={[widget]} />);
    const rendered = screen.getByTestId('starred-widget');
    expect(within(rendered).getByText('Starred')).toBeInTheDocument();
  });
});
