import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('boots to the portal sign-in page, offering guest locally', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Commerce Platform Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            portal: { signIn: { providers: ['guest'] } },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('Commerce Platform Portal').length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Microsoft Entra ID')).not.toBeInTheDocument();
  }, 30_000);
});
