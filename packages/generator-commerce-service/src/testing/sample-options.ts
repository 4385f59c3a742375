/** Realistic blueprint options per kind, shared by the blueprint's tests. */
export const sampleOptions: Record<string, Record<string, string>> = {
  product: {
    kind: 'product',
    name: 'product-service',
    owner: 'catalog-team',
    availability: '99.9',
    latencyP95Ms: '100',
    region: 'swedencentral',
    monthlyBudgetUsd: '400',
  },
  order: {
    kind: 'order',
    name: 'order-service',
    owner: 'checkout-team',
    availability: '99.95',
    latencyP95Ms: '150',
    region: 'swedencentral',
    monthlyBudgetUsd: '600',
  },
  cart: {
    kind: 'cart',
    name: 'cart-service',
    owner: 'checkout-team',
    availability: '99.95',
    latencyP95Ms: '120',
    region: 'swedencentral',
    monthlyBudgetUsd: '250',
  },
  payment: {
    kind: 'payment',
    name: 'payment-service',
    owner: 'payments-team',
    availability: '99.99',
    latencyP95Ms: '200',
    region: 'swedencentral',
    monthlyBudgetUsd: '300',
  },
};
