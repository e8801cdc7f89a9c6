/**
 * The regional comparison: pilots of the same kind side by side across municipalities (the
 * parish, Kela, shopping-centre, library and health-centre drop-ins of several towns), each read
 * by its own kind's headline figure and its targets, with the sessions behind the figure, so that
 * a figure from 2 sessions is not read like one from 30.
 */
import { useMemo, type ReactNode } from 'react';
import { Link } from '@fluentui/react-link';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-table';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import type { FigureView, PilotOverview, TargetView } from '../../bot/api/contract';
import { compareByHeadline, HEADLINE } from '../../bot/domain/headline';
import type { PilotKind } from '../../bot/domain/pilots';
import { WARNING_AFTER_SESSIONS } from '../../bot/domain/warning';
import { readingText, targetText } from '../../bot/i18n/targetLine';
import { format, type Formats } from './formats';
import { regionalTexts } from './regionalTexts';
import { hrefOf } from './route';
import { useApp, useShared } from './ui';

const useStyles = makeStyles({
  intro: { margin: `${tokens.spacingVerticalL} 0 0`, maxWidth: '80ch' },
  section: { marginTop: tokens.spacingVerticalXL },
  heading: { marginBottom: tokens.spacingVerticalS },
  table: { tableLayout: 'auto', minWidth: '900px' },
  caption: { textAlign: 'start', padding: `${tokens.spacingVerticalS} 0`, color: tokens.colorNeutralForeground2 },
  nameCell: { minWidth: '220px' },
  targetsCell: { minWidth: '240px' },
  note: {
    display: 'block',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
    fontStyle: 'italic',
  },
  targets: { margin: '0', padding: '0', listStyleType: 'none' },
  target: { padding: `${tokens.spacingVerticalXXS} 0` },
});

/** The kinds in the order of HEADLINE, each with its pilots, highest figure first; kinds without pilots left out. */
export function byKind(pilots: readonly PilotOverview[], collator: Intl.Collator): [PilotKind, PilotOverview[]][] {
  return (Object.keys(HEADLINE) as PilotKind[])
    .map((kind): [PilotKind, PilotOverview[]] => [
      kind,
      pilots
        .filter((p) => p.kind === kind)
        .sort(
          (a, b) =>
            compareByHeadline(a, b) ||
            collator.compare(a.municipality, b.municipality) ||
            collator.compare(a.name, b.name),
        ),
    ])
    .filter(([, list]) => list.length > 0);
}

/** The note beside a figure that few sessions are behind: said in words, not by colour. */
function FewSessions({ sessions, value }: { sessions: number; value: number | null }) {
  const s = useStyles();
  const { f } = useApp();
  if (value === null || sessions >= WARNING_AFTER_SESSIONS) return null;
  return <span className={s.note}>{regionalTexts(f.locale).fewSessions}</span>;
}

function figureCell(f: Formats, h: FigureView): ReactNode {
  return (
    <>
      {f.figure({ unit: h.unit, value: h.value ?? undefined })}
      <FewSessions sessions={h.sessions} value={h.value} />
    </>
  );
}

function Targets({ targets }: { targets: TargetView[] }) {
  const s = useStyles();
  const { f } = useApp();
  const t = f.t.targets;
  // targetLine.ts calls the number format as a plain function: bound here, or `this` is lost.
  const number = (n: number) => f.number(n);
  if (targets.length === 0) return <>{f.t.none}</>;
  return (
    <ul className={s.targets}>
      {targets.map((v, i) => {
        const reading = readingText(t, number, {
          target: v.target,
          actual: { measure: v.target.measure, unit: v.unit, value: v.actual ?? undefined, sessions: v.sessions },
          status: v.status,
        });
        return (
          <li key={i} className={s.target}>
            <div>{targetText(t, number, v.target)}</div>
            <div>{format(t.readingStatus, { reading, status: t.status[v.status] })}</div>
            <FewSessions sessions={v.sessions} value={v.actual} />
          </li>
        );
      })}
    </ul>
  );
}

function KindSection({ kind, pilots, showTeam }: { kind: PilotKind; pilots: PilotOverview[]; showTeam: boolean }) {
  const s = useStyles();
  const shared = useShared();
  const { f } = useApp();
  const t = f.t;
  const r = regionalTexts(f.locale);
  const heading = `regional-${kind}`;
  const caption = `regional-${kind}-caption`;
  return (
    <section className={s.section} aria-labelledby={heading}>
      <h3 id={heading} className={mergeClasses(shared.h3, s.heading)}>
        {t.kinds[kind]}
      </h3>
      <div className={shared.scroller} tabIndex={0} role="region" aria-labelledby={caption}>
        <Table className={s.table} size="small">
          <caption id={caption} className={s.caption}>
            {format(r.caption, { kind: t.kinds[kind] })}
          </caption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t.comparison.municipality}</TableHeaderCell>
              <TableHeaderCell>{t.comparison.name}</TableHeaderCell>
              {HEADLINE[kind].map((key) => (
                <TableHeaderCell key={key} className={shared.number}>
                  {t.figures[key]}
                </TableHeaderCell>
              ))}
              <TableHeaderCell className={shared.number}>{r.sessions}</TableHeaderCell>
              <TableHeaderCell>{r.targets}</TableHeaderCell>
              <TableHeaderCell>{r.outcome}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {pilots.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{p.municipality}</TableCell>
                <TableCell className={s.nameCell}>
                  <Link href={hrefOf({ name: 'pilot', id: p.id })}>{p.name}</Link>
                  {showTeam && <div className={shared.muted}>{p.team.name}</div>}
                </TableCell>
                {HEADLINE[kind].map((key) => {
                  const h = p.totals.headline.find((x) => x.key === key);
                  return (
                    <TableCell key={key} className={shared.number}>
                      {h ? figureCell(f, h) : t.figures.notComputable}
                    </TableCell>
                  );
                })}
                <TableCell className={shared.number}>
                  {format(f.plural(p.totals.sessions, r.sessionsOne, r.sessionsOther), {
                    count: f.number(p.totals.sessions),
                  })}
                </TableCell>
                <TableCell className={s.targetsCell}>
                  <Targets targets={p.targets} />
                </TableCell>
                <TableCell>{p.decision ? t.decisions[p.decision] : t.stages[p.stage]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

/** One section a kind that has pilots, in the order of HEADLINE; above them, how to read the figures. */
export function Regional({ pilots, showTeam }: { pilots: PilotOverview[]; showTeam: boolean }) {
  const s = useStyles();
  const { f } = useApp();
  const collator = useMemo(() => new Intl.Collator(f.bcp47), [f]);
  const kinds = useMemo(() => byKind(pilots, collator), [pilots, collator]);
  return (
    <>
      <p className={s.intro}>{regionalTexts(f.locale).intro}</p>
      {kinds.map(([kind, list]) => (
        <KindSection key={kind} kind={kind} pilots={list} showTeam={showTeam} />
      ))}
    </>
  );
}
