import { makeStyles, Typography } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: 10, color: '#7df3e1' },
  text: { fontWeight: 700, lineHeight: 1.1, fontSize: 17, color: '#7df3e1' },
});

/** The portal's name beside its mark, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <LogoIcon />
      <Typography component="span" className={classes.text}>
        Commerce
        <br />
        Platform Portal
      </Typography>
    </div>
  );
};
