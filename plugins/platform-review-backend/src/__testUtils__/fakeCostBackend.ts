import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { CostOverview } from '@internal/plugin-cost-common';
import Router from 'express-promise-router';

/** A cost overview for the four services, as the cost backend answers with estimates. */
export const FOUR_SERVICES_COST: CostOverview = {
  platform: {
    kind: 'estimate',
    sharedUsd: 1800,
    servicesUsd: 700,
    totalUsd: 2500,
    budgetUsd: 3000,
  },
  systems: [
    {
      entityRef: 'system:default/commerce-platform',
      title: 'Commerce Platform',
      kind: 'estimate',
      monthlyUsd: 2500,
      budgetUsd: 3000,
      sharedUsd: 1800,
      services: [],
      problems: [],
    },
  ],
  groups: [
    {
      entityRef: 'group:default/checkout-team',
      kind: 'estimate',
      monthlyUsd: 450,
      budgetUsd: 920,
      services: [],
      problems: [],
    },
  ],
  problems: [],
};

/**
 * A stand-in cost backend (plugin id `cost`) in the test backend, so the review reaches it the
 * real way: discovery, a service token for `cost`, the default auth policy. It records who
 * called, to check the token was the review's own.
 */
export function fakeCostBackend(
  answer: { status: number; body: unknown; delayMs?: number } = {
    status: 200,
    body: FOUR_SERVICES_COST,
  },
) {
  const callers: string[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'cost',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = Router();
          router.get('/v1/overview', async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['service'],
            });
            callers.push(credentials.principal.subject);
            if (answer.delayMs) {
              await new Promise(resolve => setTimeout(resolve, answer.delayMs));
            }
            res.status(answer.status).json(answer.body);
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return { plugin, callers };
}
