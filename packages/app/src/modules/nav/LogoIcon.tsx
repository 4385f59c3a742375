import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 28, height: 28, flexShrink: 0 },
  stroke: {
    fill: 'none',
    stroke: '#7df3e1',
    strokeWidth: 2.2,
    strokeLinejoin: 'round',
  },
});

/** A shopping bag: the portal's mark, for the closed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} viewBox="0 0 32 32" aria-hidden="true">
      <path className={classes.stroke} d="M6 10h20l-1.5 18h-17z" />
      <path className={classes.stroke} d="M11 13V8a5 5 0 0 1 10 0v5" />
    </svg>
  );
};
