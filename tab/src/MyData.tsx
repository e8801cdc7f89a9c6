/**
 * "My data" in the personal view: what Polku holds about the signed-in person (GET /api/me/data),
 * the same as a JSON file, and the removal of their name and id (DELETE /api/me/data) after a
 * dialog that says what it means.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@fluentui/react-button';
import {
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
} from '@fluentui/react-dialog';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-message-bar';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-table';
import { tokens } from '@fluentui/react-theme';
import { mergeClasses, makeStyles } from '@griffel/react';
import type { PersonalReport, RemovalResult } from '../../bot/api/contract';
import { PHASES } from '../../bot/domain/pilots';
import { saveFile } from './api';
import { format, type Formats } from './formats';
import { CardsSkeleton, FailureMessage, useApp, useDangerStyles, useFocusManagerHeld, useShared } from './ui';
import { useData } from './useData';

type Mention = PersonalReport['pilots'][number];

const useStyles = makeStyles({
  intro: { margin: `0 0 ${tokens.spacingVerticalM}`, maxWidth: '75ch' },
  details: {
    display: 'grid',
    gridTemplateColumns: 'fit-content(50%) minmax(0, 1fr)',
    // On a phone each label goes above its value.
    '@media (max-width: 480px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: `0 0 ${tokens.spacingVerticalM}`,
  },
  dt: { color: tokens.colorNeutralForeground2 },
  dd: {
    margin: '0',
    overflowWrap: 'anywhere',
    '@media (max-width: 480px)': { marginBottom: tokens.spacingVerticalS },
  },
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300 },
  caption: { textAlign: 'start', padding: `${tokens.spacingVerticalS} 0`, color: tokens.colorNeutralForeground2 },
  table: { tableLayout: 'auto', minWidth: '900px' },
  countHead: { verticalAlign: 'bottom' },
  nameCell: { fontWeight: tokens.fontWeightSemibold },
  nothing: { margin: `0 0 ${tokens.spacingVerticalM}`, fontWeight: tokens.fontWeightSemibold },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalM,
  },
  message: { marginBottom: tokens.spacingVerticalM, ':focus': { outline: 'none' } },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  paragraph: { margin: '0' },
});

/** The person's part in a pilot in words: "ainoa omistaja, loi kokeilun". */
function roleOf(f: Formats, m: Mention): string {
  const t = f.t.myData;
  const out: string[] = [];
  if (m.soleOwner) out.push(t.roleSoleOwner);
  else if (m.owner) out.push(t.roleOwner);
  if (m.created) out.push(t.roleCreated);
  return out.join(', ') || f.t.none;
}

/** The phases whose saved evaluation names them, in the pilot's order. */
function phasesOf(f: Formats, m: Mention): string {
  const saved = PHASES.filter((ph) => m.evaluations.includes(ph));
  return saved.map((ph) => f.t.phases[ph]).join(', ') || f.t.none;
}

function holdsAnything(r: PersonalReport): boolean {
  return r.pilots.length > 0 || r.memberships.length > 0 || r.personalChat || r.references > 0;
}

function RemoveDialog({ report, onRemoved }: { report: PersonalReport; onRemoved: (r: RemovalResult) => void }) {
  const s = useStyles();
  const danger = useDangerStyles();
  const { api, f } = useApp();
  useFocusManagerHeld();
  const t = f.t.myData;
  const introId = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sole = report.pilots.filter((m) => m.soleOwner).map((m) => m.pilotName);
  const remove = () => {
    setBusy(true);
    setError(null);
    api.forgetMe().then(
      (r) => {
        setBusy(false);
        setOpen(false);
        onRemoved(r);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_, data) => {
        if (busy) return;
        setOpen(data.open);
        if (data.open) setError(null);
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button className={danger.outline}>{t.removeButton}</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={introId}>
        <DialogBody>
          <DialogTitle>{t.removeTitle}</DialogTitle>
          <DialogContent className={s.content}>
            <p id={introId} className={s.paragraph}>
              {t.removeIntro}
            </p>
            {sole.length > 0 && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>{format(t.soleOwnerWarning, { pilots: sole.join(', ') })}</MessageBarBody>
              </MessageBar>
            )}
            {error !== null && <FailureMessage error={error} texts={{ failed: t.removeFailed }} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={busy}>{t.cancel}</Button>
            </DialogTrigger>
            <Button
              appearance="primary"
              className={busy ? undefined : danger.filled}
              disabled={busy}
              disabledFocusable={busy}
              onClick={remove}
            >
              {t.remove}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Report({ report, onRemoved }: { report: PersonalReport; onRemoved: (r: RemovalResult) => void }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t.myData;
  const anything = holdsAnything(report);
  const download = () => {
    // The report as fetched, made into a file here: nothing more is asked from the server.
    const blob = new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' });
    saveFile(blob, t.fileName);
  };
  return (
    <>
      {!anything && <p className={s.nothing}>{t.nothing}</p>}
      <dl className={s.details}>
        <dt className={s.dt}>{t.yourId}</dt>
        <dd className={s.dd}>
          <span className={s.id}>{report.userId}</span>
        </dd>
        <dt className={s.dt}>{t.memberships}</dt>
        <dd className={s.dd}>{f.number(report.memberships.length)}</dd>
        <dt className={s.dt}>{t.personalChat}</dt>
        <dd className={s.dd}>{report.personalChat ? t.stored : t.notStored}</dd>
        {report.references > 0 && (
          <>
            <dt className={s.dt}>{t.references}</dt>
            <dd className={s.dd}>{f.number(report.references)}</dd>
          </>
        )}
      </dl>
      {report.pilots.length === 0 ? (
        anything && <p>{t.noPilots}</p>
      ) : (
        <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby="my-pilots-caption">
          <Table size="small" className={s.table}>
            <caption id="my-pilots-caption" className={s.caption}>
              {t.pilotsCaption}
            </caption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.pilot}</TableHeaderCell>
                <TableHeaderCell>{t.team}</TableHeaderCell>
                <TableHeaderCell>{t.role}</TableHeaderCell>
                <TableHeaderCell>{t.yourName}</TableHeaderCell>
                <TableHeaderCell>{t.evaluations}</TableHeaderCell>
                <TableHeaderCell className={mergeClasses(shared.number, s.countHead)}>{t.sessions}</TableHeaderCell>
                <TableHeaderCell className={mergeClasses(shared.number, s.countHead)}>{t.history}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.pilots.map((m) => (
                <TableRow key={m.pilotId}>
                  <TableHeaderCell scope="row" className={s.nameCell}>
                    {m.pilotName}
                  </TableHeaderCell>
                  <TableCell>{m.teamName || f.t.none}</TableCell>
                  <TableCell>{roleOf(f, m)}</TableCell>
                  <TableCell>{m.name || f.t.none}</TableCell>
                  <TableCell>{phasesOf(f, m)}</TableCell>
                  <TableCell className={shared.number}>{f.number(m.sessions)}</TableCell>
                  <TableCell className={shared.number}>{f.number(m.history)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <div className={s.actions}>
        <Button onClick={download}>{t.download}</Button>
        {anything && <RemoveDialog report={report} onRemoved={onRemoved} />}
      </div>
    </>
  );
}

export function MyData({ onRemoved }: { onRemoved: () => void }) {
  const s = useStyles();
  const shared = useShared();
  const { api, f } = useApp();
  const t = f.t.myData;
  const { state, retry } = useData(useCallback(() => api.myData(), [api]));
  const [removed, setRemoved] = useState<RemovalResult | null>(null);
  const message = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The dialog and its button are gone: the focus goes to what happened.
    if (removed) message.current?.focus();
  }, [removed]);
  return (
    <section aria-labelledby="my-data-heading">
      <h2 id="my-data-heading" className={shared.h2}>
        {t.heading}
      </h2>
      <p className={s.intro}>{t.intro}</p>
      {removed && (
        <div ref={message} tabIndex={-1} className={s.message}>
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t.removedTitle}</MessageBarTitle>
              {[
                format(t.removed, {
                  pilots: f.number(removed.pilots),
                  rows: f.number(removed.rows),
                  memberships: f.number(removed.memberships),
                }),
                removed.personalChat ? t.removedChat : '',
                t.removedAgain,
              ]
                .filter(Boolean)
                .join(' ')}
            </MessageBarBody>
          </MessageBar>
        </div>
      )}
      {state.status === 'loading' ? (
        <CardsSkeleton label={t.loading} count={1} />
      ) : state.status === 'failed' ? (
        <FailureMessage error={state.error} texts={{ failed: t.loadFailed }} onRetry={retry} />
      ) : (
        <Report
          report={state.value}
          onRemoved={(r) => {
            setRemoved(r);
            retry();
            onRemoved();
          }}
        />
      )}
    </section>
  );
}
