import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  explainOpenApiInputErrors,
  IGNORE_REQUEST_BODIES,
} from '@internal/plugin-catalog-files-node';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { RolloutPolicyService } from './services/RolloutPolicyService';

/**
 * The rollout backend's REST API (`/api/rollout`); the contract is src/schema/openapi.yaml
 * (served at `/api/rollout/openapi.json`), the shapes are in @internal/plugin-rollout-common.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  rolloutPolicy: RolloutPolicyService;
}): Promise<express.Router> {
  const { httpAuth, rolloutPolicy } = options;
  // No routes take a body: a body sent anyway is ignored, as before, instead of parsed as JSON.
  const router = createValidatedOpenApiRouter<typeof spec>(spec, {
    middleware: IGNORE_REQUEST_BODIES,
  });
  router.use(explainOpenApiInputErrors(spec));

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    // The caller's credentials, so the catalog's permissions decide which entities they may see.
    const report = await rolloutPolicy.getEntityRolloutReport(req.params, {
      credentials: await httpAuth.credentials(req),
    });
    res.json(report);
  });

  return router;
}
