/**
 * Detection of Finnish personal identity codes (henkilötunnus) in free text, so that
 * Polku can refuse to store them. Format DDMMYYCZZZQ: birth date, century sign,
 * individual number and check character. Only codes with a real calendar date, an
 * issued individual number (002–999) and a correct check character count; anything
 * else (case numbers and the like) is ordinary text.
 *
 * People do not type codes the way the standard prints them: Word and Outlook turn `-` into
 * `–`, text pasted from a web page brings no-break and zero-width spaces, a phone keyboard gives
 * full-width digits. The text is therefore normalised before matching (see `normalised`).
 */

export interface IdentityCodeMatch {
  /** Where the code starts in the text as given, and how many UTF-16 units it spans there. */
  index: number;
  length: number;
}

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/**
 * A candidate in normalised text: six digits, the century sign (spaces around it allowed), or
 * only spaces where the hyphen should be, then the individual number and the check character;
 * not glued to a letter or digit on either side. Lower-case signs and check characters count.
 */
const CANDIDATE =
  /(?<![\p{L}\p{N}])(\d{2})(\d{2})(\d{2})(?: *([-+YXWVUABCDEFyxwvuabcdef]) *| +)(\d{3})([0-9A-Za-z])(?![\p{L}\p{N}])/gu;

/** Dashes that stand for the hyphen-minus (after NFKC, which already maps the full-width one). */
const DASHES = /[\u2010-\u2015\u2043\u2212\u2796\uFE58\uFE63\u058A\u1806]/u;
/** Horizontal spaces (after NFKC, which maps no-break, figure, thin and ideographic spaces to ' '). */
const SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;
/** Characters that show nothing. Each is tried both as nothing and as a separator. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E]/u;
const SOFT_HYPHEN = '\u00AD';

interface Normalised {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original text it came from. */
  origin: number[];
}

/**
 * The text as a matcher should read it: NFKC (full-width digits and letters, no-break spaces),
 * every dash as `-`, every horizontal space as ' '. Invisible characters and the soft hyphen
 * are either dropped (`separators: false`: a zero-width space inside the digits) or read as a
 * separator (`true`: a soft hyphen or zero-width space in the hyphen's place).
 */
function normalised(text: string, separators: boolean): Normalised {
  let out = '';
  const origin: number[] = [];
  const push = (s: string, at: number) => {
    out += s;
    for (let k = 0; k < s.length; k++) origin.push(at);
  };
  let i = 0;
  for (const ch of text) {
    if (ch === SOFT_HYPHEN) {
      if (separators) push('-', i);
    } else if (INVISIBLE.test(ch)) {
      if (separators) push(' ', i);
    } else {
      for (const n of ch.normalize('NFKC')) {
        push(DASHES.test(n) ? '-' : SPACES.test(n) ? ' ' : n, i);
      }
    }
    i += ch.length;
  }
  return { text: out, origin };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidCandidate(match: RegExpExecArray): boolean {
  const [, dd, mm, yy, signOrNothing, individual, check] = match;
  // Only spaces where the sign should be: read as the hyphen, the commonest sign.
  const century = CENTURY_BY_SIGN[(signOrNothing ?? '-').toUpperCase()];
  if (century === undefined) return false;

  const day = Number(dd);
  const month = Number(mm);
  const year = century + Number(yy);
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;

  if (Number(individual) < 2) return false;

  const expected = CHECK_CHARACTERS[Number(dd + mm + yy + individual) % 31];
  return check.toUpperCase() === expected;
}

function matchesIn(original: string, n: Normalised): IdentityCodeMatch[] {
  const matches: IdentityCodeMatch[] = [];
  const pattern = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(n.text)) !== null) {
    if (isValidCandidate(match)) {
      const start = n.origin[match.index];
      const last = n.origin[match.index + match[0].length - 1];
      const end = last + (original.codePointAt(last)! > 0xffff ? 2 : 1);
      matches.push({ index: start, length: end - start });
    } else {
      // Resume just after the candidate's start so no overlapping candidate is skipped.
      pattern.lastIndex = match.index + 1;
    }
  }
  return matches;
}

/** All valid Finnish personal identity codes found in free text (checksum and date verified). */
export function findIdentityCodes(text: string): IdentityCodeMatch[] {
  const byIndex = new Map<number, IdentityCodeMatch>();
  for (const separators of [false, true]) {
    for (const m of matchesIn(text, normalised(text, separators))) {
      const seen = byIndex.get(m.index);
      if (!seen || seen.length < m.length) byIndex.set(m.index, m);
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** True when the text contains at least one valid identity code. */
export function containsIdentityCode(text: string): boolean {
  return findIdentityCodes(text).length > 0;
}

/** What stands in for a person's id after they asked to be removed: "removed:" and 12 random hex digits. */
export const PSEUDONYM_PREFIX = 'removed:';

export function isPseudonym(id: string): boolean {
  return id.startsWith(PSEUDONYM_PREFIX);
}
