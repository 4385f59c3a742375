import { Link, InfoCard } from '@backstage/core-components';
import { Box, Grid, Typography, makeStyles } from '@material-ui/core';
import BuildIcon from '@material-ui/icons/Build';
import FavoriteIcon from '@material-ui/icons/Favorite';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import type { ReactNode } from 'react';

/** Where each of the portal's three kinds of user starts. */
export interface Journey {
  who: string;
  title: string;
  description: string;
  icon: ReactNode;
  primary: { label: string; to: string };
  more: Array<{ label: string; to: string }>;
}

const catalogFilter = (filters: Record<string, string>) =>
  `/catalog?${Object.entries(filters)
    .map(([k, v]) => `filters%5B${k}%5D=${encodeURIComponent(v)}`)
    .join('&')}`;

export const journeys: Journey[] = [
  {
    who: 'Engineers',
    title: 'Create a commerce service',
    description:
      'Start a product, order, cart or payment service from a template: working code on its own data store, tests, Bicep, CI/CD and a canary rollout policy — registered, provisioned and deployed in one go.',
    icon: <BuildIcon />,
    primary: { label: 'Open Create', to: '/create' },
    more: [{ label: 'Browse the APIs', to: '/api-docs' }],
  },
  {
    who: 'Service owners',
    title: 'See how your services are doing',
    description:
      'Your services with their owner, SLOs and error budget, cost against budget, rollout policy and pods.',
    icon: <FavoriteIcon />,
    primary: {
      label: 'My services',
      to: catalogFilter({ kind: 'component', user: 'owned' }),
    },
    more: [
      {
        label: 'All commerce services',
        to: catalogFilter({ kind: 'component', type: 'service' }),
      },
    ],
  },
  {
    who: 'Engineering leads',
    title: 'Review the platform',
    description:
      'Who owns which service and data store, whether SLOs are achievable, spend against budget, and the "not yet" decisions due for revisit.',
    icon: <AccountTreeIcon />,
    primary: { label: 'Review the platform', to: '/platform-review' },
    more: [
      {
        label: 'The commerce platform',
        to: '/catalog/default/system/commerce-platform',
      },
      { label: 'Teams', to: catalogFilter({ kind: 'group' }) },
      {
        label: 'Shared platform resources',
        to: catalogFilter({ kind: 'resource' }),
      },
    ],
  },
];

const useStyles = makeStyles(theme => ({
  who: {
    textTransform: 'uppercase',
    letterSpacing: 1,
    color: theme.palette.text.secondary,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  primary: { fontWeight: 600, fontSize: '1.05rem' },
}));

/** Three cards that tell each kind of user where to go. */
export function WhereToGo() {
  const classes = useStyles();
  return (
    <Grid container spacing={3}>
      {journeys.map(journey => (
        <Grid item xs={12} md={4} key={journey.who}>
          <InfoCard title={journey.title} variant="fullHeight">
            <Typography
              variant="overline"
              component="div"
              className={classes.who}
            >
              {journey.icon}
              {journey.who}
            </Typography>
            <Typography variant="body1" paragraph>
              {journey.description}
            </Typography>
            <Box display="flex" flexDirection="column" gridGap={8}>
              <Link to={journey.primary.to} className={classes.primary}>
                {journey.primary.label} →
              </Link>
              {journey.more.map(link => (
                <Link key={link.to} to={link.to}>
                  {link.label}
                </Link>
              ))}
            </Box>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
