import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  entityRefParam,
  parseQuery,
} from '@internal/plugin-catalog-files-node';
import { platformReviewRefreshPermission } from '@internal/plugin-platform-review-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ReviewSnapshotService } from './services/ReviewSnapshot';

const reviewQuery = z
  .object({
    system: entityRefParam('system', 'system:default/commerce-platform'),
    team: entityRefParam('group', 'group:default/checkout-team'),
  })
  .partial()
  .strict();

/** The platform review's REST API (`/api/platform-review`); shapes in -common's api.ts. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  snapshot: ReviewSnapshotService;
}): Promise<express.Router> {
  const { httpAuth, permissions, snapshot } = options;
  const router = Router();

  router.get('/v1/review', async (req, res) => {
    const filters = parseQuery(
      reviewQuery,
      req.query,
      'the review takes system and team',
    );
    const review = await snapshot.getReviewResponse(filters);
    res.set({
      ETag: review.etag,
      // Revalidate every time: the answer changes with each refresh.
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    // Already compressed once per snapshot; the compression middleware leaves an encoded body.
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(await review.gzip());
    } else {
      res.send(await review.json());
    }
  });

  router.get('/v1/decisions', async (_req, res) => {
    res.json(await snapshot.getDecisions());
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/decisions',
    async (req, res) => {
      const { kind, namespace, name } = req.params;
      const entityRef = stringifyEntityRef({ kind, namespace, name });
      // A kind, namespace or name that is empty or holds ":" or "/" does not read back as the
      // same ref: the catalog client would throw a plain error (a 500) or look up another one.
      if (!readsBackAs(entityRef, { kind, namespace, name })) {
        throw new InputError(
          `"${kind}/${namespace}/${name}" is not an entity reference: use /v1/entities/<kind>/<namespace>/<name>/decisions, e.g. /v1/entities/component/default/order-service/decisions`,
        );
      }
      res.json(
        await snapshot.getEntityDecisions(entityRef, {
          credentials: await httpAuth.credentials(req),
        }),
      );
    },
  );

  // Triggers the scheduler's task that builds the review and answers when a build started after
  // the request has stored its snapshot, so a caller can read the review right after, from any
  // replica.
  //
  // Guarded by a permission (the commerce policy: platform team only) rather than coalesced in
  // a time window: the platform team refreshes to see a change it just made (a service
  // registered, a decision merged), which a window would hide; everyone else reads the snapshot
  // the schedule rebuilds (platformReview.refreshInterval). Refreshes asked for while one runs
  // already share one build after it (ReviewSnapshotReader.awaitBuild), and the scheduler runs
  // one at a time, so even the platform team's loop runs at most one build at a time.
  router.post('/v1/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: platformReviewRefreshPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only the platform team may rebuild the platform review now: each rebuild reads every service repository and spends the GitHub App’s rate limit. The review rebuilds itself every few minutes; ask the platform team if you need it sooner.',
      );
    }
    res.json(await snapshot.refresh());
  });

  return router;
}

function readsBackAs(
  entityRef: string,
  parts: { kind: string; namespace: string; name: string },
): boolean {
  try {
    const parsed = parseEntityRef(entityRef);
    return (
      parsed.kind === parts.kind &&
      parsed.namespace === parts.namespace &&
      parsed.name === parts.name
    );
  } catch {
    return false;
  }
}
