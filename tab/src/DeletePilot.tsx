/**
 * Deleting a pilot, for its owners: a section at the end of the pilot's page whose button opens
 * a dialog that says what goes, offers the full export first and asks for the pilot's name.
 */
import { useId, useState, type FormEvent } from 'react';
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
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PilotDetail } from '../../bot/api/contract';
import { confirmsName } from '../../bot/domain/pilots';
import { format } from './formats';
import { FailureMessage, ExportButton, useApp, useDangerStyles, useFocusManagerHeld, useShared } from './ui';

/** What the overview says once a pilot is gone. */
export interface PilotDeleted {
  name: string;
  sessions: number;
  evaluations: number;
  history: number;
}

const useStyles = makeStyles({
  section: {
    marginTop: tokens.spacingVerticalXXL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL} ${tokens.spacingVerticalL}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  heading: { marginTop: tokens.spacingVerticalS },
  text: { margin: `0 0 ${tokens.spacingVerticalM}` },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  paragraph: { margin: '0' },
  list: { margin: '0', paddingInlineStart: tokens.spacingHorizontalXL },
  download: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { fontWeight: tokens.fontWeightSemibold },
});

export function DeletePilot({ detail, onDeleted }: { detail: PilotDetail; onDeleted: (d: PilotDeleted) => void }) {
  const s = useStyles();
  const shared = useShared();
  const danger = useDangerStyles();
  const { api, f } = useApp();
  useFocusManagerHeld();
  const t = f.t.deletePilot;
  const p = detail.overview;
  const ids = { heading: useId(), intro: useId(), what: useId() };
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exportFailed, setExportFailed] = useState(false);
  const counts = {
    sessions: p.totals.sessions,
    evaluations: Object.keys(detail.phases).length,
    history: detail.history.length,
  };
  // The same comparison as the server's and the bot card's.
  const matches = confirmsName(typed, p.name);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    // The name was confirmed above: the pilot's own name goes, not what was typed.
    api.deletePilot(p.id, p.name).then(
      (r) => {
        setBusy(false);
        setOpen(false);
        onDeleted({ name: p.name, sessions: r.sessions, evaluations: r.evaluations, history: r.history });
      },
      (err: unknown) => {
        // The dialog stays open with what was typed; the message says what went wrong.
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <section aria-labelledby={ids.heading} className={s.section}>
      <h2 id={ids.heading} className={`${shared.h2} ${s.heading}`}>
        {t.heading}
      </h2>
      <p className={s.text}>{t.sectionIntro}</p>
      <Dialog
        modalType="alert"
        open={open}
        onOpenChange={(_, data) => {
          if (busy) return;
          setOpen(data.open);
          if (data.open) {
            setTyped('');
            setError(null);
            setExportFailed(false);
          }
        }}
      >
        <DialogTrigger disableButtonEnhancement>
          <Button className={danger.outline}>{t.button}</Button>
        </DialogTrigger>
        <DialogSurface aria-describedby={ids.intro}>
          <form onSubmit={submit} noValidate>
            <DialogBody>
              <DialogTitle>{format(t.title, { name: p.name })}</DialogTitle>
              <DialogContent className={s.content}>
                <p id={ids.intro} className={s.paragraph}>
                  {t.intro}
                </p>
                <div>
                  <h3 id={ids.what} className={shared.h3}>
                    {t.what}
                  </h3>
                  <ul className={s.list} aria-labelledby={ids.what}>
                    <li>{format(t.sessions, { count: f.number(counts.sessions) })}</li>
                    <li>{format(t.evaluations, { count: f.number(counts.evaluations) })}</li>
                    <li>{format(t.history, { count: f.number(counts.history) })}</li>
                    <li>{t.more}</li>
                  </ul>
                </div>
                <div className={s.download}>
                  <span>{t.downloadFirst}</span>
                  <ExportButton
                    id={p.id}
                    what="all"
                    format="json"
                    label={f.t.pilot.exportAll}
                    onFailed={setExportFailed}
                  />
                </div>
                {exportFailed && (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{f.t.pilot.exportFailed}</MessageBarBody>
                  </MessageBar>
                )}
                <Field label={t.confirmLabel} hint={format(t.confirmHint, { name: p.name })} required>
                  <Input
                    value={typed}
                    onChange={(_, data) => setTyped(data.value)}
                    autoComplete="off"
                    spellCheck={false}
                  />
                </Field>
                {error !== null && (
                  <FailureMessage
                    error={error}
                    texts={{
                      badRequest: format(t.mismatch, { name: p.name }),
                      forbidden: t.forbidden,
                      failed: t.failed,
                    }}
                  />
                )}
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button disabled={busy}>{t.cancel}</Button>
                </DialogTrigger>
                <Button
                  type="submit"
                  appearance="primary"
                  className={matches && !busy ? danger.filled : undefined}
                  disabled={!matches || busy}
                  disabledFocusable={!matches || busy}
                >
                  {t.delete}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
    </section>
  );
}
