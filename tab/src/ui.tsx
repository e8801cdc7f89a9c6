/** Shared pieces of the tab's views: the app context, styles, state icons, messages and skeletons. */
import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-message-bar';
import { Skeleton, SkeletonItem } from '@fluentui/react-skeleton';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import type { PhaseState } from '../../bot/api/contract';
import type { Api, ExportFormat, ExportWhat } from './api';
import { ApiFailure } from './api';
import type { Host } from './host';
import type { Formats } from './formats';

export interface AppContextValue {
  f: Formats;
  api: Api;
  host: Host;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext missing');
  return value;
}

export const useShared = makeStyles({
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: '0',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: '0',
  },
  page: {
    boxSizing: 'border-box',
    maxWidth: '1400px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
  },
  h1: {
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    margin: `0 0 ${tokens.spacingVerticalS}`,
    ':focus': { outline: 'none' },
  },
  h2: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
    margin: `${tokens.spacingVerticalXL} 0 ${tokens.spacingVerticalS}`,
  },
  h3: {
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: '0',
  },
  muted: { color: tokens.colorNeutralForeground2 },
  /** A wide table scrolls sideways on a narrow screen; focusable so the keyboard can scroll it too. */
  scroller: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
    },
  },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const useIconStyles = makeStyles({
  icon: { flexShrink: 0, width: '16px', height: '16px', verticalAlign: 'text-bottom' },
  done: { color: tokens.colorPaletteGreenForeground1 },
  due: { color: tokens.colorBrandForeground1 },
  overdue: { color: tokens.colorPaletteRedForeground1 },
  upcoming: { color: tokens.colorNeutralForeground3 },
});

/** The icon beside a phase's state: a tick, a clock, a warning sign or an empty circle. Always with the state in words. */
export function StateIcon({ state }: { state: PhaseState }) {
  const s = useIconStyles();
  const common = {
    className: `${s.icon} ${s[state]}`,
    viewBox: '0 0 16 16',
    'aria-hidden': true,
    focusable: false,
  } as const;
  switch (state) {
    case 'done':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-5" fill="none" stroke="Canvas" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      );
    case 'due':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M8 4.5V8l2.5 1.6" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
    case 'overdue':
      return (
        <svg {...common}>
          <path d="M8 1.2l7 13H1z" fill="currentColor" />
          <path d="M8 5.6v4.2M8 11.6v.4" stroke="Canvas" strokeWidth="1.7" strokeLinecap="round" />
        </svg>
      );
    case 'upcoming':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeDasharray="2.4 1.6" />
        </svg>
      );
  }
}

/** What a failed call means to the user, in their language; `texts` words some kinds for the call at hand. */
export function FailureMessage({
  error,
  onRetry,
  texts = {},
}: {
  error: unknown;
  onRetry?: () => void;
  texts?: Partial<Record<ApiFailure['kind'], string>>;
}) {
  const { f, host } = useApp();
  const t = f.t;
  const kind = error instanceof ApiFailure ? error.kind : 'failed';
  // The server said why it refused (sign-in not set up, the preview opened from elsewhere, an old token).
  const reason = error instanceof ApiFailure && error.reason ? t.refusals[error.reason] : undefined;
  if (reason !== undefined) {
    return (
      <MessageBar intent="warning" layout="multiline" role="alert">
        <MessageBarBody>{reason}</MessageBarBody>
        {onRetry && error instanceof ApiFailure && error.reason?.startsWith('token') && (
          <Button appearance="secondary" onClick={onRetry}>
            {t.retry}
          </Button>
        )}
      </MessageBar>
    );
  }
  if (kind === 'unauthenticated' && !host.inTeams) {
    return (
      <MessageBar intent="warning" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t.openInTeamsTitle}</MessageBarTitle>
          {t.notSignedIn}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const text =
    texts[kind] ??
    (kind === 'unauthenticated'
      ? t.signInFailed
      : kind === 'forbidden'
        ? t.forbidden
        : kind === 'notFound'
          ? t.notFound
          : kind === 'unavailable'
            ? t.unavailable
            : t.loadFailed);
  return (
    <MessageBar
      intent={kind === 'forbidden' || kind === 'notFound' || kind === 'badRequest' ? 'warning' : 'error'}
      layout="multiline"
      role="alert"
    >
      <MessageBarBody>{text}</MessageBarBody>
      {onRetry && kind !== 'forbidden' && kind !== 'notFound' && kind !== 'badRequest' && (
        <Button appearance="secondary" onClick={onRetry}>
          {t.retry}
        </Button>
      )}
    </MessageBar>
  );
}

/**
 * A button for what cannot be undone: red text and border at rest, filled red on hover, in each
 * theme's own danger colours (white on red in light and dark, black on white in high contrast).
 */
export const useDangerStyles = makeStyles({
  outline: {
    color: tokens.colorStatusDangerForeground3,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder2}`,
    ':hover': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorStatusDangerBackground3Hover,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBackground3Hover}`,
    },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorStatusDangerBackground3Pressed,
    },
  },
  filled: {
    color: tokens.colorNeutralForegroundOnBrand,
    backgroundColor: tokens.colorStatusDangerBackground3,
    border: `${tokens.strokeWidthThin} solid transparent`,
    ':hover': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorStatusDangerBackground3Hover,
    },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorStatusDangerBackground3Pressed,
    },
  },
});

/**
 * A button that fetches one file of the API (`path`, from Api's …Path methods) with the token and
 * saves it. `onFailed` hears why it failed, and null when a new try starts; the page keeps
 * everything else. While the file comes, the button stays in the tab order but does nothing.
 */
export function DownloadButton({
  path,
  fallbackName,
  label,
  onFailed,
}: {
  path: string;
  /** The file's name when the server gives none. */
  fallbackName: string;
  label: string;
  onFailed: (error: unknown) => void;
}) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      disabledFocusable={busy}
      onClick={() => {
        if (busy) return;
        onFailed(null);
        setBusy(true);
        void api
          .downloadFile(path, fallbackName)
          .catch((e: unknown) => onFailed(e))
          .finally(() => setBusy(false));
      }}
    >
      {label}
    </Button>
  );
}

/**
 * One export file: inside Teams a button that fetches it with the token (a plain link could not
 * carry it) and saves it; in a plain browser a link the browser downloads.
 */
export function ExportButton({
  id,
  what,
  format: fileFormat,
  label,
  onFailed,
}: {
  id: string;
  what: ExportWhat;
  format: ExportFormat;
  label: string;
  onFailed: (failed: boolean) => void;
}) {
  const { api } = useApp();
  return api.signedIn ? (
    <DownloadButton
      path={api.exportPath(id, what, fileFormat)}
      fallbackName={`${id}-${what}.${fileFormat}`}
      label={label}
      onFailed={(error) => onFailed(error !== null)}
    />
  ) : (
    <Button as="a" href={api.exportUrl(id, what, fileFormat)} download>
      {label}
    </Button>
  );
}

const useSkeletonStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
});

/** Grey placeholders in the cards' shape while the pilots load. */
export function CardsSkeleton({ label, count = 3 }: { label: string; count?: number }) {
  const s = useSkeletonStyles();
  return (
    <Skeleton aria-label={label} className={s.grid}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className={s.card}>
          <SkeletonItem size={24} style={{ width: '80%' }} />
          <SkeletonItem size={16} style={{ width: '50%' }} />
          <SkeletonItem size={40} />
          <SkeletonItem size={12} />
          <SkeletonItem size={48} />
        </div>
      ))}
    </Skeleton>
  );
}

const FocusManagerHold = lazy(() => import('./focusHold').then((m) => ({ default: m.FocusManagerHold })));
const FocusHoldContext = createContext<() => void>(() => undefined);

/**
 * Holds Fluent's focus manager (tabster) for the page's lifetime once a view with a dialog has
 * been shown (useFocusManagerHeld). Otherwise the last dialog to unmount (a pilot's page left after
 * its deletion) disposes it before it takes its aria-hidden off the rest of the page, and the whole
 * tab stays hidden from screen readers (tabster #530). The overview's first screen has no dialog,
 * so it does not load the focus manager.
 */
export function FocusManagerScope({ children }: { children: ReactNode }) {
  const [held, setHeld] = useState(false);
  const hold = useCallback(() => setHeld(true), []);
  return (
    <FocusHoldContext.Provider value={hold}>
      {children}
      {held && (
        <Suspense fallback={null}>
          <FocusManagerHold />
        </Suspense>
      )}
    </FocusHoldContext.Provider>
  );
}

/** Called by a view that has a dialog: from then on the focus manager stays (FocusManagerScope). */
export function useFocusManagerHeld(): void {
  const hold = useContext(FocusHoldContext);
  useEffect(() => hold(), [hold]);
}

/** A view loaded on demand (React.lazy): placeholders, named for screen readers, until its code is here. */
export function LazyView({ children }: { children: ReactNode }) {
  const { f } = useApp();
  return <Suspense fallback={<CardsSkeleton label={f.t.loadingView} count={1} />}>{children}</Suspense>;
}

/** A view's h1 that takes the focus when the view opens, so a screen reader announces where the user is. */
export function PageHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Not on the first view of a fresh page: there the browser's own focus handling is right.
    if (document.body.dataset.navigated) ref.current?.focus({ preventScroll: false });
    document.body.dataset.navigated = '1';
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
