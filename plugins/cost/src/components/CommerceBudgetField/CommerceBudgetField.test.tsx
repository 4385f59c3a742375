import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import { cartEstimate, costBaseUrl } from '../../__testUtils__/fixtures';
import { renderWithCost } from '../../__testUtils__/renderWithCost';
import {
  CommerceBudgetField,
  CommerceBudgetUiOptions,
} from './CommerceBudgetField';

type Props = FieldExtensionComponentProps<
  number | undefined,
  CommerceBudgetUiOptions
>;

/** The field as the scaffolder form drives it: it owns the value and passes the form's data. */
function FormHarness(props: {
  initialBudget?: number;
  region?: string;
  serviceKind?: string;
  onChange: (value: number | undefined) => void;
}) {
  const [budget, setBudget] = useState(props.initialBudget);
  const fieldProps = {
    formData: budget,
    onChange: (value: number | undefined) => {
      props.onChange(value);
      setBudget(value);
    },
    schema: { type: 'number', title: 'Monthly budget (USD)', default: 300 },
    uiSchema: {
      'ui:field': 'CommerceBudget',
      'ui:options': props.serviceKind ? { serviceKind: props.serviceKind } : {},
    },
    idSchema: { $id: 'root_monthlyBudgetUsd' },
    rawErrors: [],
    required: true,
    disabled: false,
    readonly: false,
    formContext: {
      formData: {
        name: 'basket-service',
        region: props.region,
        monthlyBudgetUsd: budget,
      },
    },
  } as unknown as Props;
  return <CommerceBudgetField {...fieldProps} />;
}

describe('CommerceBudgetField', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requested: URL[];
  beforeEach(() => {
    requested = [];
    server.use(
      http.get(`${costBaseUrl}/v1/estimates/:serviceKind`, ({ request }) => {
        const url = new URL(request.url);
        requested.push(url);
        return HttpResponse.json({
          ...cartEstimate,
          region: url.searchParams.get('region') ?? 'westeurope',
        });
      }),
    );
  });

  it('shows the estimate for the kind and the region chosen in the form', async () => {
    renderWithCost(
      <FormHarness
        initialBudget={700}
        region="northeurope"
        serviceKind="cart"
        onChange={jest.fn()}
      />,
    );

    expect(
      await screen.findByText(
        'Estimated monthly cost: $668 (estimate, prices of 2026-10-01, northeurope)',
      ),
    ).toBeInTheDocument();
    expect(requested.map(u => `${u.pathname}?${u.searchParams}`)).toEqual([
      '/api/cost/v1/estimates/cart?environment=prod&region=northeurope',
    ]);
    expect(
      screen.getByText('Azure Cache for Redis: $410 (redis-c2 x 1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Log Analytics: $48 (log-gb x 16)'),
    ).toBeInTheDocument();
    // Three lines: the rest is on the service's Cost tab once it exists.
    expect(screen.queryByText(/Key Vault/)).not.toBeInTheDocument();
    expect(screen.queryByText(/is over the/)).not.toBeInTheDocument();
  });

  it('warns while the budget typed is under the estimate, and reports the number typed', async () => {
    const onChange = jest.fn();
    renderWithCost(
      <FormHarness
        initialBudget={600}
        region="northeurope"
        serviceKind="cart"
        onChange={onChange}
      />,
    );

    expect(
      await screen.findByText(
        /\$668 estimated is over the \$600 budget: raise the budget or/,
      ),
    ).toBeInTheDocument();

    const input = screen.getByLabelText(/Monthly budget \(USD\)/);
    await userEvent.clear(input);
    await userEvent.type(input, '750');

    expect(onChange).toHaveBeenLastCalledWith(750);
    expect(input).toHaveValue(750);
    expect(screen.queryByText(/is over the/)).not.toBeInTheDocument();
    // Typing does not ask the server again: only the kind and the region change the estimate.
    expect(requested).toHaveLength(1);
  });

  it('reports an emptied box as no value, so the form says the budget is required', async () => {
    const onChange = jest.fn();
    renderWithCost(
      <FormHarness
        initialBudget={300}
        serviceKind="cart"
        onChange={onChange}
      />,
    );
    await userEvent.clear(screen.getByLabelText(/Monthly budget \(USD\)/));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('keeps the form usable when the estimate cannot be had', async () => {
    server.use(
      http.get(`${costBaseUrl}/v1/estimates/:serviceKind`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'price sheet unavailable' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    const onChange = jest.fn();
    renderWithCost(
      <FormHarness
        initialBudget={300}
        region="uksouth"
        serviceKind="cart"
        onChange={onChange}
      />,
    );

    expect(
      await screen.findByText(/The cost estimate is not available right now/),
    ).toBeInTheDocument();
    const input = screen.getByLabelText(/Monthly budget \(USD\)/);
    await userEvent.type(input, '5');
    expect(onChange).toHaveBeenLastCalledWith(3005);
  });

  it('says why there is no estimate when the template names no service kind', async () => {
    renderWithCost(<FormHarness initialBudget={300} onChange={jest.fn()} />);
    expect(
      screen.getByText(/this field's ui:options has no serviceKind/),
    ).toBeInTheDocument();
    expect(requested).toHaveLength(0);
  });
});
