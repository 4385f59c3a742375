import TextField from '@material-ui/core/TextField';
import type { PlatformReview } from '@internal/plugin-platform-review-common';
import { humanizedRef } from '../format';

type Choice = PlatformReview['systems'][number];

function label(choice: Choice, defaultKind: string): string {
  return choice.title || humanizedRef(choice.entityRef, defaultKind);
}

function FilterSelect(props: {
  id: string;
  label: string;
  allLabel: string;
  defaultKind: string;
  choices: Choice[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const { value, choices } = props;
  // A shared link may name a system the current snapshot no longer has; keep it selectable
  // so the select shows what is applied instead of silently reading "All".
  const options =
    value && !choices.some(c => c.entityRef === value)
      ? [...choices, { entityRef: value }]
      : choices;
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={value ?? ''}
      onChange={event => props.onChange(event.target.value || undefined)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
      style={{ minWidth: 220 }}
    >
      <option value="">{props.allLabel}</option>
      {options.map(choice => (
        <option key={choice.entityRef} value={choice.entityRef}>
          {label(choice, props.defaultKind)}
        </option>
      ))}
    </TextField>
  );
}

/** The system and team selects; the page keeps their values in the URL. */
export function ReviewFilters(props: {
  systems: Choice[];
  teams: Choice[];
  system?: string;
  team?: string;
  onChange: (filters: { system?: string; team?: string }) => void;
}) {
  const { system, team, onChange } = props;
  return (
    <>
      <FilterSelect
        id="platform-review-system"
        label="System"
        allLabel="All systems"
        defaultKind="system"
        choices={props.systems}
        value={system}
        onChange={value => onChange({ system: value, team })}
      />
      <FilterSelect
        id="platform-review-team"
        label="Team"
        allLabel="All teams"
        defaultKind="group"
        choices={props.teams}
        value={team}
        onChange={value => onChange({ system, team: value })}
      />
    </>
  );
}
