/**
 * Detection of Finnish personal identity codes (henkilötunnus) in free text, so that
 * Polku can refuse to store them. Format DDMMYYCZZZQ: birth date, century sign,
 * individual number and check character. Only codes with a real calendar date, an
 * issued individual number (002–999) and a correct check character count; anything
 * else (case numbers and the like) is ordinary text.
 */

export interface IdentityCodeMatch {
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
 * A candidate: eleven characters in the official shape, not glued to a letter or digit
 * on either side. Lower-case century signs and check characters are accepted.
 */
const CANDIDATE =
  /(?<![\p{L}\p{N}])(\d{2})(\d{2})(\d{2})([-+YXWVUABCDEFyxwvuabcdef])(\d{3})([0-9A-Za-z])(?![\p{L}\p{N}])/gu;

const CODE_LENGTH = 11;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidCandidate(match: RegExpExecArray): boolean {
  const [, dd, mm, yy, sign, individual, check] = match;
  const century = CENTURY_BY_SIGN[sign.toUpperCase()];
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

/** All valid Finnish personal identity codes found in free text (checksum and date verified). */
export function findIdentityCodes(text: string): IdentityCodeMatch[] {
  const matches: IdentityCodeMatch[] = [];
  const pattern = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (isValidCandidate(match)) {
      matches.push({ index: match.index, length: CODE_LENGTH });
    } else {
      // Resume just after the candidate's start so no overlapping candidate is skipped.
      pattern.lastIndex = match.index + 1;
    }
  }
  return matches;
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
