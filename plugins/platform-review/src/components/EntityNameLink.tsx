import { Link } from '@backstage/core-components';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { createContext, type ReactNode, useContext } from 'react';

type EntityHref = ReturnType<typeof useEntityRefLink>;

const EntityHrefContext = createContext<EntityHref | undefined>(undefined);

/**
 * Resolves the catalog's entity route once for every `EntityNameLink` below it. Each
 * `useEntityRefLink` call resolves the route against the app's whole route tree (react-router's
 * matchRoutes); at 10,000 services the review mounts a few hundred links per screen, and those
 * resolutions were a tenth of the page's main-thread time (measured in Chromium;
 * docs/benchmarks.md).
 */
export function EntityHrefProvider(props: { children: ReactNode }) {
  const entityHref = useEntityRefLink();
  return (
    <EntityHrefContext.Provider value={entityHref}>
      {props.children}
    </EntityHrefContext.Provider>
  );
}

function useEntityHref(): EntityHref {
  const entityHref = useContext(EntityHrefContext);
  if (!entityHref) {
    throw new Error(
      'EntityNameLink is rendered outside an EntityHrefProvider: wrap the page or card that lists the links in one',
    );
  }
  return entityHref;
}

/**
 * A link to an entity's page named by the catalog's presentation of it (its title, else its
 * name; the full ref as the link's title) — what `EntityRefLink` shows, without its icon and
 * tooltip. The review draws hundreds of these at once, and each `EntityRefLink` mounts two
 * MUI `Box`es, i.e. two JSS style sheets inserted into the document: at 10,000 services that
 * alone kept the page's main thread busy for 1.6 s (measured in Chromium; docs/benchmarks.md).
 * Needs an `EntityHrefProvider` above it.
 */
export function EntityNameLink(props: {
  entityRef: string;
  defaultKind?: string;
}) {
  const { entityRef, defaultKind } = props;
  const entityHref = useEntityHref();
  const { primaryTitle, secondaryTitle } = useEntityPresentation(entityRef, {
    defaultKind,
  });
  return (
    <Link to={entityHref(entityRef)} title={secondaryTitle}>
      {primaryTitle}
    </Link>
  );
}
