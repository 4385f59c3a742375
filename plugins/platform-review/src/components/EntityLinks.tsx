import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import { EntityNameLink } from './EntityNameLink';

/** Entity refs as comma-separated links to their pages, or `none` in grey. */
export function EntityLinks(props: {
  entityRefs: readonly string[];
  defaultKind?: string;
  none?: string;
}) {
  const { entityRefs, defaultKind, none = 'none' } = props;
  if (entityRefs.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" component="span">
        {none}
      </Typography>
    );
  }
  return (
    <>
      {entityRefs.map((ref, index) => (
        <Fragment key={ref}>
          {index > 0 && ', '}
          <EntityNameLink entityRef={ref} defaultKind={defaultKind} />
        </Fragment>
      ))}
    </>
  );
}
