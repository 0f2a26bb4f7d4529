// People & expectations: team members with their time zone, working hours
// and days (due times are counted in those), and how much working time each
// urgency allows for a reply.
import { AddIcon } from '../../components/Icon';
import { useEffect, useState } from 'preact/hooks';
import { commands, type ExpectationsView, type MemberInput, type PersonView } from '../bindings';
import { errorText } from '../format';
import '../workflow/workflow.css';

const BLANK: MemberInput = { name: '', time_zone: 'UTC', hours: '09:00-17:00', days: 'mon-fri' };

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function PeoplePage() {
  const [people, setPeople] = useState<PersonView[]>([]);
  const [expectations, setExpectations] = useState<ExpectationsView | null>(null);
  const [adding, setAdding] = useState<MemberInput>(BLANK);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = () => commands.people().then(setPeople, (e) => setError(errorText(e)));
  useEffect(() => {
    void load();
    commands.expectations().then(setExpectations, (e) => setError(errorText(e)));
  }, []);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setSaved(null);
    try {
      await what();
      setSaved(done);
      await load();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };

  return (
    <section class="page people">
      <h1>People &amp; expectations</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {saved && <p class="note">{saved}</p>}
      <datalist id="time-zones">
        {zones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <h2>Team</h2>
      <table class="members">
        <thead>
          <tr>
            <th>Name</th>
            <th>Time zone</th>
            <th>Working hours</th>
            <th>Working days</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <MemberRow key={`${p.id}-${p.name}-${p.time_zone}-${p.hours}-${p.days}`} person={p} onSave={(m) => act(() => commands.updateMember(p.id, m), `Saved ${m.name}.`)} />
          ))}
        </tbody>
      </table>
      <form
        class="add-member filters"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => commands.addMember(adding), `Added ${adding.name}.`).then((ok) => ok && setAdding(BLANK));
        }}
      >
        <MemberFields value={adding} onChange={setAdding} prefix="new-member" />
        <button type="submit" id="add-member">
          <AddIcon />
          Add member
        </button>
      </form>

      <h2>Response expectations</h2>
      <p class="hint">Working time a reply may take: hours (4h) or the replier's working days (1d).</p>
      {expectations && (
        <form
          class="expectations filters"
          onSubmit={(e) => {
            e.preventDefault();
            void act(async () => setExpectations(await commands.setExpectations(expectations)), 'Expectations saved.');
          }}
        >
          {(['urgent', 'standard', 'non_urgent'] as const).map((k) => (
            <label key={k}>
              {k === 'non_urgent' ? 'Non-urgent' : k[0].toUpperCase() + k.slice(1)}{' '}
              <input id={`expect-${k}`} size={4} value={expectations[k]} onInput={(e) => setExpectations({ ...expectations, [k]: e.currentTarget.value })} />
            </label>
          ))}
          <button type="submit" id="save-expectations">
            Save
          </button>
        </form>
      )}
    </section>
  );
}

function MemberRow({ person, onSave }: { person: PersonView; onSave: (m: MemberInput) => Promise<boolean> }) {
  const [value, setValue] = useState<MemberInput>({ name: person.name, time_zone: person.time_zone, hours: person.hours, days: person.days });
  return (
    <tr data-person={person.id}>
      <MemberFields value={value} onChange={setValue} cells suffix={person.is_me ? ' (you)' : ''} />
      <td>
        <button type="button" class="save-member" onClick={() => void onSave(value)}>
          Save
        </button>
      </td>
    </tr>
  );
}

interface FieldsProps {
  value: MemberInput;
  onChange: (m: MemberInput) => void;
  cells?: boolean;
  prefix?: string;
  suffix?: string;
}

function MemberFields({ value, onChange, cells, prefix, suffix }: FieldsProps) {
  const field = (k: keyof MemberInput, label: string, extra: Record<string, string> = {}) => {
    const input = (
      <input
        {...extra}
        id={prefix ? `${prefix}-${k.replace('_', '-')}` : undefined}
        name={k}
        aria-label={label}
        placeholder={label}
        value={value[k]}
        onInput={(e) => onChange({ ...value, [k]: e.currentTarget.value })}
      />
    );
    return cells ? (
      <td>
        {input}
        {k === 'name' && suffix && <span class="muted">{suffix}</span>}
      </td>
    ) : (
      input
    );
  };
  return (
    <>
      {field('name', 'Name')}
      {field('time_zone', 'Time zone', { list: 'time-zones' })}
      {field('hours', 'Working hours, e.g. 9-17')}
      {field('days', 'Working days, e.g. mon-fri')}
    </>
  );
}
