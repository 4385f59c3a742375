import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * One part of the review: a card whose region is named by its title, so a reader (or a test)
 * finds "SLO achievability" by name.
 */
export function Section(props: {
  title: string;
  subheader?: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={props.title}>
      <InfoCard title={props.title} subheader={props.subheader}>
        {props.children}
      </InfoCard>
    </section>
  );
}

/** What an empty section means, and what would fill it. */
export function EmptyState(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}
