import { Link } from '@backstage/core-components';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';

/**
 * A link to an entity's page named by the catalog's presentation of it (its title, else its
 * name; the full ref as the link's title) — what `EntityRefLink` shows, without its icon and
 * tooltip. The review draws hundreds of these at once, and each `EntityRefLink` mounts two
 * MUI `Box`es, i.e. two JSS style sheets inserted into the document: at 10,000 services that
 * alone kept the page's main thread busy for 1.6 s (measured in Chromium; docs/benchmarks.md).
 */
export function EntityNameLink(props: {
  entityRef: string;
  defaultKind?: string;
}) {
  const { entityRef, defaultKind } = props;
  const entityLink = useEntityRefLink();
  const { primaryTitle, secondaryTitle } = useEntityPresentation(entityRef, {
    defaultKind,
  });
  return (
    <Link to={entityLink(entityRef)} title={secondaryTitle}>
      {primaryTitle}
    </Link>
  );
}
