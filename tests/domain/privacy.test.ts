import fc from 'fast-check';
import { containsIdentityCode, findIdentityCodes } from '../../bot/domain/privacy';

// ---------------------------------------------------------------------------
// Independent reference helpers (deliberately written differently from the module).
// ---------------------------------------------------------------------------

/** The 31 check characters: digits, then A–Y without G, I, O, Q and Z. */
const ALPHABET = [...'0123456789', ...'ABCDEFGHIJKLMNOPQRSTUVWXY'.split('').filter((ch) => !'GIOQ'.includes(ch))].join(
  '',
);

/** Check character for nine digits, computed digit by digit (Horner) mod 31. */
function checkChar(nineDigits: string): string {
  let rest = 0;
  for (const digit of nineDigits) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 31;
  return ALPHABET.charAt(rest);
}

const SIGNS_BY_CENTURY: Record<number, readonly string[]> = {
  1800: ['+'],
  1900: ['-', 'Y', 'X', 'W', 'V', 'U'],
  2000: ['A', 'B', 'C', 'D', 'E', 'F'],
};

function centuryOf(sign: string): number | undefined {
  const upper = sign.toUpperCase();
  for (const [century, signs] of Object.entries(SIGNS_BY_CENTURY)) {
    if (signs.includes(upper)) return Number(century);
  }
  return undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Builds a code with the correct check character. */
function makeCode(ddmmyy: string, sign: string, individual: string): string {
  return `${ddmmyy}${sign}${individual}${checkChar(ddmmyy + individual)}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Brute-force oracle for ASCII text: try every position. Six digits, then the century sign with
 * any spaces around it, or spaces alone where the hyphen should be, then three digits and the
 * check character.
 */
function oracle(text: string): { index: number; length: number }[] {
  const found: { index: number; length: number }[] = [];
  const isAlnum = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
  for (let i = 0; i + 10 <= text.length; i++) {
    if (isAlnum(text[i - 1])) continue;
    let j = i;
    while (j < i + 6 && isDigit(text[j])) j++;
    if (j < i + 6) continue;
    const ddmmyy = text.slice(i, j);
    let spaces = 0;
    while (text[j] === ' ') {
      j++;
      spaces++;
    }
    let sign = '-';
    if (text[j] !== undefined && centuryOf(text[j]) !== undefined) {
      sign = text[j++];
      while (text[j] === ' ') j++;
    } else if (spaces === 0) continue;
    const individual = text.slice(j, j + 3);
    if (individual.length < 3 || ![...individual].every(isDigit)) continue;
    const check = text[j + 3];
    if (check === undefined || !/[0-9A-Za-z]/.test(check) || isAlnum(text[j + 4])) continue;
    const century = centuryOf(sign)!;
    const day = Number(ddmmyy.slice(0, 2));
    const month = Number(ddmmyy.slice(2, 4));
    const year = century + Number(ddmmyy.slice(4, 6));
    if (!isRealDate(year, month, day)) continue;
    if (Number(individual) < 2) continue;
    if (check.toUpperCase() !== checkChar(ddmmyy + individual)) continue;
    found.push({ index: i, length: j + 4 - i });
  }
  return found;
}

// ---------------------------------------------------------------------------
// Example-based tests
// ---------------------------------------------------------------------------

describe('reference helper sanity', () => {
  it('reproduces the official example and has 31 characters', () => {
    expect(ALPHABET).toBe('0123456789ABCDEFHJKLMNPRSTUVWXY');
    expect(makeCode('131052', '-', '308')).toBe('131052-308T');
  });
});

describe('findIdentityCodes: valid codes', () => {
  it('finds the official example', () => {
    expect(findIdentityCodes('131052-308T')).toEqual([{ index: 0, length: 11 }]);
    expect(containsIdentityCode('131052-308T')).toBe(true);
  });

  // Hard-coded codes, check characters verified by hand (9-digit number mod 31).
  it.each([
    ['010199+123Y'],
    ['150567Y456P'],
    ['311299X0029'],
    ['010100W999N'],
    ['280297V900R'],
    ['170885U5558'],
    ['290200A234V'],
    ['010101B345U'],
    ['311224C789A'],
    ['150625D1017'],
    ['050510E2220'],
    ['010199F888M'],
  ])('finds hard-coded valid code %s', (code) => {
    expect(findIdentityCodes(code)).toEqual([{ index: 0, length: 11 }]);
  });

  const allSigns = Object.values(SIGNS_BY_CENTURY).flat();
  it.each(allSigns)('finds a computed valid code with century sign %s', (sign) => {
    const code = makeCode('240368', sign, '417');
    expect(containsIdentityCode(`asiakas ${code} kävi`)).toBe(true);
    expect(findIdentityCodes(`asiakas ${code} kävi`)).toEqual([{ index: 8, length: 11 }]);
  });

  it.each(allSigns.filter((s) => /[A-Z]/.test(s)))('accepts lower-case century sign %s', (sign) => {
    const code = makeCode('240368', sign.toLowerCase(), '417');
    expect(findIdentityCodes(code)).toEqual([{ index: 0, length: 11 }]);
  });

  it('accepts a lower-case check character', () => {
    expect(containsIdentityCode('131052-308t')).toBe(true);
    expect(containsIdentityCode('150567y456p')).toBe(true);
  });

  it('finds codes among punctuation, at line starts and ends and inside Finnish text', () => {
    expect(findIdentityCodes('(131052-308T)')).toEqual([{ index: 1, length: 11 }]);
    expect(findIdentityCodes('hetu:131052-308T.')).toEqual([{ index: 5, length: 11 }]);
    expect(findIdentityCodes('rivi\n131052-308T\nseuraava')).toEqual([{ index: 5, length: 11 }]);
    expect(findIdentityCodes('loppuun 131052-308T')).toEqual([{ index: 8, length: 11 }]);
    expect(findIdentityCodes('asiakas 131052-308T kävi')).toEqual([{ index: 8, length: 11 }]);
    expect(findIdentityCodes('"131052-308T",')).toEqual([{ index: 1, length: 11 }]);
  });

  it('treats temporary individual numbers 900–999 as codes', () => {
    expect(containsIdentityCode(makeCode('010180', '-', '900'))).toBe(true);
    expect(containsIdentityCode(makeCode('010180', '-', '999'))).toBe(true);
    expect(containsIdentityCode(makeCode('010180', '-', '002'))).toBe(true);
  });

  it('accepts 29 February in leap years (2000, 1896) and the last day of months', () => {
    expect(containsIdentityCode('290200A234V')).toBe(true);
    expect(containsIdentityCode(makeCode('290296', '+', '308'))).toBe(true);
    expect(containsIdentityCode(makeCode('290284', '-', '308'))).toBe(true);
    expect(containsIdentityCode(makeCode('300452', '-', '308'))).toBe(true);
    expect(containsIdentityCode(makeCode('311252', '-', '308'))).toBe(true);
  });

  it('reports every code in a text with correct indexes', () => {
    const a = '131052-308T';
    const b = makeCode('290200', 'A', '234');
    const c = makeCode('010199', '+', '123').toLowerCase();
    const text = `Asiakkaat ${a}, ${b} ja (${c}). Ei: 131052-308U, tapaus 2024-123456.`;
    expect(findIdentityCodes(text)).toEqual([
      { index: text.indexOf(a), length: 11 },
      { index: text.indexOf(b), length: 11 },
      { index: text.indexOf(c), length: 11 },
    ]);
  });

  it('finds adjacent codes separated only by punctuation', () => {
    const text = '131052-308T,150567Y456P';
    expect(findIdentityCodes(text)).toEqual([
      { index: 0, length: 11 },
      { index: 12, length: 11 },
    ]);
  });
});

describe('findIdentityCodes: non-codes', () => {
  it.each([
    ['x131052-308T', 'preceded by a letter'],
    ['ä131052-308T', 'preceded by a Finnish letter'],
    ['1131052-308T', 'preceded by a digit'],
    ['131052-308TT', 'followed by a letter'],
    ['131052-308Tö', 'followed by a Finnish letter'],
    ['131052-308T1', 'followed by a digit'],
    ['131052-308T131052-308T', 'two codes glued together'],
  ])('rejects %s (%s)', (text) => {
    expect(findIdentityCodes(text)).toEqual([]);
    expect(containsIdentityCode(text)).toBe(false);
  });

  it('rejects a wrong check character', () => {
    expect(containsIdentityCode('131052-308U')).toBe(false);
    expect(containsIdentityCode('131052-3080')).toBe(false);
  });

  it('rejects check characters outside the alphabet even if they look close', () => {
    // G, I, O, Q and Z are never check characters.
    for (const ch of 'GIOQZ') expect(containsIdentityCode(`131052-308${ch}`)).toBe(false);
  });

  it.each([
    ['310452', '-', '31 April'],
    ['290201', 'A', '29 February 2001'],
    ['290200', '-', '29 February 1900 (not a leap year)'],
    ['290297', '-', '29 February 1997'],
    ['300252', '-', '30 February'],
    ['131352', '-', 'month 13'],
    ['130052', '-', 'month 00'],
    ['001052', '-', 'day 00'],
    ['321052', '-', 'day 32'],
  ])('rejects impossible date %s%s (%s) even with a correct check character', (ddmmyy, sign) => {
    expect(containsIdentityCode(makeCode(ddmmyy, sign, '308'))).toBe(false);
  });

  it('rejects individual numbers 000 and 001 even with a correct check character', () => {
    expect(containsIdentityCode(makeCode('010180', '-', '000'))).toBe(false);
    expect(containsIdentityCode(makeCode('010180', '-', '001'))).toBe(false);
    expect(containsIdentityCode('010180-0003')).toBe(false);
    expect(containsIdentityCode('010180-0014')).toBe(false);
  });

  it('rejects unknown century signs and a code with no separator at all', () => {
    expect(containsIdentityCode('131052G308T')).toBe(false);
    expect(containsIdentityCode('131052*308T')).toBe(false);
    expect(containsIdentityCode('131052308T')).toBe(false);
    expect(containsIdentityCode('131052\n308T')).toBe(false);
  });

  it('ignores ordinary numbers and empty text', () => {
    expect(findIdentityCodes('')).toEqual([]);
    expect(containsIdentityCode('Tapaus 2024-123456, puh. 040-1234567')).toBe(false);
    expect(containsIdentityCode('Dnro 123456-7890')).toBe(false);
  });

  it('is stable across repeated calls (no shared regex state)', () => {
    for (let i = 0; i < 3; i++) {
      expect(findIdentityCodes('a 131052-308T b')).toEqual([{ index: 2, length: 11 }]);
      expect(containsIdentityCode('a 131052-308T b')).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const validCodeParts = fc
  .record({
    date: fc.date({
      min: new Date(Date.UTC(1800, 0, 1)),
      max: new Date(Date.UTC(2099, 11, 31, 23, 59, 59)),
      noInvalidDate: true,
    }),
    signIndex: fc.nat(),
    lowerSign: fc.boolean(),
    individual: fc.integer({ min: 2, max: 999 }),
  })
  .map(({ date, signIndex, lowerSign, individual }) => {
    const year = date.getUTCFullYear();
    const signs = SIGNS_BY_CENTURY[Math.floor(year / 100) * 100];
    const sign = signs[signIndex % signs.length];
    const ddmmyy = pad(date.getUTCDate(), 2) + pad(date.getUTCMonth() + 1, 2) + pad(year % 100, 2);
    return {
      ddmmyy,
      sign: lowerSign ? sign.toLowerCase() : sign,
      individual: pad(individual, 3),
    };
  });

describe('findIdentityCodes: codes as people really type them', () => {
  // 131052-308T is the official example; Word and Outlook turn its hyphen into an en dash.
  it.each([
    ['en dash', '131052\u2013308T'],
    ['em dash', '131052\u2014308T'],
    ['minus sign', '131052\u2212308T'],
    ['non-breaking hyphen', '131052\u2011308T'],
    ['hyphen', '131052\u2010308T'],
    ['figure dash', '131052\u2012308T'],
    ['horizontal bar', '131052\u2015308T'],
    ['soft hyphen as the separator', '131052\u00AD308T'],
    ['soft hyphen beside the hyphen', '131052-\u00AD308T'],
    ['full-width hyphen-minus', '131052\uFF0D308T'],
    ['zero-width space as the separator', '131052\u200B308T'],
    ['zero-width space inside the digits', '1310\u200B52-308T'],
    ['word joiner and BOM inside', '13\u206010\uFEFF52-308T'],
    ['no-break space as the separator', '131052\u00A0308T'],
    ['narrow no-break space as the separator', '131052\u202F308T'],
    ['a plain space as the separator', '131052 308T'],
    ['two spaces as the separator', '131052  308T'],
    ['a space before the hyphen', '131052 -308T'],
    ['a space after the hyphen', '131052- 308T'],
    ['spaces around an en dash', '131052 \u2013 308T'],
    ['no-break spaces around the hyphen', '131052\u00A0-\u00A0308T'],
    ['full-width digits', '\uFF11\uFF13\uFF11\uFF10\uFF15\uFF12-\uFF13\uFF10\uFF18\uFF34'],
    ['full-width digits and dash', '\uFF11\uFF13\uFF11\uFF10\uFF15\uFF12\uFF0D\uFF13\uFF10\uFF18\uFF34'],
    ['a space around a letter sign', makeCode('010203', 'A', '456').replace('A', ' A ')],
    ['a tab before the hyphen', '131052\t-308T'],
  ])('finds a code typed with %s', (_what, code) => {
    const text = `Asiakas ${code}, soitti.`;
    expect(containsIdentityCode(text)).toBe(true);
    const [m] = findIdentityCodes(text);
    // The match covers the code as it was typed, in the text as given.
    expect(text.slice(m.index, m.index + m.length)).toBe(code);
  });

  it('still checks the date and the check character after normalising', () => {
    expect(containsIdentityCode('131052\u2013308U')).toBe(false);
    expect(containsIdentityCode('131352 308T')).toBe(false);
    expect(containsIdentityCode('\uFF11\uFF13\uFF11\uFF10\uFF15\uFF12-\uFF13\uFF10\uFF18\uFF35')).toBe(false);
  });

  // What the session notes and answers hold that only looks like a code: none may be refused.
  const lookAlikes = [
    // dates
    '13.10.1952',
    '13.10.52',
    '2026-03-02',
    '2.3.–6.4.2026',
    '131052',
    'ma 13.10. klo 9–10.30',
    'viikot 10–14, 131052–130152',
    // phone numbers
    '040 123 4567',
    '040-1234567',
    '+358 40 123 4567',
    '+358401234567',
    '(09) 310 1234',
    '0800 123 456',
    '050 308 1234',
    // amounts
    '1 310,52 €',
    '131 052,30 €',
    '131052 €',
    '1\u00A0310\u00A0052 euroa',
    '131052,308 €',
    // case and reference numbers
    'Dnro 131052/308/2026',
    'KELA 2026-131052-308',
    'asia 131052–3081',
    'viite 13105 23081',
    'Y-tunnus 1310523-0',
    'lasku 1310520308',
  ];
  it.each(lookAlikes)('does not refuse the look-alike %s', (text) => {
    expect(containsIdentityCode(text)).toBe(false);
  });

  it('finds no code in 5,000 texts of generated phone numbers, dates and amounts written the usual ways', () => {
    const lookAlike = fc.oneof(
      // Finnish mobile and landline numbers, grouped as people write them
      fc
        .tuple(
          fc.constantFrom('040', '041', '044', '045', '046', '050', '09', '02', '03'),
          fc.integer({ min: 0, max: 9999999 }),
        )
        .chain(([area, n]) => {
          const d = String(n).padStart(7, '0');
          return fc.constantFrom(
            `${area} ${d.slice(0, 3)} ${d.slice(3)}`,
            `${area}-${d}`,
            `+358 ${area.slice(1)} ${d}`,
            `${area}${d}`,
          );
        }),
      // dates d.m.yyyy and ranges
      fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => {
        const day = d.getUTCDate();
        const month = d.getUTCMonth() + 1;
        return `${day}.${month}.${d.getUTCFullYear()} – ${day}.${month}.`;
      }),
      // amounts with thousands separated by a space or a no-break space
      fc.integer({ min: 0, max: 99999999 }).chain((n) => {
        const grouped = n.toLocaleString('fi-FI');
        return fc.constantFrom(`${grouped} €`, `${grouped},00 €`, `${grouped.replace(/\s/g, '\u00A0')} euroa`);
      }),
    );
    fc.assert(
      fc.property(fc.array(lookAlike, { minLength: 1, maxLength: 4 }), (parts) => {
        expect(containsIdentityCode(parts.join(', '))).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('properties', () => {
  it('finds any valid code between arbitrary text, and not with any other check character', () => {
    fc.assert(
      fc.property(
        validCodeParts,
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme' }),
        ({ ddmmyy, sign, individual }, before, after) => {
          const code = makeCode(ddmmyy, sign, individual);
          const index = before.length + 1;
          const text = `${before} ${code} ${after}`;

          expect(findIdentityCodes(text)).toContainEqual({ index, length: 11 });
          expect(containsIdentityCode(text)).toBe(true);

          const correct = code[10];
          for (const wrong of ALPHABET) {
            if (wrong === correct) continue;
            const tampered = code.slice(0, 10) + wrong;
            const tamperedText = `${before} ${tampered} ${after}`;
            expect(findIdentityCodes(tamperedText).some((m) => m.index === index)).toBe(false);
            expect(containsIdentityCode(tampered)).toBe(false);
          }
        },
      ),
    );
  });

  it('never throws on random strings of digits and hyphens, and agrees with a brute-force oracle', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789-'), maxLength: 80 }), (text) => {
        const matches = findIdentityCodes(text);
        expect(matches).toEqual(oracle(text));
        expect(containsIdentityCode(text)).toBe(matches.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with a brute-force oracle on text mixing codes, near-codes and noise', () => {
    const fragment = fc.oneof(
      validCodeParts.map(({ ddmmyy, sign, individual }) => makeCode(ddmmyy, sign, individual)),
      validCodeParts.chain(({ ddmmyy, sign, individual }) =>
        fc.constantFrom(...ALPHABET, 'a', 'z').map((q) => ddmmyy + sign + individual + q),
      ),
      fc.string({ unit: fc.constantFrom(...'0123456789-+AaYxÄö .,()\n'), maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        const matches = findIdentityCodes(text);
        expect(matches).toEqual(oracle(text));
        for (const m of matches) {
          expect(m.index).toBeGreaterThanOrEqual(0);
          expect(m.index + m.length).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
