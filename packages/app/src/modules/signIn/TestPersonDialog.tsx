import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useEffect, useState } from 'react';
import { PersonRequest, testPersonAuthApiRef } from './TestPersonAuth';

/**
 * Asks who to sign in as when the "Test person" card's Sign in is pressed, and shows the
 * backend's answer (e.g. an unknown name) without closing.
 */
export function TestPersonDialog() {
  const auth = useApi(testPersonAuthApiRef);
  const [request, setRequest] = useState<PersonRequest>();
  const [name, setName] = useState('amara.okafor');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const subscription = auth.personRequest$().subscribe(next => {
      setRequest(next);
      setError(undefined);
    });
    return () => subscription.unsubscribe();
  }, [auth]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!request) return;
    setBusy(true);
    setError(undefined);
    try {
      await request.signInAs(name.trim());
    } catch (e) {
      // The backend's reason (unknown User, not a development backend), not just the status.
      setError(
        e instanceof ResponseError ? e.cause.message : (e as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={Boolean(request)}
      onClose={() => request?.cancel()}
      aria-labelledby="test-person-title"
    >
      <form onSubmit={submit}>
        <DialogTitle id="test-person-title">
          Sign in as a test person
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            See the portal as someone outside the platform team: you get the
            teams the catalog gives them (catalog/org.yaml), and the permission
            policy treats you as it treats them. Local development only.
          </DialogContentText>
          <TextField
            id="test-person-name"
            label="Catalog User"
            value={name}
            onChange={e => setName(e.target.value)}
            fullWidth
            margin="normal"
            // The catalog cannot be read before signing in, so the name is typed; the backend
            // refuses a name the catalog does not have.
            helperText="The name of a User in catalog/org.yaml, e.g. amara.okafor (checkout-team) or tomas.berg (catalog-team)"
          />
          {error && (
            <Typography color="error" role="alert">
              {error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => request?.cancel()}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy || !name.trim()}
          >
            Sign in as {name.trim() || '…'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
