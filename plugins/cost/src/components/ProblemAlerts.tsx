import Alert from '@material-ui/lab/Alert';
import Box from '@material-ui/core/Box';

/**
 * The backend's problems for this entity (a missing price, Azure not reachable…), each as a
 * warning in place: one service's gap must not hide the rest of the page.
 */
export function ProblemAlerts(props: { problems: string[] }) {
  const { problems } = props;
  if (problems.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {problems.map(problem => (
        <Alert key={problem} severity="warning">
          {problem}
        </Alert>
      ))}
    </Box>
  );
}
