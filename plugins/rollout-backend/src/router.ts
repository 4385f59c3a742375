import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { createCommerceApiRouter } from '@internal/plugin-catalog-files-node';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { ArgoCdStatusService } from './services/ArgoCdStatusService';
import type { RolloutPolicyService } from './services/RolloutPolicyService';

/**
 * The rollout backend's REST API (`/api/rollout`); the contract is src/schema/openapi.yaml
 * (served at `/api/rollout/openapi.json`), the shapes are in @internal/plugin-rollout-common.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  rolloutPolicy: RolloutPolicyService;
  argoCdStatus: ArgoCdStatusService;
}): Promise<express.Router> {
  const { httpAuth, rolloutPolicy, argoCdStatus } = options;
  const router = createCommerceApiRouter(spec);

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    // The caller's credentials, so the catalog's permissions decide which entities they may see.
    const report = await rolloutPolicy.getEntityRolloutReport(req.params, {
      credentials: await httpAuth.credentials(req),
    });
    res.json(report);
  });

  router.get('/v1/entities/:kind/:namespace/:name/argocd', async (req, res) => {
    res.json(
      await argoCdStatus.getEntityArgoCdStatus(req.params, {
        credentials: await httpAuth.credentials(req),
      }),
    );
  });

  return router;
}
