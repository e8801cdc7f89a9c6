/**
 * The tab's calls to Polku's API (bot/api/contract.ts). Inside Teams every call carries the SSO
 * token as a Bearer; in a plain browser none (the server's local preview mode, or a 401). The
 * browser's HTTP cache revalidates with the ETags the API sends, so a reload that changed
 * nothing is a 304.
 */
import type {
  ApiError,
  ConsultationLineBody,
  ConsultationLineResponse,
  ConsultationLinkResponse,
  ConsultationState,
  DeletedResponse,
  MeResponse,
  OverviewResponse,
  PersonalReport,
  PilotDetail,
  PilotEditRequestBody,
  PilotEditResponse,
  RefusalReason,
  RemovalResult,
  SessionPage,
  TeamSummary,
} from '../../bot/api/contract';
import type { FormError } from '../../bot/domain/forms';

export type SessionSort = 'date' | '-date' | 'hours' | '-hours';
export type ExportWhat = 'sessions' | 'evaluations' | 'all';
export type ExportFormat = 'csv' | 'xlsx' | 'json';
/** The Innokylä practice-description draft: Word, or Markdown. */
export type DraftFormat = 'docx' | 'md';
export type TeamExportFormat = 'xlsx' | 'csv';
/** A team's CSV: its pilots or its sessions (the workbook has both). */
export type TeamExportWhat = 'pilots' | 'sessions';

/** A refused or failed call, by what the user should be told. */
export class ApiFailure extends Error {
  constructor(
    readonly kind:
      | 'unauthenticated'
      | 'forbidden'
      | 'notFound'
      | 'badRequest'
      | 'unavailable'
      | 'failed'
      /** 422: a form's fields refused; `fields` says which and why. */
      | 'invalid'
      /** 409: changed meanwhile; nothing was written. */
      | 'conflict',
    readonly status: number,
    /** Why the server refused, when it said (ApiError.reason): the tab has a sentence for each. */
    readonly reason?: RefusalReason,
    /** invalid: each refused field with its error (written beside the field). */
    readonly fields: FormError[] = [],
  ) {
    super(`API answered ${status} (${kind})`);
    this.name = 'ApiFailure';
  }
}

function failureOf(status: number, reason?: RefusalReason, fields?: FormError[]): ApiFailure {
  if (status === 400) return new ApiFailure('badRequest', status);
  if (status === 409) return new ApiFailure('conflict', status);
  if (status === 422) return new ApiFailure('invalid', status, undefined, fields ?? []);
  if (status === 401) return new ApiFailure('unauthenticated', status, reason);
  if (status === 403) return new ApiFailure('forbidden', status);
  if (status === 404) return new ApiFailure('notFound', status);
  if (status === 503) return new ApiFailure('unavailable', status);
  return new ApiFailure('failed', status);
}

const enc = encodeURIComponent;

export class Api {
  constructor(
    /** Resolves the Bearer token inside Teams; undefined outside. */
    private readonly token?: () => Promise<string>,
    private readonly base = '',
  ) {}

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  private async headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) {
      let token: string;
      try {
        token = await this.token();
      } catch {
        // Teams could not give a token (consent missing, sign-in blocked): the user is told so.
        throw new ApiFailure('unauthenticated', 0);
      }
      headers.Authorization = `Bearer ${token}`;
    }
    return headers;
  }

  private async call<T>(method: 'GET' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers = await this.headers();
    // The server reads plain JSON bodies only (anything else is a 415).
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiFailure('failed', 0);
    }
    if (!res.ok) {
      // The body names the error kind (ApiError); the status decides what the user sees, and a
      // reason, when the server gives one, says why in the user's words.
      const error = await res.json().catch((): ApiError | undefined => undefined);
      throw failureOf(
        res.status,
        typeof error?.reason === 'string' ? error.reason : undefined,
        Array.isArray(error?.fields) ? error.fields : undefined,
      );
    }
    return (await res.json()) as T;
  }

  private get<T>(path: string): Promise<T> {
    return this.call('GET', path);
  }

  me(): Promise<MeResponse> {
    return this.get('/api/me');
  }

  /** A team's pilots by name: all of them, or a page (`limit` absent: all from `offset`). */
  teamPilots(
    team: Pick<TeamSummary, 'tenantId' | 'teamId'>,
    page?: { offset: number; limit?: number },
  ): Promise<OverviewResponse> {
    const q = page ? `?offset=${page.offset}${page.limit === undefined ? '' : `&limit=${page.limit}`}` : '';
    return this.get(`/api/teams/${enc(team.tenantId)}/${enc(team.teamId)}/pilots${q}`);
  }

  myPilots(): Promise<OverviewResponse> {
    return this.get('/api/me/pilots');
  }

  pilot(id: string): Promise<PilotDetail> {
    return this.get(`/api/pilots/${enc(id)}`);
  }

  sessions(id: string, o: { offset: number; limit: number; sort: SessionSort }): Promise<SessionPage> {
    return this.get(`/api/pilots/${enc(id)}/sessions?offset=${o.offset}&limit=${o.limit}&sort=${enc(o.sort)}`);
  }

  /** Every session of a pilot, oldest first, page by page (the API gives at most 100 a page). */
  async allSessions(id: string): Promise<SessionPage['items']> {
    const items: SessionPage['items'] = [];
    for (;;) {
      const page = await this.sessions(id, { offset: items.length, limit: 100, sort: 'date' });
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.total) return items;
    }
  }

  /**
   * Deletes a pilot and everything Polku holds about it (owners only). The server checks the name
   * with the domain's confirmsName: a name that does not match is a 400 and deletes nothing.
   */
  /** Saves an edit of the pilot's details (owners only): 422 with the fields' errors, 409 when it changed meanwhile. */
  editPilot(id: string, body: PilotEditRequestBody): Promise<PilotEditResponse> {
    return this.call('PATCH', `/api/pilots/${enc(id)}`, body);
  }

  deletePilot(id: string, confirmName: string): Promise<DeletedResponse> {
    return this.call('DELETE', `/api/pilots/${enc(id)}`, { confirmName });
  }

  /** The meeting's consultation form for the caller (the side panel); host-team members also get the pilot. */
  consultation(chatId: string, date: string): Promise<ConsultationState> {
    return this.get(`/api/meetings/${enc(chatId)}/consultation?date=${enc(date)}`);
  }

  /** Links the meeting's chat to a Kela consultation pilot (someone who may log its sessions). */
  linkConsultation(chatId: string, pilotId: string): Promise<ConsultationLinkResponse> {
    return this.call('PUT', `/api/meetings/${enc(chatId)}/consultation`, { pilotId });
  }

  /** Saves (or replaces) the caller's line of the day: 422 with each refused field. */
  saveConsultationLine(chatId: string, body: ConsultationLineBody): Promise<ConsultationLineResponse> {
    return this.call('PUT', `/api/meetings/${enc(chatId)}/consultation/lines/me`, body);
  }

  /** What Polku holds about the caller, across their organisation's pilots. */
  myData(): Promise<PersonalReport> {
    return this.get('/api/me/data');
  }

  /** Removes the caller's name and puts a pseudonym in place of their id everywhere. */
  forgetMe(): Promise<RemovalResult> {
    return this.call('DELETE', '/api/me/data');
  }

  exportUrl(id: string, what: ExportWhat, format: ExportFormat): string {
    return this.base + this.exportPath(id, what, format);
  }

  exportPath(id: string, what: ExportWhat, format: ExportFormat): string {
    return `/api/pilots/${enc(id)}/export?what=${what}&format=${format}`;
  }

  /** The pilot's Innokylä draft, in the tab's language. */
  innokylaPath(id: string, format: DraftFormat, locale: string): string {
    return `/api/pilots/${enc(id)}/innokyla?format=${format}&locale=${enc(locale)}`;
  }

  /** Every pilot of a team: a workbook with both sheets, or one CSV (`what`). */
  teamExportPath(
    team: Pick<TeamSummary, 'tenantId' | 'teamId'>,
    format: TeamExportFormat,
    what: TeamExportWhat,
    locale: string,
  ): string {
    return `/api/teams/${enc(team.tenantId)}/${enc(team.teamId)}/export?format=${format}&what=${what}&locale=${enc(locale)}`;
  }

  /** Downloads an export with the token (a plain link cannot carry it) and saves it under the server's file name. */
  download(id: string, what: ExportWhat, format: ExportFormat): Promise<void> {
    return this.downloadFile(this.exportPath(id, what, format), `${id}-${what}.${format}`);
  }

  /**
   * Downloads a file of the API (`path` from one of the …Path methods) with the token, and saves it
   * under the server's file name, else `fallbackName`. A refusal is an ApiFailure, as for any call.
   */
  async downloadFile(path: string, fallbackName: string): Promise<void> {
    const headers = await this.headers();
    delete headers.Accept;
    let res: Response;
    try {
      res = await fetch(this.base + path, { headers, credentials: 'same-origin' });
    } catch {
      throw new ApiFailure('failed', 0);
    }
    if (!res.ok) {
      const error = await res.json().catch((): ApiError | undefined => undefined);
      throw failureOf(res.status, typeof error?.reason === 'string' ? error.reason : undefined);
    }
    let blob: Blob;
    try {
      blob = await res.blob();
    } catch {
      throw new ApiFailure('failed', res.status);
    }
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const name =
      /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ??
      /filename="?([^";]+)"?/i.exec(disposition)?.[1] ??
      fallbackName;
    saveFile(blob, decodeURIComponent(name));
  }
}

/** Saves a blob made in the page as a file (a link with `download`, clicked and removed). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
